import { describe, expect, it } from 'vitest';
import { MAX_LOGGED_BODY, MAX_LOGGED_BYTES, RequestLog, type RequestEntry } from './request-log.js';

const record = (n: number, over: Partial<RequestEntry> = {}): RequestEntry => ({
  id: `r${n}`,
  timeMs: Date.parse('2025-01-01T00:00:00.000Z'),
  method: 'GET',
  path: `/v1/pages/${n}`,
  status: 200,
  duration_ms: 1,
  integration: { integrationId: 'i1', integrationName: 'bot' },
  notion_version: '2025-09-03',
  fault: null,
  requestText: undefined,
  responseBytes: Buffer.from('{"object":"page"}'),
  ...over,
});

describe('RequestLog', () => {
  it('keeps the most recent requests, newest first', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 5; i++) log.add(record(i));
    expect(log.list().map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    expect(log.list()[0]!.response_body).toEqual({ object: 'page' });
    expect(log.list({ limit: 1 }).map((r) => r.id)).toEqual(['r5']);
  });

  it('filters by method, path, status and integration', () => {
    const log = new RequestLog(10);
    log.add(record(1, { method: 'POST', path: '/v1/pages', requestText: '{"a":1}' }));
    log.add(record(2, { status: 404, integration: { integrationId: 'i2', integrationName: 'other' } }));
    log.add(record(3, { path: '/v1/blocks/x/children?page_size=5' }));
    expect(log.list({ method: 'post' }).map((r) => r.request_body)).toEqual([{ a: 1 }]);
    expect(log.list({ status: 404 }).map((r) => r.id)).toEqual(['r2']);
    expect(log.list({ integration: 'other' }).map((r) => r.id)).toEqual(['r2']);
    expect(log.list({ integration: 'i1' }).map((r) => r.id)).toEqual(['r3', 'r1']);
    expect(log.list({ path: '/v1/blocks/*/children' }).map((r) => r.id)).toEqual(['r3']);
    expect(log.list({ path: '/v1/pages' }).map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('cuts long bodies, keeps nothing when off, and clears', () => {
    const log = new RequestLog(2);
    log.add(record(1, { requestText: 'x'.repeat(MAX_LOGGED_BODY + 10) }));
    expect(log.list()[0]!.request_body).toEqual({ truncated: true, text: 'x'.repeat(MAX_LOGGED_BODY) });
    // The limit is in bytes, and a cut never leaves half a character.
    const half = MAX_LOGGED_BODY / 2;
    log.add(record(2, { requestText: `"${'é'.repeat(half - 1)}"`, responseBytes: Buffer.from(`a${'é'.repeat(half)}`) }));
    expect(log.list()[0]!.request_body).toBe('é'.repeat(half - 1));
    expect(log.list()[0]!.response_body).toEqual({ truncated: true, text: `a${'é'.repeat(half - 1)}` });
    for (const length of [MAX_LOGGED_BODY, MAX_LOGGED_BODY + 10]) {
      log.add(record(3, { requestText: 'é'.repeat(length) }));
      expect(log.list()[0]!.request_body).toEqual({ truncated: true, text: 'é'.repeat(half) });
    }
    log.clear();
    expect(log.list()).toEqual([]);
    const off = new RequestLog(0);
    off.add(record(1));
    expect(off.list()).toEqual([]);
  });

  it("lets the oldest requests' bodies go past MAX_LOGGED_BYTES, and keeps listing them", () => {
    const perBody = MAX_LOGGED_BODY / 2;
    const fit = MAX_LOGGED_BYTES / perBody;
    const log = new RequestLog(fit + 10);
    const answer = (n: number) => Buffer.from(JSON.stringify({ n, pad: 'x'.repeat(perBody - 20) }).padEnd(perBody));
    // Every record: one answer of perBody bytes, and record 1 a request body too.
    log.add(record(1, { method: 'POST', requestText: '{"a":1}', responseBytes: answer(1) }));
    for (let i = 2; i <= fit; i++) log.add(record(i, { responseBytes: answer(i) }));
    // Just over: record 1's bodies (request and answer) go; 2's are kept.
    let listed = log.list();
    expect(listed).toHaveLength(fit);
    expect(listed.at(-1)!.request_body).toEqual({ truncated: true, text: '' });
    expect(listed.at(-1)!.response_body).toEqual({ truncated: true, text: '' });
    expect(listed.at(-2)!.response_body).toMatchObject({ n: 2 });
    // Three more: the first fills the log to the byte, the next two let records 2 and 3 go (a
    // request without a body still shows none).
    for (let i = fit + 1; i <= fit + 3; i++) log.add(record(i, { responseBytes: answer(i) }));
    listed = log.list();
    expect(listed.slice(-4).map((r) => (r.response_body as { n?: number }).n ?? r.response_body)).toEqual([
      4,
      { truncated: true, text: '' },
      { truncated: true, text: '' },
      { truncated: true, text: '' },
    ]);
    expect(listed.at(-2)!.request_body).toBeNull();
    expect(listed[0]!.response_body).toMatchObject({ n: fit + 3 });
    // When the ring turns over, the records it replaces give their bytes back: small answers from
    // now on are all kept, and after a clear the budget is whole again.
    for (let i = 0; i < fit + 10; i++) log.add(record(1000 + i));
    expect(log.list().every((r) => (r.response_body as { object?: string }).object === 'page')).toBe(true);
    log.clear();
    for (let i = 1; i <= fit; i++) log.add(record(i, { responseBytes: answer(i) }));
    expect(log.list().every((r) => typeof (r.response_body as { n?: number }).n === 'number')).toBe(true);
  });
});
