// /requests/stream: the request log as server-sent events, one `request` event per request to /v1
// as it is answered, for the web UI's live log. A reader that does not keep up loses events
// rather than growing the server's buffers: it is told how many with a `dropped` event, and can
// read them from GET /requests (docs/decisions.md, "Web UI: emulator screens and access").
// https://html.spec.whatwg.org/multipage/server-sent-events.html
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { loggedRequest, requestMatcher, type RequestRecord } from '../request-log.js';
import { requestFilter } from './requests.js';

/** Bytes a stream may have waiting for its reader before new events are dropped. */
export const STREAM_BUFFER_LIMIT = 256 * 1024;
/** A comment now and then, so that proxies and browsers keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

class RequestStream {
  private dropped = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly matches: (record: RequestRecord) => boolean,
  ) {
    this.heartbeat = setInterval(() => this.send(': keep-alive\n\n'), HEARTBEAT_MS).unref();
    res.on('drain', () => {
      if (this.dropped === 0) return;
      const count = this.dropped;
      this.dropped = 0;
      this.send(`event: dropped\ndata: {"count":${count}}\n\n`);
    });
  }

  private get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  /** Writes `text` unless the reader is behind, in which case it is counted as lost. */
  private send(text: string): boolean {
    if (!this.open) return false;
    if (this.res.writableLength > STREAM_BUFFER_LIMIT) return false;
    this.res.write(text);
    return true;
  }

  push(record: RequestRecord): void {
    if (!this.open || !this.matches(record)) return;
    if (this.res.writableLength > STREAM_BUFFER_LIMIT) {
      this.dropped++;
      return;
    }
    this.send(`id: ${record.id}\nevent: request\ndata: ${JSON.stringify(loggedRequest(record))}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (this.open) this.res.end();
  }
}

export function requestStreamRoutes(app: FastifyInstance, emulator: Emulator): void {
  const streams = new Set<RequestStream>();
  // Before the server waits for its connections to end: an open stream never would.
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });

  app.get('/requests/stream', async (request, reply) => {
    const filter = requestFilter(request.query as Record<string, string>, ['method', 'path', 'status', 'integration']);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    const stream = new RequestStream(res, requestMatcher(filter));
    streams.add(stream);
    const stop = emulator.requestLog.subscribe((record) => stream.push(record));
    res.on('close', () => {
      stop();
      stream.end();
      streams.delete(stream);
    });
    // Said once subscribed: a client that then reads GET /requests misses nothing in between.
    res.write('retry: 2000\nevent: ready\ndata: {}\n\n');
  });
}
