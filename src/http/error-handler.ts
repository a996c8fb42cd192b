// What a thrown error becomes on the wire: a NotionError as it is, fastify's body errors as
// Notion's, a store that is down or cannot be written as a 503, anything else a logged 500.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { internalError, invalidJson, invalidRequestUrl, NotionError, serviceUnavailable, unavailableNow, validationError } from '../errors.js';
import { sendError } from './reply.js';
import { isUnknownRoute } from './route-table.js';

type ThrownError = Error & { code?: string; statusCode?: number };

export function notionErrorOf(ctx: AppContext, error: ThrownError, request: FastifyRequest): NotionError {
  // The body of an unknown route is read before the not-found handler runs; the route is
  // still what Notion reports first (docs/decisions.md, "HTTP layer and emulator").
  if (isUnknownRoute(request)) return invalidRequestUrl();
  if (error instanceof NotionError) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // A chunked body has no declared length, and reading it to the end to learn one would let
    // a client send without bound: its message leaves the size out (docs/decisions.md).
    const length = request.headers['content-length'];
    const size = length === undefined ? '' : `${length} bytes, `;
    return validationError(`Request body too large: ${size}more than the ${ctx.config.bodyLimit} bytes allowed.`);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return invalidJson();
  if (ctx.store.isUnavailable(error)) {
    // The database is down or restarting: Notion's answer for it, and the pool reconnects by
    // itself once the database is back.
    request.log.warn({ err: error, request_id: request.id }, 'database unavailable');
    return serviceUnavailable();
  }
  if (ctx.store.isUnwritable(error)) {
    // Read-only, full or failing storage: nothing was written, and the next write that the
    // storage can take succeeds again (docs/decisions.md).
    request.log.warn({ err: error, request_id: request.id }, 'store cannot be written');
    return unavailableNow();
  }
  request.log.error({ err: error, request_id: request.id }, 'unexpected error');
  return internalError();
}

export function installErrorHandlers(app: FastifyInstance, ctx: AppContext): void {
  app.setNotFoundHandler((_request, reply) => sendError(reply, invalidRequestUrl()));
  app.setErrorHandler((error: FastifyError | ThrownError, request, reply) => sendError(reply, notionErrorOf(ctx, error, request)));
}
