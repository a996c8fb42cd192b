// In-process emulators (startLocalNotion) for tests, on the store under test, and requests to
// them through their socket-free fetch.
import { startLocalNotion, type LocalNotion, type LocalNotionOptions } from '../../src/emulator/start.js';
import { freshStore } from './store.js';

const started: LocalNotion[] = [];

/**
 * An emulator on a store of its own: in memory, or a fresh PostgreSQL schema in the postgres run
 * (dropped when it closes). One given a `db` file keeps it. Close them all with closeEmulators().
 */
export async function startEmulator(options: LocalNotionOptions = {}): Promise<LocalNotion> {
  const store = options.db === undefined && options.database === undefined ? freshStore() : undefined;
  const database = store?.config.databaseUrl ? { database: store.config.databaseUrl, databaseSchema: store.config.databaseSchema } : {};
  const ln = await startLocalNotion({ ...database, ...options });
  const close = ln.close;
  ln.close = async () => {
    await close();
    await store?.drop();
  };
  started.push(ln);
  return ln;
}

export async function closeEmulators(): Promise<void> {
  await Promise.all(started.splice(0).map((ln) => ln.close()));
}

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
  // Text to a control route is JSON unless the test says otherwise (fetch would call it text/plain).
  if (control && payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
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
