// Opaque cursors for lists paged by sort key (https://developers.notion.com/reference/intro#pagination): the key
// of the last item given, with a tag of the list it belongs to. The next page starts after that
// key, so items added or removed between pages neither repeat nor shift the rest. A made-up
// cursor, an altered one or one of another list is refused with Notion's "The start_cursor
// provided is invalid: <cursor>".
import { createHash } from 'node:crypto';
import { invalidCursor } from '../errors.js';

const tagOf = (scope: string): string => createHash('sha256').update(scope).digest('base64url').slice(0, 8);

export function encodeKeysetCursor(scope: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([tagOf(scope), ...key])).toString('base64url');
}

/** The key of `size` strings a cursor of the list `scope` holds; a 400 for anything else. */
export function decodeKeysetCursor(cursor: string, scope: string, size: number): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor);
  }
  if (!Array.isArray(decoded) || decoded.length !== size + 1 || !decoded.every((part) => typeof part === 'string')) throw invalidCursor(cursor);
  const [tag, ...key] = decoded as string[];
  if (tag !== tagOf(scope)) throw invalidCursor(cursor);
  // One encoding per key: a cursor that merely decodes to the same text is not one we gave out.
  if (encodeKeysetCursor(scope, key) !== cursor) throw invalidCursor(cursor);
  return key;
}
