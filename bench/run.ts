// `npm run bench`: a bounded loopback load benchmark of the compiled server.
//
//   1. builds dist/ (`npm run build`; BENCH_SKIP_BUILD=1 skips it),
//   2. starts `node dist/cli.js serve` on 127.0.0.1 over a fresh SQLite file in a temp dir,
//   3. seeds BENCH_SEED pages (default 1000),
//   4. runs the load generator for BENCH_DURATION seconds (default 10) at BENCH_CONNECTIONS
//      (default 32) on POST /v1/pages, then on GET /v1/pages/{id} over the seeded ids,
//   5. prints the figures and rewrites that load generator's run section of bench/RESULTS.md,
//   6. stops the server (SIGTERM) and removes the temp dir.
//
// BENCH_TOOL=wrk|autocannon picks the load generator: wrk (a child process, `wrk -t1`, see
// bench/wrk.ts) or autocannon (in this process); the default is wrk when it is on PATH.
// BENCH_CPU_PROF=<dir> runs the server under `node --cpu-prof` and leaves its profile in <dir>;
// BENCH_ONLY=create or BENCH_ONLY=retrieve runs one scenario (and leaves RESULTS.md alone).
// The whole run is bounded: a watchdog ends it (and the server) if it overruns.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createScenario,
  NOTION_VERSION,
  retrieveScenario,
  runAutocannon,
  seedPages,
  type LoadOptions,
  type Scenario,
  type ScenarioResult,
} from './load.js';
import { writeResults, TARGETS, type LoadTool, type RunInfo } from './results.js';
import { startBenchServer, type BenchServer } from './server.js';
import { findOnPath, runWrk, wrkVersion } from './wrk.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

const duration = envInt('BENCH_DURATION', 10, 1);
const connections = envInt('BENCH_CONNECTIONS', 32, 1);
const seed = envInt('BENCH_SEED', 1000, 1);
const skipBuild = process.env.BENCH_SKIP_BUILD === '1';
const only = process.env.BENCH_ONLY || undefined;
if (only !== undefined && only !== 'create' && only !== 'retrieve') throw new Error('BENCH_ONLY is create or retrieve');
const cpuProfDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
const TOKEN = 'ntn_benchmark_token_0123456789abcdef';

const toolEnv = process.env.BENCH_TOOL || undefined;
if (toolEnv !== undefined && toolEnv !== 'wrk' && toolEnv !== 'autocannon') throw new Error('BENCH_TOOL is wrk or autocannon');
const wrkPath = findOnPath('wrk');
const tool: LoadTool = toolEnv ?? (wrkPath ? 'wrk' : 'autocannon');
if (tool === 'wrk' && !wrkPath) throw new Error('BENCH_TOOL=wrk, but wrk is not on PATH (Debian/Ubuntu: apt-get install wrk)');
const toolReason = toolEnv ? `BENCH_TOOL=${toolEnv}` : wrkPath ? `default: wrk found at ${wrkPath}` : 'default: wrk is not on PATH';

// Two timed runs plus build, start-up, seeding and shutdown.
const watchdogSeconds = 2 * duration + 80;
setTimeout(() => {
  console.error(`bench: still running after ${watchdogSeconds} s; giving up`);
  process.exit(2);
}, watchdogSeconds * 1000).unref();

