// The control API, under a prefix outside /v1: health, reset, snapshots, seed, export and import,
// integrations, the clock, the request log, fault rules and the rate limiter. It answers JSON,
// errors as `{object: "error", status, code, message}` like the API's; bad input is a 400 that
// says what is wrong, never a 500. Requests pass control-guard.ts first (Host, origin, admin
// token), bodies are read as streams within the limits of control-body.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IntegrationControlError } from '../../services/integrations.js';
import { authRoutes } from './auth.js';
import { arrivedOffLoopback, checkHost, checkOrigin } from '../control-guard.js';
import { CONTROL_PREFIX } from '../control-prefix.js';
import { ControlError, type Emulator } from '../emulator.js';
import { ImportError } from '../export-file.js';
import { hasAdminAccess } from '../ui-access.js';
import { FixtureError } from '../fixtures/errors.js';
import { CONTROL_JSON_LIMIT, IMPORT_LIMIT, SEED_LIMIT, tooLarge } from './body.js';
import { asyncTaskControlRoutes } from './async-tasks.js';
import { clockRoutes } from './clock.js';
import { customEmojiRoutes } from './custom-emojis.js';
import { faultRoutes } from './faults.js';
import { fileUploadControlRoutes } from './file-uploads.js';
import { healthRoutes } from './health.js';
import { errorBody, routeName } from './input.js';
import { integrationRoutes } from './integrations.js';
import { rateLimitRoutes } from './rate-limit.js';
import { requestStreamRoutes } from './request-stream.js';
import { requestLogRoutes } from './requests.js';
import { snapshotRoutes } from './snapshots.js';
import { templateControlRoutes } from './templates.js';
import { transferRoutes } from './transfer.js';
import { uiRoutes } from './ui.js';
import { workspaceRoutes } from './workspace.js';
import { webhookRoutes } from './webhooks.js';

export { CONTROL_PREFIX };

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A route of the main app outside the API (hosted files, the web UI): no integration token, no
     * Notion-Version, not in the request log. The control API's routes are an app of their own
     * (http/lazy-mount.ts), which these checks never see.
     */
    control?: boolean;
  }
}

/** Body types a route takes, and its largest body; JSON and nothing larger than a megabyte elsewhere. */
const BODIES: Record<string, { types: readonly string[]; limit: number }> = {
  '/seed': { types: ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'], limit: SEED_LIMIT },
  '/import': { types: ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json'], limit: IMPORT_LIMIT },
};
const JSON_BODY = { types: ['application/json'], limit: CONTROL_JSON_LIMIT };

/** What each route's 415 names: the first type of each kind it takes. */
const typeNames = (types: readonly string[]): string =>
  [...new Set([types[0]!, ...types.filter((t) => t === 'application/json' || t === 'application/yaml')])].join(' or ');

/**
 * Only the types a web page cannot send without asking first (a CORS preflight, which this server
 * never grants): a form or a text/plain post must not reach a control route.
 * https://developer.mozilla.org/en-US/docs/Glossary/CORS-safelisted_request_header
 */
function checkBody(request: FastifyRequest): void {
  const route = request.routeOptions.url ?? '';
  const spec = BODIES[route.slice(CONTROL_PREFIX.length)] ?? JSON_BODY;
  const header = request.headers['content-type'];
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  const length = request.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  if (type === '' ? hasBody : !spec.types.includes(type)) {
    const instead = header === undefined || header.trim() === '' ? 'none' : JSON.stringify(header);
    throw new ControlError(415, 'unsupported_media_type', `${routeName(request)} takes a body of type ${typeNames(spec.types)}, instead was ${instead}.`);
  }
  if (length !== undefined && Number(length) > spec.limit) throw tooLarge(routeName(request), spec.limit);
}

export function controlRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  const hostRules = { allowedHosts: emulator.allowedHosts, listenHost: ctx.config.host };

  // Where the request comes from first, then who sends it, then what it carries.
  app.addHook('onRequest', async (request) => {
    checkHost(request, hostRules);
    checkOrigin(request);
    if (emulator.adminToken === undefined) {
      // However the server was started: without an admin token, only loopback reaches the controls.
      if (arrivedOffLoopback(request)) {
        throw new ControlError(
          403,
          'restricted_resource',
          'The control API is closed off loopback when the server has no admin token: start it with one (--admin-token, adminToken).',
        );
      }
    } else if (!hasAdminAccess(request, emulator.adminToken)) {
      throw new ControlError(401, 'unauthorized', 'The control API needs the admin token: send "Authorization: Bearer <admin token>".');
    }
    if (!request.is404) checkBody(request);
  });

  // Bodies stay streams: each route reads its own within its limit (control-body.ts).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  // A body answered before its end (refused at its first line, too long) is read on and thrown
  // away: node leaves a request it saw read from paused, and the connection would never close.
  app.addHook('onResponse', (request, _reply, done) => {
    if (!request.raw.readableEnded) request.raw.resume();
    done();
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    let status = 500;
    let code = 'internal_server_error';
    let message = 'Unexpected error.';
    if (error instanceof ControlError) ({ status, code, message } = error);
    else if (error instanceof IntegrationControlError) {
      status = error.status;
      code = error.status === 404 ? 'object_not_found' : error.status === 409 ? 'conflict_error' : 'validation_error';
      message = error.message;
    } else if (error instanceof ImportError || error instanceof FixtureError) {
      status = 400;
      code = 'validation_error';
      message = error.message;
    } else if (error.code === 'ECONNRESET' || error.message === 'aborted') {
      // The client stopped sending mid-body: its fault, whoever is still listening.
      status = 400;
      code = 'validation_error';
      message = 'The body ended before it was complete.';
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      code = 'validation_error';
      message = 'The body is too large.';
    } else {
      request.log.error({ err: error }, 'control API error');
    }
    return reply.status(status).send(errorBody(status, code, message));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return reply
      .status(404)
      .send(errorBody(404, 'invalid_request_url', `No control endpoint ${request.method} ${path}. The control API is described in the README (Control API).`));
  });

  healthRoutes(app, emulator);
  snapshotRoutes(app, emulator);
  transferRoutes(app, emulator);
  integrationRoutes(app, emulator);
  clockRoutes(app, emulator);
  requestLogRoutes(app, emulator);
  requestStreamRoutes(app, emulator);
  faultRoutes(app, emulator);
  rateLimitRoutes(app, emulator);
  workspaceRoutes(app, emulator);
  customEmojiRoutes(app, emulator);
  webhookRoutes(app, emulator);
  authRoutes(app, emulator);
  asyncTaskControlRoutes(app, emulator);
  templateControlRoutes(app, emulator);
  uiRoutes(app, emulator);
  fileUploadControlRoutes(app, emulator);
}
