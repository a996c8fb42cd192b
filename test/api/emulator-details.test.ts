// Details of the emulator a test suite relies on: snapshots kept under the name given, the body of
// a request a fault rule answered in the request log, one shape for a created integration, and a
// given token that wins over an export's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createIntegration } from '../../src/services/workspace.js';
import type { LocalNotion, LocalNotionOptions } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

const start = (options: LocalNotionOptions = {}): Promise<LocalNotion> => startEmulator({ listen: false, ...options });
afterEach(closeEmulators);
const dir = mkdtempSync(join(tmpdir(), 'localnotion-details-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const titled = (ln: LocalNotion, content: string) => ({ parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content } }] } });

describe('named snapshots', () => {
  it('keeps a snapshot under the name given, replaces one of the same name, and numbers the others', async () => {
    const ln = await start();
    expect((await call(ln, 'POST', '/__localnotion/snapshots', { body: { name: 'before-import' } })).body).toEqual({ object: 'snapshot', id: 'before-import' });
    const page = await call(ln, 'POST', '/v1/pages', { body: titled(ln, 'After the snapshot') });
    expect(page.status).toBe(200);
    // Unnamed ones are numbered, skipping a name a snapshot already has.
    await call(ln, 'POST', '/__localnotion/snapshots', { body: { name: 'snapshot_1' } });
    expect((await call(ln, 'POST', '/__localnotion/snapshots')).body.id).toBe('snapshot_2');
    const listed = (await call(ln, 'GET', '/__localnotion/snapshots')).body.results.map((r: any) => r.id);
    expect(listed).toEqual(['before-import', 'snapshot_1', 'snapshot_2']);

    expect((await call(ln, 'POST', '/__localnotion/snapshots/before-import/restore')).body).toEqual({
      object: 'snapshot',
      id: 'before-import',
      restored: true,
    });
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).status).toBe(404);
    // Taken again under the same name: the later state replaces the earlier.
    await call(ln, 'POST', '/v1/pages', { body: titled(ln, 'Second') });
    await call(ln, 'POST', '/__localnotion/snapshots', { body: { name: 'before-import' } });
    await call(ln, 'POST', '/__localnotion/snapshots/snapshot_1/restore');
    await call(ln, 'POST', '/__localnotion/snapshots/before-import/restore');
    const search = await call(ln, 'POST', '/v1/search', { body: { query: 'Second' } });
    expect(search.body.results).toHaveLength(1);
  });

  it('refuses a name that cannot be a path segment, and a body of another shape', async () => {
    const ln = await start();
    for (const name of ['', 'a/b', 'with space', 'x'.repeat(101)]) {
      const res = await call(ln, 'POST', '/__localnotion/snapshots', { body: { name } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_error', message: expect.stringContaining('body.name should be 1 to 100 letters') });
    }
    const wrong = await call(ln, 'POST', '/__localnotion/snapshots', { body: { name: 7 } });
    expect(wrong.status).toBe(400);
    expect((await call(ln, 'POST', '/__localnotion/snapshots', { body: { title: 'x' } })).status).toBe(400);
    expect((await call(ln, 'GET', '/__localnotion/snapshots')).body.results).toEqual([]);
  });
});

describe('the request log of fault-answered requests', () => {
  it('keeps the body that was sent, with and without latency', async () => {
    const ln = await start();
    ln.faults.add({ method: 'POST', path: '/v1/pages', code: 'conflict_error', times: 1 });
    ln.faults.add({ method: 'PATCH', path: '/v1/pages/*', code: 'internal_server_error', latency_ms: 5, times: 1 });
    ln.faults.add({ method: 'GET', path: '/v1/users/me', code: 'service_unavailable', times: 1 });
    const body = titled(ln, 'Refused');
    expect((await call(ln, 'POST', '/v1/pages', { body })).status).toBe(409);
    const patch = { in_trash: true };
    expect((await call(ln, 'PATCH', `/v1/pages/${ln.rootPageId}`, { body: patch })).status).toBe(500);
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(503);
    const [get, patched, posted] = ln.requests();
    expect(posted).toMatchObject({ method: 'POST', status: 409, fault: 'fault_1', request_body: body });
    expect(posted!.response_body).toMatchObject({ object: 'error', code: 'conflict_error' });
    expect(patched).toMatchObject({ method: 'PATCH', status: 500, fault: 'fault_2', request_body: patch });
    expect(get).toMatchObject({ method: 'GET', status: 503, fault: 'fault_3', request_body: null });
    // The rules were used up: the same write now goes through and is logged as before.
    expect((await call(ln, 'POST', '/v1/pages', { body })).status).toBe(200);
    expect(ln.requests({ limit: 1 })[0]).toMatchObject({ status: 200, fault: null, request_body: body });
  });

  it('keeps a body that is not JSON as text', async () => {
    const ln = await start();
    ln.faults.add({ path: '/v1/pages', code: 'service_unavailable' });
    const res = await call(ln, 'POST', '/v1/pages', { text: '{not json', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(503);
    expect(ln.requests()[0]!.request_body).toBe('{not json');
  });
});

describe('a created integration', () => {
  it('has one shape from the handle and from the building block', async () => {
    const ln = await start();
    const fromHandle = await ln.createIntegration({ name: 'Handle bot', capabilities: { insert_content: false } });
    const fromBlock = await createIntegration(ln.ctx, { workspaceId: ln.workspaceId, name: 'Block bot', capabilities: { insert_content: false } });
    const { integrationId, botId, ...view } = fromBlock;
    expect(Object.keys(view).sort()).toEqual(Object.keys(fromHandle).sort());
    expect(integrationId).toBe(fromBlock.id);
    expect(botId).toBe(fromBlock.bot_id);
    const listed = (await call(ln, 'GET', '/__localnotion/integrations')).body.results.find((i: any) => i.id === fromBlock.id);
    expect(listed).toEqual(view);
    expect(view.capabilities).toEqual(fromHandle.capabilities);
  });
});

describe('a given token and an export seed', () => {
  it('the token given wins over the export file’s, and an export without one keeps its own', async () => {
    const source = await start({ token: 'ntn_exported_token' });
    const file = join(dir, 'workspace.ndjson');
    await source.exportTo(file);
    const kept = await start({ seed: file });
    expect(kept.token).toBe('ntn_exported_token');
    const given = await start({ seed: file, token: 'ntn_given_token' });
    expect(given.token).toBe('ntn_given_token');
    expect((await call(given, 'GET', '/v1/users/me', { token: 'ntn_given_token' })).status).toBe(200);
    expect((await call(given, 'GET', '/v1/users/me', { token: 'ntn_exported_token' })).status).toBe(401);
    // Reset returns to the imported state, with the given token.
    await given.reset();
    expect(given.token).toBe('ntn_given_token');
    expect((await call(given, 'GET', '/v1/users/me', { token: 'ntn_given_token' })).status).toBe(200);
  });
});
