// File upkeep however the server was started: startLocalNotion sweeps expired uploads as `serve`
// does, on the emulator's clock, and its close() waits for `external_url` imports in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-upkeep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(closeEmulators);

async function storedStatus(ln: LocalNotion, id: string): Promise<string | undefined> {
  const row = await ln.ctx.store.db.selectFrom('file_uploads').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status;
}

describe('file upkeep in startLocalNotion', () => {
  it('sweeps uploads that expired once the emulator clock has moved past the sweep interval', async () => {
    const ln = await startEmulator({ listen: false });
    const { body: upload } = await call(ln, 'POST', '/v1/file_uploads', { body: { filename: 'a.txt', content_type: 'text/plain' } });
    await call(ln, 'GET', '/v1/users/me');
    await ln.emulator.sweeper.settled();
    expect(await storedStatus(ln, upload.id)).toBe('pending');

    // Past the hour an upload waits unattached, and so past a sweep's interval too.
    ln.clock.advance(61 * 60 * 1000);
    await call(ln, 'GET', '/v1/users/me');
    await ln.emulator.sweeper.settled();
    expect(await storedStatus(ln, upload.id)).toBe('expired');
  });

  it('closes only once an external_url import in flight has landed on the upload', async () => {
    let held: ServerResponse | undefined;
    let requested!: () => void;
    const arrived = new Promise<void>((resolve) => (requested = resolve));
    const files = createServer((_req, res) => {
      held = res;
      requested();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/doc.pdf`;
    const db = join(dir, 'imports.db');
    try {
      const ln = await startEmulator({ listen: false, db, allowImportFrom: ['127.0.0.1'] });
      const { body: upload } = await call(ln, 'POST', '/v1/file_uploads', { body: { mode: 'external_url', filename: 'doc.pdf', external_url: url } });
      expect(upload.status).toBe('pending');
      await arrived;
      const closing = ln.close();
      held!.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 late bytes');
      await closing;

      const reopened = await startEmulator({ listen: false, db });
      const { body } = await call(reopened, 'GET', `/v1/file_uploads/${upload.id}`);
      expect(body.status).toBe('uploaded');
    } finally {
      await new Promise((resolve) => files.close(resolve));
    }
  });
});
