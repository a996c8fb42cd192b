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
//
// Then the scale run (bench/scale.ts): a fresh SQLite file gets a data source of BENCH_SCALE_PAGES
// pages (default 100,000) written through the services in this process (bench/scale-data.ts),
// a server is started on it, and filtered and sorted queries, paging and search are timed one
// request at a time; its section of bench/RESULTS.md is rewritten. BENCH_SCALE=0 leaves it out;
// BENCH_SCALE=only (or `npm run bench -- --scale-only`) runs it alone. With BENCH_DATABASE_URL set,
// the scale run is repeated on a fresh PostgreSQL schema (dropped afterwards), in its own section;
// BENCH_SCALE_SQLITE=0 leaves out the SQLite one. BENCH_SCALE_KEEP=<dir> keeps the store (the
// SQLite file in <dir>/sqlite, the PostgreSQL schema bench_scale_kept) and what was written to it,
// and a later run with the same directory and page count reads from them instead of writing again.
// With BENCH_DATABASE_URL=postgres://... the load run is repeated on PostgreSQL (bench/postgres.ts):
// against one instance, then two instances on one database with the load split across them; its
// section of bench/RESULTS.md is rewritten. BENCH_POSTGRES=0 leaves it out; BENCH_POSTGRES=only
// (or `npm run bench -- --postgres-only`) runs it alone.
//
// Last, the startup run (bench/startup.ts): in-process starts of the compiled package with
// startLocalNotion, cold and warm, and resets; its section of bench/RESULTS.md is rewritten.
// BENCH_STARTUP=0 leaves it out; BENCH_STARTUP=only (or `npm run bench -- --startup-only`) runs it alone.
// Then the markdown run (bench/markdown.ts): a 1,000-block page converted each way in process, and
// read over HTTP from the compiled server; its section of bench/RESULTS.md is rewritten.
// BENCH_MARKDOWN=0 leaves it out; BENCH_MARKDOWN=only (or `npm run bench -- --markdown-only`) runs it alone.
// Then the upload run (bench/uploads.ts): MB/s of 5 MB uploads and of serving through the signed
// URL, and the server's memory during a 100 MB multi-part upload. BENCH_UPLOADS=0 leaves it out;
// BENCH_UPLOADS=only runs it alone.
// Then the webhook run (bench/webhooks.ts): events delivered per second and the delay from write to
// delivery. BENCH_WEBHOOKS=0 leaves it out; BENCH_WEBHOOKS=only runs it alone.
// After the SQLite load run, and after the PostgreSQL run, the limit comparison (bench/limit.ts):
// localnotion and a bare fastify server on the same engine (bench/limit-server.ts) take turns on
// the same scenarios, and localnotion's share of the limit is recorded. BENCH_LIMIT=0 leaves it out.
// Then the web UI run (bench/ui.ts): first-load JavaScript, a 1,000-block page and a 10,000-row
// table scrolled, in headless Chromium. BENCH_UI=0 leaves it out; BENCH_UI=only runs it alone.
// The whole run is bounded: a watchdog ends it (and the server) if it overruns.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScenario, NOTION_VERSION, retrieveScenario, runAutocannon, seedPages, type LoadOptions, type Scenario, type ScenarioResult } from './load.js';
import { writeResults, writeScaleResults, writeStartupResults, startupTargets, TARGETS, type LoadTool, type RunInfo, type ScaleInfo } from './results.js';
import { runStartup } from './startup.js';
import { runMarkdownBench, writeMarkdownResults } from './markdown.js';
import { allPagesTarget, DEFAULT_SCALE_OPTIONS, runScale, scenariosOf, SCALE_TARGETS, type ScaleResult } from './scale.js';
import { generateScaleData, postgresStoreBytes, SCALE_BATCH, type ScaleData } from './scale-data.js';
import { dropPostgresSchema } from '../src/store/dialect.js';
import { postgresSection, postgresVersion, runPostgresBench, writePostgresResults, type PostgresRunInfo } from './postgres.js';
import { benchDbFile, benchDir, startBenchServer, type BenchServer } from './server.js';
import { runWrk, wrkVersion } from './wrk.js';
import { findOnPath } from './which.js';
import { SERVER_CORE } from './cores.js';
import { runUploads, uploadSection, writeUploadResults } from './uploads.js';
import { webhookBench } from './webhooks.js';
import { limitSection, runLimitComparison, writeLimitResults, type LimitComparison, type LimitEngine } from './limit.js';
import { runUiBench, writeUiResults } from './ui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

