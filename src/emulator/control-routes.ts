// The control API, under a prefix outside /v1: health, reset, snapshots, seed, export and import,
// integrations, the clock, the request log, fault rules and the rate limiter. It answers JSON,
// errors as `{object: "error", status, code, message}` like the API's; bad input is a 400 that
// says what is wrong, never a 500. Requests pass control-guard.ts first (Host, origin, admin
// token), bodies are read as streams within the limits of control-body.ts.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { isErrorCode } from '../errors.js';
import { Strict } from '../schemas/common.js';
import {
  addIntegration,
  changeIntegration,
  getIntegration,
  IntegrationControlError,
  listIntegrations,
  rotateToken,
  shareWith,
  unshareWith,
} from '../services/integrations.js';
import { jsonDepthWithin, MAX_DEPTH } from '../validation/depth.js';
import { formatIssue } from '../validation/format.js';
import { parseJsonWithoutNul } from '../validation/nul.js';
import { parseUuid, validate } from '../validation/validate.js';
import { bodyLines, CONTROL_JSON_LIMIT, IMPORT_LIMIT, IMPORT_LINE_LIMIT, readText, SEED_LIMIT, tooLarge } from './control-body.js';
import { arrivedOffLoopback, checkHost, checkOrigin, hasAdminToken } from './control-guard.js';
import { CONTROL_PREFIX } from './control-prefix.js';
import { ControlError, type Emulator } from './emulator.js';
import { ImportError, throttledProgress, writeExport } from './export-file.js';
import { FixtureError } from './fixtures/errors.js';
import { parseFixtureText } from './fixtures/load.js';
import { Capabilities } from './fixtures/schema.js';

export { CONTROL_PREFIX };

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A control route: no integration token, no Notion-Version, not in the request log. */
    control?: boolean;
  }
}

function errorBody(status: number, code: string, message: string) {
  return { object: 'error', status, code, message };
}

const badRequest = (message: string) => new ControlError(400, 'validation_error', message);

/** The request's body stream, as the control parser leaves it (none without a body). */
const bodyStream = (request: FastifyRequest): Readable | undefined => request.body as Readable | undefined;

const routeName = (request: FastifyRequest): string => `${request.method} ${request.url.split('?')[0]}`;

async function jsonBody(request: FastifyRequest): Promise<unknown> {
  const text = (await readText(bodyStream(request), CONTROL_JSON_LIMIT, routeName(request))).trim();
  if (text === '') return {};
  if (!jsonDepthWithin(text)) throw badRequest(`body: nested more than ${MAX_DEPTH} levels deep.`);
  try {
    return parseJsonWithoutNul(text);
  } catch {
    throw new ControlError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  const result = validate(schema, value, 'body');
  if (!result.ok) throw badRequest(formatIssue('body', result.issue));
  return result.value as Static<T>;
}

function idParam(request: FastifyRequest, name: string): string {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  const id = parseUuid(raw);
  if (!id) throw badRequest(`${name} should be a valid uuid, instead was ${JSON.stringify(raw)}.`);
  return id.toLowerCase();
}

const NewIntegrationBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Optional(Type.Union([Type.Literal('internal'), Type.Literal('public')])),
  token: Type.Optional(Type.String({ minLength: 1 })),
  capabilities: Type.Optional(Capabilities),
  pages: Type.Optional(Type.Array(Type.String({ format: 'uuid' }))),
});

const ChangeIntegrationBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  token: Type.Optional(Type.String({ minLength: 1 })),
  capabilities: Type.Optional(Capabilities),
});

const ShareBody = Strict({ page_id: Type.String({ format: 'uuid' }) });

const ClockTimeBody = Strict({ time: Type.String() });
const ClockFreezeBody = Strict({ time: Type.Optional(Type.String()) });
const ClockAdvanceBody = Strict({ ms: Type.Optional(Type.Number()), seconds: Type.Optional(Type.Number()) });

