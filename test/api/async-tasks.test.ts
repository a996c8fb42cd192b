// Async tasks (https://developers.notion.com/reference/retrieve-async-task): `allow_async` on the
// markdown endpoints answers 202, the work runs after the response, and GET /v1/async_tasks/{id}
// walks queued, running, retrying, succeeded or failed; the control API drives each state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { startLocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';
import { durableStore, type TestStore } from '../helpers/store.js';

let ln: LocalNotion;
beforeAll(async () => {
  ln = await startEmulator({ listen: false });
});
afterAll(closeEmulators);

const TASK = /^task_[0-9a-f]{32}$/;

async function newPage(title = 'Async'): Promise<string> {
  const res = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: title } }] } } });
  expect(res.status).toBe(200);
  return res.body.id;
}

const insert = (content: string) => ({ allow_async: true, type: 'insert_content', insert_content: { content } });

describe('async tasks', () => {
  it('answers a markdown edit with 202 and a queued task, then the edit as its result', async () => {
    const page = await newPage();
    const accepted = await call(ln, 'PATCH', `/v1/pages/${page}/markdown`, { body: insert('# Hello\n\nAsync test content.') });
    expect(accepted.status).toBe(202);
    expect(Object.keys(accepted.body)).toEqual(['object', 'id', 'status', 'status_url', 'created_time', 'poll_after_seconds', 'operation', 'request_id']);
    expect(accepted.body).toMatchObject({
      object: 'async_task',
      id: expect.stringMatching(TASK),
      status: 'queued',
      status_url: expect.stringMatching(new RegExp(`^https?://[^/]+/v1/async_tasks/${accepted.body.id}$`)),
      poll_after_seconds: 2,
      operation: { surface: 'rest', name: 'PATCH /v1/pages/:page_id/markdown' },
    });
    const done = await call(ln, 'GET', `/v1/async_tasks/${accepted.body.id}`);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      object: 'async_task',
      id: accepted.body.id,
      status: 'succeeded',
      status_url: accepted.body.status_url,
      created_time: accepted.body.created_time,
      operation: { surface: 'rest', name: 'PATCH /v1/pages/:page_id/markdown' },
      result: { object: 'page_markdown', id: page, markdown: '# Hello\nAsync test content.', truncated: false, unknown_block_ids: [] },
      request_id: expect.any(String),
    });
  });

  it('creates a page from markdown in the background, its result the page object', async () => {
    const accepted = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { page_id: ln.rootPageId }, markdown: '# Later\n\nBody', allow_async: true },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.operation).toEqual({ surface: 'rest', name: 'POST /v1/pages' });
    const done = await call(ln, 'GET', `/v1/async_tasks/${accepted.body.id}`);
    expect(done.body.status).toBe('succeeded');
    expect(done.body.result).toMatchObject({ object: 'page', parent: { type: 'page_id', page_id: ln.rootPageId } });
    const md = await call(ln, 'GET', `/v1/pages/${done.body.result.id}/markdown`);
    expect(md.body.markdown).toBe('Body');
  });

  it('holds tasks in queued, shows them running or retrying, and runs them when released', async () => {
    const page = await newPage();
    expect((await call(ln, 'POST', '/__localnotion/async-tasks/hold')).body.holding).toBe(true);
    const accepted = await call(ln, 'PATCH', `/v1/pages/${page}/markdown`, { body: insert('held') });
    const id = accepted.body.id as string;
    const poll = async () => (await call(ln, 'GET', `/v1/async_tasks/${id}`)).body;
    expect(await poll()).toMatchObject({ status: 'queued', poll_after_seconds: 2 });
    expect((await call(ln, 'GET', `/v1/pages/${page}/markdown`)).body.markdown).toBe('');
    for (const status of ['running', 'retrying'] as const) {
      expect((await call(ln, 'POST', `/__localnotion/async-tasks/${id}/status`, { body: { status } })).status).toBe(200);
      expect(await poll()).toMatchObject({ status, poll_after_seconds: 2 });
    }
    const released = await call(ln, 'POST', '/__localnotion/async-tasks/release', { body: {} });
    expect(released.body).toMatchObject({ holding: false, released: [id], held: [] });
    expect(await poll()).toMatchObject({ status: 'succeeded', result: { markdown: 'held' } });
  });

  it('fails the next task as told, and a task whose operation fails, with the error envelope', async () => {
    const page = await newPage();
    await call(ln, 'POST', '/__localnotion/async-tasks/fail-next', { body: { code: 'conflict_error' } });
    const forced = await call(ln, 'PATCH', `/v1/pages/${page}/markdown`, { body: insert('never') });
    expect((await call(ln, 'GET', `/v1/async_tasks/${forced.body.id}`)).body).toMatchObject({
      status: 'failed',
      error: { object: 'error', status: 409, code: 'conflict_error', message: 'Conflict occurred while saving. Please try again.' },
    });
    expect((await call(ln, 'GET', `/v1/pages/${page}/markdown`)).body.markdown).toBe('');
    const body = { allow_async: true, type: 'update_content', update_content: { content_updates: [{ old_str: 'absent', new_str: 'x' }] } };
    const failing = await call(ln, 'PATCH', `/v1/pages/${page}/markdown`, { body });
    expect(failing.status).toBe(202);
    const failed = (await call(ln, 'GET', `/v1/async_tasks/${failing.body.id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', error: { object: 'error', status: 400, code: 'validation_error' } });
    expect(Object.keys(failed)).toEqual(['object', 'id', 'status', 'status_url', 'created_time', 'operation', 'error', 'request_id']);
  });

  it('is a 404 for unknown ids, malformed ids and other integrations, and refuses bad control input', async () => {
    const missing = `task_${'0'.repeat(32)}`;
    for (const id of [missing, 'nope']) {
      const res = await call(ln, 'GET', `/v1/async_tasks/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('object_not_found');
    }
    const page = await newPage();
    const accepted = await call(ln, 'PATCH', `/v1/pages/${page}/markdown`, { body: insert('mine') });
    const other = await call(ln, 'POST', '/__localnotion/integrations', { body: { name: 'Other' } });
    expect(other.status).toBe(200);
    const res = await call(ln, 'GET', `/v1/async_tasks/${accepted.body.id}`, { token: other.body.token });
    expect(res.status).toBe(404);
    expect((await call(ln, 'POST', '/__localnotion/async-tasks/fail-next', { body: { code: 'nope' } })).status).toBe(400);
    expect((await call(ln, 'POST', `/__localnotion/async-tasks/${missing}/status`, { body: { status: 'running' } })).status).toBe(404);
  });
});

