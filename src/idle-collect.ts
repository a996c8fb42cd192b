// How the server process that `localnotion serve` runs keeps its memory: V8's heap allowed to grow
// to twice what is alive between full collections, and one full collection once the server falls
// idle after a burst of work. Node runs none while idle: after a large query, V8's heap stays the
// size the burst grew it to, garbage and all, for as long as no further request comes
// (docs/decisions.md, "A collection when idle" and "The heap's growth"). Only that process does
// this: a process that embeds the server keeps its own collector's habits.
import type { Server } from 'node:http';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far V8's heap may grow past what was alive after a full collection before the next one, in
 * percent. V8 otherwise picks a factor of up to four from how fast it collects: a long scan of
 * formulas, whose values outlive a young collection or two, then fills 100 MB of old space with
 * what is garbage by the next request (bench/RESULTS.md, "Thirteenth round").
 */
const HEAP_GROWING_PERCENT = 100;

/**
 * Has V8 collect in full once the heap is twice what the last full collection left alive. Set
 * while the process runs, it holds from the next collection on; set before the store is opened,
 * it holds for the whole life of the server.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** How long without a new request counts as idle (checked at this interval: idle for 1 to 2 of them). */
export const IDLE_MS = 2000;
/** How much the heap must have grown since the last collection for one to be worth its pause. */
export const IDLE_GROWTH_BYTES = 32 * 1024 * 1024;

/**
 * V8's collector as a function that also compacts. `--expose-gc` set while the process runs takes
 * effect for contexts made afterwards, so a fresh context hands it over; the flag is then set
 * back, leaving the process's own global object as it was. Undefined where the engine refuses.
 *
 * A full collection frees only the pages of V8's heap that end up empty: after a burst, the few
 * objects still alive are spread over most pages, and the heap keeps them all (a 100 MB old space
 * holding 26 MB, at the end of the million-page scale run). `--compact-on-every-full-gc`, read by
 * each collection, has this one move the live objects together, so the emptied pages go back to
 * the system; it is set only for this collection.
 */
export function collector(): (() => void) | undefined {
  let gc: unknown;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc');
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  if (typeof gc !== 'function') return undefined;
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      (gc as () => void)();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

const heapUsed = (): number => getHeapStatistics().used_heap_size;

/**
 * Collects once the server has had no new request for an interval and the heap has grown by
 * IDLE_GROWTH_BYTES since the last collection; the function returned stops watching. The
 * collector and the heap's size can be given (tests).
 */
export function collectWhenIdle(server: Server, gc = collector(), used = heapUsed): () => void {
  if (!gc) return () => {};
  let requests = 0;
  let seen = 0;
  let after = used();
  const count = (): void => {
    requests++;
  };
  server.on('request', count);
  const timer = setInterval(() => {
    if (requests !== seen) {
      seen = requests;
      return;
    }
    if (used() - after < IDLE_GROWTH_BYTES) return;
    gc();
    after = used();
  }, IDLE_MS).unref();
  return () => {
    clearInterval(timer);
    server.off('request', count);
  };
}
