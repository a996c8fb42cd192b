// Reset, snapshots, export and import, and deterministic mode, through startLocalNotion and its
// socket-free fetch.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalNotion, LocalNotionOptions } from '../../src/emulator/start.js';
import { dumpAll, DUMP_TABLES, migrationLevel } from '../../src/store/dump.js';
import { exportStream, exportToFile } from '../../src/emulator/export-file.js';
import { call, closeEmulators, startEmulator, withoutRequestId } from '../helpers/emulator.js';

const FIXTURE = 'test/fixtures/workspace.yaml';
const dir = mkdtempSync(join(tmpdir(), 'localnotion-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (options: LocalNotionOptions = {}): Promise<LocalNotion> => startEmulator({ listen: false, ...options });
afterEach(closeEmulators);

/** What a client sees of the seeded workspace: every kind of read, without request ids. */
async function reads(ln: LocalNotion): Promise<unknown[]> {
  const ids = ln.ids;
  const paths: [string, string, unknown?][] = [
    ['GET', `/v1/pages/${ids.handbook}`],
    ['GET', `/v1/blocks/${ids.handbook}/children`],
    ['GET', `/v1/pages/${ids.design}`],
    ['GET', `/v1/pages/${ids.apollo}`],
    ['GET', `/v1/databases/${ids.work}`],
    ['GET', `/v1/data_sources/${ids.tasks}`],
    ['POST', `/v1/data_sources/${ids.tasks}/query`, {}],
    ['POST', '/v1/search', {}],
    ['GET', '/v1/users'],
    ['GET', '/v1/users/me'],
  ];
  const out: unknown[] = [];
  for (const [method, path, body] of paths) {
    const res = await call(ln, method, path, { body });
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
    out.push(withoutRequestId(res.body));
  }
  return out;
}

describe('reset', () => {
  it('returns to the seeded state: later pages are gone, edits undone, ids and tokens unchanged', async () => {
    const ln = await start({ seed: FIXTURE });
    const { handbook } = ln.ids;
    const before = await reads(ln);
    ln.clearRequests();
    const created = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { page_id: handbook }, properties: { title: { title: [{ text: { content: 'Scratch' } }] } } },
    });
    expect(created.status).toBe(200);
    await call(ln, 'PATCH', `/v1/pages/${handbook}`, { body: { properties: { title: { title: [{ text: { content: 'Renamed' } }] } } } });
    await call(ln, 'DELETE', `/v1/blocks/${ln.ids.design}`);
    expect(ln.requests().length).toBe(3);

    await ln.reset();
    // The request log starts again too.
    expect(ln.requests()).toEqual([]);
    expect((await call(ln, 'GET', `/v1/pages/${created.body.id}`)).status).toBe(404);
    expect(await reads(ln)).toEqual(before);
    expect(ln.ids.handbook).toBe(handbook);
    expect(ln.tokens.reader).toBe('ntn_fixture_reader');
  });

  it('without a seed returns to the first-start workspace', async () => {
    const ln = await start();
    const token = ln.token;
    await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'x' } }] } } });
    await ln.reset();
    const children = await call(ln, 'GET', `/v1/blocks/${ln.rootPageId}/children`);
    expect(children.body.results).toEqual([]);
    expect(ln.token).toBe(token);
  });

  it('forgets a rotated token: the seeded one works again', async () => {
    const ln = await start({ token: 'ntn_before_rotation' });
    const rotated = await call(ln, 'POST', `/__localnotion/integrations/${ln.emulator.info.integrationId}/rotate-token`);
    expect(rotated.status).toBe(200);
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_before_rotation' })).status).toBe(401);
    await ln.reset();
    expect(ln.token).toBe('ntn_before_rotation');
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_before_rotation' })).status).toBe(200);
  });
});

