// buildApp: the HTTP server over a context, without listening. The CLI, the programmatic API and
// the tests all build their server here.
import Fastify, { LogController, type FastifyInstance, type FastifyHttpOptions, type FastifyReply } from 'fastify';
import type { Server } from 'node:http';
import type { AppContext } from '../context.js';
import { invalidRequestUrl } from '../errors.js';
import { controlRoutes, CONTROL_PREFIX } from '../emulator/control/routes.js';
import type { Emulator } from '../emulator/emulator.js';
import { installEmulatorHooks } from '../emulator/hooks.js';
import { webUiRoutes } from '../web-ui/serve.js';
import { installRequestChecks } from './checks.js';
import { answerClientError, capConnections, httpServerOptions } from './connections.js';
import { installErrorHandlers } from './error-handler.js';
import { mountOnFirstRequest } from './lazy-mount.js';
import { installAnswerMemo } from './answer-memo.js';
import { RawBody } from './input.js';
import { ROUTER_OPTIONS, RouteTable } from './route-table.js';
import { presentResponse } from './response-hook.js';
import { sendError } from './reply.js';
import { blockRoutes } from './routes/blocks.js';
import { commentRoutes } from './routes/comments.js';
import { customEmojiRoutes } from './routes/custom-emojis.js';
import { databaseRoutes } from './routes/databases.js';
import { fileUploadRoutes } from './routes/file-uploads.js';
import { hostedFileRoutes } from './routes/hosted-files.js';
import { markdownRoutes } from './routes/markdown.js';
import { oauthRoutes } from './routes/oauth.js';
import { pageRoutes } from './routes/pages.js';
import { queryRoutes } from './routes/query.js';
import { searchRoutes } from './routes/search.js';
import { userRoutes } from './routes/users.js';
import { installWebhooks } from '../webhooks/install.js';
import { installFileUpkeep } from '../files/install.js';
import { viewRoutes } from './routes/views.js';
import { asyncTaskRoutes } from './routes/async-tasks.js';
import { templateRoutes } from './routes/templates.js';

/**
 * A plugin with its name given (https://fastify.dev/docs/latest/Reference/Server/#pluginname):
 * unnamed, fastify looks for it among the exports of every module loaded, on every registration
 * of every app (a start of the emulator builds one).
 */
function named<T extends (...args: never[]) => unknown>(name: string, plugin: T): T {
  return Object.assign(plugin, { [Symbol.for('fastify.display-name')]: name });
}

export interface AppOptions {
  /** The emulator controls (control API, request log, faults, rate limiter), built by the caller. */
  emulator: Emulator;
}

/** What only the app that listens is given: its HTTP server's settings. */
type ServerLevel = Pick<FastifyHttpOptions<Server>, 'http' | 'requestTimeout' | 'keepAliveTimeout' | 'clientErrorHandler'>;

/**
 * Fastify as the app and its parts set it up: request ids, routing, the router's errors, logging,
 * and GET routes that answer HEAD.
 */
function fastifyFor(ctx: AppContext, emulator: Emulator, server: ServerLevel = {}): FastifyInstance {
  // The context's pino logger is the app's; fastify types it as its base logger.
  const app = Fastify({
    ...server,
    loggerInstance: ctx.log,
    genReqId: () => emulator.requestId(),
    requestIdHeader: false,
    // GET routes answer HEAD through the onRoute hook below, not through a second route each.
    exposeHeadRoutes: false,
    bodyLimit: ctx.config.bodyLimit,
    // Path parameters as long as node takes a request line (16 KB), so that an overlong id is
    // the route's validation error rather than the router's refusal.
    routerOptions: { ...ROUTER_OPTIONS },
    // A path the router cannot decode (bad percent-encoding) matches no route: Notion's answer
    // for a URL it has no route for, in its envelope.
    frameworkErrors: (_error, _request, reply: FastifyReply) => sendError(reply, invalidRequestUrl()),
    // Requests are not logged one by one: a load of thousands per second would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: errors are logged with their request id explicitly.
    childLoggerFactory: (logger) => logger,
  });
  // A GET route answers HEAD as well, as one route of two methods: the headers a GET would send,
  // no body (node sends none to a HEAD request). Fastify's own HEAD routes (exposeHeadRoutes) are
  // a second registration per GET route, which made up a quarter of building the app: every
  // `startLocalNotion` pays for it (bench/RESULTS.md, "Eighth round").
  app.addHook('onRoute', (route) => {
    if (route.method === 'GET') route.method = ['GET', 'HEAD'];
  });
  return app as unknown as FastifyInstance;
}

