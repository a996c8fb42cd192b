// The emulator in the /v1 request path: the rate limiter and fault rules run right after the token
// and version checks (so they know the integration, and a refused write changes nothing), and the
// request log records every /v1 request with its answer.
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isErrorCode, messageOf, NotionError, rateLimited } from '../errors.js';
import { RawBody } from '../http/input.js';
import { isUnknownRoute } from '../http/route-table.js';
import { CONTROL_PREFIX } from './control-prefix.js';
import type { Emulator } from './emulator.js';
import { MAX_LOGGED_BODY } from './request-log.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault rule that answered this request. */
    faultId: string | null;
    /** The error the fault rule answers with, sent once the body has been read for the log. */
    faultError: Error | null;
    /** The body of a request a fault rule answered (the handler, which reads bodies, never ran). */
    faultBody: string | undefined;
  }
}

/** The start of a body (enough for the request log), read from its stream. */
function readLoggedText(payload: Readable, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    payload.off('data', onData);
    done(Buffer.concat(chunks).toString('utf8'));
  };
  const onData = (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    size += buffer.length;
    // Past what the log keeps, the rest is left unread: the answer is an error either way.
    if (size > MAX_LOGGED_BODY * 4) finish();
  };
  if (payload.readableEnded) return finish();
  payload.on('data', onData);
  payload.once('end', finish);
  payload.once('error', finish);
}

/** A request to the control API, including an unknown path under its prefix. */
export const isControlRequest = (request: FastifyRequest): boolean =>
  request.routeOptions.config?.control === true || (request.is404 && request.url.toLowerCase().startsWith(`${CONTROL_PREFIX}/`));

/** A /v1 request that reached a route (not an unknown URL, not the control API). */
const isApiRequest = (request: FastifyRequest): boolean => !isUnknownRoute(request) && !isControlRequest(request);

export function installEmulatorHooks(app: FastifyInstance, emulator: Emulator): void {
  app.decorateRequest('faultId', null);
  app.decorateRequest('faultError', null);
  app.decorateRequest('faultBody', undefined);

  // Hooks in callback style: a promise per hook and request is measurable on the retrieve path,
  // and with the rate limiter off and no fault rules, nothing here needs to wait.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApiRequest(request) || !request.actor) return done();
    const refused = emulator.rateLimiter.take(request.actor.integrationId, request.actor.workspaceId);
    if (refused !== undefined) {
      reply.header('retry-after', String(refused.retryAfter));
      return done(rateLimited(refused.retryAfter, refused.reason));
    }
    if (emulator.faults.size === 0) return done();
    const rule = emulator.faults.take({
      method: request.method,
      path: request.url.split('?')[0]!,
      integrationId: request.actor.integrationId,
      integrationName: request.actor.integrationName,
    });
    if (!rule) return done();
    request.faultId = rule.id;
    const answer = (): Error | undefined => {
      if (rule.code === undefined || !isErrorCode(rule.code)) return undefined;
      if (rule.retry_after !== undefined) reply.header('retry-after', String(rule.retry_after));
      const additional = rule.code === 'rate_limited' && rule.retry_after !== undefined ? rateLimited(rule.retry_after).additionalData : undefined;
      return new NotionError(rule.code, rule.message ?? messageOf(rule.code), additional, rule.status);
    };
    // The error is sent from preParsing, once the body is read, so that the log shows what was sent.
    const hold = () => {
      request.faultError = answer() ?? null;
      done();
    };
    if (!rule.latency_ms) return hold();
    sleep(rule.latency_ms).then(hold, done);
  });

  app.addHook('preParsing', (request, _reply, payload, done) => {
    const error = request.faultError;
    if (error === null) return done(null, payload);
    readLoggedText(payload, (text) => {
      request.faultBody = text;
      done(error);
    });
  });

  if (!emulator.requestLog.enabled) return;
  // One hook records the request once its answer is ready: a second hook per request (onResponse)
  // cost more than the record itself. A text answer is encoded here once, and those bytes are
  // both sent and kept: sent as text it would be measured and encoded again on its way out.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isControlRequest(request)) return done(null, payload);
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : undefined;
    const version = request.headers['notion-version'];
    emulator.requestLog.add({
      id: request.id,
      timeMs: emulator.clock.millis(),
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
      integration: request.actor,
      notion_version: (Array.isArray(version) ? version[0] : version) ?? null,
      fault: request.faultId,
      requestText: request.body instanceof RawBody ? request.body.text : request.faultBody,
      responseBytes: bytes,
    });
    done(null, bytes ?? payload);
  });
}
