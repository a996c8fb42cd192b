// The rate limiter, after Notion's (https://developers.notion.com/reference/request-limits). Two
// models:
//
// * `windows`, what Notion does now: each integration (connection) has a budget of requests per
//   fixed window (180 a minute, the budget of plans below Business), spent at any pace, and the
//   workspace has a budget of its own shared by all its integrations, which can stop one that is
//   within its own. A refused request names the limit it hit in `rate_limit_reason`
//   (`public_api_request_rate_limit`, `public_api_space_request_rate_limit`), and Retry-After is
//   the time until that window ends.
// * `bucket`, the older model: 3 requests per second on average per integration, with bursts, as
//   a token bucket.
//
// It runs on real (monotonic) time, not the emulator clock, so that a frozen clock does not stop
// windows from ending or the bucket from filling. A refused request spends nothing.

export type RateLimitModel = 'windows' | 'bucket';

export interface RateLimitSettings {
  enabled: boolean;
  model: RateLimitModel;
  /** bucket: requests per second each integration may make on average. */
  rate: number;
  /** bucket: requests an integration may make at once after being idle. */
  burst: number;
  /** windows: the length of a window, in seconds. */
  window_seconds: number;
  /** windows: requests each integration may make per window. */
  connection_limit: number;
  /** windows: requests all the integrations of a workspace may make per window together. */
  workspace_limit: number;
  /** Retry-After to send, in whole seconds; when null, the time until a request is allowed again, rounded up. */
  retry_after: number | null;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = {
  enabled: false,
  model: 'windows',
  rate: 3,
  burst: 10,
  window_seconds: 60,
  connection_limit: 180,
  workspace_limit: 900,
  retry_after: null,
};

export type RateLimitReason = 'public_api_request_rate_limit' | 'public_api_space_request_rate_limit';

/** A refused request: how long to wait, and which limit it hit. */
export interface RateLimitRefusal {
  retryAfter: number;
  reason: RateLimitReason;
}

interface Bucket {
  tokens: number;
  at: number;
}

interface Window {
  start: number;
  count: number;
}

/**
 * Settings after a change. `rate` and `burst` are the bucket's alone: given without a model they
 * choose the bucket, as they did before there were windows (docs/decisions.md).
 */
function merged(current: RateLimitSettings, change: Partial<RateLimitSettings>): RateLimitSettings {
  const model = change.model ?? (change.rate !== undefined || change.burst !== undefined ? 'bucket' : current.model);
  return { ...current, ...change, model };
}

export class RateLimiter {
  private settings: RateLimitSettings;
  private buckets = new Map<string, Bucket>();
  private windows = new Map<string, Window>();

  constructor(
    settings: Partial<RateLimitSettings> = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.settings = merged(DEFAULT_RATE_LIMIT, settings);
  }

  get(): RateLimitSettings {
    return { ...this.settings };
  }

  /** Change settings; buckets start full and windows new again. */
  configure(settings: Partial<RateLimitSettings>): RateLimitSettings {
    this.settings = merged(this.settings, settings);
    this.buckets.clear();
    this.windows.clear();
    return this.get();
  }

  /** Take a request of integration `key` in workspace `workspaceKey`: undefined when allowed. */
  take(key: string, workspaceKey = ''): RateLimitRefusal | undefined {
    const s = this.settings;
    if (!s.enabled) return undefined;
    const wait = s.model === 'bucket' ? this.takeFromBucket(key) : this.takeFromWindows(key, workspaceKey);
    if (wait === undefined) return undefined;
    return { retryAfter: s.retry_after ?? wait.seconds, reason: wait.reason };
  }

  private takeFromBucket(key: string): { seconds: number; reason: RateLimitReason } | undefined {
    const s = this.settings;
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
    return { seconds: Math.max(1, Math.ceil((1 - bucket.tokens) / s.rate)), reason: 'public_api_request_rate_limit' };
  }

  /** The window of `key` now, a new one when the last has ended. */
  private window(key: string, now: number): Window {
    const length = this.settings.window_seconds * 1000;
    let window = this.windows.get(key);
    if (!window || now - window.start >= length) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private takeFromWindows(key: string, workspaceKey: string): { seconds: number; reason: RateLimitReason } | undefined {
    const s = this.settings;
    const now = this.now();
    const secondsLeft = (w: Window) => Math.max(1, Math.ceil((w.start + s.window_seconds * 1000 - now) / 1000));
    // The integration's own budget is checked first: it is the one a client can do something about.
    const connection = this.window(`connection:${key}`, now);
    if (connection.count >= s.connection_limit) return { seconds: secondsLeft(connection), reason: 'public_api_request_rate_limit' };
    const workspace = this.window(`workspace:${workspaceKey}`, now);
    if (workspace.count >= s.workspace_limit) return { seconds: secondsLeft(workspace), reason: 'public_api_space_request_rate_limit' };
    connection.count++;
    workspace.count++;
    return undefined;
  }
}
