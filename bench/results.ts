// bench/RESULTS.md: a fixed description and targets (rewritten from HEADER on every run), then one
// run section per load generator, each rewritten only by a run with that generator, then the
// scale run's section, rewritten only by a scale run; anything after them (notes, profiles) is
// kept as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './load.js';
import { allPagesTarget, scenariosOf, SCALE_TARGETS, type ScaleResult, type ScaleScenario } from './scale.js';
import { RESET_TARGET_MS, SDK_CALLS_TARGET_MS, STARTUP_TARGET_MS, type StartupResult } from './startup.js';
import { placement } from './cores.js';

export const TARGETS = { createRps: 1500, retrieveRps: 9000, p99Ms: 50 } as const;

export type LoadTool = 'wrk' | 'autocannon';
export const LOAD_TOOLS: readonly LoadTool[] = ['wrk', 'autocannon'];

/** Where and when a run happened. */
export interface MachineInfo {
  command: string;
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  date: string;
}

export interface RunInfo extends MachineInfo {
  tool: LoadTool;
  /** e.g. "wrk debian/4.1.0-3+b2 (-t1)" or "autocannon 8.0.0". */
  toolDescription: string;
  /** Why this load generator was used. */
  toolReason: string;
  store: string;
  notionVersion: string;
  connections: number;
  duration: number;
  /** Seconds of each scenario's load before it, not counted. */
  warmup: number;
  seed: number;
  profiled: boolean;
  wallSeconds: number;
}

const marker = (tool: LoadTool, edge: 'start' | 'end') => `<!-- bench:run:${tool}:${edge} -->`;
const SCALE = { start: '<!-- bench:scale:start -->', end: '<!-- bench:scale:end -->' };
/** The scale run on PostgreSQL has its own section, after SQLite's. */
const SCALE_POSTGRES = { start: '<!-- bench:scale-postgres:start -->', end: '<!-- bench:scale-postgres:end -->' };
const STARTUP = { start: '<!-- bench:startup:start -->', end: '<!-- bench:startup:end -->' };
/** The single run section of earlier versions of this file (always an autocannon run). */
const LEGACY = { start: '<!-- bench:run:start -->', end: '<!-- bench:run:end -->' };

