// The server under load: `node dist/cli.js serve` as a child process on 127.0.0.1, over a fresh
// SQLite file in a temporary directory (or one written beforehand, for the scale run).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCore } from './cores.js';

export interface BenchServer {
  baseUrl: string;
  token: string;
  rootPageId: string;
  dbFile: string;
  pid: number;
  /** The core it is pinned to (bench/cores.ts), if any. */
  core?: number;
  /** CPU time (user + system) the server has used so far, in seconds; undefined off Linux. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15. Linux ticks are 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export interface ServerOptions {
  /** The compiled CLI to run with plain `node`. */
  cli: string;
  token: string;
  /** Extra `node` flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Working directory of the child (where `--cpu-prof` writes its profile). */
  cwd?: string;
  startTimeoutMs?: number;
  /**
   * A temporary directory holding the store to serve as `bench.db` (written beforehand); it is
   * removed on stop like one made here (unless `keepDir`). Without it, a fresh directory and store are made.
   */
  dir?: string;
  /** Leave `dir` in place on stop (a store kept for the next run). */
  keepDir?: boolean;
  /** Store flags instead of `--db <dir>/bench.db`, e.g. `--database postgres://...`. */
  store?: string[];
  /** The core to run on (bench/cores.ts); unpinned when undefined. */
  core?: number;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A fresh temporary directory for a benchmark store. */
export const benchDir = (): string => mkdtempSync(join(tmpdir(), 'localnotion-bench-'));
/** The store file of a benchmark directory. */
export const benchDbFile = (dir: string): string => join(dir, 'bench.db');

/** Start the server and resolve once it answers an authenticated request. */
export async function startBenchServer(options: ServerOptions): Promise<BenchServer> {
  const dir = options.dir ?? benchDir();
  const dbFile = benchDbFile(dir);
  const args = [
    ...(options.nodeArgs ?? []),
    options.cli,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    ...(options.store ?? ['--db', dbFile]),
    '--token',
    options.token,
    '--log-level',
    'silent',
  ];
  const run = onCore(options.core, process.execPath, args);
  const child = spawn(run.command, run.args, { cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stopped = false;
  const cleanup = () => {
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  // Never leave the child running if the benchmark dies.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    cleanup();
  };
  process.once('exit', onExit);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 2_000);
      }
    }
    cleanup();
  };

  let output = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const { baseUrl, rootPageId } = await new Promise<{ baseUrl: string; rootPageId: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within ${options.startTimeoutMs ?? 20_000} ms`)), options.startTimeoutMs ?? 20_000);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited early (${signal ?? code}): ${stderr.trim()}`));
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        const root = /root page:\s+(\S+)/.exec(output)?.[1];
        if (url && root) {
          clearTimeout(timer);
          resolve({ baseUrl: url, rootPageId: root });
        }
      });
    });
    child.removeAllListeners('exit');
    // A server that dies under load says why, instead of leaving only the client's "fetch failed".
    child.once('exit', (code, signal) => {
      if (!stopped) console.error(`bench: the server (pid ${child.pid}) exited (${signal ?? code}): ${stderr.trim().slice(-4000)}`);
    });
    // Keep draining stdout so the child never blocks on a full pipe.
    child.stdout!.on('data', () => {});
    await waitUntilAnswering(baseUrl, options.token, rootPageId);
    const pid = child.pid!;
    return { baseUrl, token: options.token, rootPageId, dbFile, pid, core: options.core, cpuSeconds: () => processCpuSeconds(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilAnswering(baseUrl: string, token: string, rootPageId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/v1/pages/${rootPageId}`, {
        headers: { Authorization: `Bearer ${token}`, 'Notion-Version': '2025-09-03' },
      });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer: ${last}`);
}
