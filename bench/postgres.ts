// The load run on PostgreSQL: the same create and retrieve scenarios against one instance, then
// against two instances on one database with the load split evenly across them (each gets half
// the connections, both run at once). Every run gets a fresh schema, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dropPostgresSchema } from '../src/store/dialect.js';
import { createScenario, retrieveScenario, seedPages, type LoadOptions, type Scenario, type ScenarioResult } from './load.js';
import { find, type MachineInfo } from './results.js';
import { startBenchServer, type BenchServer } from './server.js';

export interface PostgresBenchOptions {
  url: string;
  cli: string;
  cwd: string;
  token: string;
  seed: number;
  load: LoadOptions;
  runScenario(server: BenchServer, scenario: Scenario, load: LoadOptions): Promise<ScenarioResult>;
  log(line: string): void;
}

export interface PostgresBenchResult {
  /** create, then retrieve, against one instance. */
  one: ScenarioResult[];
  /** create, then retrieve, split across two instances (summed; latencies of the slower one). */
  two: ScenarioResult[];
}

/** Two runs of one scenario side by side, as one: requests add up, latencies are the higher. */
function combine(a: ScenarioResult, b: ScenarioResult): ScenarioResult {
  const codes: Record<string, number> = { ...a.statusCodes };
  for (const [code, n] of Object.entries(b.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
  const higher = (k: keyof ScenarioResult['latency']) => Math.max(a.latency[k], b.latency[k]);
  return {
    name: a.name,
    tool: a.tool,
    requestsPerSecond: a.requestsPerSecond + b.requestsPerSecond,
    total: a.total + b.total,
    durationSeconds: Math.max(a.durationSeconds, b.durationSeconds),
    latency: {
      p50: higher('p50'),
      p75: higher('p75'),
      p90: higher('p90'),
      p97_5: higher('p97_5'),
      p99: higher('p99'),
      max: higher('max'),
      mean: higher('mean'),
    },
    errors: a.errors + b.errors,
    non2xx: a.non2xx + b.non2xx,
    statusCodes: codes,
    serverCpu: a.serverCpu === undefined || b.serverCpu === undefined ? undefined : a.serverCpu + b.serverCpu,
  };
}

async function withSchema<T>(url: string, fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  try {
    return await fn(schema);
  } finally {
    await dropPostgresSchema(url, schema);
  }
}

async function start(o: PostgresBenchOptions, schema: string): Promise<BenchServer> {
  return startBenchServer({ cli: o.cli, cwd: o.cwd, token: o.token, store: ['--database', o.url, '--database-schema', schema] });
}

export async function runPostgresBench(o: PostgresBenchOptions): Promise<PostgresBenchResult> {
  const one = await withSchema(o.url, async (schema) => {
    const server = await start(o, schema);
    try {
      o.log(`bench: PostgreSQL, one instance (pid ${server.pid}) at ${server.baseUrl}; seeding ${o.seed} pages`);
      const ids = await seedPages(server, o.seed);
      const create = await o.runScenario(server, createScenario(server), o.load);
      const retrieve = await o.runScenario(server, retrieveScenario(server, ids), o.load);
      return [create, retrieve];
    } finally {
      await server.stop();
    }
  });
  const two = await withSchema(o.url, async (schema) => {
    const a = await start(o, schema);
    const b = await start(o, schema).catch(async (error: unknown) => {
      await a.stop();
      throw error;
    });
    try {
      o.log(`bench: PostgreSQL, two instances (pids ${a.pid}, ${b.pid}); seeding ${o.seed} pages`);
      const ids = await seedPages(a, o.seed);
      const half = { ...o.load, connections: Math.max(1, Math.floor(o.load.connections / 2)) };
      const both = async (scenario: (s: BenchServer) => Scenario) =>
        combine(...((await Promise.all([o.runScenario(a, scenario(a), half), o.runScenario(b, scenario(b), half)])) as [ScenarioResult, ScenarioResult]));
      const create = await both(createScenario);
      const retrieve = await both((s) => retrieveScenario(s, ids));
      return [create, retrieve];
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
  return { one, two };
}

/** "PostgreSQL 15.18" as the server reports itself. */
export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? 'unknown'}`;
  } finally {
    await client.end();
  }
}

const POSTGRES = { start: '<!-- bench:postgres:start -->', end: '<!-- bench:postgres:end -->' };
const SCALE_END = '<!-- bench:scale:end -->';

export interface PostgresRunInfo extends MachineInfo {
  toolDescription: string;
  postgres: string;
  connections: number;
  duration: number;
  /** Seconds of each scenario's load before it, not counted. */
  warmup: number;
  seed: number;
}

const f = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');

export function postgresSection(info: PostgresRunInfo, r: PostgresBenchResult, sqlite?: { create: number; retrieve: number }): string {
  const row = (setup: string, s: ScenarioResult) =>
    `| ${setup} | ${s.name} | ${s.requestsPerSecond.toFixed(0)} | ${s.total.toLocaleString('en-US')} | ${f(s.latency.p50)} | ${f(s.latency.p99)} | ${f(s.latency.max)} | ${s.errors} |`;
  const beside = sqlite
    ? `\nFor comparison, the SQLite run of the same command: ${sqlite.create.toFixed(0)} creates/s and ${sqlite.retrieve.toFixed(0)} retrieves/s.\n`
    : '';
  return `${POSTGRES.start}
## Latest PostgreSQL run

- command: \`${info.command}\`
- load generator: ${info.toolDescription}; with two instances, two generators at once with half the connections each
- machine: ${info.cpu}, ${info.cores} cores, ${info.platform} (instances, PostgreSQL and the load generators share it)
- Node ${info.node}, ${info.postgres}
- date: ${info.date}
- load: ${info.connections} connections in all, ${info.duration} s per scenario after ${info.warmup} s of it not counted, ${info.seed.toLocaleString('en-US')} pages created first, a fresh schema per setup
- with two instances, requests/s and totals are summed and latencies are the higher of the two

| setup | scenario | requests/s (mean) | requests | p50 ms | p99 ms | max ms | errors |
| --- | --- | --- | --- | --- | --- | --- | --- |
${r.one.map((s) => row('one instance', s)).join('\n')}
${r.two.map((s) => row('two instances', s)).join('\n')}
${beside}${POSTGRES.end}`;
}

/** Rewrite the PostgreSQL section of `file` (after the scale section when it is new). */
export function writePostgresResults(file: string, section: string): string {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const own = find(text, POSTGRES.start, POSTGRES.end);
  if (own) text = text.slice(0, own[0]) + section + text.slice(own[1]);
  else {
    const after = text.indexOf(SCALE_END);
    const at = after >= 0 ? after + SCALE_END.length : text.length;
    text = `${text.slice(0, at)}\n\n${section}${text.slice(at)}`;
  }
  writeFileSync(file, text);
  return file;
}
