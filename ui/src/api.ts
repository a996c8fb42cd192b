/**
 * The UI is a client of the public API and of the control API, nothing else. It acts on the
 * workspace as its owner (a person) through a personal access token that the server hands out
 * at /__localnotion/ui/session, so its edits carry the person as last_edited_by.
 */
export const NOTION_VERSION = '2025-09-03';
const CONTROL = '/__localnotion';

export interface Session {
  token: string;
  user: { id: string; name: string | null };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code?: string; message?: string },
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
}

let session: Promise<Session> | undefined;

/** The admin token, when the server is reached off loopback and asked for one. */
export function adminToken(): string | null {
  return sessionStorage.getItem('localnotion.admin-token');
}

export function setAdminToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem('localnotion.admin-token');
  else sessionStorage.setItem('localnotion.admin-token', token);
  session = undefined;
}

function controlHeaders(): Record<string, string> {
  const token = adminToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function parse<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export function getSession(): Promise<Session> {
  session ??= fetch(`${CONTROL}/ui/session`, { method: 'POST', headers: controlHeaders() })
    .then((r) => parse<Session>(r))
    .catch((error: unknown) => {
      session = undefined;
      throw error;
    });
  return session;
}

/** A public API call as the workspace's owner. */
export async function api<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  const { token } = await getSession();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'notion-version': NOTION_VERSION };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`/v1${path}`, init);
  // A reset or a restore may have removed the UI's token: ask for a new one, once.
  if (response.status === 401 && retry) {
    session = undefined;
    return api<T>(method, path, body, false);
  }
  return parse<T>(response);
}

/** A control API call (/__localnotion), with the admin token when one was given. */
export async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = controlHeaders();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  return parse<T>(await fetch(`${CONTROL}${path}`, init));
}
