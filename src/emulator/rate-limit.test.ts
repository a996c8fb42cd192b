import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('is off by default', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 100; i++) expect(limiter.take('a')).toBeUndefined();
  });

  it('allows a burst, then the average rate, per integration', () => {
    let now = 0;
    const limiter = new RateLimiter({ enabled: true, rate: 3, burst: 5 }, () => now);
    for (let i = 0; i < 5; i++) expect(limiter.take('a')).toBeUndefined();
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBeUndefined();
    now += 1000;
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toBeUndefined();
    expect(limiter.take('a')).toBe(1);
  });

  it('sends the configured Retry-After, or the time until a request is allowed rounded up', () => {
    const now = 0;
    const slow = new RateLimiter({ enabled: true, rate: 0.25, burst: 1 }, () => now);
    expect(slow.take('a')).toBeUndefined();
    expect(slow.take('a')).toBe(4);
    const fixed = new RateLimiter({ enabled: true, rate: 0.25, burst: 1, retry_after: 0 }, () => now);
    fixed.take('a');
    expect(fixed.take('a')).toBe(0);
  });

  it('starts every bucket full again when reconfigured', () => {
    const now = 0;
    const limiter = new RateLimiter({ enabled: true, rate: 1, burst: 1 }, () => now);
    limiter.take('a');
    expect(limiter.take('a')).toBe(1);
    limiter.configure({ burst: 2 });
    expect(limiter.take('a')).toBeUndefined();
    expect(limiter.take('a')).toBeUndefined();
    expect(limiter.take('a')).toBe(1);
  });
});