const duration = envInt('BENCH_DURATION', 10, 1);
// Seconds of the same load before each measured scenario, not counted: a fresh server is slower in
// its first seconds under load, and they set the p99 of a 10 s run (bench/RESULTS.md, "Sixth
// round"; which part is compiling code and which is the heap growing was not taken apart).
const warmup = envInt('BENCH_WARMUP', 3, 0);
const connections = envInt('BENCH_CONNECTIONS', 32, 1);
const seed = envInt('BENCH_SEED', 1000, 1);
const skipBuild = process.env.BENCH_SKIP_BUILD === '1';
const only = process.env.BENCH_ONLY || undefined;
if (only !== undefined && only !== 'create' && only !== 'retrieve') throw new Error('BENCH_ONLY is create or retrieve');
const cpuProfDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
/** A run's BENCH_<NAME> switch: 0 (off), 1 (on) or only; `onlyArg` on the command line also means only. */
function runSwitch(name: string, onlyArg?: string): { off: boolean; only: boolean } {
  const value = process.env[`BENCH_${name}`] || undefined;
  if (value !== undefined && value !== '0' && value !== '1' && value !== 'only') throw new Error(`BENCH_${name} is 0, 1 or only`);
  return { off: value === '0', only: value === 'only' || (onlyArg !== undefined && process.argv.includes(onlyArg)) };
}

const scaleSwitch = runSwitch('SCALE', '--scale-only');
const scaleOnly = scaleSwitch.only;
const scale = scaleOnly || (!scaleSwitch.off && only === undefined);
const scalePages = envInt('BENCH_SCALE_PAGES', 100_000, 1000);
const postgresUrl = process.env.BENCH_DATABASE_URL || undefined;
const postgresSwitch = runSwitch('POSTGRES', '--postgres-only');
const postgresOnly = postgresSwitch.only;
if (postgresOnly && !postgresUrl) throw new Error('the PostgreSQL run needs BENCH_DATABASE_URL=postgres://...');
const postgres = postgresOnly || (postgresUrl !== undefined && !postgresSwitch.off && only === undefined && !scaleOnly);
/** The scale run is repeated on PostgreSQL when a database is given (BENCH_POSTGRES=0 leaves it out). */
const scalePostgres = scale && postgresUrl !== undefined && !postgresSwitch.off && !postgresOnly;
const scaleSqlite = scale && !runSwitch('SCALE_SQLITE').off;
const scaleKeep = process.env.BENCH_SCALE_KEEP ? resolve(process.env.BENCH_SCALE_KEEP) : undefined;
const startupSwitch = runSwitch('STARTUP', '--startup-only');
const startupOnly = startupSwitch.only;
const startup = startupOnly || (!startupSwitch.off && only === undefined && !scaleOnly && !postgresOnly);
const markdownSwitch = runSwitch('MARKDOWN', '--markdown-only');
const uploadsSwitch = runSwitch('UPLOADS');
const webhooksSwitch = runSwitch('WEBHOOKS');
// BENCH_LIMIT=0 leaves out the limit servers (bench/limit.ts) the load runs are compared against.
const limitSwitch = runSwitch('LIMIT');
const uiSwitch = runSwitch('UI', '--ui-only');
const markdownOnly = markdownSwitch.only;
const markdown = markdownOnly || (!markdownSwitch.off && only === undefined && !scaleOnly && !postgresOnly && !startupOnly && !uploadsSwitch.only);
const uploadsOnly = uploadsSwitch.only;
const uploads = uploadsOnly || (!uploadsSwitch.off && only === undefined && !scaleOnly && !postgresOnly && !startupOnly && !markdownOnly);
const TOKEN = 'ntn_benchmark_token_0123456789abcdef';

