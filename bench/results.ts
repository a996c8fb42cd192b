// bench/RESULTS.md: a fixed description and targets (rewritten from HEADER on every run), then one
// run section per load generator, each rewritten only by a run with that generator; anything
// after the run sections (notes, profiles) is kept as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './load.js';

export const TARGETS = { createRps: 1500, retrieveRps: 9000, p99Ms: 50 } as const;

export type LoadTool = 'wrk' | 'autocannon';
export const LOAD_TOOLS: readonly LoadTool[] = ['wrk', 'autocannon'];

export interface RunInfo {
  command: string;
  tool: LoadTool;
  /** e.g. "wrk debian/4.1.0-3+b2 (-t1)" or "autocannon 8.0.0". */
  toolDescription: string;
  /** Why this load generator was used. */
  toolReason: string;
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  date: string;
  store: string;
  notionVersion: string;
  connections: number;
  duration: number;
  seed: number;
  profiled: boolean;
  wallSeconds: number;
}

const marker = (tool: LoadTool, edge: 'start' | 'end') => `<!-- bench:run:${tool}:${edge} -->`;
/** The single run section of earlier versions of this file (always an autocannon run). */
const LEGACY = { start: '<!-- bench:run:start -->', end: '<!-- bench:run:end -->' };

const HEADER = `# Load benchmark

\`npm run bench\` (\`bench/run.ts\`) measures the server on loopback:

- it builds \`dist/\` (\`npm run build\`) and starts \`node dist/cli.js serve\` as a separate process on
  127.0.0.1, over a fresh file-backed SQLite store in a temporary directory, with a fixed token and
  \`--log-level silent\`, and waits until it answers;
- it creates 1,000 pages under the root page, then drives a load generator with 32 connections for
  10 s per scenario:
  1. **create page**: \`POST /v1/pages\` with \`Authorization: Bearer …\`, \`Notion-Version: 2025-09-03\`,
     \`Content-Type: application/json\`; the body has \`parent.page_id\` = the root page, a title, an
     emoji icon and three children (paragraph, heading_2, to_do);
  2. **retrieve page**: \`GET /v1/pages/{id}\`, cycling over the 1,000 pages created first;
- every non-2xx response, connection error or timeout counts as an error;
- at the end it stops the server with SIGTERM and removes the temporary directory. The run is
  bounded (a watchdog ends it after 2 × duration + 80 s; a run takes about 30 s with the defaults).

Load generators (\`BENCH_TOOL\`; the default is wrk when \`wrk\` is on PATH, else autocannon):

- **wrk** (\`BENCH_TOOL=wrk\`; Debian/Ubuntu: \`apt-get install wrk\`): a C load generator, run as
  \`wrk -t1 -c32 -d10s --latency -s <script>\` with a Lua script generated in the temporary
  directory (method, headers and body; for retrieve, a \`request()\` hook handing out the seeded
  page ids in turn; a \`done()\` hook adding p97.5, max and mean from wrk's histogram). Figures come
  from wrk's report: Requests/sec, the latency distribution, totals, socket errors and
  "Non-2xx or 3xx responses" (wrk counts responses with a status above 399 there).
- **autocannon** (\`BENCH_TOOL=autocannon\`): its programmatic API, in the benchmark process. It
  needs about a whole core of its own, so on a small machine it leaves the server less CPU than
  wrk does.

Each load generator has its own run section below, rewritten only by a run with that generator.

Environment: \`BENCH_TOOL\` (\`wrk\` or \`autocannon\`), \`BENCH_DURATION\` (seconds per scenario,
default 10), \`BENCH_CONNECTIONS\` (32), \`BENCH_SEED\` (pages created first, 1000),
\`BENCH_SKIP_BUILD=1\` (use the existing \`dist/\`), \`BENCH_CPU_PROF=<dir>\` (run the server under
\`node --cpu-prof\`, profile left in \`<dir>\`), \`BENCH_ONLY=create|retrieve\` (one scenario; this
file is then left alone).
\`npx tsx bench/profile-summary.ts <file.cpuprofile>\` lists the hottest functions of a profile.

The load generator shares the machine with the server, so on a small machine the figures are a
floor rather than the server's ceiling. Other processes may be running on the machine during a
run as well; figures vary by ±10–15% from run to run.

## Targets

| scenario | requests/s (mean) | p99 latency | errors |
| --- | --- | --- | --- |
| create page | ≥ ${TARGETS.createRps.toLocaleString('en-US')} | < ${TARGETS.p99Ms} ms | 0 |
| retrieve page | ≥ ${TARGETS.retrieveRps.toLocaleString('en-US')} | < ${TARGETS.p99Ms} ms | 0 |
`;