function build(): void {
  if (skipBuild) {
    console.log('bench: BENCH_SKIP_BUILD=1, using the existing dist/');
  } else {
    console.log('bench: npm run build');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', timeout: 90_000 });
    if (result.status !== 0) throw new Error(`npm run build failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing; run npm run build');
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : '–');

function runScenario(server: BenchServer, scenario: Scenario, load: LoadOptions): Promise<ScenarioResult> {
  return tool === 'wrk' ? runWrk(wrkPath!, server, scenario, load) : runAutocannon(server, scenario, load);
}

function printScenario(r: ScenarioResult): void {
  const codes = Object.entries(r.statusCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(', ');
  console.log(`\n${r.name} [${r.tool}]`);
  console.log(`  requests/s (mean): ${r.requestsPerSecond.toFixed(0)}   total: ${r.total} in ${r.durationSeconds.toFixed(1)} s`);
  const l = r.latency;
  console.log(`  latency p50 ${ms(l.p50)}   p75 ${ms(l.p75)}   p90 ${ms(l.p90)}   p97.5 ${ms(l.p97_5)}   p99 ${ms(l.p99)}   max ${ms(l.max)}`);
  console.log(`  errors: ${r.errors} (non-2xx ${r.non2xx})   status codes: ${codes || 'none'}`);
  if (r.serverCpu !== undefined) {
    const perRequest = (r.serverCpu * r.durationSeconds * 1e6) / Math.max(r.total, 1);
    console.log(`  server CPU: ${(r.serverCpu * 100).toFixed(0)}% of a core, ${perRequest.toFixed(0)} µs per request`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const toolDescription = tool === 'wrk' ? `wrk ${wrkVersion(wrkPath!)} (-t1)` : `autocannon ${packageVersion('autocannon')}`;
  console.log(`bench: load generator ${toolDescription} (${toolReason})`);
  build();
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const server = await startBenchServer({
    cli: join(root, 'dist', 'cli.js'),
    token: TOKEN,
    cwd: root,
    nodeArgs: cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [],
  });
  const results: ScenarioResult[] = [];
  try {
    console.log(`bench: server pid ${server.pid} at ${server.baseUrl}, SQLite file ${server.dbFile}`);
    console.log(`bench: seeding ${seed} pages`);
    const ids = await seedPages(server, seed);
    const load = { connections, duration };
    console.log(`bench: ${connections} connections, ${duration} s per scenario`);
    if (only !== 'retrieve') {
      results.push(await runScenario(server, createScenario(server), load));
      printScenario(results.at(-1)!);
    }
    if (only !== 'create') {
      results.push(await runScenario(server, retrieveScenario(server, ids), load));
      printScenario(results.at(-1)!);
    }
  } finally {
    await server.stop();
  }
  if (cpuProfDir) console.log(`\nbench: server CPU profile written to ${cpuProfDir}`);
  if (only) {
    if (results.some((r) => r.errors > 0)) process.exitCode = 1;
    return;
  }

  const info: RunInfo = {
    command: [
      toolEnv ? `BENCH_TOOL=${toolEnv}` : '',
      duration !== 10 ? `BENCH_DURATION=${duration}` : '',
      connections !== 32 ? `BENCH_CONNECTIONS=${connections}` : '',
      seed !== 1000 ? `BENCH_SEED=${seed}` : '',
      'npm run bench',
    ]
      .filter(Boolean)
      .join(' '),
    tool,
    toolDescription,
    toolReason,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    store: `SQLite file (WAL, synchronous=NORMAL), better-sqlite3 ${packageVersion('better-sqlite3')}`,
    notionVersion: NOTION_VERSION,
    connections,
    duration,
    seed,
    profiled: cpuProfDir !== undefined,
    wallSeconds: (Date.now() - started) / 1000,
  };
  const file = writeResults(join(root, 'bench', 'RESULTS.md'), info, results[0]!, results[1]!);
  const [create, retrieve] = results;
  const errors = create!.errors + retrieve!.errors;
  console.log(`\nbench: ${toolDescription} — targets: creates ≥ ${TARGETS.createRps}/s: ${create!.requestsPerSecond >= TARGETS.createRps ? 'met' : 'MISSED'}, ` +
    `retrieves ≥ ${TARGETS.retrieveRps}/s: ${retrieve!.requestsPerSecond >= TARGETS.retrieveRps ? 'met' : 'MISSED'}, ` +
    `p99 < ${TARGETS.p99Ms} ms: ${create!.latency.p99 < TARGETS.p99Ms && retrieve!.latency.p99 < TARGETS.p99Ms ? 'met' : 'MISSED'}, ` +
    `errors: ${errors}`);
  console.log(`bench: wrote ${file} (${info.wallSeconds.toFixed(1)} s in all)`);
  if (errors > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
