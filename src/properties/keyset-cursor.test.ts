import { describe, expect, it } from 'vitest';
import { NotionError } from '../errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

const refused = (cursor: string, scope: string, size = 2) => {
  try {
    decodeKeysetCursor(cursor, scope, size);
  } catch (error) {
    expect(error).toBeInstanceOf(NotionError);
    expect((error as NotionError).code).toBe('validation_error');
    expect((error as NotionError).message).toBe(`The start_cursor provided is invalid: ${cursor}`);
    return;
  }
  throw new Error(`${cursor} was accepted`);
};

const KEY = ['2026-01-02T03:04:05.678Z', '0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b'];

describe('keyset cursors', () => {
  it('round-trip keys of one list', () => {
    for (const key of [KEY, ['', ''], ['ünïcode "quoted"', '\\']]) {
      const cursor = encodeKeysetCursor('search:a', key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeKeysetCursor(cursor, 'search:a', 2)).toEqual(key);
    }
  });

  it('are opaque: the key is not readable in the cursor', () => {
    const cursor = encodeKeysetCursor('search:a', KEY);
    expect(cursor).not.toContain('2026');
    expect(cursor).not.toContain('0190a1b2');
  });

  it('refuse a cursor of another list', () => {
    refused(encodeKeysetCursor('search:a', KEY), 'search:b');
  });

  it('refuse a key of another size', () => {
    refused(encodeKeysetCursor('search:a', KEY), 'search:a', 1);
    refused(encodeKeysetCursor('search:a', [...KEY, 'x']), 'search:a');
  });

  it('refuse made-up and altered cursors', () => {
    const good = encodeKeysetCursor('search:a', KEY);
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = ['bogus', '', '25', `${good}x`, good.slice(1), `${good}=`, '!!!!', json({ a: 1 }), json([1, 2, 3]), json(null), KEY[1]!];
    for (const cursor of bad) refused(cursor, 'search:a');
  });
});