describe('held async tasks are kept in the store', () => {
  /** Options that open `store` again, whichever engine it is on. */
  const on = (store: TestStore, token: string) =>
    store.config.databaseUrl
      ? { database: store.config.databaseUrl, databaseSchema: store.config.databaseSchema, token, listen: false as const }
      : { db: store.config.sqlite, token, listen: false as const };

  it('a held task survives a restart, and the server after it releases and runs it', async () => {
    const store = durableStore();
    const token = 'ntn_held_tasks_restart_token_000000000000000000';
    try {
      const first = await startLocalNotion(on(store, token));
      const page = (
        await call(first, 'POST', '/v1/pages', { body: { parent: { page_id: first.rootPageId }, properties: { title: [{ text: { content: 'Kept' } }] } } })
      ).body.id as string;
      await call(first, 'POST', '/__localnotion/async-tasks/hold');
      await call(first, 'POST', '/__localnotion/async-tasks/fail-next', { body: { code: 'conflict_error' } });
      const held = (await call(first, 'PATCH', `/v1/pages/${page}/markdown`, { body: insert('after restart') })).body.id as string;
      await call(first, 'POST', `/__localnotion/async-tasks/${held}/status`, { body: { status: 'retrying' } });
      await first.close();

      const second = await startLocalNotion(on(store, token));
      try {
        const state = (await call(second, 'GET', '/__localnotion/async-tasks')).body;
        expect(state).toMatchObject({ holding: true, held: [held], fail_next: { code: 'conflict_error' } });
        expect((await call(second, 'GET', `/v1/async_tasks/${held}`)).body).toMatchObject({ status: 'retrying' });
        await call(second, 'DELETE', '/__localnotion/async-tasks/fail-next');
        const released = (await call(second, 'POST', '/__localnotion/async-tasks/release', { body: { id: held } })).body;
        expect(released).toMatchObject({ released: [held], held: [], holding: true });
        expect((await call(second, 'GET', `/v1/async_tasks/${held}`)).body).toMatchObject({ status: 'succeeded', result: { markdown: 'after restart' } });
        expect((await call(second, 'GET', `/v1/pages/${page}/markdown`)).body.markdown).toBe('after restart');
      } finally {
        await second.close();
      }
    } finally {
      await store.drop();
    }
  });

  it('snapshots, reset and export carry tasks and what is held', async () => {
    const page = await newPage('Snapshot');
    await call(ln, 'POST', '/__localnotion/async-tasks/release', { body: {} });
    const snapshot = await ln.snapshot();
    await call(ln, 'POST', '/__localnotion/async-tasks/hold');
    const held = (await call(ln, 'PATCH', `/v1/pages/${page}/markdown`, { body: insert('snap') })).body.id as string;
    const withTask = await ln.snapshot();
    await ln.restore(snapshot);
    expect((await call(ln, 'GET', `/v1/async_tasks/${held}`)).status).toBe(404);
    expect((await call(ln, 'GET', '/__localnotion/async-tasks')).body).toMatchObject({ holding: false, held: [] });
    await ln.restore(withTask);
    expect((await call(ln, 'GET', '/__localnotion/async-tasks')).body).toMatchObject({ holding: true, held: [held] });
    await call(ln, 'POST', '/__localnotion/async-tasks/release', { body: {} });
    expect((await call(ln, 'GET', `/v1/async_tasks/${held}`)).body).toMatchObject({ status: 'succeeded' });
  });
});
