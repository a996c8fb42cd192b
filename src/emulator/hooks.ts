// The emulator in the /v1 request path: the rate limiter and fault rules run right after the token
// and version checks (so they know the integration, and a refused write changes nothing), and the
// request log records every /v1 request with its answer.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isErrorCode, messageOf, NotionError, rateLimited } from '../errors.js';
import { RawBody } from '../http/input.js';
import { CONTROL_PREFIX } from './control-prefix.js';
import type { Emulator } from './emulator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault rule that answered this request. */
    faultId: string | null;
  }
}

/** A request to the control API, including an unknown path under its prefix. */
export const isControlRequest = (request: FastifyRequest): boolean =>
  request.routeOptions.config?.control === true || (request.is404 && request.url.toLowerCase().startsWith(`${CONTROL_PREFIX}/`));

/** A /v1 request that reached a route (not an unknown URL, not the control API). */
const isApiRequest = (request: FastifyRequest): boolean => !request.is404 && !isControlRequest(request);

export function installEmulatorHooks(app: FastifyInstance, emulator: Emulator): void {
  app.decorateRequest('faultId', null);

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
    if (!rule.latency_ms) return done(answer());
    sleep(rule.latency_ms).then(() => done(answer()), done);
  });

  if (!emulator.requestLog.enabled) return;
  // One hook records the request once its answer is ready: a second hook per request (onResponse)
  // cost more than the record itself.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!isControlRequest(request)) {
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
        requestText: request.body instanceof RawBody ? request.body.text : undefined,
        responseText: typeof payload === 'string' ? payload : undefined,
      });
    }
    done(null, payload);
  });
}
