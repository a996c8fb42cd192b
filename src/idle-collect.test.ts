import { createServer } from 'node:http';
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
