// A part of the server built on its first request. The control API is about half of building the
// app (bench/RESULTS.md, "Ninth round"), and most servers a test starts never call it: its routes
// live in an app of their own, made when a request under its prefix first arrives, and every
// request under the prefix is handed to that app's router with its raw request and response.
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../emulator/control/input.js';

export function mountOnFirstRequest(app: FastifyInstance, prefix: string, build: () => Promise<FastifyInstance>): void {
  const under = `${prefix.toLowerCase()}/`;
  let built: Promise<FastifyInstance> | undefined;
  const part = (): Promise<FastifyInstance> => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
  // Callback style, and the first thing asked: requests outside the prefix pay one comparison.
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.toLowerCase().startsWith(under)) return done();
    // The request is the part's from here on: this app sends nothing for it and runs no more hooks.
    reply.hijack();
    part().then(
      (inner) => inner.routing(request.raw, reply.raw),
      (error: unknown) => {
        request.log.error({ err: error }, 'could not build the routes under %s', prefix);
        reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        reply.raw.end(JSON.stringify(errorBody(500, 'internal_server_error', 'Unexpected error.')));
      },
    );
  });
  // Before the server waits for its connections: the part may hold some open (a request stream).
  app.addHook('preClose', (done) => {
    if (!built) return done();
    built
      .then((inner) => inner.close())
      .then(
        () => done(),
        () => done(),
      );
  });
}