const FaultBody = Strict({
  method: Type.Optional(Type.String({ minLength: 1 })),
  path: Type.Optional(Type.String({ minLength: 1 })),
  integration: Type.Optional(Type.String({ minLength: 1 })),
  code: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  message: Type.Optional(Type.String()),
  retry_after: Type.Optional(Type.Integer({ minimum: 0 })),
  times: Type.Optional(Type.Integer({ minimum: 1 })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
});

const RateLimitBody = Strict({
  enabled: Type.Optional(Type.Boolean()),
  rate: Type.Optional(Type.Number({ minimum: 0.001 })),
  burst: Type.Optional(Type.Integer({ minimum: 1 })),
  retry_after: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
});

function parseTime(value: string, path: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badRequest(`body failed validation: ${path} should be an ISO 8601 date-time, instead was ${JSON.stringify(value)}.`);
  return date;
}

function clockView(emulator: Emulator) {
  return { object: 'clock', now: emulator.clock.now().toISOString(), frozen: emulator.clock.frozen };
}

function requestFilter(query: Record<string, string | string[] | undefined>) {
  const one = (key: string): string | undefined => {
    const v = query[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const known = new Set(['method', 'path', 'status', 'integration', 'limit']);
  for (const key of Object.keys(query)) if (!known.has(key)) throw badRequest(`Unknown filter ${JSON.stringify(key)}: filter by method, path, status, integration or limit.`);
  const number = (key: string): number | undefined => {
    const v = one(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw badRequest(`${key} should be a whole number, instead was ${JSON.stringify(v)}.`);
    return n;
  };
  return { method: one('method'), path: one('path'), integration: one('integration'), status: number('status'), limit: number('limit') };
}

/** Body types a route takes, and its largest body; JSON and nothing larger than a megabyte elsewhere. */
const BODIES: Record<string, { types: readonly string[]; limit: number }> = {
  '/seed': { types: ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'], limit: SEED_LIMIT },
  '/import': { types: ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json'], limit: IMPORT_LIMIT },
};
const JSON_BODY = { types: ['application/json'], limit: CONTROL_JSON_LIMIT };

/** What each route's 415 names: the first type of each kind it takes. */
const typeNames = (types: readonly string[]): string => [...new Set([types[0]!, ...types.filter((t) => t === 'application/json' || t === 'application/yaml')])].join(' or ');

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

  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, control: true };
  });

  // Where the request comes from first, then who sends it, then what it carries.
  app.addHook('onRequest', async (request) => {
    checkHost(request, hostRules);
    checkOrigin(request);
    if (emulator.adminToken === undefined) {
      // However the server was started: without an admin token, only loopback reaches the controls.
      if (arrivedOffLoopback(request)) {
        throw new ControlError(403, 'restricted_resource', 'The control API is closed off loopback when the server has no admin token: start it with one (--admin-token, adminToken).');
      }
    } else if (!hasAdminToken(request, emulator.adminToken)) {
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

  const ok = (reply: FastifyReply, body: Record<string, unknown>) => reply.send(body);

  // The store is probed, not assumed: a store that cannot be read or written answers 503 and says why.
  app.get('/health', async (_request, reply) => {
    const store = await ctx.store.health();
    return ok(reply.status(store.state === 'ok' ? 200 : 503), {
      status: store.state,
      ...(store.problem ? { problem: store.problem } : {}),
      version: pkg.version,
      store: ctx.config.databaseUrl ? 'postgres' : ctx.config.sqlite === ':memory:' ? 'memory' : 'file',
      workspace_id: emulator.info.workspaceId,
      root_page_id: emulator.info.rootPageId,
      clock: clockView(emulator),
      can_reset: emulator.hasBaseline,
      rate_limit: emulator.rateLimiter.get(),
      fault_rules: emulator.faults.size,
    });
  });

  // State: reset, snapshots, seed, export and import.
  app.post('/reset', async (_request, reply) => {
    await emulator.reset();
    return ok(reply, { reset: true, keys: emulator.keys });
  });

  app.post('/snapshots', async (_request, reply) => {
    const { id } = await emulator.takeNamedSnapshot();
    return ok(reply, { object: 'snapshot', id });
  });

  app.get('/snapshots', async (_request, reply) => ok(reply, { object: 'list', results: [...emulator.snapshots.keys()].map((id) => ({ object: 'snapshot', id })) }));

  const snapshotOf = (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    const snapshot = emulator.snapshots.get(id);
    if (!snapshot) throw new ControlError(404, 'object_not_found', `No snapshot ${JSON.stringify(id)}.`);
    return { id, snapshot };
  };

  app.post('/snapshots/:id/restore', async (request, reply) => {
    const { id, snapshot } = snapshotOf(request);
    await emulator.restore(snapshot);
    return ok(reply, { object: 'snapshot', id, restored: true });
  });

  app.delete('/snapshots/:id', async (request, reply) => {
    const { id } = snapshotOf(request);
    emulator.snapshots.delete(id);
    return ok(reply, { object: 'snapshot', id, deleted: true });
  });

  app.post('/seed', async (request, reply) => {
    const text = await readText(bodyStream(request), SEED_LIMIT, routeName(request));
    const type = String(request.headers['content-type'] ?? '');
    const fixture = await parseFixtureText(text, /yaml|yml/i.test(type) ? 'yaml' : 'json', 'body');
    const result = await emulator.seed(fixture, 'body');
    return ok(reply, { seeded: true, keys: result.keys, integrations: result.integrations });
  });

  const log = ctx.log.child({ name: 'localnotion:transfer' });
  const progress = () => throttledProgress(50_000, (p) => log.info(`${p.phase}: ${p.done} of ${p.total} rows (${p.table})`));

  app.get('/export', async (_request, reply) => {
    const lines: string[] = [];
    await writeExport(ctx.store, ctx.clock.now().toISOString(), (line) => void lines.push(line), progress());
    lines.push('');
    return reply.type('application/x-ndjson').send(lines.join('\n'));
  });

  app.post('/import', async (request, reply) => {
    const lines = bodyLines(bodyStream(request), { total: IMPORT_LIMIT, line: IMPORT_LINE_LIMIT, route: routeName(request) });
    const { rows } = await emulator.importLines(lines, progress());
    return ok(reply, { imported: true, rows, token: emulator.info.token, root_page_id: emulator.info.rootPageId });
  });

  // Integrations.
  app.get('/integrations', async (_request, reply) => ok(reply, { object: 'list', results: await listIntegrations(ctx) }));

  app.post('/integrations', async (request, reply) => {
    const body = checked(NewIntegrationBody, await jsonBody(request));
    return ok(reply, { object: 'integration', ...(await addIntegration(ctx, body, emulator.info.workspaceId)) });
  });

  app.get('/integrations/:id', async (request, reply) => ok(reply, { object: 'integration', ...(await getIntegration(ctx, idParam(request, 'id'))) }));

  app.patch('/integrations/:id', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(ChangeIntegrationBody, await jsonBody(request));
    const changed = await changeIntegration(ctx, id, body);
    await emulator.refreshInfo();
    return ok(reply, { object: 'integration', ...changed });
  });

  app.post('/integrations/:id/rotate-token', async (request, reply) => {
    const changed = await rotateToken(ctx, idParam(request, 'id'));
    await emulator.refreshInfo();
    return ok(reply, { object: 'integration', ...changed });
  });

  app.post('/integrations/:id/pages', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(ShareBody, await jsonBody(request));
    return ok(reply, { object: 'integration', ...(await shareWith(ctx, id, body.page_id)) });
  });

  app.delete('/integrations/:id/pages/:page_id', async (request, reply) => {
    const id = idParam(request, 'id');
    return ok(reply, { object: 'integration', ...(await unshareWith(ctx, id, idParam(request, 'page_id'))) });
  });

  // The clock.
  app.get('/clock', async (_request, reply) => ok(reply, clockView(emulator)));

  app.post('/clock/freeze', async (request, reply) => {
    const body = checked(ClockFreezeBody, await jsonBody(request));
    emulator.clock.freeze(body.time === undefined ? undefined : parseTime(body.time, 'body.time'));
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/unfreeze', async (_request, reply) => {
    emulator.clock.unfreeze();
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/set', async (request, reply) => {
    const body = checked(ClockTimeBody, await jsonBody(request));
    emulator.clock.set(parseTime(body.time, 'body.time'));
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/advance', async (request, reply) => {
    const body = checked(ClockAdvanceBody, await jsonBody(request));
    if (body.ms === undefined && body.seconds === undefined) throw badRequest('body failed validation: body.ms or body.seconds should be defined, instead was `undefined`.');
    emulator.clock.advance((body.ms ?? 0) + (body.seconds ?? 0) * 1000);
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/system', async (_request, reply) => {
    emulator.clock.useSystemTime();
    return ok(reply, clockView(emulator));
  });

  // The request log.
  app.get('/requests', async (request, reply) => {
    const filter = requestFilter(request.query as Record<string, string>);
    return ok(reply, { object: 'list', results: emulator.requestLog.list(filter) });
  });

  app.delete('/requests', async (_request, reply) => {
    emulator.requestLog.clear();
    return ok(reply, { cleared: true });
  });

  // Fault rules.
  app.get('/faults', async (_request, reply) => ok(reply, { object: 'list', results: emulator.faults.list() }));

  app.post('/faults', async (request, reply) => {
    const body = checked(FaultBody, await jsonBody(request));
    if (body.code === undefined && body.latency_ms === undefined) throw badRequest('A fault rule needs a `code` (the error to answer with), a `latency_ms`, or both.');
    if (body.code !== undefined && !isErrorCode(body.code)) throw badRequest(`body failed validation: body.code should be a Notion error code, instead was ${JSON.stringify(body.code)}.`);
    return ok(reply, { object: 'fault_rule', ...emulator.faults.add(body) });
  });

  app.delete('/faults', async (_request, reply) => {
    emulator.faults.clear();
    return ok(reply, { cleared: true });
  });

  app.delete('/faults/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!emulator.faults.remove(id)) throw new ControlError(404, 'object_not_found', `No fault rule ${JSON.stringify(id)}.`);
    return ok(reply, { object: 'fault_rule', id, deleted: true });
  });

  // The rate limiter.
  app.get('/rate-limit', async (_request, reply) => ok(reply, { object: 'rate_limit', ...emulator.rateLimiter.get() }));

  app.patch('/rate-limit', async (request, reply) => {
    const body = checked(RateLimitBody, await jsonBody(request));
    return ok(reply, { object: 'rate_limit', ...emulator.rateLimiter.configure(body) });
  });
}
