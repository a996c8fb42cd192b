import { describe, expect, it } from 'vitest';
import { changedRegion } from './markdown-read.js';

describe('changedRegion', () => {
  it('keeps the blocks before and after the changed text', () => {
    expect(changedRegion(['a', 'b', 'c'], 'a\nB\nc', '\n')).toEqual({ head: 1, tail: 1, start: 2, end: 4 });
    expect(changedRegion(['A', 'B'], 'A\nX\nB', '\n')).toEqual({ head: 1, tail: 1, start: 2, end: 4 });
    expect(changedRegion(['A', 'X', 'B'], 'A\nB', '\n')).toEqual({ head: 1, tail: 1, start: 2, end: 2 });
    expect(changedRegion(['one', 'two'], 'one\n\ntwo\n\nthree', '\n\n')).toEqual({ head: 1, tail: 0, start: 5, end: 15 });
    expect(changedRegion([], 'new', '\n')).toEqual({ head: 0, tail: 0, start: 0, end: 3 });
  });

  it('reads again the block an indented line continues', () => {
    // `\tchild` is a child of `a`: `a` must be read with it.
    expect(changedRegion(['a', 'b'], 'a\n\tchild\nb', '\n')).toEqual({ head: 0, tail: 1, start: 0, end: 9 });
  });

  it('never lets the kept head and tail overlap', () => {
    const r = changedRegion(['x', 'x', 'x'], 'x\nx', '\n');
    expect(r.head + r.tail).toBeLessThanOrEqual(3);
    expect(r.start).toBeLessThanOrEqual(r.end);
  });
});
