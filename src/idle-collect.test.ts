import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectWhenIdle, collector, IDLE_GROWTH_BYTES, IDLE_MS } from './idle-collect.js';

describe('collectWhenIdle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands over V8 collector without exposing it on the global object', () => {
    const gc = collector();
    expect(typeof gc).toBe('function');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    let garbage: number[][] | undefined = Array.from({ length: 100 }, () => Array.from({ length: 50_000 }, (_, i) => i + 0.5));
    const held = getHeapStatistics().used_heap_size;
    expect(garbage.length).toBe(100);
    garbage = undefined;
    gc!();
    expect(held - getHeapStatistics().used_heap_size).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('compacts what is left, so that the pages it leaves go back', () => {
    const gc = collector()!;
    // Many pages of small objects, then one in eight kept: every page holds some of what is alive.
    const all = Array.from({ length: 20 }, () => Array.from({ length: 50_000 }, (_, i) => ({ i, s: `x${i}` })));
    gc();
    const kept = all.map((a) => a.filter((_, i) => i % 8 === 0));
    all.length = 0;
    const before = getHeapStatistics().total_heap_size;
    gc();
    const after = getHeapStatistics();
    expect(kept.length).toBe(20);
    // Without compaction the heap stays the size it was; with it, little more than what is alive.
    expect(before - after.total_heap_size).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('collects only after an interval without requests, and only when the heap has grown', () => {
    vi.useFakeTimers();
    const server = createServer();
    let heap = 100e6;
    const gc = vi.fn(() => {
      heap = 100e6;
    });
    const stop = collectWhenIdle(server, gc, () => heap);
    // Grown, but busy: a request in every interval.
    heap += IDLE_GROWTH_BYTES + 1;
    for (let i = 0; i < 5; i++) {
      server.emit('request');
      vi.advanceTimersByTime(IDLE_MS);
    }
    expect(gc).not.toHaveBeenCalled();
    // One whole interval without a request: collected, once.
    vi.advanceTimersByTime(IDLE_MS);
    expect(gc).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * IDLE_MS);
    expect(gc).toHaveBeenCalledTimes(1);
    // Idle but grown by less than the threshold: left alone.
    heap += IDLE_GROWTH_BYTES - 1;
    vi.advanceTimersByTime(10 * IDLE_MS);
    expect(gc).toHaveBeenCalledTimes(1);
    // Stopped: never again.
    heap += IDLE_GROWTH_BYTES;
    stop();
    vi.advanceTimersByTime(10 * IDLE_MS);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(server.listenerCount('request')).toBe(0);
  });
});

describe('limitHeapGrowth', () => {
  // In a process of its own (the flag is V8's, for the whole process): 200,000 small objects kept
  // alive while 3,000,000 are made, the largest heap seen. V8's own growth factor let this heap
  // reach 133 MB on the benchmark machine; twice what is alive, about 90 MB.
  const peakHeap = (limit: boolean): number => {
    const program = `
      import { getHeapStatistics } from 'node:v8';
      if (${limit}) (await import(${JSON.stringify(fileURLToPath(new URL('./idle-collect.ts', import.meta.url)))})).limitHeapGrowth();
      const live = new Array(200_000);
      let peak = 0;
      for (let i = 0; i < 3_000_000; i++) {
        live[i % live.length] = { i, s: 'x' + i };
        if (i % 1000 === 0) peak = Math.max(peak, getHeapStatistics().total_heap_size);
      }
      console.log(peak);
    `;
    return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { encoding: 'utf8' }).trim());
  };

  it('keeps the heap within twice what is alive between full collections', () => {
    expect(peakHeap(true)).toBeLessThan(110 * 1024 * 1024);
  });
});
