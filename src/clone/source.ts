// The clone's reader of a Notion API: GET and POST as any integration sends them, paced to a
// rate, with 429 + Retry-After honoured and other transient failures retried with back-off
// (https://developers.notion.com/reference/request-limits). Every answer goes through the
// journal first, so that a clone run again answers what it already read from there.
import type { Json } from './json.js';
import type { Journal } from './journal.js';

export interface SourceOptions {
  /** Base URL of the API, without /v1 (https://api.notion.com). */
  baseUrl: string;
  token: string;
  /** Notion-Version sent; data sources need 2025-09-03 or later. */
  version: string;
  /** Requests per second at most (Notion's average is 3). */
  rate: number;
  /** Tries of one request before it fails (429s and 5xx alike). */
  maxAttempts: number;
  /** First back-off in ms, doubled on each retry (capped at 30 s). */
  backoffMs: number;
  journal: Journal;
  /** Stop after this many requests sent (an interruption, as a killed process would be). */
  maxRequests?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** The API answered with an error that a retry does not cure. */
export class SourceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${status} ${code}: ${message}`);
    this.name = 'SourceError';
  }
}

/** The clone stopped before it read everything (a stop, a signal, or the request budget). */
export class CloneInterrupted extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CloneInterrupted';
  }
}

const RETRIED_STATUS = new Set([409, 429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new CloneInterrupted('stopped'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(new CloneInterrupted('stopped'));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });

export interface SourceStats {
  /** Requests sent over the network, retries included. */
  sent: number;
  /** Answers taken from the journal of an earlier run. */
  replayed: number;
  retries: number;
  rateLimited: number;
  /** Bytes of files downloaded. */
  downloaded: number;
}

export class Source {
  readonly stats: SourceStats = { sent: 0, replayed: 0, retries: 0, rateLimited: 0, downloaded: 0 };
  private nextSlot = 0;
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: SourceOptions) {
    this.fetcher = options.fetch ?? fetch;
  }

  get(path: string, query: Record<string, string | undefined> = {}): Promise<Json> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    const qs = params.toString();
    return this.json('GET', qs ? `${path}?${qs}` : path);
  }

  post(path: string, body: unknown): Promise<Json> {
    return this.json('POST', path, body);
  }

  /** An answer, from the journal when an earlier run read it. */
  private async json(method: string, path: string, body?: unknown): Promise<Json> {
    const key = `${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`;
    const known = this.options.journal.answer(key);
    if (known !== undefined) {
      this.stats.replayed += 1;
      return known as Json;
    }
    const response = await this.send(path, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'notion-version': this.options.version,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Json;
    this.options.journal.record(key, answer);
    return answer;
  }

  /** The bytes at a URL (a Notion-hosted file), with the same pacing and retries; no token is sent. */
  async download(url: string): Promise<{ bytes: Buffer; contentType: string | null }> {
    const response = await this.send(url, { method: 'GET' }, true);
    const bytes = Buffer.from(await response.arrayBuffer());
    this.stats.downloaded += bytes.length;
    return { bytes, contentType: response.headers.get('content-type') };
  }

  private async pace(): Promise<void> {
    const { maxRequests, signal } = this.options;
    if (signal?.aborted) throw new CloneInterrupted('stopped');
    if (maxRequests !== undefined && this.stats.sent >= maxRequests) throw new CloneInterrupted(`stopped after ${maxRequests} requests`);
    const now = Date.now();
    const wait = this.nextSlot - now;
    this.nextSlot = Math.max(now, this.nextSlot) + 1000 / this.options.rate;
    if (wait > 0) await sleep(wait, signal);
    this.stats.sent += 1;
  }

  private async send(target: string, init: RequestInit, absolute = false): Promise<Response> {
    const url = absolute ? target : `${this.options.baseUrl.replace(/\/+$/, '')}/v1${target}`;
    let delay = this.options.backoffMs;
    for (let attempt = 1; ; attempt++) {
      await this.pace();
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await this.fetcher(url, { ...init, signal: this.options.signal });
      } catch (error) {
        if (this.options.signal?.aborted) throw new CloneInterrupted('stopped');
        failure = error;
      }
      if (response?.ok) return response;
      const retryable = !response || RETRIED_STATUS.has(response.status);
      if (!retryable || attempt >= this.options.maxAttempts) throw await this.failure(target, response, failure);
      this.stats.retries += 1;
      // A 429 names how long to wait (Retry-After, in seconds); every retry also backs off exponentially.
      const retryAfter = Number(response?.headers.get('retry-after'));
      if (response?.status === 429) this.stats.rateLimited += 1;
      // Never sooner than Retry-After says, and never sooner than the back-off.
      const backoff = delay * (1 + Math.random() / 2);
      const wait = response?.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(retryAfter * 1000, backoff) : backoff;
      await response?.body?.cancel();
      await sleep(wait, this.options.signal);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  }

  private async failure(path: string, response: Response | undefined, error: unknown): Promise<Error> {
    if (!response) return new SourceError(0, 'network_error', error instanceof Error ? error.message : String(error), path.split('?')[0]!);
    let body: { code?: string; message?: string } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // Not Notion's envelope (a proxy's page): the status says enough.
    }
    return new SourceError(response.status, body.code ?? 'http_error', body.message ?? response.statusText, path.split('?')[0]!);
  }
}

/** Every page of a paginated list (https://developers.notion.com/reference/intro#pagination). */
export async function* paginate(fetchPage: (cursor: string | undefined) => Promise<Json>): AsyncGenerator<Json> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    for (const item of (page.results as Json[] | undefined) ?? []) yield item;
    if (!page.has_more || !page.next_cursor) return;
    cursor = page.next_cursor as string;
  }
}