const toolEnv = process.env.BENCH_TOOL || undefined;
if (toolEnv !== undefined && toolEnv !== 'wrk' && toolEnv !== 'autocannon') throw new Error('BENCH_TOOL is wrk or autocannon');
const wrkPath = findOnPath('wrk');
const tool: LoadTool = toolEnv ?? (wrkPath ? 'wrk' : 'autocannon');
if (tool === 'wrk' && !wrkPath) throw new Error('BENCH_TOOL=wrk, but wrk is not on PATH (Debian/Ubuntu: apt-get install wrk)');
const toolReason = toolEnv ? `BENCH_TOOL=${toolEnv}` : wrkPath ? `default: wrk found at ${wrkPath}` : 'default: wrk is not on PATH';

// Two timed runs plus build, start-up, seeding and shutdown; for the scale run, writing the pages
// (about 1,500 a second here) and ~40 s of requests, with room to spare.
const watchdogSeconds = uiSwitch.only
  ? 300
  : markdownOnly || uploadsOnly
    ? 480
    : startupOnly
      ? 180
      : (markdown ? 360 : 0) +
        (scaleOnly || postgresOnly ? 80 : 2 * (duration + warmup) + 80) +
        // Per engine: the pages written at no less than 250 a second on SQLite (700-1,600
        // measured) and 100 on PostgreSQL (190 measured: a round trip per statement), then the
        // scenarios, whose longest reads grow with the pages (every page by Price ranges, the
        // formula scan): a few minutes at a million.
        (scaleSqlite && !postgresOnly ? 90 + Math.ceil(scalePages / 250) : 0) +
        (scalePostgres ? 90 + Math.ceil(scalePages / 100) : 0) +
        (postgres ? 4 * (duration + warmup) + 120 : 0) +
        (limitSwitch.off ? 0 : (postgres ? 2 : 1) * (4 * (duration + warmup) + 60)) +
        (startup ? 60 : 0) +
        (uploads ? 180 : 0) +
        (!uiSwitch.off && only === undefined ? 300 : 0);
// BENCH_WATCHDOG_SECONDS replaces the estimate, for a machine far slower than the one it assumes.
const watchdog = envInt('BENCH_WATCHDOG_SECONDS', watchdogSeconds, 1);
setTimeout(() => {
  console.error(`bench: still running after ${watchdog} s; giving up`);
  process.exit(2);
}, watchdog * 1000).unref();

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

/** `warmup` seconds of the scenario's load, not counted, then the measured run. */
async function warmedScenario(server: BenchServer, scenario: Scenario, load: LoadOptions): Promise<ScenarioResult> {
  if (warmup > 0) await runScenario(server, scenario, { ...load, duration: warmup });
  return runScenario(server, scenario, load);
}

const limitComparisons: LimitComparison[] = [];

