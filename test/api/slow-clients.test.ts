// Slow and greedy clients over a real socket: a request must arrive in full within the request
// timeout, a silent connection is closed, one client cannot hold more than its share of
// connections, and what node refuses before a route runs still answers in Notion's envelope.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startListeningServer } from '../helpers/listening.js';

interface Exchange {
  status: number | undefined;
  body: Record<string, any> | undefined;
  /** What the server sent, all of it. */
  text: string;
  /** Whether the server closed the connection (within the test's bound). */
  closed: boolean;
}

/** Open a socket from `localAddress`, send `chunks` at `everyMs`, and read until the server closes it or `boundMs` passes. */
function exchange(server: RunningServer, chunks: string[], options: { everyMs?: number; boundMs?: number; localAddress?: string } = {}): Promise<Exchange> {
  const { port } = new URL(server.baseUrl);
  return new Promise((resolve) => {
    let text = '';
    const timers: NodeJS.Timeout[] = [];
    const done = (closed: boolean) => {
      for (const t of timers) clearTimeout(t);
      socket.destroy();
      const [head = '', body] = text.split('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      let parsed: Record<string, any> | undefined;
      try {
        parsed = body ? (JSON.parse(body) as Record<string, any>) : undefined;
      } catch {
        parsed = undefined;
      }
      resolve({ status: status === undefined ? undefined : Number(status), body: parsed, text, closed });
    };
    const socket: Socket = connect({ host: '127.0.0.1', port: Number(port), ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    socket.on('connect', () => {
      chunks.forEach((chunk, i) => timers.push(setTimeout(() => socket.writable && socket.write(chunk), i * (options.everyMs ?? 0))));
    });
    socket.on('data', (data) => (text += data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => done(true));
    timers.push(setTimeout(() => done(false), options.boundMs ?? 5000));
  });
}

/**
 * The exchange again until it is not refused for connections the server still counts: the close
 * of a destroyed socket reaches the server a moment later, later still on a loaded machine.
 */
async function onceServed(attempt: () => Promise<Exchange>, boundMs = 5000): Promise<Exchange> {
  const until = performance.now() + boundMs;
  for (;;) {
    const res = await attempt();
    if ((res.status !== 429 && res.status !== 503) || performance.now() > until) return res;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const requestHead = (server: RunningServer, method: string, path: string, extra: string[] = []): string =>
  [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${server.info.token}`, 'Notion-Version: 2025-09-03', ...extra, '', ''].join('\r\n');

describe('slow clients', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startListeningServer({ requestTimeoutMs: 800, headersTimeoutMs: 500, keepAliveTimeoutMs: 500, maxConnectionsPerClient: 4 });
  });
  afterAll(() => server?.close());

  it('cuts a body trickled past the request timeout with a 408 in Notion’s envelope', async () => {
    const body = JSON.stringify({ parent: { page_id: server.info.rootPageId }, properties: { title: { title: [{ text: { content: 'slow' } }] } } });
    const head = requestHead(server, 'POST', '/v1/pages', ['Content-Type: application/json', `Content-Length: ${body.length}`]);
    // One byte every 100 ms: the body would take seconds to arrive.
    const res = await exchange(server, [head, ...body.split('')], { everyMs: 100, boundMs: 4000 });
    expect(res.closed).toBe(true);
    expect(res.status).toBe(408);
    expect(res.body).toMatchObject({ object: 'error', status: 408, code: 'invalid_request' });
    expect(res.text).toContain(`x-notion-request-id: ${res.body!.request_id}`);
    // Nothing of the cut request was created.
    const found = await fetch(`${server.baseUrl}/v1/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.info.token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'slow' }),
    });
    expect(((await found.json()) as { results: unknown[] }).results).toEqual([]);
  });

  it('closes a connection that never sends a request', async () => {
    const res = await exchange(server, [], { boundMs: 4000 });
    expect(res.closed).toBe(true);
    expect(res.status).toBe(408);
  });

  it('answers a request sent in time, in pieces', async () => {
    const head = requestHead(server, 'GET', '/v1/users/me', ['Connection: close']);
    const res = await exchange(server, [head.slice(0, 20), head.slice(20)], { everyMs: 100 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'user', type: 'bot' });
  });

  it('answers headers over the limit with a 431 in Notion’s envelope', async () => {
    const head = requestHead(server, 'GET', '/v1/users/me', [`X-Padding: ${'a'.repeat(20_000)}`]);
    const res = await exchange(server, [head]);
    expect(res.status).toBe(431);
    expect(res.body).toMatchObject({ object: 'error', status: 431, code: 'invalid_request', message: 'Request header fields too large.' });
  });

  it('refuses idle connections beyond the per-client cap while another client is served', async () => {
    const { port } = new URL(server.baseUrl);
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const socket = connect({ host: '127.0.0.1', port: Number(port) });
        socket.on('error', () => {});
        await new Promise((resolve) => socket.once('connect', resolve));
        held.push(socket);
      }
      // The fifth and sixth from the same address are refused at once.
      const refused = await Promise.all([0, 1].map(() => exchange(server, [], { boundMs: 2000 })));
      for (const res of refused) {
        expect(res.closed).toBe(true);
        expect(res.status).toBe(429);
        expect(res.body).toMatchObject({ object: 'error', status: 429, code: 'rate_limited' });
        expect(res.text).toContain('Retry-After: 1');
      }
      // Another address on loopback is still served.
      const other = await exchange(server, [requestHead(server, 'GET', '/v1/users/me', ['Connection: close'])], { localAddress: '127.0.0.2' });
      expect(other.status).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Once the server has seen the held connections close, the first client is served again.
    const again = await onceServed(() => exchange(server, [requestHead(server, 'GET', '/v1/users/me', ['Connection: close'])]));
    expect(again.status).toBe(200);
  });
});

describe('connections in all', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startListeningServer({ maxConnections: 2, maxConnectionsPerClient: 0, keepAliveTimeoutMs: 300 });
  });
  afterAll(() => server?.close());

  it('refuses a connection over the total with a 503, and closes an idle keep-alive connection', async () => {
    const { port } = new URL(server.baseUrl);
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: `127.0.0.${i + 2}` });
        socket.on('error', () => {});
        await new Promise((resolve) => socket.once('connect', resolve));
        held.push(socket);
      }
      const refused = await exchange(server, [], { boundMs: 2000, localAddress: '127.0.0.9' });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({
        object: 'error',
        status: 503,
        code: 'service_unavailable',
        message: 'Notion is unavailable, please try again later.',
      });
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Once the server has seen the held connections close, a request is answered on a kept-alive
    // connection, which the server closes once idle past the timeout.
    const kept = await onceServed(() => exchange(server, [requestHead(server, 'GET', '/v1/users/me')], { boundMs: 4000 }));
    expect(kept.status).toBe(200);
    expect(kept.closed).toBe(true);
  });
});
