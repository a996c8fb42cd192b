// Async tasks across two instances on one PostgreSQL database: what one holds the other sees, a
// task accepted by one is released and run by the other, and a forced failure is taken once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const url = testDatabaseUrl();
const schema = testSchemaName();
let a: RunningServer;
let b: RunningServer;

const start = () => startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema, poolSize: 4 }));

beforeAll(async () => {
  [a, b] = await Promise.all([start(), start()]);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropPostgresSchema(url, schema);
});

async function send(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${a.info.token}`,
      'notion-version': '2026-03-11',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Poll as a client does until the task is done: one instance may answer while the other runs it. */
async function settled(server: RunningServer, id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const task = (await send(server, 'GET', `/v1/async_tasks/${id}`)).body;
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`task ${id} did not finish`);
}

const insert = (content: string) => ({ allow_async: true, type: 'insert_content', insert_content: { content } });

describe('async tasks on two instances', () => {
  it('a task held on one instance is seen, released and run by the other', async () => {
    const page = (await send(a, 'POST', '/v1/pages', { parent: { page_id: a.info.rootPageId }, properties: { title: [{ text: { content: 'Two' } }] } })).body
      .id as string;
    await send(a, 'POST', '/__localnotion/async-tasks/hold');
    const accepted = await send(a, 'PATCH', `/v1/pages/${page}/markdown`, insert('from a, run by b'));
    expect(accepted.status).toBe(202);
    const id = accepted.body.id as string;
    expect((await send(b, 'GET', '/__localnotion/async-tasks')).body).toMatchObject({ holding: true, held: [id] });
    // Polled on b while held, it stays queued: b does not run what is held.
    expect((await send(b, 'GET', `/v1/async_tasks/${id}`)).body).toMatchObject({ status: 'queued' });
    expect((await send(b, 'POST', '/__localnotion/async-tasks/release', {})).body).toMatchObject({ released: [id], holding: false });
    expect(await settled(a, id)).toMatchObject({ status: 'succeeded', result: { markdown: 'from a, run by b' } });
    expect((await send(a, 'GET', `/v1/pages/${page}/markdown`)).body.markdown).toBe('from a, run by b');
  });

  it('a failure forced on one instance fails one task, whichever instance runs it, once', async () => {
    const page = (await send(a, 'POST', '/v1/pages', { parent: { page_id: a.info.rootPageId }, properties: { title: [{ text: { content: 'Fail' } }] } })).body
      .id as string;
    await send(a, 'POST', '/__localnotion/async-tasks/fail-next', { code: 'conflict_error' });
    const first = (await send(b, 'PATCH', `/v1/pages/${page}/markdown`, insert('one'))).body.id as string;
    const second = (await send(b, 'PATCH', `/v1/pages/${page}/markdown`, insert('two'))).body.id as string;
    // Both may run at once: whichever claims the forced failure first fails, and only that one.
    const ends = [await settled(a, first), await settled(a, second)];
    expect(ends.map((t) => t.status).sort()).toEqual(['failed', 'succeeded']);
    expect(ends.find((t) => t.status === 'failed')).toMatchObject({ error: { code: 'conflict_error' } });
    expect((await send(b, 'GET', '/__localnotion/async-tasks')).body.fail_next).toBeNull();
  });
});
