// The limit comparison: the same create and retrieve scenarios, in the same run, against the limit
// server of the same engine (bench/limit-server.ts), and localnotion's figures as a share of it.
// The machine is shared and its figures drift from run to run; a ratio taken minutes apart on the
// same machine means more than either figure alone.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropPostgresSchema } from '../src/store/dialect.js';
import { createScenario, retrieveScenario, seedPages, type LoadOptions, type Scenario, type ScenarioResult } from './load.js';
import { onCore, placement, SERVER_CORE } from './cores.js';
import { find, type MachineInfo } from './results.js';
import { benchDbFile, benchDir, processCpuSeconds, type BenchServer } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));

/** What the limit servers must reach, as localnotion's share of them (requests per second). */
export const LIMIT_TARGETS = {
  sqlite: { create: 0.9, retrieve: 0.8 },
  postgres: { create: 0.6, retrieve: 0.7 },
} as const;

export type LimitEngine = keyof typeof LIMIT_TARGETS;

/** Start the limit server of `engine` as a child process and wait until it answers. */
export async function startLimitServer(engine: LimitEngine, postgres?: { url: string; schema: string }, core?: number): Promise<BenchServer> {
  const dir = engine === 'sqlite' ? benchDir() : undefined;
  const dbFile = dir ? benchDbFile(dir) : '';
  const store = engine === 'sqlite' ? [dbFile] : [postgres!.url, postgres!.schema];
  const run = onCore(core, process.execPath, ['--import', 'tsx', join(here, 'limit-server.ts'), engine, ...store]);
  const child = spawn(run.command, run.args, {
    cwd: resolve(here, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  const stop = async () => {
    process.removeListener('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      kill();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const { baseUrl, rootPageId } = await new Promise<{ baseUrl: string; rootPageId: string }>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('the limit server did not start within 20 s')), 20_000);
      void exited.then(() => fail(new Error(`the limit server exited: ${stderr.trim()}`)));
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        const root = /root page:\s+(\S+)/.exec(out)?.[1];
        if (url && root) {
          clearTimeout(timer);
          ok({ baseUrl: url, rootPageId: root });
        }
      });
    });
    const pid = child.pid!;
    return { baseUrl, rootPageId, token: 'none', dbFile, pid, core, cpuSeconds: () => processCpuSeconds(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface LimitComparison {
  engine: LimitEngine;
  /** localnotion's create and retrieve results, then the limit server's. */
  localnotion: ScenarioResult[];
  limit: ScenarioResult[];
}

export interface LimitRunOptions {
  engine: LimitEngine;
  /** The PostgreSQL database; each server gets a fresh schema there, dropped afterwards. */
  url?: string;
  /** Start localnotion on a fresh store (a fresh schema of `url` on PostgreSQL), on `core`. */
  startOurs(schema: string, core: number | undefined): Promise<BenchServer>;
  seed: number;
  load: LoadOptions;
  /** Seconds of each scenario's load on each server before its slices, not counted. */
  warmup: number;
  runScenario(server: BenchServer, scenario: Scenario, load: LoadOptions): Promise<ScenarioResult>;
  log(line: string): void;
}

/** Seconds of each slice: the two servers take turns this long, so that both see the same machine. */
const SLICE_SECONDS = 2;

/** Slices of one scenario as one run: requests add up; latencies are the worst slice's. */
function merge(slices: ScenarioResult[]): ScenarioResult {
  const total = slices.reduce((n, r) => n + r.total, 0);
  const seconds = slices.reduce((n, r) => n + r.durationSeconds, 0);
  const worst = (k: keyof ScenarioResult['latency']) => Math.max(...slices.map((r) => r.latency[k]));
  const cpu = slices.every((r) => r.serverCpu !== undefined) ? slices.reduce((n, r) => n + r.serverCpu! * r.durationSeconds, 0) / seconds : undefined;
  return {
    ...slices[0]!,
    requestsPerSecond: total / seconds,
    total,
    durationSeconds: seconds,
    latency: { p50: worst('p50'), p75: worst('p75'), p90: worst('p90'), p97_5: worst('p97_5'), p99: worst('p99'), max: worst('max'), mean: worst('mean') },
    statusCodes: slices.reduce<Record<string, number>>((codes, r) => {
      for (const [code, n] of Object.entries(r.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
      return codes;
    }, {}),
    errors: slices.reduce((n, r) => n + r.errors, 0),
    non2xx: slices.reduce((n, r) => n + r.non2xx, 0),
    ...(cpu === undefined ? {} : { serverCpu: cpu }),
  };
}

/**
 * localnotion and the limit server of `o.engine`, both running, take turns in slices of
 * SLICE_SECONDS for each scenario (create, then retrieve), `o.load.duration` seconds each in all.
 */
export async function runLimitComparison(o: LimitRunOptions): Promise<LimitComparison> {
  const schemas = [`bench_ours_${randomBytes(6).toString('hex')}`, `bench_limit_${randomBytes(6).toString('hex')}`];
  const servers: BenchServer[] = [];
  try {
    servers.push(await o.startOurs(schemas[0]!, SERVER_CORE));
    servers.push(await startLimitServer(o.engine, o.url ? { url: o.url, schema: schemas[1]! } : undefined, SERVER_CORE));
    o.log(`bench: limit comparison (${o.engine}): localnotion pid ${servers[0]!.pid}, limit server pid ${servers[1]!.pid}; seeding ${o.seed} pages each`);
    const ids = await Promise.all(servers.map((s) => seedPages(s, o.seed)));
    const slices = Math.max(1, Math.round(o.load.duration / SLICE_SECONDS));
    const slice = { connections: o.load.connections, duration: Math.max(1, Math.round(o.load.duration / slices)) };
    const turns = async (scenario: (s: BenchServer, i: number) => Scenario) => {
      const runs: ScenarioResult[][] = [[], []];
      if (o.warmup > 0) for (const i of [0, 1]) await o.runScenario(servers[i]!, scenario(servers[i]!, i), { ...slice, duration: o.warmup });
      for (let k = 0; k < slices; k++) {
        // Who goes first alternates, so that neither always follows the other's load.
        for (const i of k % 2 === 0 ? [0, 1] : [1, 0]) runs[i]!.push(await o.runScenario(servers[i]!, scenario(servers[i]!, i), slice));
      }
      return runs.map(merge);
    };
    const create = await turns((s) => createScenario(s));
    const retrieve = await turns((s, i) => retrieveScenario(s, ids[i]!));
    return { engine: o.engine, localnotion: [create[0]!, retrieve[0]!], limit: [create[1]!, retrieve[1]!] };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    if (o.url) for (const schema of schemas) await dropPostgresSchema(o.url, schema);
  }
}

const ratio = (a: ScenarioResult, b: ScenarioResult) => a.requestsPerSecond / Math.max(b.requestsPerSecond, 1e-9);
const perRequest = (r: ScenarioResult) => (r.serverCpu === undefined ? '–' : `${((r.serverCpu * r.durationSeconds * 1e6) / Math.max(r.total, 1)).toFixed(0)}`);
const f = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');

/** One line per scenario: localnotion, the limit server, the ratio and whether it meets its target. */
export function limitLines(c: LimitComparison): string[] {
  const targets = LIMIT_TARGETS[c.engine];
  return c.localnotion.map((ours, i) => {
    const limit = c.limit[i]!;
    const target = i === 0 ? targets.create : targets.retrieve;
    const r = ratio(ours, limit);
    return `| ${c.engine} | ${ours.name} | ${ours.requestsPerSecond.toFixed(0)} | ${limit.requestsPerSecond.toFixed(0)} | **${r.toFixed(2)}x** | ≥ ${target}x: ${r >= target ? 'met' : 'missed'} | ${f(ours.latency.p99)} / ${f(limit.latency.p99)} | ${perRequest(ours)} / ${perRequest(limit)} | ${ours.errors + limit.errors} |`;
  });
}

const LIMIT = { start: '<!-- bench:limit:start -->', end: '<!-- bench:limit:end -->' };

export function limitSection(
  info: MachineInfo & { toolDescription: string; connections: number; duration: number; warmup: number },
  comparisons: LimitComparison[],
): string {
  return `${LIMIT.start}
## Latest limit-server comparison

- command: \`${info.command}\`
- load generator: ${info.toolDescription}; ${info.connections} connections; per scenario, localnotion and the limit server (both running, each on a fresh store with the same seed) take turns in slices of ${SLICE_SECONDS} s, ${info.duration} s each in all, after ${info.warmup} s each of warm-up not counted; p99 is the worst slice's; ${placement()}
- machine: ${info.cpu}, ${info.cores} cores, ${info.platform} (shared with other work: absolute figures drift, the ratio is taken in one run)
- Node ${info.node}
- date: ${info.date}
- limit servers: \`bench/limit-server.ts\` (fastify and better-sqlite3 or pg; a page row and three block rows in one transaction, a page row read by id; no validation)

| engine | scenario | localnotion req/s | limit req/s | ratio | target | p99 ms (ours / limit) | server CPU µs/req (ours / limit) | errors |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${comparisons.flatMap(limitLines).join('\n')}
${LIMIT.end}`;
}

/** Rewrite the limit section of `file`, or add it at the end. */
export function writeLimitResults(file: string, section: string): string {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const own = find(text, LIMIT.start, LIMIT.end);
  text = own ? text.slice(0, own[0]) + section + text.slice(own[1]) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
  return file;
}
