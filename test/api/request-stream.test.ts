// GET /__localnotion/requests/stream: the request log as server-sent events, read over a real
// socket. Each request to /v1 arrives as it is answered, filtered like GET /requests; a reader
// that stops reading loses events (and is told how many) instead of growing the server's
// buffers; closing the server ends the streams.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_BUFFER_LIMIT } from '../../src/emulator/control/request-stream.js';
import type { LocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

interface StreamEvent {
  event: string;
  id: string | undefined;
  data: any;
}

interface EventReader {
  response: IncomingMessage;
  events: StreamEvent[];
  /** Resolves with the first event (from the start) that `test` accepts. */
  next(test: (event: StreamEvent) => boolean): Promise<StreamEvent>;
  ended: Promise<void>;
}

function parseEvent(block: string): StreamEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const [field, ...rest] = line.split(':');
    const value = rest.join(':').replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? undefined : { event, id, data: JSON.parse(data.join('\n')) };
}

function openStream(ln: LocalNotion, query = '', headers: Record<string, string> = {}): Promise<EventReader> {
  const target = new URL(`${ln.url}/__localnotion/requests/stream${query}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (response) => {
      const events: StreamEvent[] = [];
      const waiting: { test: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const parsed = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!parsed) continue;
          events.push(parsed);
          for (const w of waiting.splice(0))
            if (w.test(parsed)) w.resolve(parsed);
            else waiting.push(w);
        }
      });
      const ended = new Promise<void>((done) => response.on('close', done));
      const next = (test: (e: StreamEvent) => boolean) =>
        new Promise<StreamEvent>((found) => {
          const seen = events.find(test);
          if (seen) found(seen);
          else waiting.push({ test, resolve: found });
        });
      resolve({ response, events, next, ended });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the request log stream', () => {
  it('sends each request to /v1 as it is answered, with what the log keeps', async () => {
    const ln = await startEmulator();
    const stream = await openStream(ln);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-store');
    await stream.next((e) => e.event === 'ready');

    const me = await call(ln, 'GET', '/v1/users/me');
    const missing = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: '00000000-0000-4000-8000-000000000000' }, properties: {} } });
    const first = await stream.next((e) => e.event === 'request');
    expect(first.id).toBe(first.data.id);
    expect(first.data).toMatchObject({ method: 'GET', path: '/v1/users/me', status: 200, integration: { id: expect.any(String), name: expect.any(String) } });
    expect(first.data.response_body).toEqual(me.body);
    expect(first.data.duration_ms).toEqual(expect.any(Number));
    const second = await stream.next((e) => e.event === 'request' && e.data.method === 'POST');
    expect(second.data.status).toBe(missing.status);
    expect(second.data.request_body).toMatchObject({ parent: { page_id: '00000000-0000-4000-8000-000000000000' } });
    // The same entries as GET /requests keeps, newest first there.
    const log = await call(ln, 'GET', '/__localnotion/requests');
    expect(log.body.results.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
  });

  it('filters like GET /requests, and refuses what it does not take', async () => {
    const ln = await startEmulator();
    const stream = await openStream(ln, '?status=404&method=post');
    await stream.next((e) => e.event === 'ready');
    await call(ln, 'GET', '/v1/users/me');
    await call(ln, 'GET', '/v1/pages/00000000-0000-4000-8000-000000000000');
    await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: '00000000-0000-4000-8000-000000000000' }, properties: {} } });
    const event = await stream.next((e) => e.event === 'request');
    expect(event.data).toMatchObject({ method: 'POST', status: 404 });
    await call(ln, 'GET', '/v1/users/me');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.events.filter((e) => e.event === 'request')).toHaveLength(1);
    stream.response.destroy();

    const refused = await call(ln, 'GET', '/__localnotion/requests/stream?limit=5');
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      object: 'error',
      status: 400,
      code: 'validation_error',
      message: 'Unknown filter "limit": filter by method, path, status or integration.',
    });
    const bad = await call(ln, 'GET', '/__localnotion/requests/stream?status=ok');
    expect(bad.body.message).toBe('status should be a whole number, instead was "ok".');
  });

  it('is guarded like the rest of the control API', async () => {
    const ln = await startEmulator({ adminToken: 'lna_stream_test' });
    const refused = await call(ln, 'GET', '/__localnotion/requests/stream');
    expect(refused.status).toBe(401);
    const foreign = await call(ln, 'GET', '/__localnotion/requests/stream', {
      headers: { authorization: 'Bearer lna_stream_test', 'sec-fetch-site': 'cross-site' },
    });
    expect(foreign.status).toBe(403);
    const stream = await openStream(ln, '', { authorization: 'Bearer lna_stream_test' });
    expect(stream.response.statusCode).toBe(200);
    stream.response.destroy();
  });

  it('ends when the server closes, so that an open stream never holds it up', async () => {
    const ln = await startEmulator();
    const streams = await Promise.all([openStream(ln), openStream(ln)]);
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'ready')));
    await ln.close();
    await Promise.all(streams.map((s) => s.ended));
    expect(streams.every((s) => s.response.complete)).toBe(true);
  });

  it('drops what a reader that stopped reading would have to buffer, and says how much', async () => {
    const ln = await startEmulator();
    const stream = await openStream(ln);
    await stream.next((e) => e.event === 'ready');
    stream.response.pause();
    // Requests whose logged bodies are large: together far more than the stream may buffer,
    // and than the socket's buffers take.
    const text = 'x'.repeat(60 * 1024);
    const count = 300;
    for (let i = 0; i < count; i++) await call(ln, 'POST', '/v1/search', { body: { query: text } });
    const sent = count * text.length;
    expect(sent).toBeGreaterThan(20 * STREAM_BUFFER_LIMIT);
    stream.response.resume();
    await stream.next((e) => e.event === 'dropped');
    // Every request is either delivered or counted as dropped, once.
    await expect
      .poll(() => {
        const delivered = stream.events.filter((e) => e.event === 'request').length;
        const dropped = stream.events.filter((e) => e.event === 'dropped').reduce((n, e) => n + (e.data.count as number), 0);
        return delivered + dropped;
      })
      .toBe(count);
    const delivered = stream.events.filter((e) => e.event === 'request').length;
    expect(delivered).toBeLessThan(count);
    expect(delivered).toBeGreaterThan(0);
  });
});