/** Milliseconds; "–" where the load generator gave no figure. */
const f = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');

/** Share of a core the server used, and its CPU time per request. */
function cpu(r: ScenarioResult): string {
  if (r.serverCpu === undefined) return 'n/a';
  const perRequest = (r.serverCpu * r.durationSeconds * 1e6) / Math.max(r.total, 1);
  return `${(r.serverCpu * 100).toFixed(0)}%, ${perRequest.toFixed(0)} µs/req`;
}

function verdict(r: ScenarioResult, rps: number): string {
  const ok = r.requestsPerSecond >= rps && r.latency.p99 < TARGETS.p99Ms && r.errors === 0;
  return ok ? 'met' : 'missed';
}

export function runSection(info: RunInfo, create: ScenarioResult, retrieve: ScenarioResult): string {
  const row = (r: ScenarioResult, rps: number) =>
    `| ${r.name} | ${r.requestsPerSecond.toFixed(0)} | ${r.total.toLocaleString('en-US')} | ${f(r.latency.p50)} | ${f(r.latency.p97_5)} | ${f(r.latency.p99)} | ${f(r.latency.max)} | ${r.errors} | ${cpu(r)} | ${verdict(r, rps)} |`;
  return `${marker(info.tool, 'start')}
## Latest run: ${info.tool}

- command: \`${info.command}\`${info.profiled ? ' (server under `--cpu-prof`: slower than a plain run)' : ''}
- load generator: ${info.toolDescription} (${info.toolReason})
- machine: ${info.cpu}, ${info.cores} cores, ${info.platform}
- Node ${info.node}
- date: ${info.date}
- store: ${info.store}, fresh file in a temporary directory
- load: ${info.connections} connections, ${info.duration} s per scenario, Notion-Version ${info.notionVersion}, ${info.seed.toLocaleString('en-US')} pages created first
- wall time of the whole run: ${info.wallSeconds.toFixed(1)} s

| scenario | requests/s (mean) | requests | p50 ms | p97.5 ms | p99 ms | max ms | errors | server CPU | target |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${row(create, TARGETS.createRps)}
${row(retrieve, TARGETS.retrieveRps)}
${marker(info.tool, 'end')}`;
}

/** [start, end) of the section between `start` and `end` markers, end past the end marker. */
function find(text: string, start: string, end: string): [number, number] | undefined {
  const s = text.indexOf(start);
  const e = text.indexOf(end, s);
  return s >= 0 && e > s ? [s, e + end.length] : undefined;
}

/**
 * Rewrite the header and this tool's run section of `file`, keeping the other tool's section and
 * everything after the run sections; create the file if need be.
 */
export function writeResults(file: string, info: RunInfo, create: ScenarioResult, retrieve: ScenarioResult): string {
  const section = runSection(info, create, retrieve);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const legacy = find(text, LEGACY.start, LEGACY.end);
  if (legacy && !find(text, marker('autocannon', 'start'), marker('autocannon', 'end'))) {
    const old = text.slice(legacy[0], legacy[1]).replace(LEGACY.start, marker('autocannon', 'start')).replace(LEGACY.end, marker('autocannon', 'end'));
    text = text.slice(0, legacy[0]) + old.replace('## Latest run\n', '## Latest run: autocannon\n') + text.slice(legacy[1]);
  }
  const own = find(text, marker(info.tool, 'start'), marker(info.tool, 'end'));
  if (own) {
    text = text.slice(0, own[0]) + section + text.slice(own[1]);
  } else {
    // wrk's section goes first, autocannon's second; with neither, the file is started afresh.
    const wrk = find(text, marker('wrk', 'start'), marker('wrk', 'end'));
    const ac = find(text, marker('autocannon', 'start'), marker('autocannon', 'end'));
    if (info.tool === 'wrk' && ac) text = `${text.slice(0, ac[0])}${section}\n\n${text.slice(ac[0])}`;
    else if (info.tool === 'autocannon' && wrk) text = `${text.slice(0, wrk[1])}\n\n${section}${text.slice(wrk[1])}`;
    else text = `${section}\n`;
  }
  // The header is everything before the first run section.
  const first = Math.min(...LOAD_TOOLS.map((t) => text.indexOf(marker(t, 'start'))).filter((i) => i >= 0));
  text = `${HEADER}\n${text.slice(first)}`;
  writeFileSync(file, text);
  return file;
}