describe('snapshots', () => {
  it('restore every table exactly, whatever happened after', async () => {
    const ln = await start({ seed: FIXTURE });
    const snapshot = await ln.snapshot();
    const exact = await ln.ctx.store.transaction((tx) => dumpAll(tx));
    const before = await reads(ln);

    await call(ln, 'PATCH', `/v1/data_sources/${ln.ids.tasks}`, { body: { properties: { Estimate: { number: {} }, Owner: null } } });
    await call(ln, 'PATCH', `/v1/pages/${ln.ids.build}`, { body: { properties: { Status: { select: { name: 'Blocked' } } } } });
    await call(ln, 'POST', '/v1/pages', {
      body: { parent: { data_source_id: ln.ids.tasks }, properties: { Name: { title: [{ text: { content: 'Test' } }] } } },
    });
    await call(ln, 'PATCH', `/v1/blocks/${ln.ids.handbook}/children`, { body: { children: [{ divider: {} }] } });

    await ln.restore(snapshot);
    expect(await ln.ctx.store.transaction((tx) => dumpAll(tx))).toEqual(exact);
    expect(await reads(ln)).toEqual(before);
  });

  it('are taken, listed, restored and deleted through the control API', async () => {
    const ln = await start();
    const taken = await call(ln, 'POST', '/__localnotion/snapshots');
    expect(taken.body).toEqual({ object: 'snapshot', id: 'snapshot_1' });
    const page = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'x' } }] } } });
    expect((await call(ln, 'GET', '/__localnotion/snapshots')).body.results).toEqual([{ object: 'snapshot', id: 'snapshot_1' }]);
    expect((await call(ln, 'POST', '/__localnotion/snapshots/snapshot_1/restore')).body).toEqual({ object: 'snapshot', id: 'snapshot_1', restored: true });
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).status).toBe(404);
    expect((await call(ln, 'DELETE', '/__localnotion/snapshots/snapshot_1')).status).toBe(200);
    const gone = await call(ln, 'POST', '/__localnotion/snapshots/snapshot_1/restore');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ object: 'error', status: 404, code: 'object_not_found', message: 'No snapshot "snapshot_1".' });
  });
});