const HEADER = `# Load benchmark

\`npm run bench\` (\`bench/run.ts\`) measures the server on loopback:

- it builds \`dist/\` (\`npm run build\`) and starts \`node dist/cli.js serve\` as a separate process on
  127.0.0.1, over a fresh file-backed SQLite store in a temporary directory, with a fixed token and
  \`--log-level silent\`, and waits until it answers;
- it creates 1,000 pages under the root page, then drives a load generator with 32 connections for
  10 s per scenario, each after 3 s of the same load that is not counted (\`BENCH_WARMUP\`: a fresh
  server is slower in its first seconds under load, and they would set the p99):
  1. **create page**: \`POST /v1/pages\` with \`Authorization: Bearer …\`, \`Notion-Version: 2025-09-03\`,
     \`Content-Type: application/json\`; the body has \`parent.page_id\` = the root page, a title, an
     emoji icon and three children (paragraph, heading_2, to_do);
  2. **retrieve page**: \`GET /v1/pages/{id}\`, cycling over the 1,000 pages created first;
- every non-2xx response, connection error or timeout counts as an error;
- at the end it stops the server with SIGTERM and removes the temporary directory. The run is
  bounded (a watchdog ends it after 2 × (duration + warm-up) + 80 s, plus 90 s and 2 s per 1,000 pages for the
  scale run below; the load run takes about 30 s with the defaults, the scale run about 2 minutes).

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

**Scale run** (\`bench/scale.ts\`, \`bench/scale-data.ts\`; after the load run, or alone with
\`npm run bench -- --scale-only\` or \`BENCH_SCALE=only\`): a fresh SQLite file gets a database whose
data source holds 100,000 pages with a title, a number, a select, a multi-select, a date and a
checkbox (a formula property is added with a data source update before the formula scenarios),
written in the benchmark process through the services the HTTP routes call
(\`createDatabase\`, \`createPage\`, each body checked against the route's schema first; 500 pages per
transaction), with a progress line. The compiled server is then started on that file, and the
benchmark process sends it one request at a time with \`fetch\` over 127.0.0.1: the first page of
a query with a two-condition \`and\` filter and a sort, repeated; all its matches through
\`next_cursor\`; a query without filter through \`next_cursor\` up to the 10,000 result cap; all
100,000 pages through one query per range of a number property (each under the cap, sorted by
it, two ranges at a time); a search
by a title word, repeated; the first page of a query filtering on the formula, repeated; all
matches of a rare formula filter through \`next_cursor\` (the formula of every page evaluated once). Latency runs from sending a request to having read its whole body.
Every response is checked against the generated data (the same data every run: the values come
from a seeded generator). The query plans behind the figures are described in
\`src/store/query.ts\` and \`src/store/search.ts\`, and which one each scenario uses in
\`bench/scale.ts\`. With \`BENCH_DATABASE_URL=postgres://...\` the same run follows on a fresh
PostgreSQL schema (dropped afterwards), in its own section; \`BENCH_SCALE_PAGES\` sets the pages.

**PostgreSQL run** (\`bench/postgres.ts\`; with \`BENCH_DATABASE_URL=postgres://...\`, after the load
run, or alone with \`npm run bench -- --postgres-only\` or \`BENCH_POSTGRES=only\`): the same create
and retrieve scenarios against \`node dist/cli.js serve --database ...\`, first one instance, then
two instances on one database with the load split between them (two load generators at once,
half the connections each), each setup on a fresh schema that is dropped afterwards.

**Startup run** (\`bench/startup.ts\`; after the load and scale runs, or alone with
\`npm run bench -- --startup-only\` or \`BENCH_STARTUP=only\`): how long \`startLocalNotion\` takes to
give a test suite a server, from the compiled package. A fresh process imports \`dist/index.js\`
and starts once (cold); then, in the benchmark process, 30 starts each in memory without a socket,
listening on 127.0.0.1, and seeded from \`test/fixtures/workspace.yaml\`, and 30 resets of the
seeded server. Each start is timed from the call to the resolved promise (close is not counted).

Environment: \`BENCH_TOOL\` (\`wrk\` or \`autocannon\`), \`BENCH_DURATION\` (seconds per scenario,
default 10), \`BENCH_WARMUP\` (seconds of warm-up per scenario and server, 3), \`BENCH_CONNECTIONS\` (32), \`BENCH_SEED\` (pages created first, 1000),
\`BENCH_SKIP_BUILD=1\` (use the existing \`dist/\`), \`BENCH_CPU_PROF=<dir>\` (run the server under
\`node --cpu-prof\`, profile left in \`<dir>\`), \`BENCH_ONLY=create|retrieve\` (one scenario; this
file is then left alone), \`BENCH_SCALE=0\` (no scale run) or \`BENCH_SCALE=only\` (the scale run
alone, as \`--scale-only\`), \`BENCH_SCALE_PAGES\` (pages of the scale run, 100000),
\`BENCH_STARTUP=0\` (no startup run) or \`BENCH_STARTUP=only\` (the startup run alone, as
\`--startup-only\`), \`BENCH_DATABASE_URL\` (adds the PostgreSQL run), \`BENCH_POSTGRES=0\` (no
PostgreSQL run) or \`BENCH_POSTGRES=only\` (it alone, as \`--postgres-only\`), \`BENCH_PIN=0\` (leave
the server and wrk to the scheduler instead of pinning them to cores 0 and 1 with \`taskset\`:
on two cores, unpinned runs of one build swing between two levels, about 2x apart, as the
scheduler puts the two on one core or apart).
\`npx tsx bench/profile-summary.ts <file.cpuprofile>\` lists the hottest functions of a profile.
With \`BENCH_DATABASE_URL\` set, \`npx tsx bench/postgres-cpu.ts create|retrieve\` splits a request's CPU between the
server and the PostgreSQL backends (localnotion beside the limit server), \`npx tsx bench/round-trips.ts\`
counts its round trips to PostgreSQL, and \`npx tsx bench/ui-trace.ts\` times the web UI's table scroll
frame by frame in a Chromium trace.

The load generator shares the machine with the server, so on a small machine the figures are a
floor rather than the server's ceiling. Other processes may be running on the machine during a
run as well; figures vary by ±10–15% from run to run.

## Targets

| scenario | requests/s (mean) | p99 latency | errors |
| --- | --- | --- | --- |
| create page | ≥ ${TARGETS.createRps.toLocaleString('en-US')} | < ${TARGETS.p99Ms} ms | 0 |
| retrieve page | ≥ ${TARGETS.retrieveRps.toLocaleString('en-US')} | < ${TARGETS.p99Ms} ms | 0 |

| scale run (100,000 pages, file-backed SQLite) | target |
| --- | --- |
| first page of the filtered, sorted query | p50 < ${SCALE_TARGETS.firstPageP50Ms} ms, p99 < ${SCALE_TARGETS.firstPageP99Ms} ms |
| all 100,000 pages through \`next_cursor\` | < ${SCALE_TARGETS.allPagesSeconds} s |
| search by a title word | p50 < ${SCALE_TARGETS.searchP50Ms} ms |

| startup run | target |
| --- | --- |
| \`startLocalNotion()\` in memory, warm | p50 < ${STARTUP_TARGET_MS} ms (measured, not asserted by tests) |
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

/** Where and when a run happened: the lines every section starts with. */
const machineLines = (info: MachineInfo): string =>
  `- machine: ${info.cpu}, ${info.cores} cores, ${info.platform}
