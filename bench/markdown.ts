// The markdown run of `npm run bench` (alone: `npm run bench -- --markdown-only`): a page of about
// 1,000 blocks converted each way in this process (median of several runs after a warm-up, v1 and
// v2), then the same page read with GET /v1/pages/{id}/markdown from the compiled server over
// loopback, one request at a time (p50, p99). Its section of bench/RESULTS.md is rewritten.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FORMATS, type MarkdownFormat } from '../src/markdown/format.js';
import { parseMarkdown, type NewMarkdownBlock } from '../src/markdown/parse.js';
import { toBlockRequest } from '../src/markdown/requests.js';
import { markdownToStored, storedToMarkdown } from '../src/markdown/test-support.js';
import { find, type MachineInfo } from './results.js';
import { startBenchServer } from './server.js';

const RUNS = 9;
const HTTP_WARMUP = 20;
const HTTP_REQUESTS = 300;
const SECTION = { start: '<!-- bench:markdown:start -->', end: '<!-- bench:markdown:end -->' };
const TOKEN = 'ntn_benchmark_markdown_0123456789abcdef';
const NOTION_VERSION = '2026-03-11';

/** Sections of 7 blocks of the usual kinds: headings, paragraphs with styles, lists, code, quotes. */
function sections(from: number, to: number): string {
  const lines: string[] = [];
  for (let section = from; section < to; section++) {
    lines.push(`## Section ${section} {color="blue"}`);
    lines.push(`Some **bold** and *italic* text with a [link](https://example.com/${section}) and \`code\`.`);
    lines.push(`- item one`, `\t- nested <span color="red">red</span>`, `- [x] done`);
    lines.push('```typescript', `const x${section} = ${section};`, '```');
    lines.push(`> a quote $e^{${section}}$`);
  }
  return lines.join('\n');
}

/** 143 sections: 1,001 blocks. */
const SECTIONS = 143;

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

export interface ConversionResult {
  version: string;
  parseMs: number;
  renderMs: number;
}

export interface MarkdownBenchResult {
  blocks: number;
  characters: number;
  conversions: ConversionResult[];
  http: { requests: number; p50: number; p99: number; max: number; bytes: number };
  /** The machine's one-minute load average when the run started: other work inflates the figures. */
  load: number;
}

function convert(format: MarkdownFormat, source: string): ConversionResult {
  const stored = markdownToStored(source);
  const text = storedToMarkdown(stored, format);
  return {
    version: format.version,
    parseMs: median(() => markdownToStored(text, format)),
    renderMs: median(() => storedToMarkdown(stored, format)),
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function overHttp(root: string): Promise<MarkdownBenchResult['http']> {
  const server = await startBenchServer({ cli: join(root, 'dist', 'cli.js'), token: TOKEN, cwd: root });
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, 'notion-version': NOTION_VERSION, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const page = await call('POST', '/v1/pages', { parent: { page_id: server.rootPageId }, properties: { title: [{ text: { content: 'Markdown bench' } }] } });
    // A request takes at most 100 blocks in an array: the page is appended 16 sections at a time.
    for (let from = 0; from < SECTIONS; from += 16) {
      const children = parseMarkdown(sections(from, Math.min(SECTIONS, from + 16)))
        .filter((b): b is NewMarkdownBlock => b.kind === 'new')
        .map(toBlockRequest);
      await call('PATCH', `/v1/blocks/${page.id}/children`, { children });
    }
    let bytes = 0;
    const times: number[] = [];
    for (let i = 0; i < HTTP_WARMUP + HTTP_REQUESTS; i++) {
      const start = performance.now();
      const res = await fetch(`${server.baseUrl}/v1/pages/${page.id}/markdown`, { headers });
      const body = await res.text();
      const elapsed = performance.now() - start;
      if (res.status !== 200) throw new Error(`GET markdown: ${res.status} ${body}`);
      bytes = body.length;
      if (i >= HTTP_WARMUP) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    return { requests: HTTP_REQUESTS, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, bytes };
  } finally {
    await server.stop();
  }
}

/** Conversions in this process, then reads over HTTP from the compiled server in `root`/dist. */
export async function runMarkdownBench(root: string): Promise<MarkdownBenchResult> {
  const load = loadavg()[0]!;
  const source = sections(0, SECTIONS);
  const stored = markdownToStored(source);
  const count = (bs: typeof stored): number => bs.reduce((n, b) => n + 1 + count(b.children), 0);
  const conversions = [convert(FORMATS.v1, source), convert(FORMATS.v2, source)];
  return { blocks: count(stored), characters: source.length, conversions, http: await overHttp(root), load };
}

const ms = (n: number): string => n.toFixed(1);

function markdownSection(info: MachineInfo, r: MarkdownBenchResult): string {
  const rows = r.conversions.flatMap((c) => [
    `| markdown -> blocks (${c.version}: parse, build the stored blocks) | ${ms(c.parseMs)} |`,
    `| blocks -> markdown (${c.version}: render) | ${ms(c.renderMs)} |`,
  ]);
  return `${SECTION.start}
## Markdown

- command: \`${info.command}\`
- machine: ${info.cpu}, ${info.cores} cores, ${info.platform}
- Node ${info.node}
- date: ${info.date}
- load average when the run started: ${r.load.toFixed(1)} (on ${info.cores} cores; other work on the machine slows every figure below)

A generated page of ${r.blocks.toLocaleString('en-US')} blocks (headings with colours, styled paragraphs with links, nested
lists, to-dos, code, quotes with equations; ${(r.characters / 1000).toFixed(0)} KB of markdown), converted in the benchmark
process, median of ${RUNS} runs after a warm-up:

| Conversion | ms |
|---|---|
${rows.join('\n')}

The same page appended through \`PATCH /v1/blocks/{id}/children\` in the compiled server (SQLite
file, loopback), then read with \`GET /v1/pages/{id}/markdown\` (Notion-Version ${NOTION_VERSION}, v1), one
request at a time, ${r.http.requests} requests after ${HTTP_WARMUP} to warm up; ${(r.http.bytes / 1000).toFixed(0)} KB a response:

| Request | p50 ms | p99 ms | max ms |
|---|---|---|---|
| GET /v1/pages/{id}/markdown | ${ms(r.http.p50)} | ${ms(r.http.p99)} | ${ms(r.http.max)} |

Reading markdown costs most in micromark, which each block's text goes through; an HTTP read is
loading the page's blocks from the store and rendering them.
${SECTION.end}`;
}

/** Rewrite the markdown section of `file` (replacing the older hand-written "Markdown converter" section). */
export function writeMarkdownResults(file: string, info: MachineInfo, r: MarkdownBenchResult): string {
  const section = markdownSection(info, r);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const own = find(text, SECTION.start, SECTION.end);
  const legacy = text.indexOf('## Markdown converter');
  if (own) text = text.slice(0, own[0]) + section + text.slice(own[1]);
  else if (legacy >= 0) {
    const next = text.indexOf('\n## ', legacy + 1);
    text = `${text.slice(0, legacy)}${section}\n${next < 0 ? '' : text.slice(next)}`;
  } else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
  return file;
}
