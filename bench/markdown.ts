// Markdown converter figures: a 1,000-block page converted each way, in process (no server).
// Run: npx tsx bench/markdown.ts. Prints the median of several runs after a warm-up.
import { performance } from 'node:perf_hooks';
import { markdownToStored, storedToMarkdown } from '../src/markdown/test-support.js';

const RUNS = 9;

/** A page of 1,000 blocks of the usual kinds: headings, paragraphs with styles, lists, code, quotes. */
function samplePage(): string {
  const lines: string[] = [];
  let blocks = 0;
  for (let section = 0; blocks < 1000; section++) {
    lines.push(`## Section ${section} {color="blue"}`);
    lines.push(`Some **bold** and *italic* text with a [link](https://example.com/${section}) and \`code\`.`);
    lines.push(`- item one`, `\t- nested <span color="red">red</span>`, `- [x] done`);
    lines.push('```typescript', `const x${section} = ${section};`, '```');
    lines.push(`> a quote $e^{${section}}$`);
    blocks += 7;
  }
  return lines.join('\n');
}

function median(f: () => void): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const md = samplePage();
const stored = markdownToStored(md);
const count = (bs: typeof stored): number => bs.reduce((n, b) => n + 1 + count(b.children), 0);
console.log(`blocks: ${count(stored)}, markdown: ${md.length} characters`);
console.log(`markdown -> blocks: ${median(() => markdownToStored(md)).toFixed(1)} ms`);
console.log(`blocks -> markdown: ${median(() => storedToMarkdown(stored)).toFixed(1)} ms`);
