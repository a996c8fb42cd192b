import { describe, expect, it } from 'vitest';
import { NotionError } from '../errors.js';
import { decodeQueryCursor, encodeQueryCursor } from './query-cursor.js';

const ID = '0190f2a4-5b6c-4d7e-8f90-a1b2c3d4e5f6';

function invalid(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NotionError);
    expect((e as NotionError).code).toBe('validation_error');
    return (e as NotionError).message;
  }
  throw new Error('expected the cursor to be refused');
}

describe('query cursors', () => {
  it('round-trip the position, its keys and the count before it', () => {
    const cursor = { keys: ['text', 2.5, null], id: ID, count: 100 };
    const text = encodeQueryCursor('scope', cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeQueryCursor(text, 'scope', 3)).toEqual(cursor);
  });

  it('refuse what is not a cursor of this query', () => {
    const text = encodeQueryCursor('scope', { keys: [1], id: ID, count: 100 });
    expect(invalid(() => decodeQueryCursor('bogus', 'scope', 1))).toBe('The start_cursor provided is invalid: bogus');
    expect(invalid(() => decodeQueryCursor(text, 'another query', 1))).toBe(`The start_cursor provided is invalid: ${text}`);
    // Another number of sort keys is another query.
    expect(invalid(() => decodeQueryCursor(text, 'scope', 2))).toBe(`The start_cursor provided is invalid: ${text}`);
    expect(invalid(() => decodeQueryCursor(ID, 'scope', 1))).toBe(`The start_cursor provided is invalid: ${ID}`);
  });

  it('refuse tampered contents', () => {
    // Cursors hold strings: the count, the id and each key as JSON, after a tag of the query.
    const parts = (cursor: string): string[] => JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const forge = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const [tag] = parts(encodeQueryCursor('scope', { keys: [], id: ID, count: 1 }));
    expect(decodeQueryCursor(forge([tag, '1', ID]), 'scope', 0)).toEqual({ keys: [], id: ID, count: 1 });
    expect(decodeQueryCursor(forge([tag, '7', ID, '"a"', '2.5', 'null']), 'scope', 3)).toEqual({ keys: ['a', 2.5, null], id: ID, count: 7 });
    invalid(() => decodeQueryCursor(forge([tag, '0', ID]), 'scope', 0));
    invalid(() => decodeQueryCursor(forge([tag, '1.5', ID]), 'scope', 0));
    invalid(() => decodeQueryCursor(forge([tag, 1, ID]), 'scope', 0));
    invalid(() => decodeQueryCursor(forge([tag, '1', 'not-an-id']), 'scope', 0));
    invalid(() => decodeQueryCursor(forge([tag, '1', ID, '{"a":1}']), 'scope', 1));
    invalid(() => decodeQueryCursor(forge([tag, '1', ID, 'nope']), 'scope', 1));
    invalid(() => decodeQueryCursor(forge([tag, '1', ID, '1.0']), 'scope', 1));
    // The same contents with other spacing are not a cursor this server gave out.
    invalid(() => decodeQueryCursor(Buffer.from(JSON.stringify([tag, '1', ID], null, 1)).toString('base64url'), 'scope', 0));
  });
});
