// buildApp: the HTTP server over a context, without listening. The CLI, the programmatic API and
// the tests all build their server here.
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import {
  internalError,
  serviceUnavailable,
  unavailableNow,
  invalidJson,
  invalidRequestUrl,
  NotionError,
  unauthorizedFormat,
  validationError,
} from '../errors.js';
import { ACCEPTED_VERSIONS, behaviourOf, isAcceptedVersion, type ApiVersion } from '../api-version.js';
import { authenticate, knownActor, type Actor } from '../services/access.js';
import { hideUnreachedMentions } from '../services/reach.js';
import { joinAlternatives } from '../validation/format.js';
import { bearerToken } from './bearer.js';
import { answerClientError, capConnections, httpServerOptions } from './connections.js';
import { RawBody } from './input.js';
import { sendError } from './reply.js';
import { blockRoutes } from './routes/blocks.js';
import { commentRoutes } from './routes/comments.js';
import { databaseRoutes } from './routes/databases.js';
import { pageRoutes } from './routes/pages.js';
import { queryRoutes } from './routes/query.js';
import { searchRoutes } from './routes/search.js';
import { userRoutes } from './routes/users.js';
import { controlRoutes, CONTROL_PREFIX } from '../emulator/control/routes.js';
import { Emulator } from '../emulator/emulator.js';
import { installEmulatorHooks, isControlRequest } from '../emulator/hooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    apiVersion: ApiVersion;
  }
  interface FastifyContextConfig {
    /** API versions that have this route; under the others it is an invalid request URL. */
    versions?: readonly ApiVersion[];
  }
}

const VERSION_LIST = joinAlternatives(ACCEPTED_VERSIONS.map((v) => `\`"${v}"\``));

function versionError(value: string | undefined): NotionError {
  const instead = value === undefined ? '`undefined`' : `\`${JSON.stringify(value)}\``;
  const should = value === undefined ? 'defined' : VERSION_LIST;
  return new NotionError('missing_version', `Notion-Version header failed validation: Notion-Version header should be ${should}, instead was ${instead}.`);
}

export interface AppOptions {
  /** The emulator controls (control API, request log, faults, rate limiter); a default one when absent. */
  emulator?: Emulator;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  let emulator = options.emulator;
  if (!emulator) {
    emulator = new Emulator(ctx);
    await emulator.refreshInfo();
  }
  const requestIds = emulator;
  // The context's pino logger is the app's; fastify types it as its base logger.
  const app = Fastify({
    loggerInstance: ctx.log,
    genReqId: () => requestIds.requestId(),
    requestIdHeader: false,
    bodyLimit: ctx.config.bodyLimit,
    // A client gets so long to send its request, and idle connections are closed, so that slow
    // or silent clients cannot hold sockets forever (docs/decisions.md).
    http: httpServerOptions(ctx.config),
    requestTimeout: ctx.config.requestTimeoutMs,
    keepAliveTimeout: ctx.config.keepAliveTimeoutMs,
    clientErrorHandler: (error, socket) => answerClientError(error, socket, () => requestIds.requestId()),
    // Path parameters as long as node takes a request line (16 KB), so that an overlong id is
    // the route's validation error rather than the router's refusal.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16_384 },
    // A path the router cannot decode (bad percent-encoding) matches no route: Notion's answer
    // for a URL it has no route for, in its envelope.
    frameworkErrors: (_error, _request, reply: FastifyReply) => {
      return sendError(reply, invalidRequestUrl());
    },
    // Requests are not logged one by one: a load of thousands per second would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: errors are logged with their request id explicitly.
    childLoggerFactory: (logger) => logger,
  });

  capConnections(app.server, ctx.config, () => requestIds.requestId());

  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('apiVersion', '2022-06-28');

  // Bodies are JSON whatever the content type says. They are kept as text here and parsed by the
  // handler after the path and query checks, which Notion makes first (spec 1.5).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, new RawBody(body as string)));

  /** The checks after the token's (spec 1.5): the version, then whether this version has the route. */
  const checkVersion = (request: FastifyRequest, actor: Actor): NotionError | undefined => {
    request.actor = actor;
    const header = request.headers['notion-version'];
    const version = Array.isArray(header) ? header[0] : header;
    if (version === undefined || !isAcceptedVersion(version)) return versionError(version);
    request.apiVersion = behaviourOf(version);
    const versions = request.routeOptions.config.versions;
    return versions && !versions.includes(request.apiVersion) ? invalidRequestUrl() : undefined;
  };

  // Callback style, so that a token known a moment ago costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // The control API is not Notion's: no token, no version, no Notion request id.
    if (isControlRequest(request)) return done();
    reply.header('x-notion-request-id', request.id);
    // Order of checks as observed on api.notion.com (spec 1.5): route, token, version, gating.
    if (request.is404) return done();
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(unauthorizedFormat());
    const known = knownActor(ctx, token);
    if (known) return done(checkVersion(request, known));
    authenticate(ctx, token).then((actor) => done(checkVersion(request, actor)), done);
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, invalidRequestUrl()));

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    let notion: NotionError;
    // The body of an unknown route is read before the not-found handler runs; the route is
    // still what Notion reports first (spec 1.5).
    if (request.is404) notion = invalidRequestUrl();
    else if (error instanceof NotionError) notion = error;
    else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // A chunked body has no declared length, and reading it to the end to learn one would let
      // a client send without bound: its message leaves the size out (docs/decisions.md).
      const length = request.headers['content-length'];
      const size = length === undefined ? '' : `${length} bytes, `;
      notion = validationError(`Request body too large: ${size}more than the ${ctx.config.bodyLimit} bytes allowed.`);
    } else if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      notion = invalidJson();
    } else if (ctx.store.isUnavailable(error)) {
      // The database is down or restarting: Notion's answer for it, and the pool reconnects by
      // itself once the database is back.
      request.log.warn({ err: error, request_id: request.id }, 'database unavailable');
      notion = serviceUnavailable();
    } else if (ctx.store.isUnwritable(error)) {
      // Read-only, full or failing storage: nothing was written, and the next write that the
      // storage can take succeeds again (docs/decisions.md).
      request.log.warn({ err: error, request_id: request.id }, 'store cannot be written');
      notion = unavailableNow();
    } else {
      request.log.error({ err: error, request_id: request.id }, 'unexpected error');
      notion = internalError();
    }
    return sendError(reply, notion);
  });

  installEmulatorHooks(app as unknown as FastifyInstance, emulator);
  const controls = emulator;
  await app.register(async (control) => controlRoutes(control as unknown as FastifyInstance, controls), { prefix: CONTROL_PREFIX });

  await app.register(
    async (v1) => {
      // What a response names that the integration cannot reach is hidden here, for every route.
      v1.addHook('preSerialization', async (request, _reply, payload) => {
        if (request.actor) await hideUnreachedMentions(ctx.store.db, request.actor, payload);
        return payload;
      });
      pageRoutes(v1, ctx);
      blockRoutes(v1, ctx);
      userRoutes(v1, ctx);
      databaseRoutes(v1, ctx);
      queryRoutes(v1, ctx);
      searchRoutes(v1, ctx);
      commentRoutes(v1, ctx);
    },
    { prefix: '/v1' },
  );
  return app as unknown as FastifyInstance;
}
