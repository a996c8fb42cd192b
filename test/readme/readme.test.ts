// The README's examples are these files, word for word; the vitest one runs as part of this suite
// and the node:test one under node's own test runner here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_INDEX } from '../helpers/build-dist.js';
import { runNode } from '../helpers/cli.js';

const readme = readFileSync('README.md', 'utf8');
// Inside the repository, so that the example finds @notionhq/client in node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const dir = mkdtempSync(join('node_modules/.cache', 'localnotion-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it.each(['test/readme/vitest-example.test.ts', 'test/readme/node-test-example.mjs', 'test/readme/webhooks-example.test.ts'])(
    '%s is in the README as it is',
    (file) => {
      expect(readme).toContain(readFileSync(file, 'utf8'));
    },
  );

  it('the node:test example passes under node --test', async () => {
    // The example imports the package by name; here that is the build the run made of the source
    // (the package's own entry point), so node runs it without tsx.
    const source = readFileSync('test/readme/node-test-example.mjs', 'utf8').replace("from 'localnotion'", `from '${resolve(DIST_INDEX)}'`);
    const file = join(dir, 'notion.test.mjs');
    writeFileSync(file, source);
    const ran = await runNode(['--test', '--test-reporter=spec', file], 60_000);
    const run = { status: ran.code, stdout: ran.stdout, stderr: ran.stderr };
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/pass 2/);
    expect(run.stdout).toMatch(/fail 0/);
    // As long as the run itself may take: node starts its own test process.
  }, 60_000);
});
