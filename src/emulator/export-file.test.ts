// Reading an export file line by line, however late the reading starts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileLines } from './export-file.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fileLines', () => {
  it('gives every line even when the iteration starts after a wait (as an import waits for its transaction)', async () => {
    const file = join(dir, 'lines.ndjson');
    const expected = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ n: i }));
    writeFileSync(file, `${expected.join('\n')}\n`);
    const lines = fileLines(file);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const read: string[] = [];
    for await (const line of lines) read.push(line);
    expect(read).toEqual(expected);
  });
});
