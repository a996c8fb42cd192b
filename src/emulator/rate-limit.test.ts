import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './rate-limit.js';

const connection = (retryAfter: number) => ({ retryAfter, reason: 'public_api_request_rate_limit' });
const workspace = (retryAfter: number) => ({ retryAfter, reason: 'public_api_space_request_rate_limit' });

describe('RateLimiter', () => {
  it('is off by default, with the current limits of Notion when switched on', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.take('a', 'w')).toBeUndefined();
    expect(DEFAULT_RATE_LIMIT).toMatchObject({ model: 'windows', window_seconds: 60, connection_limit: 180 });
    expect(new RateLimiter({ enabled: true }).get().model).toBe('windows');
  });

  describe('windows', () => {
    it('allows each integration its budget at any pace, then refuses until its window ends', () => {
      let now = 0;
      const limiter = new RateLimiter({ enabled: true, window_seconds: 60, connection_limit: 3, workspace_limit: 100 }, () => now);
      for (let i = 0; i < 3; i++) expect(limiter.take('a', 'w')).toBeUndefined();
      expect(limiter.take('a', 'w')).toEqual(connection(60));
      expect(limiter.take('b', 'w')).toBeUndefined();
      now = 45_500;
      expect(limiter.take('a', 'w')).toEqual(connection(15));
      now = 60_000;
      for (let i = 0; i < 3; i++) expect(limiter.take('a', 'w')).toBeUndefined();
      expect(limiter.take('a', 'w')).toEqual(connection(60));
    });

    it('shares a workspace budget among its integrations, which stops one within its own', () => {
      let now = 0;
      const limiter = new RateLimiter({ enabled: true, window_seconds: 10, connection_limit: 3, workspace_limit: 4 }, () => now);
      for (let i = 0; i < 3; i++) expect(limiter.take('a', 'w')).toBeUndefined();
      expect(limiter.take('b', 'w')).toBeUndefined();
      now = 2000;
      expect(limiter.take('b', 'w')).toEqual(workspace(8));
      // Another workspace has its own budget; a refused request spent nothing.
      expect(limiter.take('c', 'other')).toBeUndefined();
      now = 10_000;
      expect(limiter.take('b', 'w')).toBeUndefined();
      expect(limiter.take('b', 'w')).toBeUndefined();
    });

    it('sends the configured Retry-After instead when given', () => {
      const limiter = new RateLimiter({ enabled: true, connection_limit: 1, retry_after: 0 }, () => 0);
      limiter.take('a', 'w');
      expect(limiter.take('a', 'w')).toEqual(connection(0));
    });
  });

  describe('bucket', () => {
    it('is chosen by giving its rate or burst without a model', () => {
      expect(new RateLimiter({ enabled: true, burst: 2 }).get().model).toBe('bucket');
      const limiter = new RateLimiter({ enabled: true, burst: 2 });
      expect(limiter.configure({ model: 'windows' }).model).toBe('windows');
      expect(limiter.configure({ enabled: false }).model).toBe('windows');
    });

    it('allows a burst, then the average rate, per integration', () => {
      let now = 0;
      const limiter = new RateLimiter({ enabled: true, rate: 3, burst: 5 }, () => now);
      for (let i = 0; i < 5; i++) expect(limiter.take('a', 'w')).toBeUndefined();
      expect(limiter.take('a', 'w')).toEqual(connection(1));
      expect(limiter.take('b', 'w')).toBeUndefined();
      now += 1000;
      for (let i = 0; i < 3; i++) expect(limiter.take('a', 'w')).toBeUndefined();
      expect(limiter.take('a', 'w')).toEqual(connection(1));
    });

    it('sends the configured Retry-After, or the time until a request is allowed rounded up', () => {
      const now = 0;
      const slow = new RateLimiter({ enabled: true, rate: 0.25, burst: 1 }, () => now);
      expect(slow.take('a')).toBeUndefined();
      expect(slow.take('a')).toEqual(connection(4));
      const fixed = new RateLimiter({ enabled: true, rate: 0.25, burst: 1, retry_after: 0 }, () => now);
      fixed.take('a');
      expect(fixed.take('a')).toEqual(connection(0));
    });

    it('starts every bucket full again when reconfigured', () => {
      const now = 0;
      const limiter = new RateLimiter({ enabled: true, rate: 1, burst: 1 }, () => now);
      limiter.take('a');
      expect(limiter.take('a')).toEqual(connection(1));
      limiter.configure({ burst: 2 });
      expect(limiter.take('a')).toBeUndefined();
      expect(limiter.take('a')).toBeUndefined();
      expect(limiter.take('a')).toEqual(connection(1));
    });
  });
});
