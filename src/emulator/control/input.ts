// What control handlers read from a request: JSON bodies within their limit, checked against a
// schema, and uuid path parameters; bad input is a 400 that says what is wrong.
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { jsonDepthWithin, MAX_DEPTH } from '../../validation/depth.js';
import { formatIssue } from '../../validation/format.js';
import { parseJsonWithoutNul } from '../../validation/nul.js';
import { parseUuid, validate } from '../../validation/validate.js';
import { ControlError } from '../emulator.js';
import { CONTROL_JSON_LIMIT, readText } from './body.js';

export function errorBody(status: number, code: string, message: string) {
  return { object: 'error', status, code, message };
}

export const badRequest = (message: string) => new ControlError(400, 'validation_error', message);

/** The request's body stream, as the control parser leaves it (none without a body). */
export const bodyStream = (request: FastifyRequest): Readable | undefined => request.body as Readable | undefined;

export const routeName = (request: FastifyRequest): string => `${request.method} ${request.url.split('?')[0]}`;

export async function jsonBody(request: FastifyRequest): Promise<unknown> {
  const text = (await readText(bodyStream(request), CONTROL_JSON_LIMIT, routeName(request))).trim();
  if (text === '') return {};
  if (!jsonDepthWithin(text)) throw badRequest(`body: nested more than ${MAX_DEPTH} levels deep.`);
  try {
    return parseJsonWithoutNul(text);
  } catch {
    throw new ControlError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  const result = validate(schema, value, 'body');
  if (!result.ok) throw badRequest(formatIssue('body', result.issue));
  return result.value as Static<T>;
}

export function idParam(request: FastifyRequest, name: string): string {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  const id = parseUuid(raw);
  if (!id) throw badRequest(`${name} should be a valid uuid, instead was ${JSON.stringify(raw)}.`);
  return id.toLowerCase();
}

export const ok = (reply: FastifyReply, body: Record<string, unknown>) => reply.send(body);
