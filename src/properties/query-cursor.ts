// Cursors of data source queries (https://developers.notion.com/reference/intro#pagination): where the next page starts (the sort key values and
// id of the last result given) and how many results came before it (for the 10,000 result cap),
// in the opaque keyset cursor of keyset-cursor.ts, tagged with the query's data source, sorts and
// trash state. Anything else is Notion's "The start_cursor provided is invalid: <cursor>".
import { invalidCursor } from '../errors.js';
import type { KeyValue, Position } from '../store/query.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

export interface QueryCursor extends Position {
  /** Results given before the page the cursor starts. */
  count: number;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COUNT = /^[1-9][0-9]{0,8}$/;

const isKey = (v: unknown): v is KeyValue => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

export function encodeQueryCursor(scope: string, cursor: QueryCursor): string {
  // Sort values keep their JSON type (text, number or empty) inside the cursor's strings.
  return encodeKeysetCursor(scope, [String(cursor.count), cursor.id, ...cursor.keys.map((k) => JSON.stringify(k))]);
}

/** The cursor of the query `scope` with `keyCount` sort keys; a 400 for anything else. */
export function decodeQueryCursor(text: string, scope: string, keyCount: number): QueryCursor {
  const [count, id, ...encoded] = decodeKeysetCursor(text, scope, 2 + keyCount);
  if (!COUNT.test(count!) || !ID.test(id!)) throw invalidCursor(text);
  const keys = encoded.map((k) => {
    let value: unknown;
    try {
      value = JSON.parse(k);
    } catch {
      throw invalidCursor(text);
    }
    // One encoding per value: "1.0" is not a key this server wrote.
    if (!isKey(value) || JSON.stringify(value) !== k) throw invalidCursor(text);
    return value;
  });
  return { keys, id: id!, count: Number(count) };
}
