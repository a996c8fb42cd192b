// The request log: the most recent requests to /v1, newest first, with what was sent and
// answered. A ring of fixed size whose bodies together hold a fixed number of bytes at most, so a
// long run under load keeps memory bounded (docs/decisions.md, "Request log").

export interface LoggedRequest {
  /** The request id (x-notion-request-id). */
  id: string;
  /** When it arrived, by the emulator's clock. */
  time: string;
  method: string;
  /** Path and query string, as sent. */
  path: string;
  status: number;
  duration_ms: number;
  integration: { id: string; name: string } | null;
  notion_version: string | null;
  request_body: unknown;
  response_body: unknown;
  /** The fault rule that answered it, if one did. */
  fault: string | null;
}

/**
 * What the request hook hands over: the request's body as text, the answer as the bytes sent, the
 * time a number and the integration the request's own object, none of them read until someone
 * reads the log.
 */
export interface RequestEntry extends Omit<LoggedRequest, 'request_body' | 'response_body' | 'time' | 'integration'> {
  /** When it arrived, in ms since the epoch by the emulator's clock. */
  timeMs: number;
  integration: { integrationId: string; integrationName: string } | null;
  requestText: string | undefined;
  responseBytes: Buffer | undefined;
}

/**
 * What the ring keeps of an entry. Records live long enough to leave V8's young generation, and a
 * string kept that long is copied by the collector on its way out: at thousands of requests a
 * second, copying the answers cost more than the rest of the record. Bodies are kept as UTF-8
 * bytes instead, which live outside the heap and are never copied (bench/RESULTS.md).
 */
export interface RequestRecord extends Omit<RequestEntry, 'requestText'> {
  requestBytes: Buffer | undefined;
}

export interface RequestFilter {
  method?: string;
  /** A path prefix (`/v1/pages`), or a pattern with `*` (`/v1/pages/*`). */
  path?: string;
  status?: number;
  /** Integration id or name. */
  integration?: string;
  limit?: number;
}

/** Bodies of more bytes than this are kept cut, with a note. */
export const MAX_LOGGED_BODY = 64 * 1024;

/**
 * The bytes the bodies of the whole log may hold. Past it the oldest requests' bodies are let go
 * (the requests stay listed): a thousand 100-page query answers would otherwise hold 64 MB.
 */
export const MAX_LOGGED_BYTES = 16 * 1024 * 1024;

/** What stands for a body let go: it was there, and none of it is kept. */
const DROPPED = Buffer.alloc(0);

const bytesOf = (r: RequestRecord): number => (r.requestBytes?.length ?? 0) + (r.responseBytes?.length ?? 0);

/**
 * The bytes kept of a body: the bytes themselves up to the limit (an answer's are the very bytes
 * sent, never written to again), else a copy of the first MAX_LOGGED_BODY + 1, the extra byte
 * marking the body as cut.
 */
function kept(bytes: Buffer | undefined): Buffer | undefined {
  if (bytes === undefined || bytes.length <= MAX_LOGGED_BODY) return bytes;
  return Buffer.from(bytes.subarray(0, MAX_LOGGED_BODY + 1));
}

/**
 * A request's text as bytes, no more of it encoded than the log can keep: MAX_LOGGED_BODY + 1
 * characters are at least that many bytes, enough for `kept` to see the body is cut.
 */
function keptText(text: string | undefined): Buffer | undefined {
  if (text === undefined) return undefined;
  return Buffer.from(text.length > MAX_LOGGED_BODY + 1 ? text.slice(0, MAX_LOGGED_BODY + 1) : text, 'utf8');
}

