import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { isUnknownRoute, routeConfigOf, ROUTER_OPTIONS, RouteTable } from './route-table.js';

/** An app with a table of three routes whose handlers answer with the app's name. */
async function appNamed(name: string): Promise<FastifyInstance> {
  const app = Fastify({ routerOptions: { ...ROUTER_OPTIONS }, exposeHeadRoutes: false });
  app.setNotFoundHandler((request, reply) => reply.code(400).send({ unknown: isUnknownRoute(request) }));
  await app.register(
    async (v1) => {
      const table = new RouteTable();
      table.post('/things', async () => ({ app: name, made: true }));
      table.get('/things/:id', async (request) => ({ app: name, params: request.params, versions: routeConfigOf(request).versions ?? null }));
      table.delete('/things/:id', { config: { versions: ['2025-09-03'] } }, async (request) => ({ app: name, versions: routeConfigOf(request).versions }));
      table.mount(v1);
      v1.get('/things/own/route', async () => ({ app: name, own: true }));
    },
    { prefix: '/v1' },
  );
  await app.ready();
  return app;
}

describe('routes matched by a table built once per process', () => {
  it("reach the handler of the app asked, with the path's parameters and the route's configuration", async () => {
    const [a, b] = [await appNamed('a'), await appNamed('b')];
    for (const [app, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      // The first route of the list too (its place is 0).
      expect((await app.inject({ method: 'POST', url: '/v1/things' })).json()).toEqual({ app: name, made: true });
      expect((await app.inject({ url: '/V1/Things/AbC/?x=1' })).json()).toEqual({ app: name, params: { id: 'AbC' }, versions: null });
      expect((await app.inject({ method: 'DELETE', url: '/v1/things/1' })).json()).toEqual({ app: name, versions: ['2025-09-03'] });
      const head = await app.inject({ method: 'HEAD', url: '/v1/things/1' });
      expect([head.statusCode, head.body]).toEqual([200, '']);
      // A route the scope registered itself wins over the table's.
      expect((await app.inject({ url: '/v1/things/own/route' })).json()).toEqual({ app: name, own: true });
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('hand an unknown path or method to the not-found handler, which sees an unknown route', async () => {
    const app = await appNamed('a');
    for (const [method, url] of [
      ['GET', '/v1/nothing'],
      ['PATCH', '/v1/things/1'],
      ['GET', '/v1/things/1/more'],
      ['PUT', '/v1/things'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect([method, url, res.statusCode, res.json()]).toEqual([method, url, 400, { unknown: true }]);
    }
    await app.close();
  });
});
