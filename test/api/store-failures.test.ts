// Storage that cannot take writes: a full disk, a read-only file, a failing write. Writes are
// Notion's 503 service_unavailable (never a 500), reads go on, the health route says what is
// wrong, and once the storage can be written again the server recovers without a restart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_PREFIX } from '../../src/emulator/control-prefix.js';
import { expectError } from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { durableStore, TEST_ENGINE, type TestStore } from '../helpers/store.js';

const UNAVAILABLE = 'Notion is unavailable, please try again later.';

const paragraph = (content: string) => ({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content } }] } });

/** A page with enough text that storing it needs new database pages. */
const createPage = (server: TestServer, title: string) =>
  server.request('POST', '/v1/pages', {
    body: {
      parent: { page_id: server.info.rootPageId },
      properties: { title: { title: [{ text: { content: title } }] } },
      children: Array.from({ length: 20 }, (_, i) => paragraph(`${title} ${i} ${'x'.repeat(1900)}`)),
    },
  });

const health = (server: TestServer) => server.request('GET', `${CONTROL_PREFIX}/health`, { token: null, version: null });

/** Make the storage refuse writes as a full disk does, with the engine's own error. */
async function fillDisk(server: TestServer): Promise<void> {
  const db = server.ctx.store.db;
  if (TEST_ENGINE === 'postgres') {
    // PostgreSQL's disk_full, raised where a write would extend a table.
    await sql`create function disk_full() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`.execute(
      db,
    );
    await sql`create trigger disk_full before insert on blocks for each row execute function disk_full()`.execute(db);
  } else {
    // SQLite's own limit on the file's size: the next write that needs a page fails SQLITE_FULL.
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
  }
}

async function freeDisk(server: TestServer): Promise<void> {
  const db = server.ctx.store.db;
  if (TEST_ENGINE === 'postgres') {
    await sql`drop trigger disk_full on blocks`.execute(db);
    await sql`drop function disk_full()`.execute(db);
  } else {
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
  }
}

let servers: TestServer[] = [];
let stores: TestStore[] = [];
afterEach(async () => {
  for (const server of servers) await server.close();
  for (const store of stores) await store.drop();
  servers = [];
  stores = [];
});

describe('a full disk', () => {
  it('answers writes 503 service_unavailable, serves reads, reports it, and recovers once there is room', async () => {
    const server = await startTestServer();
    servers.push(server);
    expect((await createPage(server, 'before')).status).toBe(200);
    expect((await health(server)).body).toMatchObject({ status: 'ok' });

    await fillDisk(server);
    for (let i = 0; i < 3; i++) expectError(await createPage(server, `full ${i}`), 503, 'service_unavailable', UNAVAILABLE);
    expect((await server.request('GET', `/v1/pages/${server.info.rootPageId}`)).status).toBe(200);
    const sick = await health(server);
    expect(sick.status).toBe(503);
    expect(sick.body).toMatchObject({ status: 'read_only' });
    expect(sick.body.problem).toMatch(/^the last write failed: .*(full|No space left)/);

    await freeDisk(server);
    const after = await createPage(server, 'after');
    expect(after.status).toBe(200);
    expect((await health(server)).body).toMatchObject({ status: 'ok' });
    // Nothing of the refused writes was kept.
    const found = await server.request('POST', '/v1/search', { body: { query: 'full' } });
    expect(found.body.results).toEqual([]);
  });
});

describe('a read-only transaction on PostgreSQL', () => {
  it.skipIf(TEST_ENGINE !== 'postgres')('answers 503 service_unavailable for read_only_sql_transaction', async () => {
    const server = await startTestServer();
    servers.push(server);
    await sql`create function read_only() returns trigger language plpgsql as $$ begin raise exception 'cannot execute INSERT in a read-only transaction' using errcode = 'read_only_sql_transaction'; end $$`.execute(
      server.ctx.store.db,
    );
    await sql`create trigger read_only before insert on blocks for each row execute function read_only()`.execute(server.ctx.store.db);
    expectError(await createPage(server, 'refused'), 503, 'service_unavailable', UNAVAILABLE);
  });
});

/** Whether files can be made immutable here (root ignores permissions, but not the immutable attribute). */
function immutableFiles(): boolean {
  if (TEST_ENGINE !== 'sqlite') return false;
  const dir = mkdtempSync(join(tmpdir(), 'localnotion-immutable-'));
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!immutableFiles())('a read-only SQLite file', () => {
  it('starts, serves reads, answers writes 503, reports it, and recovers once the file can be written', async () => {
    const store = durableStore();
    stores.push(store);
    const file = store.config.sqlite!;
    const first = await startTestServer(store.config);
    expect((await createPage(first, 'kept')).status).toBe(200);
    await first.close();

    execFileSync('chattr', ['+i', file]);
    try {
      const server = await startTestServer(store.config);
      servers.push(server);
      const sick = await health(server);
      expect(sick.status).toBe(503);
      expect(sick.body).toMatchObject({ status: 'read_only', problem: `the SQLite file ${file} cannot be written` });
      const found = await server.request('POST', '/v1/search', { body: { query: 'kept' } });
      expect(found.body.results).toHaveLength(1);
      expectError(await createPage(server, 'refused'), 503, 'service_unavailable', UNAVAILABLE);
    } finally {
      execFileSync('chattr', ['-i', file]);
    }
    const server = servers[0]!;
    expect((await createPage(server, 'recovered')).status).toBe(200);
    expect((await health(server)).body).toMatchObject({ status: 'ok' });
  });
});