/** localnotion and the limit server of `engine` taking turns on the same scenarios; their ratio. */
async function compareWithLimit(engine: LimitEngine): Promise<void> {
  if (limitSwitch.off) return;
  const startOurs = (schema: string, core: number | undefined) =>
    startBenchServer({
      cli: join(root, 'dist', 'cli.js'),
      token: TOKEN,
      cwd: root,
      core,
      ...(engine === 'postgres' ? { store: ['--database', postgresUrl!, '--database-schema', schema] } : {}),
    });
  const log = (line: string) => console.log(line);
  const c = await runLimitComparison({
    engine,
    url: engine === 'postgres' ? postgresUrl : undefined,
    startOurs,
    seed,
    load: { connections, duration },
    warmup,
    runScenario,
    log,
  });
  for (const [i, r] of c.limit.entries()) {
    printScenario({ ...c.localnotion[i]!, name: `localnotion (${engine}): ${r.name}` });
    printScenario({ ...r, name: `limit server (${engine}): ${r.name}` });
    console.log(`  localnotion / limit: ${(c.localnotion[i]!.requestsPerSecond / r.requestsPerSecond).toFixed(2)}x`);
  }
  limitComparisons.push(c);
  const toolDescription = tool === 'wrk' ? `wrk ${wrkVersion(wrkPath!)} (-t1)` : `autocannon ${packageVersion('autocannon')}`;
  const command = postgresOnly ? 'BENCH_DATABASE_URL=postgres://... npm run bench -- --postgres-only' : 'npm run bench';
  const section = limitSection({ command, ...machine(), toolDescription, connections, duration, warmup }, limitComparisons);
  console.log(`bench: wrote the limit section of ${writeLimitResults(join(root, 'bench', 'RESULTS.md'), section)}`);
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

const machine = () => ({
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
  store: `SQLite file (WAL, synchronous=NORMAL), better-sqlite3 ${packageVersion('better-sqlite3')}`,
});

const fileBytes = (file: string) => (existsSync(file) ? statSync(file).size : 0);

function printScale(r: ScaleResult): void {
  for (const s of scenariosOf(r)) {
    const l = s.latency;
    console.log(`\n${s.name}: ${s.requests} requests, ${s.results.toLocaleString('en-US')} results, ${s.seconds.toFixed(2)} s`);
    console.log(
      `  latency p50 ${ms(l.p50)}   p90 ${ms(l.p90)}   p99 ${ms(l.p99)}   max ${ms(l.max)}` +
        (s.serverCpuMs === undefined ? '' : `   server CPU ${s.serverCpuMs.toFixed(1)} ms per request`),
    );
    for (const problem of s.problems) console.log(`  CHECK FAILED: ${problem}`);
  }
}

/**
 * Progress of writing the pages: on a terminal one line rewritten in place (at most four times a
 * second), otherwise a line every tenth of the pages or every 30 s, whichever comes first.
 */
function generationProgress(label: string, total: number): (done: number, seconds: number) => void {
  const tty = process.stdout.isTTY === true;
  let shown = 0;
  let shownDone = 0;
  return (done, seconds) => {
    const finished = done === total;
    const due = tty ? seconds - shown >= 0.25 : done - shownDone >= total / 10 || seconds - shown >= 30;
    if (!finished && !due) return;
    shown = seconds;
    shownDone = done;
    const bar = '#'.repeat(Math.round((20 * done) / total)).padEnd(20, '.');
    const rate = done / Math.max(seconds, 1e-3);
    const line =
      `bench: ${label}: [${bar}] ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} pages, ${seconds.toFixed(0)} s, ` +
      `${Math.round(rate).toLocaleString('en-US')} pages/s, ${finished ? 'done' : `about ${Math.ceil((total - done) / rate)} s left`}`;
    if (tty) process.stdout.write(`\r${line}\x1b[K${finished ? '\n' : ''}`);
    else console.log(line);
  };
}

/**
 * The scale run on one engine: write the pages (a fresh SQLite file, or a fresh PostgreSQL schema
 * dropped afterwards), start a server on them, time the scenarios, record them.
 */
async function runScaleBench(engine: 'sqlite' | 'postgres'): Promise<boolean> {
  const started = Date.now();
  const keep = scaleKeep ? join(scaleKeep, engine) : undefined;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? benchDir();
  const schema = keep ? 'bench_scale_kept' : `bench_scale_${randomBytes(6).toString('hex')}`;
  const dataFile = keep && join(keep, `pages-${scalePages}.json`);
  const cleanUp = async () => {
    if (keep) return;
    rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') await dropPostgresSchema(postgresUrl!, schema);
  };
  const removeDir = () => keep || rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const dbFile = benchDbFile(dir);
  const label = engine === 'sqlite' ? 'scale run' : 'scale run on PostgreSQL';
  const where = engine === 'sqlite' ? dbFile : `schema ${schema}`;
  let result: ScaleResult;
  let data: ScaleData;
  let storeBytes: number;
  let kept = false;
  try {
    if (dataFile && existsSync(dataFile)) {
      kept = true;
      data = JSON.parse(readFileSync(dataFile, 'utf8')) as ScaleData;
      console.log(`\nbench: ${label}: ${scalePages.toLocaleString('en-US')} pages kept in ${where} by an earlier run (${dataFile})`);
    } else {
      // A kept store without its pages file is one whose writing never finished: start over.
      if (engine === 'sqlite') for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
      else if (keep) await dropPostgresSchema(postgresUrl!, schema);
      console.log(`\nbench: ${label}: writing ${scalePages.toLocaleString('en-US')} pages to ${where} through the services, ${SCALE_BATCH} per transaction`);
      const store = engine === 'sqlite' ? { sqlite: dbFile } : { postgres: { url: postgresUrl!, schema } };
      data = await generateScaleData(store, TOKEN, scalePages, generationProgress(label, scalePages));
      if (dataFile) writeFileSync(dataFile, JSON.stringify(data));
    }
    storeBytes = engine === 'sqlite' ? fileBytes(dbFile) + fileBytes(`${dbFile}-wal`) : await postgresStoreBytes(postgresUrl!, schema);
    const server = await startBenchServer({
      cli: join(root, 'dist', 'cli.js'),
      token: TOKEN,
      cwd: root,
      dir,
      keepDir: keep !== undefined,
      ...(engine === 'postgres' ? { store: ['--database', postgresUrl!, '--database-schema', schema] } : {}),
    });
    try {
      console.log(`bench: ${label}: server pid ${server.pid} at ${server.baseUrl}, data source ${data.dataSourceId}`);
      result = await runScale(server, data, DEFAULT_SCALE_OPTIONS);
    } finally {
      await server.stop();
    }
  } finally {
    process.removeListener('exit', removeDir);
    await cleanUp();
  }
  printScale(result);
  const info: ScaleInfo = {
    engine,
    command: [
      scalePages !== 100_000 ? `BENCH_SCALE_PAGES=${scalePages}` : '',
      scaleKeep ? 'BENCH_SCALE_KEEP=<dir>' : '',
      engine === 'postgres' && !scaleSqlite ? 'BENCH_SCALE_SQLITE=0' : '',
      engine === 'postgres' ? 'BENCH_DATABASE_URL=postgres://...' : '',
      scaleOnly ? 'npm run bench -- --scale-only' : 'npm run bench',
    ]
      .filter(Boolean)
      .join(' '),
    ...machine(),
    ...(engine === 'postgres' ? { store: await postgresVersion(postgresUrl!) } : {}),
    pages: scalePages,
    generationSeconds: data.seconds,
    batch: SCALE_BATCH,
    storeBytes,
    wallSeconds: (Date.now() - started) / 1000,
    kept,
  };
  const file = writeScaleResults(join(root, 'bench', 'RESULTS.md'), info, result);
  const r = result;
  const problems = scenariosOf(r).flatMap((s) => s.problems);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `\nbench: ${label} — targets: first page p50 < ${SCALE_TARGETS.firstPageP50Ms} ms: ${verdict(r.firstPage.latency.p50 < SCALE_TARGETS.firstPageP50Ms)}, ` +
      `p99 < ${SCALE_TARGETS.firstPageP99Ms} ms: ${verdict(r.firstPage.latency.p99 < SCALE_TARGETS.firstPageP99Ms)}, ` +
      `all pages < ${allPagesTarget(scalePages)} s: ${verdict(r.allPages.seconds < allPagesTarget(scalePages))}, ` +
      `search p50 < ${SCALE_TARGETS.searchP50Ms} ms: ${verdict(r.search.latency.p50 < SCALE_TARGETS.searchP50Ms)}, ` +
      `server memory < 300 MB: ${verdict((r.serverRssMb.end ?? Infinity) < 300)}, failed checks: ${problems.length}`,
  );
  console.log(`bench: wrote the ${label} section of ${file} (${info.wallSeconds.toFixed(1)} s)`);
  return problems.length === 0;
}

