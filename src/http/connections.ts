// The socket level: how long a client may take to send a request, how many connections one
// client and all clients may hold, and Notion's envelope for what node refuses before a request
// reaches a route (a request cut by its timeout, headers too large). Without these a client that
// sends headers and then trickles its body holds a socket forever, and a thousand of them exhaust
// the file descriptors (docs/decisions.md, "Slow clients and connections").
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { messageOf, NotionError, unavailableNow } from '../errors.js';
import type { Config } from '../config.js';

export type ConnectionLimits = Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnectionsPerClient' | 'maxConnections'>;

/** A request not received in full within the request timeout (or its headers within theirs). */
export const requestTimedOut = (): NotionError => new NotionError('invalid_request', 'The request was not received in full in time.', undefined, 408);

/** Request headers over node's limit (16 KB in all). */
export const headersTooLarge = (): NotionError => new NotionError('invalid_request', 'Request header fields too large.', undefined, 431);

/** A client over its connection cap. */
const tooManyConnections = (): NotionError =>
  new NotionError('rate_limited', messageOf('rate_limited'), { rate_limit_reason: 'too_many_connections', retry_after: '1' });

/** One whole HTTP response in Notion's envelope, written straight to a socket that is then closed. */
export function rawErrorResponse(error: NotionError, requestId: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify({
    object: 'error',
    status: error.status,
    code: error.code,
    message: error.message,
    ...(error.additionalData ? { additional_data: error.additionalData } : {}),
    request_id: requestId,
  });
  const reason =
    { 408: 'Request Timeout', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 503: 'Service Unavailable' }[error.status] ?? 'Bad Request';
  const lines = [
    `HTTP/1.1 ${error.status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-notion-request-id: ${requestId}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The error node reports on a socket, as the response a client gets (undefined: just close). */
export function clientErrorAnswer(error: Error & { code?: string }): NotionError | undefined {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return requestTimedOut();
    case 'HPE_HEADER_OVERFLOW':
      return headersTooLarge();
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    default:
      // A request node cannot parse at all: what Notion answers for a URL it cannot route.
      return new NotionError('invalid_request_url', 'Invalid request URL.');
  }
}

/**
 * Answer a client error node found on a socket, unless a response has begun on it already.
 * Used as fastify's `clientErrorHandler`, so it runs instead of fastify's own non-Notion body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket, requestId: () => string): void {
  const answer = clientErrorAnswer(error);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (answer && socket.writable && !inFlight?.headersSent) {
    socket.end(rawErrorResponse(answer, requestId()));
    // A client that never reads its answer does not get to hold the socket either.
    setTimeout(() => socket.destroy(), 1000).unref();
    return;
  }
  socket.destroy();
}

/** The interval at which node looks for requests over their timeouts (its default is 30 s). */
function checkingInterval(limits: ConnectionLimits): number {
  const shortest = Math.min(...[limits.requestTimeoutMs, limits.headersTimeoutMs].filter((ms) => ms > 0));
  return Number.isFinite(shortest) ? Math.max(25, Math.min(1000, Math.floor(shortest / 4))) : 30_000;
}

/** Options for node's HTTP server: the timeouts, checked often enough to hold to them. */
export function httpServerOptions(limits: ConnectionLimits): {
  connectionsCheckingInterval: number;
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
} {
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = limits.requestTimeoutMs > 0 ? Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) : limits.headersTimeoutMs;
  return {
    connectionsCheckingInterval: checkingInterval(limits),
    headersTimeout,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
}

/**
 * Refuse connections over the caps as they open, before node reads a byte of them: a client over
 * its own cap gets a 429, anyone over the total a 503, each in Notion's envelope, and the socket
 * is closed. Connections are counted by remote address.
 */
export function capConnections(server: Server, limits: ConnectionLimits, requestId: () => string): void {
  const perClient = new Map<string, number>();
  let open = 0;
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const mine = perClient.get(address) ?? 0;
    const refusal =
      limits.maxConnections > 0 && open >= limits.maxConnections
        ? unavailableNow()
        : limits.maxConnectionsPerClient > 0 && mine >= limits.maxConnectionsPerClient
          ? tooManyConnections()
          : undefined;
    if (refusal) {
      const headers: Record<string, string> = refusal.status === 429 ? { 'Retry-After': '1' } : {};
      socket.on('error', () => {});
      // Closed as soon as the answer is out, so that node never reads a request from it.
      socket.end(rawErrorResponse(refusal, requestId(), headers), () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    open += 1;
    perClient.set(address, mine + 1);
    socket.once('close', () => {
      open -= 1;
      const left = (perClient.get(address) ?? 1) - 1;
      if (left === 0) perClient.delete(address);
      else perClient.set(address, left);
    });
  });
}
