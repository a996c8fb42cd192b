// The startup run: how long `startLocalNotion` takes to give a test a server, in this process,
// from the compiled package (dist/). A fresh child process measures the cold case (importing the
// package, then the first start); then, warm, repeated starts in memory without and with a
// socket, a start seeded from the fixture of the test suite, and a reset of that seeded server.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@notionhq/client';
import type * as LocalNotionPackage from '../src/index.js';

export interface StartupScenario {
  name: string;
  runs: number;
  p50: number;
  p90: number;
  max: number;
  detail: string;
}

export interface StartupResult {
  /** Cold, in a fresh process: importing the package, and the first start after it (ms). */
  importMs: number;
  firstStartMs: number;
  scenarios: StartupScenario[];
}

export const STARTUP_TARGET_MS = 20;
export const RESET_TARGET_MS = 5;
export const SDK_CALLS = 1000;
export const SDK_CALLS_TARGET_MS = 1000;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function timeRuns(runs: number, fn: () => Promise<void>): Promise<{ p50: number; p90: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p90: quantile(times, 0.9), max: times[times.length - 1]! };
}

// Run in a fresh process by runStartup: import the package and start once, printing the times.
const COLD = `
const t0 = performance.now();
const { startLocalNotion } = await import(process.argv[1]);
const t1 = performance.now();
const ln = await startLocalNotion({ listen: false });
const t2 = performance.now();
await ln.close();
console.log(JSON.stringify({ importMs: t1 - t0, firstStartMs: t2 - t1 }));
`;

/**
 * Untimed starts of each kind before the timed ones. A test suite starts a server per file or per
 * test: what it waits for is a start of code V8 has compiled. Five were not enough for the fixture's
 * code paths (a seeded start's p50 over runs 6-35 was 23 ms, over runs 21-120 18-21 ms).
 */
const WARM_UP = 20;

export async function runStartup(root: string, runs = 100): Promise<StartupResult> {
  const entry = pathToFileURL(join(root, 'dist', 'index.js')).href;
  const cold = spawnSync(process.execPath, ['--input-type=module', '-e', COLD, entry], { encoding: 'utf8', timeout: 60_000 });
  if (cold.status !== 0) throw new Error(`cold start failed: ${cold.stderr}`);
  const { importMs, firstStartMs } = JSON.parse(cold.stdout.trim()) as { importMs: number; firstStartMs: number };

  const { startLocalNotion } = (await import(entry)) as typeof LocalNotionPackage;
  const fixture = join(root, 'test', 'fixtures', 'workspace.yaml');
  // Warm up the code paths once before timing.
  await (await startLocalNotion({ listen: false, seed: fixture })).close();

  const scenarios: StartupScenario[] = [];
  const add = async (name: string, detail: string, n: number, fn: () => Promise<void>) => {
    scenarios.push({ name, detail, runs: n, ...(await timeRuns(n, fn)) });
  };
  const startOnly = async (options: Parameters<typeof startLocalNotion>[0]) => {
    // Untimed starts first, so that the figures are of warm code.
    for (let i = 0; i < WARM_UP; i++) await (await startLocalNotion(options)).close();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const ln = await startLocalNotion(options);
      times.push(performance.now() - t);
      await ln.close();
    }
    times.sort((a, b) => a - b);
    return { p50: quantile(times, 0.5), p90: quantile(times, 0.9), max: times[times.length - 1]! };
  };
  scenarios.push({
    name: 'start, in memory, no socket',
    runs,
    detail: '`startLocalNotion({ listen: false })`: store, migrations, first-start workspace, reset baseline, app ready',
    ...(await startOnly({ listen: false })),
  });
  scenarios.push({ name: 'start, in memory, listening', runs, detail: 'the same, listening on 127.0.0.1 (port 0)', ...(await startOnly({})) });
  scenarios.push({
    name: 'start, seeded from a fixture',
    runs,
    detail:
      '`seed: test/fixtures/workspace.yaml` (2 users, an integration, 2 pages with content, 2 databases, 3 data sources, 3 rows, a dual relation and a rollup)',
    ...(await startOnly({ listen: false, seed: fixture })),
  });
  const seeded = await startLocalNotion({ listen: false, seed: fixture });
  await add('reset of the seeded server', '`reset()`: every table emptied and written back from the baseline in one transaction', runs, async () => {
    await seeded.reset();
  });
  const notion = new Client(seeded.clientOptions());
  const sdkCalls = async () => {
    for (let i = 0; i < SDK_CALLS / 2; i++) {
      await notion.pages.retrieve({ page_id: seeded.rootPageId });
      await notion.blocks.children.list({ block_id: seeded.rootPageId });
    }
  };
  await sdkCalls();
  await add(
    `${SDK_CALLS.toLocaleString('en-US')} SDK calls`,
    `\`@notionhq/client\` with the server's in-process \`fetch\` (\`clientOptions()\`), one call after another, half \`pages.retrieve\` and half \`blocks.children.list\` of the root page; each run is all ${SDK_CALLS.toLocaleString('en-US')} calls (one untimed run first)`,
    5,
    sdkCalls,
  );
  await seeded.close();
  return { importMs, firstStartMs, scenarios };
}