/** The scale run on SQLite, then on PostgreSQL when BENCH_DATABASE_URL is set. */
async function runScaleRuns(): Promise<boolean> {
  let ok = scaleSqlite ? await runScaleBench('sqlite') : true;
  if (scalePostgres) ok = (await runScaleBench('postgres')) && ok;
  return ok;
}

/** The PostgreSQL run: one instance, then two; `sqlite` holds this run's SQLite figures, if any. */
async function runPostgresLoad(toolDescription: string, sqlite?: { create: number; retrieve: number }): Promise<boolean> {
  const url = postgresUrl!;
  const version = await postgresVersion(url);
  console.log(`\nbench: PostgreSQL run on ${version}, ${connections} connections, ${duration} s per scenario after ${warmup} s of warm-up`);
  const result = await runPostgresBench({
    url,
    cli: join(root, 'dist', 'cli.js'),
    cwd: root,
    token: TOKEN,
    seed,
    load: { connections, duration },
    runScenario: warmedScenario,
    log: (line) => console.log(line),
  });
  for (const [setup, scenarios] of [
    ['one instance', result.one],
    ['two instances', result.two],
  ] as const) {
    for (const r of scenarios) {
      console.log(`\nPostgreSQL, ${setup}:`);
      printScenario(r);
    }
  }
  const info: PostgresRunInfo = {
    command: [postgresOnly ? 'BENCH_DATABASE_URL=postgres://... npm run bench -- --postgres-only' : 'BENCH_DATABASE_URL=postgres://... npm run bench'].join(
      ' ',
    ),
    toolDescription,
    ...machine(),
    postgres: version,
    connections,
    duration,
    warmup,
    seed,
  };
  const file = writePostgresResults(join(root, 'bench', 'RESULTS.md'), postgresSection(info, result, sqlite));
  console.log(`bench: wrote the PostgreSQL section of ${file}`);
  await compareWithLimit('postgres');
  return [...result.one, ...result.two].every((r) => r.errors === 0);
}

