// The rate limiter, after Notion's: per integration, an average number of requests per second
// (3, as Notion documents) with bursts, as a token bucket. A request that finds the bucket empty
// is answered 429 rate_limited with Retry-After. It runs on real (monotonic) time, not the
// emulator clock, so that a frozen clock does not stop the bucket from filling.

export interface RateLimitSettings {
  enabled: boolean;
  /** Requests per second each integration may make on average. */
  rate: number;
  /** Requests an integration may make at once after being idle. */
  burst: number;
  /** Retry-After to send, in whole seconds; when null, the time until a request is allowed again, rounded up. */
  retry_after: number | null;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { enabled: false, rate: 3, burst: 10, retry_after: null };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private settings: RateLimitSettings;
  private buckets = new Map<string, Bucket>();

  constructor(
    settings: Partial<RateLimitSettings> = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.settings = { ...DEFAULT_RATE_LIMIT, ...settings };
  }

  get(): RateLimitSettings {
    return { ...this.settings };
  }

  /** Change settings; buckets start full again. */
  configure(settings: Partial<RateLimitSettings>): RateLimitSettings {
    this.settings = { ...this.settings, ...settings };
    this.buckets.clear();
    return this.get();
  }

  /** Take a request from `key`'s bucket: undefined when allowed, else the Retry-After in seconds. */
  take(key: string): number | undefined {
    const s = this.settings;
    if (!s.enabled) return undefined;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: s.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(s.burst, bucket.tokens + ((now - bucket.at) / 1000) * s.rate);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    if (s.retry_after !== null) return s.retry_after;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / s.rate));
  }
}
