// What every handler answers with: a Notion object carrying its request id, the view it is
// rendered for, and the error envelope. Kept apart from app.ts so that routes never import the app.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { NotionError } from '../errors.js';
import type { View } from '../present/view.js';

/** Notion's error envelope, https://developers.notion.com/reference/status-codes */
export function errorBody(error: NotionError, requestId: string): Record<string, unknown> {
  const body: Record<string, unknown> = { object: 'error', status: error.status, code: error.code, message: error.message, request_id: requestId };
  if (error.additionalData) body.additional_data = error.additionalData;
  return body;
}

/** Reply with an error in Notion's envelope, with the request id header Notion sends. */
export function sendError(reply: FastifyReply, error: NotionError): FastifyReply {
  const id = reply.request.id;
  reply.header('x-notion-request-id', id);
  return reply.status(error.status).send(errorBody(error, id));
}

/** Reply with a Notion object; every success body carries the request id, as Notion's do. */
export function sendObject(reply: FastifyReply, object: Record<string, unknown>): FastifyReply {
  object.request_id = reply.request.id;
  return reply.send(object);
}

export function viewOf(ctx: AppContext, request: FastifyRequest): View {
  return { version: request.apiVersion, actor: request.actor, urlBase: ctx.config.urlBase };
}