describe('export and import', () => {
  it('round-trip everything: the imported workspace answers exactly as the exported one', async () => {
    const source = await start({ seed: FIXTURE });
    await call(source, 'PATCH', `/v1/pages/${source.ids.build}`, { body: { in_trash: true } });
    const file = join(dir, 'workspace.ndjson');
    const header = await source.exportTo(file);
    expect(header.format).toBe('localnotion-export');
    expect(header.counts.blocks).toBeGreaterThan(10);
    const expected = await reads(source);
    const sourceDump = await source.ctx.store.transaction((tx) => dumpAll(tx));

    const target = await start();
    const { rows } = await target.importFrom(file);
    expect(rows).toBe(Object.values(header.counts).reduce((a, b) => a + b, 0));
    expect(target.token).toBe(source.token);
    expect(target.rootPageId).toBe(source.rootPageId);
    expect(await target.ctx.store.transaction((tx) => dumpAll(tx))).toEqual(sourceDump);
    // The fixture's keys are not in an export; read with the source's ids.
    Object.defineProperty(target, 'ids', { value: source.ids });
    expect(await reads(target)).toEqual(expected);
    expect((await call(target, 'GET', '/v1/users/me', { token: 'ntn_fixture_reader' })).status).toBe(200);
  });

  it('go through the control API as JSON lines, and reset then returns to the import', async () => {
    const source = await start({ seed: FIXTURE });
    const exported = await call(source, 'GET', '/__localnotion/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = exported.body as string;
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ format: 'localnotion-export', version: 2, migration: await migrationLevel() });

    const target = await start();
    const imported = await call(target, 'POST', '/__localnotion/import', { text, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: true, token: source.token, root_page_id: source.rootPageId });
    await call(target, 'DELETE', `/v1/blocks/${source.ids.handbook}`);
    await target.reset();
    expect((await call(target, 'GET', `/v1/pages/${source.ids.handbook}`)).body.in_trash).toBe(false);
  });

  it('refuse a file that is not an export, naming the line, and change nothing', async () => {
    const ln = await start();
    const page = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'kept' } }] } } });
    const refuse = async (text: string, message: string) => {
      const res = await call(ln, 'POST', '/__localnotion/import', { text });
      expect(res.body).toEqual({ object: 'error', status: 400, code: 'validation_error', message });
    };
    await refuse('hello', 'line 1: not a localnotion-export file (the first line is not JSON)');
    await refuse('{"format":"other"}', 'line 1: not a localnotion-export file (the header\'s "format" should be "localnotion-export")');
    await refuse('{"format":"localnotion-export","version":3}', 'line 1: export format version 3 is not supported; this localnotion reads versions 1 and 2');
    const header = JSON.stringify({ format: 'localnotion-export', version: 1, migration: '0004-search', counts: {} });
    await refuse(`${header}\n{"table":"nope","row":{}}`, `line 2: "table" should be one of ${DUMP_TABLES.join(', ')}, instead was "nope"`);
    await refuse(`${header}\n{"table":"users","row":{"id":"x","colour":1}}`, 'line 2: table users has no column "colour"');
    await refuse(
      `${header}\n{"table":"blocks","row":{"id":"x"}}\n{"table":"users","row":{"id":"y"}}`,
      `line 3: rows of users must come before rows of blocks (tables in the order ${DUMP_TABLES.join(', ')})`,
    );
    const missing = await call(ln, 'POST', '/__localnotion/import', { text: `${header}\n{"table":"users","row":{"id":"x"}}` });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^line 2: rows of users could not be written: /);
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).status).toBe(200);
  });

  it('read an export written at an older migration level, rebuilding what later ones derive', async () => {
    const source = await start({ seed: FIXTURE });
    const file = join(dir, 'old.ndjson');
    await source.exportTo(file);
    // As a store before migration 0003 would have written it: no value index rows.
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.includes('"table":"page_values"'));
    const header = JSON.parse(lines[0]!);
    lines[0] = JSON.stringify({ ...header, migration: '0002-counters' });
    writeFileSync(file, lines.join('\n'));
    const target = await start();
    await target.importFrom(file);
    const query = await call(target, 'POST', `/v1/data_sources/${source.ids.tasks}/query`, {
      body: { filter: { property: 'Status', select: { equals: 'Done' } } },
    });
    expect(query.body.results.map((p: any) => p.id)).toEqual([source.ids.design]);
  });

  it("read an export from before value rows held their page's creation time, and pages through a sort by a property", async () => {
    const source = await start({ seed: FIXTURE });
    const file = join(dir, 'before-0018.ndjson');
    await source.exportTo(file);
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line, i) => {
        const entry = JSON.parse(line);
        if (i === 0) return JSON.stringify({ ...entry, migration: '0017-row-order-indexes' });
        if (entry.table === 'page_values') delete entry.row.page_created;
        return JSON.stringify(entry);
      });
    expect(lines.some((l) => l.includes('"table":"page_values"'))).toBe(true);
    writeFileSync(file, lines.join('\n'));
    const target = await start();
    await target.importFrom(file);
    const missing = await target.ctx.store.db.selectFrom('page_values').select('page_id').where('page_created', 'is', null).execute();
    expect(missing).toEqual([]);
    // One page at a time: each next page starts after the previous one's creation time and id.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(target, 'POST', `/v1/data_sources/${source.ids.tasks}/query`, {
        body: { sorts: [{ property: 'Name', direction: 'descending' }], page_size: 1, ...(cursor ? { start_cursor: cursor } : {}) },
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.results.map((p: any) => p.id));
      cursor = res.body.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([source.ids.design, source.ids.build]);
  });
});

