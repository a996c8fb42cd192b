import { describe, expect, it } from 'vitest';
import { NotionError } from '../errors.js';
import { decodeOffsetCursor, encodeOffsetCursor } from './offset-cursor.js';

const refused = (cursor: string, scope: string) => {
  try {
    decodeOffsetCursor(cursor, scope);
  } catch (error) {
    expect(error).toBeInstanceOf(NotionError);
    expect((error as NotionError).code).toBe('validation_error');
    expect((error as NotionError).message).toBe(`The start_cursor provided is invalid: ${cursor}`);
    return;
  }
  throw new Error(`${cursor} was accepted`);
};

describe('offset cursors', () => {
  it('round-trip offsets of one list', () => {
    for (const offset of [0, 1, 25, 100, 12345, 2 ** 40]) {
      const cursor = encodeOffsetCursor('page/title', offset);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeOffsetCursor(cursor, 'page/title')).toBe(offset);
    }
  });

  it('are opaque: the offset is not readable as a number', () => {
    expect(encodeOffsetCursor('page/title', 25)).not.toContain('25');
  });

  it('refuse a cursor of another list', () => {
    refused(encodeOffsetCursor('page-a/title', 3), 'page-b/title');
    refused(encodeOffsetCursor('page-a/title', 3), 'page-a/Xy:z');
  });

  it('refuse made-up and altered cursors', () => {
    const good = encodeOffsetCursor('page/title', 7);
    for (const bad of ['bogus', '', '25', `${good}x`, good.slice(1), `${good}=`, 'ZZZZ', '!!!!']) refused(bad, 'page/title');
  });
});
