// One delivery attempt: the bytes signed as Notion signs them, `X-Notion-Signature: sha256=<hex
// HMAC-SHA256 of the raw body, keyed by the verification token>`
// (https://developers.notion.com/reference/webhooks#validating-event-payloads), POSTed with a
// timeout, or handed to a handler in the test process.
import { createHmac } from 'node:crypto';

/** What a handler given to startLocalNotion receives for each request Notion would send. */
export interface WebhookRequest {
  /** The raw body, exactly the bytes that were signed. */
  body: string;
  headers: Record<string, string>;
  /** The body parsed: an event, or `{verification_token}`. */
  event: Record<string, unknown>;
}

/** A handler answers like a receiver: nothing or a 2xx status acknowledges; a throw or other status fails. */
export type WebhookHandler = (request: WebhookRequest) => unknown;

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  response: string | null;
}

export interface DeliveryTarget {
  url: string;
  token: string;
  handler?: WebhookHandler;
  timeoutMs: number;
  /** Host names deliveries may go to; any when absent. */
  allowHosts?: readonly string[];
  signal: AbortSignal;
}

const SNIPPET = 500;

export function sign(body: string, token: string): string {
  return `sha256=${createHmac('sha256', token).update(body, 'utf8').digest('hex')}`;
}

export function headersFor(body: string, token: string): Record<string, string> {
  return { 'content-type': 'application/json', 'user-agent': 'localnotion-webhooks', 'x-notion-signature': sign(body, token) };
}

/** Whether `url` may be delivered to under the allow list (`*.example.com` covers subdomains). */
export function hostAllowed(url: string, allowHosts: readonly string[] | undefined): boolean {
  if (!allowHosts) return true;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return allowHosts.some((allowed) => {
    const a = allowed.toLowerCase();
    return a.startsWith('*.') ? host.endsWith(a.slice(1)) : host === a;
  });
}

const statusOf = (answer: unknown): number => {
  if (typeof answer === 'number') return answer;
  if (answer && typeof answer === 'object' && typeof (answer as { status?: unknown }).status === 'number') return (answer as { status: number }).status;
  return 200;
};

async function callHandler(handler: WebhookHandler, body: string, headers: Record<string, string>, started: number): Promise<AttemptResult> {
  try {
    const status = statusOf(await handler({ body, headers, event: JSON.parse(body) as Record<string, unknown> }));
    return { ok: status >= 200 && status < 300, statusCode: status, error: null, latencyMs: performance.now() - started, response: null };
  } catch (error) {
    return {
      ok: false,
      statusCode: null,
      error: `handler threw: ${error instanceof Error ? error.message : String(error)}`,
      latencyMs: performance.now() - started,
      response: null,
    };
  }
}

export async function attempt(target: DeliveryTarget, body: string): Promise<AttemptResult> {
  const headers = headersFor(body, target.token);
  const started = performance.now();
  if (target.url.startsWith('function:')) {
    if (!target.handler) return { ok: false, statusCode: null, error: 'no handler in this process', latencyMs: 0, response: null };
    return callHandler(target.handler, body, headers, started);
  }
  if (!hostAllowed(target.url, target.allowHosts)) {
    return { ok: false, statusCode: null, error: 'destination host not allowed (--webhook-allow)', latencyMs: 0, response: null };
  }
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.any([target.signal, AbortSignal.timeout(target.timeoutMs)]),
    });
    const text = (await response.text()).slice(0, SNIPPET);
    const latencyMs = performance.now() - started;
    return { ok: response.status >= 200 && response.status < 300, statusCode: response.status, error: null, latencyMs, response: text };
  } catch (error) {
    const latencyMs = performance.now() - started;
    const name = (error as { name?: string }).name;
    const message =
      name === 'TimeoutError'
        ? `timed out after ${target.timeoutMs} ms`
        : error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    return { ok: false, statusCode: null, error: message, latencyMs, response: null };
  }
}
