// One process per SQLite file: a second server, or a second startLocalNotion, on a file in use is
// refused with a message that names the holder; closing the first frees the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalNotion } from '../../src/emulator/start.js';
import { Store } from '../../src/store/store.js';
import { TEST_ENGINE } from '../helpers/store.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(TEST_ENGINE !== 'sqlite')('a SQLite file in use', () => {
  it('is refused to a second startLocalNotion({ db }), and free again once the first closes', async () => {
    const db = join(dir, 'emulator.db');
    const first = await startLocalNotion({ db, listen: false });
    await expect(startLocalNotion({ db, listen: false })).rejects.toThrow(
      `the SQLite file ${db} is in use by another localnotion process (process ${process.pid}); stop that one first, or use another file`,
    );
    // The refused start left the first one working.
    const me = await first.fetch(`${first.url}/v1/users/me`, { headers: { authorization: `Bearer ${first.token}`, 'notion-version': '2025-09-03' } });
    expect(me.status).toBe(200);
    await first.close();
    const second = await startLocalNotion({ db, listen: false });
    expect(second.token).toBe(first.token);
    await second.close();
  });

  it('is refused to Store.open with a StoreInUseError', async () => {
    const file = join(dir, 'store.db');
    const first = await Store.open({ sqlite: file });
    await expect(Store.open({ sqlite: file })).rejects.toMatchObject({ name: 'StoreInUseError', code: 'STORE_IN_USE' });
    await first.close();
    const again = await Store.open({ sqlite: file });
    await again.close();
  });
});
