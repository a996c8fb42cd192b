// Opaque cursors of data source queries (spec 8.4): where the next page starts (the sort key
// values and id of the last result given), how many results came before it (for the 10,000
// result cap), and a tag of the query's data source and sorts, so that a made-up cursor or one
// of another query is refused with Notion's "The start_cursor provided is invalid: <cursor>".
import { createHash } from 'node:crypto';
import { invalidCursor } from '../errors.js';
import type { KeyValue, Position } from '../store/query.js';

export interface QueryCursor extends Position {
  /** Results given before the page the cursor starts. */
  count: number;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const tagOf = (scope: string): string => createHash('sha256').update(scope).digest('base64url').slice(0, 10);

export function encodeQueryCursor(scope: string, cursor: QueryCursor): string {
  return Buffer.from(JSON.stringify([tagOf(scope), cursor.count, cursor.id, ...cursor.keys])).toString('base64url');
}

const isKey = (v: unknown): v is KeyValue => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** The cursor of the query `scope` with `keyCount` sort keys; a 400 for anything else. */
export function decodeQueryCursor(text: string, scope: string, keyCount: number): QueryCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(text);
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 + keyCount) throw invalidCursor(text);
  const [tag, count, id, ...keys] = parsed as unknown[];
  if (tag !== tagOf(scope) || !Number.isInteger(count) || (count as number) < 1) throw invalidCursor(text);
  if (typeof id !== 'string' || !ID.test(id) || !keys.every(isKey)) throw invalidCursor(text);
  const cursor: QueryCursor = { keys, id, count: count as number };
  // One encoding per position: a cursor that merely decodes to the same thing is not one we gave out.
  if (encodeQueryCursor(scope, cursor) !== text) throw invalidCursor(text);
  return cursor;
}
