// bench/RESULTS.md: a fixed description and targets, and a run section each `npm run bench` rewrites.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './load.js';

export const TARGETS = { createRps: 1500, retrieveRps: 9000, p99Ms: 50 } as const;

export interface RunInfo {
  command: string;
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  date: string;
  store: string;
  autocannon: string;
  notionVersion: string;
  connections: number;
  duration: number;
  seed: number;
  profiled: boolean;
  wallSeconds: number;
}

const START = '<!-- bench:run:start -->';
const END = '<!-- bench:run:end -->';

const HEADER = `# Load benchmark

\`npm run bench\` (\`bench/run.ts\`) measures the server on loopback:

- it builds \`dist/\` (\`npm run build\`) and starts \`node dist/cli.js serve\` as a separate process on
  127.0.0.1, over a fresh file-backed SQLite store in a temporary directory, with a fixed token and
  \`--log-level silent\`, and waits until it answers;
- it creates 1,000 pages under the root page, then drives autocannon (programmatic API, in the
  benchmark process) with 32 connections for 10 s per scenario:
  1. **create page**: \`POST /v1/pages\` with \`Authorization: Bearer …\`, \`Notion-Version: 2025-09-03\`,
     \`Content-Type: application/json\`; the body has \`parent.page_id\` = the root page, a title, an
     emoji icon and three children (paragraph, heading_2, to_do);
  2. **retrieve page**: \`GET /v1/pages/{id}\`, cycling over the 1,000 pages created first;
- every non-2xx response, connection error or timeout counts as an error;
- at the end it stops the server with SIGTERM and removes the temporary directory. The run is
  bounded (a watchdog ends it after 2 × duration + 80 s; a run takes about 30 s with the defaults).

Environment: \`BENCH_DURATION\` (seconds per scenario, default 10), \`BENCH_CONNECTIONS\` (32),
\`BENCH_SEED\` (pages created first, 1000), \`BENCH_SKIP_BUILD=1\` (use the existing \`dist/\`),
\`BENCH_CPU_PROF=<dir>\` (run the server under \`node --cpu-prof\`, profile left in \`<dir>\`),
\`BENCH_ONLY=create|retrieve\` (one scenario; this file is then left alone).
\`npx tsx bench/profile-summary.ts <file.cpuprofile>\` lists the hottest functions of a profile.

The load generator shares the machine with the server, so on a small machine the figures are a
floor rather than the server's ceiling.

## Targets

| scenario | requests/s (mean) | p99 latency | errors |
| --- | --- | --- | --- |
| create page | ≥ ${TARGETS.createRps.toLocaleString('en-US')} | < ${TARGETS.p99Ms} ms | 0 |
| retrieve page | ≥ ${TARGETS.retrieveRps.toLocaleString('en-US')} | < ${TARGETS.p99Ms} ms | 0 |
`;

const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

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
  return `${START}
## Latest run

- command: \`${info.command}\`${info.profiled ? ' (server under `--cpu-prof`: slower than a plain run)' : ''}
- machine: ${info.cpu}, ${info.cores} cores, ${info.platform}
- Node ${info.node}, autocannon ${info.autocannon}
- date: ${info.date}
- store: ${info.store}, fresh file in a temporary directory
- load: ${info.connections} connections, ${info.duration} s per scenario, Notion-Version ${info.notionVersion}, ${info.seed.toLocaleString('en-US')} pages created first
- wall time of the whole run: ${info.wallSeconds.toFixed(1)} s

| scenario | requests/s (mean) | requests | p50 ms | p97.5 ms | p99 ms | max ms | errors | server CPU | target |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${row(create, TARGETS.createRps)}
${row(retrieve, TARGETS.retrieveRps)}
${END}`;
}

/** Rewrite the run section of `file`, keeping everything around it; create the file if need be. */
export function writeResults(file: string, info: RunInfo, create: ScenarioResult, retrieve: ScenarioResult): string {
  const section = runSection(info, create, retrieve);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start >= 0 && end > start) text = text.slice(0, start) + section + text.slice(end + END.length);
  else text = `${HEADER}\n${section}\n`;
  writeFileSync(file, text);
  return file;
}
