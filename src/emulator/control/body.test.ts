import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyLines, readText } from './body.js';

async function linesOf(chunks: Buffer[], limits = { total: 1 << 20, line: 1 << 16, route: 'POST /import' }): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of bodyLines(Readable.from(chunks), limits)) out.push(...batch);
  return out;
}

/** `text` cut into chunks at the given byte offsets, multi-byte characters included. */
function cut(text: string, offsets: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
}

describe('bodyLines', () => {
  it('gives the lines of the text however the body is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant(''), fc.string(), fc.constant('é€😀'))), fc.array(fc.nat()), async (parts, offsets) => {
        const text = parts.join('\n');
        const expected = text.split('\n');
        // A last line without its newline is a line; an empty one after the last newline is not.
        if (expected[expected.length - 1] === '') expected.pop();
        expect(await linesOf(cut(text, offsets))).toEqual(expected);
      }),
    );
  });

  it('refuses a line longer than the limit, and a body larger than the total, naming them', async () => {
    const limits = { total: 100, line: 10, route: 'POST /import' };
    await expect(linesOf([Buffer.from('short\n\n'), Buffer.from('0123456789'), Buffer.from('x\n')], limits)).rejects.toMatchObject({
      status: 413,
      message: 'line 3 is longer than 10 bytes, the most an import line may have.',
    });
    await expect(linesOf([Buffer.from('a\n'.repeat(40)), Buffer.from('b\n'.repeat(20))], limits)).rejects.toMatchObject({
      status: 413,
      message: 'The body is too large: POST /import takes at most 100 bytes.',
    });
  });
});

describe('readText', () => {
  it('reads up to the limit, and not a byte more', async () => {
    expect(await readText(Readable.from([Buffer.from('{"a":'), Buffer.from('"é"}')]), 11, 'POST /seed')).toBe('{"a":"é"}');
    await expect(readText(Readable.from([Buffer.from('123456'), Buffer.from('789')]), 8, 'POST /seed')).rejects.toMatchObject({ status: 413 });
    expect(await readText(undefined, 8, 'POST /seed')).toBe('');
  });
});
