// Which core each process of a load run gets. On a machine of two cores the scheduler often put the
// server and wrk on the same core for a whole run, and the same command then gave half the
// requests per second (and twice the CPU per request) of a run where they were apart: the figures
// of one build swung between two levels from run to run. With taskset, servers run on core 0 and
// wrk on core 1, the same for localnotion and the limit servers. BENCH_PIN=0 leaves placement to
// the scheduler.
import { availableParallelism } from 'node:os';
import { findOnPath } from './which.js';

const taskset = process.env.BENCH_PIN === '0' || availableParallelism() < 2 ? undefined : findOnPath('taskset');

/** The core servers run on, or undefined when processes are not pinned. */
export const SERVER_CORE: number | undefined = taskset ? 0 : undefined;
/** The core the load generator runs on beside a pinned server. */
export const LOAD_CORE = 1;

/** `command args` run on `core` (through taskset, which execs it: the pid stays the command's). */
export function onCore(core: number | undefined, command: string, args: string[]): { command: string; args: string[] } {
  return core === undefined || !taskset ? { command, args } : { command: taskset, args: ['-c', String(core), command, ...args] };
}

/** How the run placed its processes, for the results. */
export const placement = (): string =>
  taskset ? 'servers pinned to core 0 and wrk to core 1 (taskset; BENCH_PIN=0 to leave them to the scheduler)' : 'processes placed by the scheduler';