function bodyOf(bytes: Buffer | undefined): unknown {
  if (bytes === DROPPED) return { truncated: true, text: '' };
  if (bytes === undefined || bytes.length === 0) return null;
  if (bytes.length > MAX_LOGGED_BODY) {
    // Whole characters only: a character the cut went through is left out.
    return { truncated: true, text: new TextDecoder().decode(bytes.subarray(0, MAX_LOGGED_BODY), { stream: true }) };
  }
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `*` matches any run of characters; a pattern without one matches as a prefix. */
export function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path.startsWith(pattern);
  const escaped = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${escaped.join('.*')}$`);
  return (path) => re.test(path);
}

export class RequestLog {
  private readonly ring: (RequestRecord | undefined)[];
  private next = 0;
  private count = 0;
  /** Bytes of the bodies kept, and how many of the oldest records have had theirs let go. */
  private bodyBytes = 0;
  private droppedOldest = 0;
  private readonly listeners = new Set<(record: RequestRecord) => void>();

  constructor(readonly capacity: number) {
    this.ring = new Array(Math.max(0, capacity));
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  add(entry: RequestEntry): void {
    if (this.capacity === 0) return;
    const record: RequestRecord = {
      id: entry.id,
      timeMs: entry.timeMs,
      method: entry.method,
      path: entry.path,
      status: entry.status,
      duration_ms: entry.duration_ms,
      integration: entry.integration,
      notion_version: entry.notion_version,
      fault: entry.fault,
      requestBytes: kept(keptText(entry.requestText)),
      responseBytes: kept(entry.responseBytes),
    };
    const replaced = this.ring[this.next];
    if (replaced) {
      this.bodyBytes -= bytesOf(replaced);
      this.droppedOldest = Math.max(0, this.droppedOldest - 1);
    }
    this.ring[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.bodyBytes += bytesOf(record);
    this.dropOldestBodies();
    for (const listener of this.listeners) listener(record);
  }

  /** Lets the oldest kept bodies go until the log is within MAX_LOGGED_BYTES. */
  private dropOldestBodies(): void {
    while (this.bodyBytes > MAX_LOGGED_BYTES && this.droppedOldest < this.count) {
      const oldest = this.ring[(this.next - this.count + this.droppedOldest + this.capacity) % this.capacity]!;
      this.bodyBytes -= bytesOf(oldest);
      if (oldest.requestBytes?.length) oldest.requestBytes = DROPPED;
      if (oldest.responseBytes?.length) oldest.responseBytes = DROPPED;
      this.droppedOldest++;
    }
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
    this.bodyBytes = 0;
    this.droppedOldest = 0;
  }

  /** Matching requests, newest first. */
  list(filter: RequestFilter = {}): LoggedRequest[] {
    const matches = requestMatcher(filter);
    const out: LoggedRequest[] = [];
    const limit = filter.limit ?? this.capacity;
    for (let i = 1; i <= this.count && out.length < limit; i++) {
      const r = this.ring[(this.next - i + this.capacity) % this.capacity]!;
      if (matches(r)) out.push(loggedRequest(r));
    }
    return out;
  }

  /** Calls `listener` with each request added from now on; the function returned stops it. */
  subscribe(listener: (record: RequestRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Whether a request passes a filter (its `limit` aside). */
export function requestMatcher(filter: RequestFilter): (record: RequestRecord) => boolean {
  const method = filter.method?.toUpperCase();
  const path = filter.path === undefined ? undefined : pathMatcher(filter.path);
  const { integration, status } = filter;
  return (r) => {
    if (method !== undefined && r.method !== method) return false;
    if (path && !path(r.path.split('?')[0]!)) return false;
    if (status !== undefined && r.status !== status) return false;
    const who = r.integration;
    return integration === undefined || who?.integrationId === integration || who?.integrationName === integration;
  };
}

/** A kept record as the control API shows it. */
export function loggedRequest(r: RequestRecord): LoggedRequest {
  const who = r.integration;
  return {
    id: r.id,
    time: new Date(r.timeMs).toISOString(),
    method: r.method,
    path: r.path,
    status: r.status,
    duration_ms: r.duration_ms,
    integration: who ? { id: who.integrationId, name: who.integrationName } : null,
    notion_version: r.notion_version,
    request_body: bodyOf(r.requestBytes),
    response_body: bodyOf(r.responseBytes),
    fault: r.fault,
  };
}
