// The test files a README reader copies: every fenced block of the README's sections on tests that
// begins with a `// <file name>` line, written under that name. Plain JavaScript, so that node runs
// it in a project that has only the installed package (.ci/package-test), and the README cannot
// drift from what is run.
//   node test/readme/extract-readme.mjs README.md <directory>
import console from 'node:console';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/** The sections whose examples are run, by their headings. */
export const TESTED_SECTIONS = ['Use it from your tests', 'Testing code that cannot change its base URL'];

const FILE_LINE = /^\/\/ ([\w.-]+\.(?:ts|mts|js|mjs))\b/;

/** The text of a `## heading` section, up to the next `## ` heading. */
function section(readme, heading) {
  const lines = readme.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start === -1) throw new Error(`README.md has no section "## ${heading}"`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The named examples of the tested sections: `[{ file, source, section }]`, in README order. */
export function readmeExamples(readme) {
  const examples = [];
  for (const heading of TESTED_SECTIONS) {
    const lines = section(readme, heading);
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|js|typescript|javascript)\s*$/.test(lines[i])) continue;
      const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
      const body = lines.slice(i + 1, end);
      const file = FILE_LINE.exec(body[0] ?? '')?.[1];
      if (file) {
        if (examples.some((e) => e.file === file)) throw new Error(`README.md names ${file} twice`);
        examples.push({ file, source: `${body.join('\n')}\n`, section: heading });
      }
      i = end;
    }
  }
  return examples;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [readmePath, outDir] = process.argv.slice(2);
  if (!readmePath || !outDir) {
    console.error('usage: node extract-readme.mjs README.md <directory>');
    process.exit(2);
  }
  const examples = readmeExamples(readFileSync(readmePath, 'utf8'));
  mkdirSync(outDir, { recursive: true });
  for (const { file, source } of examples) {
    writeFileSync(join(outDir, file), source);
    console.log(file);
  }
}