/** The startup run: in-process starts of the compiled package, recorded in RESULTS.md. */
async function runStartupBench(): Promise<void> {
  console.log('\nbench: startup run');
  const r = await runStartup(root);
  console.log(`  cold: import ${ms(r.importMs)}, first start ${ms(r.firstStartMs)}`);
  for (const s of r.scenarios) console.log(`  ${s.name}: p50 ${ms(s.p50)}   p90 ${ms(s.p90)}   max ${ms(s.max)} (${s.runs} runs)`);
  const { cpu, cores, node, platform, date } = machine();
  const command = startupOnly ? 'npm run bench -- --startup-only' : 'npm run bench';
  const file = writeStartupResults(join(root, 'bench', 'RESULTS.md'), { command, cpu, cores, node, platform, date }, r);
  console.log(`bench: startup run — targets: ${startupTargets(r)}; wrote ${file}`);
}

/** The markdown run: conversions in process and reads over HTTP, recorded in RESULTS.md. */
async function runMarkdownRun(): Promise<void> {
  console.log('\nbench: markdown run');
  const r = await runMarkdownBench(root);
  for (const c of r.conversions) console.log(`  ${c.version}: markdown -> blocks ${ms(c.parseMs)}, blocks -> markdown ${ms(c.renderMs)} (${r.blocks} blocks)`);
  console.log(`  GET /v1/pages/{id}/markdown: p50 ${ms(r.http.p50)}   p99 ${ms(r.http.p99)}   max ${ms(r.http.max)} (${r.http.requests} requests)`);
  const command = markdownOnly ? 'npm run bench -- --markdown-only' : 'npm run bench';
  console.log(`bench: markdown run — wrote ${writeMarkdownResults(join(root, 'bench', 'RESULTS.md'), { command, ...machine() }, r)}`);
}

/** The upload run (bench/uploads.ts): MB/s of uploads and of serving, and memory during a large upload. */
async function runUploadBench(): Promise<void> {
  console.log('\nbench: upload run');
  const r = await runUploads(join(root, 'dist', 'cli.js'), TOKEN);
  const section = uploadSection(r, { command: uploadsOnly ? 'BENCH_UPLOADS=only npm run bench' : 'npm run bench', ...machine() });
  writeUploadResults(join(root, 'bench', 'RESULTS.md'), section);
  console.log(section);
}

/** The web UI run (bench/ui.ts): the UI's budgets in headless Chromium, recorded in RESULTS.md. */
async function runUiRun(): Promise<void> {
  console.log('\nbench: web UI run');
  const command = uiSwitch.only ? 'BENCH_UI=only npm run bench' : 'npm run bench';
  console.log(writeUiResults(join(root, 'bench', 'RESULTS.md'), { command, ...machine() }, await runUiBench(root)));
}