- Node ${info.node}
- date: ${info.date}`;

export function runSection(info: RunInfo, create: ScenarioResult, retrieve: ScenarioResult): string {
  const row = (r: ScenarioResult, rps: number) =>
    `| ${r.name} | ${r.requestsPerSecond.toFixed(0)} | ${r.total.toLocaleString('en-US')} | ${f(r.latency.p50)} | ${f(r.latency.p97_5)} | ${f(r.latency.p99)} | ${f(r.latency.max)} | ${r.errors} | ${cpu(r)} | ${verdict(r, rps)} |`;
  return `${marker(info.tool, 'start')}
## Latest run: ${info.tool}

- command: \`${info.command}\`${info.profiled ? ' (server under `--cpu-prof`: slower than a plain run)' : ''}
- load generator: ${info.toolDescription} (${info.toolReason}); ${placement()}
${machineLines(info)}
- store: ${info.store}, fresh file in a temporary directory
- load: ${info.connections} connections, ${info.duration} s per scenario after ${info.warmup} s of it not counted, Notion-Version ${info.notionVersion}, ${info.seed.toLocaleString('en-US')} pages created first
- wall time of the whole run: ${info.wallSeconds.toFixed(1)} s

| scenario | requests/s (mean) | requests | p50 ms | p97.5 ms | p99 ms | max ms | errors | server CPU | target |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${row(create, TARGETS.createRps)}
${row(retrieve, TARGETS.retrieveRps)}
${marker(info.tool, 'end')}`;
}

/** [start, end) of the section between `start` and `end` markers, end past the end marker. */
export function find(text: string, start: string, end: string): [number, number] | undefined {
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
    const scale = find(text, SCALE.start, SCALE.end);
    if (info.tool === 'wrk' && ac) text = `${text.slice(0, ac[0])}${section}\n\n${text.slice(ac[0])}`;
    else if (info.tool === 'autocannon' && wrk) text = `${text.slice(0, wrk[1])}\n\n${section}${text.slice(wrk[1])}`;
    else if (scale) text = `${text.slice(0, scale[0])}${section}\n\n${text.slice(scale[0])}`;
    else text = `${section}\n`;
  }
  writeFileSync(file, withHeader(text));
  return file;
}

/** HEADER, then `text` from its first section on. */
function withHeader(text: string): string {
  const starts = [...LOAD_TOOLS.map((t) => marker(t, 'start')), SCALE.start, STARTUP.start].map((m) => text.indexOf(m)).filter((i) => i >= 0);
  return `${HEADER}\n${text.slice(Math.min(...starts))}`;
}

export interface ScaleInfo extends MachineInfo {
  engine: 'sqlite' | 'postgres';
  store: string;
  pages: number;
  /** Seconds to write the pages, and pages per transaction. */
  generationSeconds: number;
  batch: number;
  /** Size of the store once written: the SQLite file with its WAL, or the schema's tables. */
  storeBytes: number;
  wallSeconds: number;
  /** The pages were written by an earlier run and kept (BENCH_SCALE_KEEP). */
  kept?: boolean;
}

