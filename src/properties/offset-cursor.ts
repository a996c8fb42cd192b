// Opaque cursors for lists paged by position (https://developers.notion.com/reference/intro#pagination): the offset of the next item and a tag of
// the list it belongs to, so that a made-up cursor, or one of another list, is refused with
// Notion's "The start_cursor provided is invalid: <cursor>".
import { createHash } from 'node:crypto';
import { invalidCursor } from '../errors.js';

const tagOf = (scope: string): string => createHash('sha256').update(scope).digest('base64url').slice(0, 8);

export function encodeOffsetCursor(scope: string, offset: number): string {
  return Buffer.from(`${offset.toString(36)}.${tagOf(scope)}`).toString('base64url');
}

/** The offset a cursor of the list `scope` points at; a 400 for anything else. */
export function decodeOffsetCursor(cursor: string, scope: string): number {
  const match = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{8})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match || match[2] !== tagOf(scope)) throw invalidCursor(cursor);
  const offset = parseInt(match[1]!, 36);
  // One encoding per offset: a cursor that merely decodes to the same text is not one we gave out.
  if (encodeOffsetCursor(scope, offset) !== cursor) throw invalidCursor(cursor);
  return offset;
}