describe('export as a stream', () => {
  const EXPORTED_AT = '2025-02-03T04:05:06.000Z';

  /** A workspace whose export is far larger than a stream's buffers. */
  async function largeWorkspace(): Promise<LocalNotion> {
    const ln = await start({ seed: FIXTURE });
    const long = 'x'.repeat(1900);
    for (let i = 0; i < 120; i++) {
      const res = await call(ln, 'POST', '/v1/pages', {
        body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: `Page ${i} ${long}` } }] } },
      });
      expect(res.status).toBe(200);
    }
    return ln;
  }

  async function readAll(stream: Readable): Promise<string> {
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    return text;
  }

  it('ends its transaction before the reader takes anything, and gives the lines the export file holds', async () => {
    const ln = await largeWorkspace();
    const file = join(dir, 'streamed.ndjson');
    await exportToFile(ln.ctx.store, file, EXPORTED_AT);
    const stream = await exportStream(ln.ctx.store, EXPORTED_AT);
    // Nobody reads yet, and writes go on: the export holds no transaction (nor SQLite's connection).
    const res = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'after' } }] } } });
    expect(res.status).toBe(200);
    const text = await readAll(stream);
    expect(text.length).toBeGreaterThan(250_000);
    expect(text).toBe(readFileSync(file, 'utf8'));
  }, 120_000);

  it('removes its temporary file when the reader goes away, or takes nothing for too long', async () => {
    const ln = await largeWorkspace();
    const gone = (await exportStream(ln.ctx.store, EXPORTED_AT)) as ReadStream;
    expect(existsSync(String(gone.path))).toBe(true);
    gone.destroy();
    await once(gone, 'close');
    await vi.waitFor(() => expect(existsSync(String(gone.path))).toBe(false));
    const stalled = (await exportStream(ln.ctx.store, EXPORTED_AT, { stallMs: 20 })) as ReadStream;
    const [error] = (await once(stalled, 'error')) as [Error];
    expect(error.message).toBe("the export's reader took nothing for 20 ms");
    await vi.waitFor(() => expect(existsSync(String(stalled.path))).toBe(false));
  }, 120_000);

  it('fails before anything is sent when the store cannot be read', async () => {
    const ln = await start();
    const store = ln.ctx.store;
    const failing = Object.create(store) as typeof store;
    failing.transaction = () => Promise.reject(new Error('the store is gone'));
    await expect(exportStream(failing, EXPORTED_AT)).rejects.toThrow('the store is gone');
  });
});

describe('deterministic mode', () => {
  it('gives the same ids, times and request ids on every run', async () => {
    const run = async () => {
      const ln = await start({ deterministic: { seed: 'tests', time: '2024-05-06T07:08:09.000Z' }, seed: FIXTURE });
      const page = await call(ln, 'POST', '/v1/pages', {
        body: { parent: { page_id: ln.ids.handbook }, properties: { title: [{ text: { content: 'Same' } }] } },
      });
      return { ids: ln.ids, token: ln.token, page: page.body, requestId: page.headers.get('x-notion-request-id') };
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first.page.created_time).toBe('2024-05-06T07:08:00.000Z');
    expect(first.page.request_id).toBe(first.requestId);
  });

  it('replays the same ids after a reset', async () => {
    const ln = await start({ deterministic: true });
    const create = () => call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'p' } }] } } });
    const a = await create();
    await ln.reset();
    const b = await create();
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.request_id).toBe(a.body.request_id);
  });

  it('follows the clock as it is set and advanced', async () => {
    const ln = await start({ deterministic: true });
    expect(ln.clock.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
    const page = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'p' } }] } } });
    ln.clock.advance(3 * 60_000);
    const edited = await call(ln, 'PATCH', `/v1/pages/${page.body.id}`, { body: { properties: { title: [{ text: { content: 'q' } }] } } });
    expect([edited.body.created_time, edited.body.last_edited_time]).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-01T00:03:00.000Z']);
    const set = await call(ln, 'POST', '/__localnotion/clock/set', { body: { time: '2026-02-03T04:05:06Z' } });
    expect(set.body).toEqual({ object: 'clock', now: '2026-02-03T04:05:06.000Z', frozen: true });
  });
});
