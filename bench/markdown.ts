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
  /** PATCH update_content changing one line, on the page above and on one five times its size. */
  edits: EditResult[];
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

export interface EditResult {
  blocks: number;
  requests: number;
  p50: number;
  max: number;
}

/** Edits per page size: a markdown edit reads the whole page, so it is timed on a large one too. */
const EDITS = [
  { sections: SECTIONS, requests: 20 },
  { sections: SECTIONS * 5, requests: 3 },
];

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** A page of `count` sections, appended 16 sections (112 blocks, under 100 a children array) at a time. */
async function benchPage(call: Call, rootPageId: string, count: number): Promise<string> {
  const page = await call('POST', '/v1/pages', { parent: { page_id: rootPageId }, properties: { title: [{ text: { content: 'Markdown bench' } }] } });
  for (let from = 0; from < count; from += 16) {
    const children = parseMarkdown(sections(from, Math.min(count, from + 16)))
      .filter((b): b is NewMarkdownBlock => b.kind === 'new')
      .map(toBlockRequest);
    await call('PATCH', `/v1/blocks/${String(page.id)}/children`, { children });
  }
  return String(page.id);
}

/** `update_content` changing one code line in the middle of the page, back and forth. */
async function timeEdits(call: Call, pageId: string, count: number, requests: number): Promise<EditResult> {
  const line = `const x${Math.floor(count / 2)} = `;
  const times: number[] = [];
  for (let i = 0; i <= requests; i++) {
    const [from, to] = i % 2 === 0 ? ['= ', '= -'] : ['= -', '= '];
    const start = performance.now();
    await call('PATCH', `/v1/pages/${pageId}/markdown`, {
      type: 'update_content',
      update_content: {
        content_updates: [{ old_str: `${line}${from.slice(2)}${Math.floor(count / 2)};`, new_str: `${line}${to.slice(2)}${Math.floor(count / 2)};` }],
      },
    });
    if (i > 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { blocks: count * 7, requests, p50: percentile(times, 50), max: times.at(-1)! };
}

async function overHttp(root: string): Promise<Pick<MarkdownBenchResult, 'http' | 'edits'>> {
  const server = await startBenchServer({ cli: join(root, 'dist', 'cli.js'), token: TOKEN, cwd: root });
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, 'notion-version': NOTION_VERSION, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const page = { id: await benchPage(call, server.rootPageId, SECTIONS) };
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
    const edits: EditResult[] = [];
    for (const e of EDITS) {
      const id = e.sections === SECTIONS ? page.id : await benchPage(call, server.rootPageId, e.sections);
      edits.push(await timeEdits(call, id, e.sections, e.requests));
    }
    return { http: { requests: HTTP_REQUESTS, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, bytes }, edits };
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
  return { blocks: count(stored), characters: source.length, conversions, ...(await overHttp(root)), load };
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

\`PATCH /v1/pages/{id}/markdown\` with \`update_content\` changing one line in the middle of a page
of that kind (one request at a time, after one to warm up). An edit reads and renders the whole
page but parses only the text it changed, so its time grows with the page's load and render, as a
read's does; pages up to the 20,000 blocks a read shows can be edited (docs/decisions.md,
"Markdown edits at any depth"):

| Page | requests | p50 ms | max ms |
|---|---|---|---|
${r.edits.map((e) => `| ${e.blocks.toLocaleString('en-US')} blocks | ${e.requests} | ${ms(e.p50)} | ${ms(e.max)} |`).join('\n')}

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
