// Typed input from a request: path, then query, then body, each checked against its schema and
// reported in Notion's grammar, path before query before body (docs/decisions.md, "HTTP layer and
// emulator").
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { invalidJson, validationError } from '../errors.js';
import { PageQuery } from '../schemas/pages.js';
import { formatIssue, type Location } from '../validation/format.js';
import { parseJsonWithoutNul } from '../validation/nul.js';
import { validate } from '../validation/validate.js';

function check<T extends TSchema>(schema: T, value: unknown, location: Location): Static<T> {
  const result = validate(schema, value, location);
  if (!result.ok) throw validationError(formatIssue(location, result.issue));
  return result.value as Static<T>;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Query strings are text: numbers the schema expects as numbers are read as numbers first. */
function coerceQuery(schema: TSchema, query: Record<string, unknown>): Record<string, unknown> {
  const props = (schema as { properties?: Record<string, { type?: string }> }).properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const type = props[key]?.type;
    out[key] = (type === 'number' || type === 'integer') && typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
  }
  return out;
}

export function pathParams<T extends TSchema>(request: FastifyRequest, schema: T): Static<T> {
  const params = { ...(request.params as Record<string, string>) };
  // Parameters arrive URL-decoded once. A property id a client encoded twice is then in its
  // encoded form, which the property lookup also accepts.
  return check(schema, params, 'path');
}

export function queryParams<T extends TSchema>(request: FastifyRequest, schema: T): Static<T> {
  return check(schema, coerceQuery(schema, { ...(request.query as Record<string, unknown>) }), 'query');
}

/** A request body as received, parsed only when the handler asks for it. */
export class RawBody {
  constructor(readonly text: string) {}
}

/** The JSON body, without NULs; an empty body is `{}` (the SDK sends none for a POST without parameters). */
function parseBody(body: unknown): unknown {
  if (!(body instanceof RawBody)) return body ?? {};
  const text = body.text.trim();
  if (text === '') return {};
  try {
    return parseJsonWithoutNul(text);
  } catch {
    throw invalidJson();
  }
}

export function bodyOf<T extends TSchema>(request: FastifyRequest, schema: T, prepare: (body: unknown) => unknown = (b) => b): Static<T> {
  return check(schema, prepare(parseBody(request.body)), 'body');
}

/** page_size: default 100; 0 is read as the default, as Notion reads it. */
export const pageSizeOf = (value: number | undefined): number => (value === undefined || value === 0 ? 100 : Math.floor(value));

/** The property ids `filter_properties` names, in either of its forms; undefined when absent. */
export function propertyFilterOf(request: FastifyRequest): string[] | undefined {
  const query = queryParams(request, PageQuery);
  const given = [query.filter_properties, query['filter_properties[]']].filter((v) => v !== undefined);
  return given.length === 0 ? undefined : given.flat();
}
