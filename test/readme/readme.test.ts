// The README's examples are these files, word for word; the vitest one runs as part of this suite
// and the node:test one under node's own test runner here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
// Inside the repository, so that the example finds @notionhq/client in node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const dir = mkdtempSync(join('node_modules/.cache', 'localnotion-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it.each(['test/readme/vitest-example.test.ts', 'test/readme/node-test-example.mjs'])('%s is in the README as it is', (file) => {
    expect(readme).toContain(readFileSync(file, 'utf8'));
  });

  it('the node:test example passes under node --test', () => {
    // The example imports the package by name; here that is the source, run through tsx.
    const source = readFileSync('test/readme/node-test-example.mjs', 'utf8').replace("from 'localnotion'", `from '${resolve('src/index.ts')}'`);
    const file = join(dir, 'notion.test.mjs');
    writeFileSync(file, source);
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], { encoding: 'utf8', timeout: 60_000, cwd: process.cwd() });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/pass 2/);
    expect(run.stdout).toMatch(/fail 0/);
  });
});
