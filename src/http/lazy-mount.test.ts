import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { mountOnFirstRequest } from './lazy-mount.js';

function appWithPart(build: () => Promise<FastifyInstance>): FastifyInstance {
  const app = Fastify({ routerOptions: { caseSensitive: false } });
  app.get('/outside', async () => ({ outside: true }));
  mountOnFirstRequest(app, '/part', build);
  return app;
}

async function part(closed: string[] = []): Promise<FastifyInstance> {
  const inner = Fastify({ routerOptions: { caseSensitive: false } });
  inner.get('/part/hello', async (request) => ({ hello: request.headers['x-who'] ?? 'you' }));
  inner.post('/part/echo', async (request) => request.body);
  inner.addHook('onClose', async () => void closed.push('closed'));
  await inner.ready();
  return inner;
}

describe('a part of the app built on its first request', () => {
  it('is built once, on the first request under its prefix, and answers with its own routes', async () => {
    let builds = 0;
    const app = appWithPart(() => (builds++, part()));
    expect((await app.inject({ url: '/outside' })).json()).toEqual({ outside: true });
    expect(builds).toBe(0);
    const answers = await Promise.all([1, 2, 3].map(() => app.inject({ url: '/part/hello', headers: { 'x-who': 'me' } })));
    expect(answers.map((a) => [a.statusCode, a.json()])).toEqual(Array(3).fill([200, { hello: 'me' }]));
    expect((await app.inject({ method: 'POST', url: '/PART/echo', payload: { a: 1 } })).json()).toEqual({ a: 1 });
    expect(builds).toBe(1);
    await app.close();
  });

  it('answers 500 when it cannot be built, and tries again on the next request', async () => {
    let builds = 0;
    const app = appWithPart(() => (++builds === 1 ? Promise.reject(new Error('not now')) : part()));
    const first = await app.inject({ url: '/part/hello' });
    expect([first.statusCode, first.json().code]).toEqual([500, 'internal_server_error']);
    expect((await app.inject({ url: '/part/hello' })).json()).toEqual({ hello: 'you' });
    await app.close();
  });

  it('is closed with the app', async () => {
    const closed: string[] = [];
    const app = appWithPart(() => part(closed));
    await app.inject({ url: '/part/hello' });
    await app.close();
    expect(closed).toEqual(['closed']);
  });
});
