// Requests to an in-process emulator (startLocalNotion) through its socket-free fetch.
import type { LocalNotion } from '../../src/emulator/start.js';

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Raw text body (sent as is). */
  text?: string;
  /** Integration token; the default integration's when absent, none when null. */
  token?: string | null;
  version?: string;
  headers?: Record<string, string>;
}

export async function call(ln: LocalNotion, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const control = path.startsWith('/__localnotion');
  if (!control) {
    const token = options.token === undefined ? ln.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    headers['notion-version'] = options.version ?? '2025-09-03';
  }
  let payload: string | undefined = options.text;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await ln.fetch(`${ln.url}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

/** A body without its request_id, which differs from one response to the next. */
export function withoutRequestId(body: any): any {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { request_id: _ignored, ...rest } = body;
    return rest;
  }
  return body;
}
