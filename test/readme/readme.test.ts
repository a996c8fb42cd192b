// The README's test examples, as test/readme/extract-readme.mjs takes them from README.md: the
// files it names are there, and the node:test one passes under node's own test runner against the
// build of the sources. .ci/package-test runs all of them in a project that installed the package.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_INDEX } from '../helpers/build-dist.js';
import { runNode } from '../helpers/cli.js';
import { readmeExamples, TESTED_SECTIONS } from './extract-readme.mjs';

const readme = readFileSync('README.md', 'utf8');
// Inside the repository, so that the example finds @notionhq/client in node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const dir = mkdtempSync(join('node_modules/.cache', 'localnotion-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const examples = readmeExamples(readme);

describe('README examples', () => {
  it('are the named blocks of the sections on tests', () => {
    expect(examples.map((e) => [e.section, e.file])).toEqual([
      [TESTED_SECTIONS[0], 'notion.test.ts'],
      [TESTED_SECTIONS[0], 'notion.test.mjs'],
      [TESTED_SECTIONS[1], 'intercept.test.ts'],
    ]);
    for (const example of examples) expect(readme).toContain(`\n${example.source}\`\`\`\n`);
  });

  it('refuses a README without one of those sections', () => {
    expect(() => readmeExamples(readme.replace(`## ${TESTED_SECTIONS[1]}\n`, '## Renamed\n'))).toThrow(`README.md has no section "## ${TESTED_SECTIONS[1]}"`);
  });

  it('holds the webhook example as test/readme/webhooks-example.test.ts has it', () => {
    expect(readme).toContain(readFileSync('test/readme/webhooks-example.test.ts', 'utf8'));
  });

  it('the node:test example passes under node --test', async () => {
    // The example imports the package by name; here that is the build the run made of the source
    // (the package's own entry point), so node runs it without tsx.
    const example = examples.find((e) => e.file === 'notion.test.mjs')!;
    const source = example.source.replace("from 'localnotion'", `from '${resolve(DIST_INDEX)}'`);
    expect(source).not.toBe(example.source);
    const file = join(dir, example.file);
    writeFileSync(file, source);
    const ran = await runNode(['--test', '--test-reporter=spec', file], 60_000);
    expect(ran.code, ran.output).toBe(0);
    expect(ran.stdout).toMatch(/pass 2/);
    expect(ran.stdout).toMatch(/fail 0/);
    // As long as the run itself may take: node starts its own test process.
  }, 60_000);
});
