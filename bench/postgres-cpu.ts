// Where the CPU of a request goes on PostgreSQL: the server's (its process's CPU time) and the
// PostgreSQL backends' (every `postgres` process's CPU time in /proc, so nothing else should use
// that PostgreSQL meanwhile), per request, under the load run's scenario, for localnotion and
// for the limit server side by side. The server runs on core 0 as in the load runs; the
// backends, like wrk, wherever the scheduler puts them. Nothing is written to bench/RESULTS.md.
//
//   npm run build && BENCH_DATABASE_URL=postgres://... npx tsx bench/postgres-cpu.ts [create|retrieve] [seconds]
//
// BENCH_CPU_PROF=<dir> runs localnotion under `node --cpu-prof` and leaves its profile in <dir>.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SERVER_CORE } from './cores.js';
import { startLimitServer } from './limit.js';
import { createScenario, retrieveScenario, seedPages } from './load.js';
import { processCpuSeconds, startBenchServer, type BenchServer } from './server.js';
import { findOnPath } from './which.js';
import { runWrk } from './wrk.js';
import { dropPostgresSchema } from '../src/store/dialect.js';

const TOKEN = 'ntn_benchmark_token_0123456789abcdef';

/** CPU seconds of every process named `postgres`. */
function postgresCpuSeconds(): number {
  let seconds = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let name: string;
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue; // gone meanwhile
    }
    if (name === 'postgres') seconds += processCpuSeconds(Number(pid)) ?? 0;
  }
  return seconds;
}

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL=postgres://... is needed');
const which = process.argv[2] ?? 'create';
if (which !== 'create' && which !== 'retrieve') throw new Error('the scenario is create or retrieve');
const seconds = Number(process.argv[3] ?? 8);
const wrk = findOnPath('wrk');
const profileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
if (!wrk) throw new Error('wrk is not on PATH (apt-get install wrk)');

async function measure(name: string, start: (schema: string) => Promise<BenchServer>): Promise<void> {
  const schema = `bench_cpu_${randomBytes(6).toString('hex')}`;
  const server = await start(schema);
  try {
    const ids = await seedPages(server, 1000);
    const scenario = which === 'create' ? createScenario(server) : retrieveScenario(server, ids);
    const before = postgresCpuSeconds();
    const r = await runWrk(wrk!, server, scenario, { connections: 32, duration: seconds });
    const requests = r.requestsPerSecond * seconds;
    const us = (cpuSeconds: number) => `${((cpuSeconds * 1e6) / requests).toFixed(0)} µs`;
    console.log(
      `${name}, ${which}: ${r.requestsPerSecond.toFixed(0)}/s; per request: server ${us((r.serverCpu ?? 0) * seconds)}, PostgreSQL ${us(postgresCpuSeconds() - before)}`,
    );
  } finally {
    await server.stop();
    await dropPostgresSchema(url!, schema);
  }
}

await measure('localnotion', (schema) =>
  startBenchServer({
    cli: join(process.cwd(), 'dist', 'cli.js'),
    token: TOKEN,
    core: SERVER_CORE,
    store: ['--database', url, '--database-schema', schema],
    nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  }),
);
await measure('limit server', (schema) => startLimitServer('postgres', { url, schema }, SERVER_CORE));