const seconds = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} s`;
const met = (ok: boolean) => (ok ? 'met' : 'missed');

function scaleRow(s: ScaleScenario, results: string, target: string): string {
  const l = s.latency;
  const cpuCell = s.serverCpuMs === undefined ? 'n/a' : `${s.serverCpuMs.toFixed(1)} ms/req`;
  return `| ${s.name} | ${s.requests.toLocaleString('en-US')} | ${results} | ${f(l.p50)} | ${f(l.p90)} | ${f(l.p99)} | ${f(l.max)} | ${seconds(s.seconds)} | ${cpuCell} | ${target} |`;
}

export function scaleSection(info: ScaleInfo, r: ScaleResult): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const fp = r.firstPage.latency;
  const firstTarget = `p50 < ${SCALE_TARGETS.firstPageP50Ms} ms: ${met(fp.p50 < SCALE_TARGETS.firstPageP50Ms)}, p99 < ${SCALE_TARGETS.firstPageP99Ms} ms: ${met(fp.p99 < SCALE_TARGETS.firstPageP99Ms)}`;
  const allSeconds = allPagesTarget(info.pages);
  const allTarget = `< ${allSeconds} s: ${met(r.allPages.seconds < allSeconds && r.allPages.problems.length === 0)}`;
  const editedTarget = (s: ScaleScenario) => `p50 < ${SCALE_TARGETS.editedP50Ms} ms: ${met(s.latency.p50 < SCALE_TARGETS.editedP50Ms)}`;
  const rss = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
  const searchTarget = `p50 < ${SCALE_TARGETS.searchP50Ms} ms: ${met(r.search.latency.p50 < SCALE_TARGETS.searchP50Ms)}`;
  const scenarios = scenariosOf(r);
  const problems = scenarios.flatMap((s) => s.problems);
  const sqlite = info.engine === 'sqlite';
  const markers = sqlite ? SCALE : SCALE_POSTGRES;
  return `${markers.start}
## Latest scale run${sqlite ? '' : ' on PostgreSQL'}

- command: \`${info.command}\`
${machineLines(info)}
- store: ${info.store}, ${info.kept ? `${sqlite ? 'file' : 'schema'} kept from an earlier run (BENCH_SCALE_KEEP), the pages written then` : sqlite ? 'fresh file in a temporary directory' : 'fresh schema, dropped afterwards'}
- data: ${n(info.pages)} pages written in ${seconds(info.generationSeconds)} (${n(Math.round(info.pages / info.generationSeconds))} pages/s, ${n(info.batch)} per transaction); store ${(info.storeBytes / 1e6).toFixed(0)} MB
- requests: one at a time from the benchmark process (\`fetch\`; two at a time reading every page), 127.0.0.1; latency = request sent → whole body read
- store on disk: ${(info.storeBytes / info.pages).toFixed(0)} bytes per page (${sqlite ? 'file and WAL' : "pg_total_relation_size of the schema's tables"} over pages)
- server resident memory: ${rss(r.serverRssMb.start)} once started on the data, ${rss(r.serverRssMb.end)} after every scenario (target < 300 MB), ${rss(r.serverRssMb.idle)} after 10 s more without a request
- wall time of the scale run (${info.kept ? 'the pages were not written again' : 'writing the pages included'}): ${info.wallSeconds.toFixed(1)} s

| scenario | requests | results | p50 ms | p90 ms | p99 ms | max ms | total | server CPU | target |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${scaleRow(r.firstPage, `100 of ${n(r.matchCount)} matches`, firstTarget)}
${scaleRow(r.viewFirstPage, `100 of ${n(r.matchCount)} matches`, '–')}
${scaleRow(r.matches, n(r.matches.results), '–')}
${scaleRow(r.capped, n(r.capped.results), '–')}
${scaleRow(r.allPages, n(r.allPages.results), allTarget)}
${scaleRow(r.search, `100 of ${n(r.searchMatchCount)} matches`, searchTarget)}
${scaleRow(r.editedFirstPage, n(r.editedFirstPage.results), editedTarget(r.editedFirstPage))}
${scaleRow(r.editedRange, n(r.editedRange.results), editedTarget(r.editedRange))}
${scaleRow(r.formulaFirstPage, `100 of ${n(r.formulaMatchCount)} matches`, '–')}
${scaleRow(r.formulaScan, n(r.formulaScan.results), '–')}

${scenarios.map((s) => `- **${s.name}**: ${s.detail}.`).join('\n')}

Checks against the generated data: ${problems.length === 0 ? 'every response as expected.' : `**${problems.length} failed**: ${problems.join('; ')}.`}
${markers.end}`;
}