export async function buildApp(ctx: AppContext, options: AppOptions): Promise<FastifyInstance> {
  const { emulator } = options;
  const app = fastifyFor(ctx, emulator, {
    // A client gets so long to send its request, and idle connections are closed, so that slow
    // or silent clients cannot hold sockets forever (docs/decisions.md).
    http: httpServerOptions(ctx.config),
    requestTimeout: ctx.config.requestTimeoutMs,
    keepAliveTimeout: ctx.config.keepAliveTimeoutMs,
    clientErrorHandler: (error, socket) => answerClientError(error, socket, () => emulator.requestId()),
  });

  capConnections(app.server, ctx.config, () => emulator.requestId());

  // Bodies are JSON whatever the content type says. They are kept as text here and parsed by the
  // handler after the path and query checks, which Notion makes first (docs/decisions.md, "HTTP
  // layer and emulator").
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, new RawBody(body as string)));

  installRequestChecks(app as unknown as FastifyInstance, ctx);
  installErrorHandlers(app as unknown as FastifyInstance, ctx);
  // Before the emulator's hooks, which turn a body into bytes.
  const memo = installAnswerMemo(app as unknown as FastifyInstance, ctx.store);
  installEmulatorHooks(app as unknown as FastifyInstance, emulator);
  installWebhooks(app as unknown as FastifyInstance, ctx, emulator.webhooks);
  installFileUpkeep(app as unknown as FastifyInstance, ctx, emulator.sweeper);
  mountOnFirstRequest(app, CONTROL_PREFIX, async () => {
    const control = fastifyFor(ctx, emulator);
    await control.register(
      named('control', async (scope) => controlRoutes(scope, emulator)),
      { prefix: CONTROL_PREFIX },
    );
    await control.ready();
    return control;
  });

  hostedFileRoutes(app as unknown as FastifyInstance, ctx);
  webUiRoutes(app as unknown as FastifyInstance, emulator);
  await app.register(
    named('v1', async (v1) => {
      // What a response names that the integration cannot reach is hidden here, for every route,
      // and attached uploads read back as Notion-hosted files with fresh signed URLs.
      // (Callback style, so that the responses with nothing to rewrite make no promise.)
      v1.addHook('preSerialization', (request, _reply, payload, done) => {
        const pending = presentResponse(ctx, request.actor, payload, () => `${request.protocol}://${request.host}`);
        if (pending === undefined) return done(null, payload);
        memo.forgo(request);
        pending.then(() => done(null, payload), done);
      });
      // The resource routes, matched by a router built once per process (route-table.ts).
      const table = new RouteTable();
      pageRoutes(table, ctx, memo);
      markdownRoutes(table, ctx);
      blockRoutes(table, ctx);
      userRoutes(table, ctx);
      databaseRoutes(table, ctx);
      queryRoutes(table, ctx);
      searchRoutes(table, ctx);
      commentRoutes(table, ctx);
      customEmojiRoutes(table, ctx);
      viewRoutes(table, ctx);
      asyncTaskRoutes(table, ctx);
      templateRoutes(table, ctx);
      table.mount(v1 as unknown as FastifyInstance);
      // Fastify's own routes, which win over the table's: uploads have a body parser of their own.
      await v1.register(named('file-uploads', async (scope) => fileUploadRoutes(scope as unknown as FastifyInstance, ctx)));
    }),
    { prefix: '/v1' },
  );
  await app.register(
    named('oauth', async (oauth) => oauthRoutes(oauth, ctx)),
    { prefix: '/v1/oauth' },
  );
  return app as unknown as FastifyInstance;
}