async function main(): Promise<void> {
  if (webhooksSwitch.only) return webhookBench();
  if (uiSwitch.only) return runUiRun();
  if (markdownOnly || uploadsOnly) {
    build();
    if (markdownOnly) await runMarkdownRun();
    if (uploadsOnly) await runUploadBench();
    return;
  }
  if (postgresOnly) {
    build();
    if (!(await runPostgresLoad(tool === 'wrk' ? `wrk ${wrkVersion(wrkPath!)} (-t1)` : `autocannon ${packageVersion('autocannon')}`))) process.exitCode = 1;
    return;
  }
  if (startupOnly) {
    build();
    await runStartupBench();
    return;
  }
  if (scaleOnly) {
    build();
    if (!(await runScaleRuns())) process.exitCode = 1;
    return;
  }
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
    core: SERVER_CORE,
  });
  const results: ScenarioResult[] = [];
  try {
    console.log(`bench: server pid ${server.pid} at ${server.baseUrl}, SQLite file ${server.dbFile}`);
    console.log(`bench: seeding ${seed} pages`);
    const ids = await seedPages(server, seed);
    const load = { connections, duration };
    console.log(`bench: ${connections} connections, ${duration} s per scenario after ${warmup} s of warm-up`);
    if (only !== 'retrieve') {
      results.push(await warmedScenario(server, createScenario(server), load));
      printScenario(results.at(-1)!);
    }
    if (only !== 'create') {
      results.push(await warmedScenario(server, retrieveScenario(server, ids), load));
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
      warmup !== 3 ? `BENCH_WARMUP=${warmup}` : '',
      connections !== 32 ? `BENCH_CONNECTIONS=${connections}` : '',
      seed !== 1000 ? `BENCH_SEED=${seed}` : '',
      'npm run bench',
    ]
      .filter(Boolean)
      .join(' '),
    tool,
    toolDescription,
    toolReason,
    ...machine(),
    notionVersion: NOTION_VERSION,
    connections,
    duration,
    warmup,
    seed,
    profiled: cpuProfDir !== undefined,
    wallSeconds: (Date.now() - started) / 1000,
  };
  const file = writeResults(join(root, 'bench', 'RESULTS.md'), info, results[0]!, results[1]!);
  const [create, retrieve] = results;
  const errors = create!.errors + retrieve!.errors;
  console.log(
    `\nbench: ${toolDescription} — targets: creates ≥ ${TARGETS.createRps}/s: ${create!.requestsPerSecond >= TARGETS.createRps ? 'met' : 'MISSED'}, ` +
      `retrieves ≥ ${TARGETS.retrieveRps}/s: ${retrieve!.requestsPerSecond >= TARGETS.retrieveRps ? 'met' : 'MISSED'}, ` +
      `p99 < ${TARGETS.p99Ms} ms: ${create!.latency.p99 < TARGETS.p99Ms && retrieve!.latency.p99 < TARGETS.p99Ms ? 'met' : 'MISSED'}, ` +
      `errors: ${errors}`,
  );
  console.log(`bench: wrote ${file} (${info.wallSeconds.toFixed(1)} s in all)`);
  if (errors > 0) process.exitCode = 1;
  await compareWithLimit('sqlite');
  if (postgres && !(await runPostgresLoad(toolDescription, { create: create!.requestsPerSecond, retrieve: retrieve!.requestsPerSecond }))) process.exitCode = 1;
  else if (!postgres) console.log('bench: PostgreSQL run: not configured (BENCH_DATABASE_URL=postgres://... adds it)');
  if (scale && !(await runScaleRuns())) process.exitCode = 1;
  if (startup) await runStartupBench();
  if (markdown) await runMarkdownRun();
  if (uploads) await runUploadBench();
  if (!webhooksSwitch.off && only === undefined) await webhookBench();
  if (!uiSwitch.off && only === undefined) await runUiRun();
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  console.error('bench failed:', error instanceof Error ? `${error.message}${cause}` : error);
  process.exit(1);
});