/** Rewrite the header and the scale section of \`file\`, keeping everything else. */
export function writeScaleResults(file: string, info: ScaleInfo, r: ScaleResult): string {
  const section = scaleSection(info, r);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const markers = info.engine === 'sqlite' ? SCALE : SCALE_POSTGRES;
  const own = find(text, markers.start, markers.end);
  const sqliteSection = find(text, SCALE.start, SCALE.end);
  if (own) {
    text = text.slice(0, own[0]) + section + text.slice(own[1]);
  } else if (info.engine === 'postgres' && sqliteSection) {
    text = `${text.slice(0, sqliteSection[1])}\n\n${section}${text.slice(sqliteSection[1])}`;
  } else {
    // After the load run sections; with none, the file is started afresh.
    const ends = LOAD_TOOLS.map((t) => find(text, marker(t, 'start'), marker(t, 'end'))?.[1]).filter((e): e is number => e !== undefined);
    text = ends.length > 0 ? `${text.slice(0, Math.max(...ends))}\n\n${section}${text.slice(Math.max(...ends))}` : `${section}\n`;
  }
  writeFileSync(file, withHeader(text));
  return file;
}

export type StartupInfo = MachineInfo;

/** The seeded start, the reset and the SDK calls against their targets, where the run has them. */
function targetLines(r: StartupResult): string {
  const p50 = (prefix: string) => r.scenarios.find((s) => s.name.startsWith(prefix))?.p50;
  const out: string[] = [];
  const seeded = p50('start, seeded');
  if (seeded !== undefined) out.push(`seeded from the fixture p50 < ${STARTUP_TARGET_MS} ms: ${met(seeded < STARTUP_TARGET_MS)}`);
  const reset = p50('reset');
  if (reset !== undefined) out.push(`reset p50 < ${RESET_TARGET_MS} ms: ${met(reset < RESET_TARGET_MS)}`);
  const sdk = r.scenarios.find((s) => s.name.endsWith('SDK calls'))?.p50;
  if (sdk !== undefined) out.push(`SDK calls p50 < ${SDK_CALLS_TARGET_MS} ms: ${met(sdk < SDK_CALLS_TARGET_MS)}`);
  return out.map((line) => `, ${line}`).join('');
}

/** Every startup target with whether this run met it, on one line. */
export function startupTargets(r: StartupResult): string {
  return `warm in-memory start p50 < ${STARTUP_TARGET_MS} ms: ${met(r.scenarios[0]!.p50 < STARTUP_TARGET_MS)}${targetLines(r)}`;
}

export function startupSection(info: StartupInfo, r: StartupResult): string {
  const rows = r.scenarios.map((s) => `| ${s.name} | ${s.runs} | ${f(s.p50)} | ${f(s.p90)} | ${f(s.max)} |`);
  return `${STARTUP.start}
## Latest startup run

- command: \`${info.command}\`
${machineLines(info)}
- cold, in a fresh process: importing \`dist/index.js\` ${f(r.importMs)} ms, then the first \`startLocalNotion({ listen: false })\` ${f(r.firstStartMs)} ms
- targets: ${startupTargets(r)}

| scenario | runs | p50 ms | p90 ms | max ms |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

${r.scenarios.map((s) => `- **${s.name}**: ${s.detail}.`).join('\n')}
${STARTUP.end}`;
}

/** Rewrite the header and the startup section of \`file\` (last in the file), keeping everything else. */
export function writeStartupResults(file: string, info: StartupInfo, r: StartupResult): string {
  const section = startupSection(info, r);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const own = find(text, STARTUP.start, STARTUP.end);
  if (own) text = text.slice(0, own[0]) + section + text.slice(own[1]);
  else {
    const scale = find(text, SCALE.start, SCALE.end);
    const ends = [scale?.[1], ...LOAD_TOOLS.map((t) => find(text, marker(t, 'start'), marker(t, 'end'))?.[1])].filter((e): e is number => e !== undefined);
    text = ends.length > 0 ? `${text.slice(0, Math.max(...ends))}\n\n${section}${text.slice(Math.max(...ends))}` : `${section}\n`;
  }
  writeFileSync(file, withHeader(text));
  return file;
}
