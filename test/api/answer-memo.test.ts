// Page answers kept between writes (src/http/answer-memo.ts): sent again with their own request
// id, never once anything has been written, never across callers, versions, previews or
// `filter_properties`, never when computed at read time (formulas, rollups) or rewritten on the
// way out (mentions of pages, Notion-hosted files). On both engines.
import { describe, expect, it, vi } from 'vitest';
import { MEMO_CHARS } from '../../src/http/answer-memo.js';
import { changeIntegration } from '../../src/services/integrations.js';
import { createDatabase, createRow, expectError, expectNotFound, getPage, ok, text, titled, updatePage, type Json } from '../helpers/builders.js';
import { secondIntegration } from '../helpers/integrations.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();

/** A new page under the workspace's first page. */
async function newPage(title: string, extra: Record<string, unknown> = {}): Promise<Json> {
  const body = { parent: { page_id: server.info.rootPageId }, properties: { title: { title: [text(title)] } }, ...extra };
  return ok(await server.request('POST', '/v1/pages', { body }));
}

/** A body without its request id, which every answer has of its own. */
const withoutId = (res: TestResponse): Json => {
  const { request_id, ...rest } = res.body;
  expect(request_id).toBe(res.headers['x-notion-request-id']);
  return rest;
};

/** Answers sent from the memo while `fn` ran. */
async function hitsDuring(fn: () => Promise<unknown>): Promise<number> {
  const before = server.app.answerMemo.hits;
  await fn();
  return server.app.answerMemo.hits - before;
}

describe('a page answer', () => {
  it('is sent again from the memo, with the request id of the request it answers', async () => {
    const page = await newPage('Kept');
    const first = await server.request('GET', `/v1/pages/${page.id}`);
    let second: TestResponse | undefined;
    const logged = [vi.spyOn(server.app.log, 'warn'), vi.spyOn(server.app.log, 'error')];
    const hits = await hitsDuring(async () => (second = await server.request('GET', `/v1/pages/${page.id}`)));
    expect(hits).toBe(1);
    // Nothing runs after the kept answer is sent (a second answer would be refused and logged).
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const spy of logged) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(second!.status).toBe(200);
    expect(second!.headers['content-type']).toBe(first.headers['content-type']);
    expect(second!.body.request_id).not.toBe(first.body.request_id);
    expect(withoutId(second!)).toEqual(withoutId(first));
    // A HEAD request is the GET's headers.
    const head = await server.app.inject({
      method: 'HEAD',
      url: `/v1/pages/${page.id}`,
      headers: { authorization: `Bearer ${server.info.token}`, 'notion-version': '2025-09-03' },
    });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(second!.headers['content-length']);
  });

  it('is read afresh after any write, its own page or another', async () => {
    const page = await newPage('Before');
    await getPage(server, page.id);
    await updatePage(server, page.id, { properties: { title: { title: [text('After')] } } });
    expect((await getPage(server, page.id)).properties.title.title[0].plain_text).toBe('After');
    await getPage(server, page.id);
    // Another page's write: the memo does not know what an answer depends on, so it starts again.
    const hits = await hitsDuring(async () => {
      await newPage('Elsewhere');
      await getPage(server, page.id);
    });
    expect(hits).toBe(0);
    await updatePage(server, page.id, { in_trash: true });
    expect((await getPage(server, page.id)).in_trash).toBe(true);
  });

  it('is kept per caller: what one integration reads is never sent to another', async () => {
    const page = await newPage('Given to one');
    await getPage(server, page.id);
    await getPage(server, page.id);
    const other = await secondIntegration(server);
    expectNotFound(await server.request('GET', `/v1/pages/${page.id}`, { token: other.token }), 'page', page.id, other.name);
    expectNotFound(await server.request('GET', `/v1/pages/${page.id}`, { token: other.token }), 'page', page.id, other.name);
    await other.share(page.id);
    const given = ok(await server.request('GET', `/v1/pages/${page.id}`, { token: other.token }));
    expect(given.id).toBe(page.id);
    await other.unshare(page.id);
    expectNotFound(await server.request('GET', `/v1/pages/${page.id}`, { token: other.token }), 'page', page.id, other.name);
  });

  it('follows a change of the caller once the token is looked up again', async () => {
    const page = await newPage('Capabilities');
    const other = await secondIntegration(server, { name: 'Reader', pages: [page.id] });
    const read = () => server.request('GET', `/v1/pages/${page.id}`, { token: other.token });
    expect(ok(await read()).properties).toBeDefined();
    await changeIntegration(server.ctx, other.integrationId, { capabilities: { read_content: false } });
    // A token is looked up again after a second (services/access.ts); the answer kept for the
    // integration as it was must not outlive that.
    await read();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expectError(await read(), 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  });

  it('is kept per version, preview and filter_properties', async () => {
    const { dataSourceId, databaseId } = await createDatabase(server, { Name: { title: {} }, Count: { number: {} } }, { title: 'Versions' });
    const row = await createRow(server, dataSourceId, { ...titled('Row'), Count: { number: 3 } });
    const newer = await getPage(server, row.id);
    const older = await getPage(server, row.id, '2022-06-28');
    expect(newer.parent).toEqual({ type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId });
    expect(older.parent).toEqual({ type: 'database_id', database_id: databaseId });
    expect((await getPage(server, row.id)).parent).toEqual(newer.parent);
    const countId = newer.properties.Count.id as string;
    const filtered = ok(await server.request('GET', `/v1/pages/${row.id}?filter_properties=${encodeURIComponent(countId)}`));
    expect(Object.keys(filtered.properties)).toEqual(['Count']);
    expect(Object.keys((await getPage(server, row.id)).properties).sort()).toEqual(['Count', 'Name']);
  });

  it('is kept within its bound, long URLs counted', async () => {
    const page = await newPage('Long URLs');
    // Property ids of no property match nothing (present/page.ts): each URL is a new answer to keep.
    const filler = Array.from({ length: 700 }, (_, i) => `filter_properties=p${i}`).join('&');
    const url = (i: number) => `/v1/pages/${page.id}?${filler}&filter_properties=n${i}`;
    ok(await server.request('GET', url(0)));
    const one = server.app.answerMemo.size;
    expect(one).toBeGreaterThan(url(0).length);
    for (let i = 1; i < (2 * MEMO_CHARS) / one; i++) ok(await server.request('GET', url(i)));
    expect(server.app.answerMemo.size).toBeLessThanOrEqual(MEMO_CHARS);
  });

  it('is computed again when it holds a formula or a rollup: now() moves without a write', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Hour: { formula: { expression: 'hour(now())' } } }, { title: 'Clock' });
    const row = await createRow(server, dataSourceId, titled('Now'));
    const hourAt = (iso: string) => server.at(iso, async () => (await getPage(server, row.id)).properties.Hour.formula.number);
    expect(await hourAt('2026-01-01T10:00:00.000Z')).toBe(10);
    const hits = await hitsDuring(async () => expect(await hourAt('2026-01-01T11:00:00.000Z')).toBe(11));
    expect(hits).toBe(0);
    // Without the formula in the answer, the page is kept.
    const id = (await getPage(server, row.id)).properties.Name.id as string;
    const url = `/v1/pages/${row.id}?filter_properties=${encodeURIComponent(id)}`;
    ok(await server.request('GET', url));
    expect(await hitsDuring(async () => ok(await server.request('GET', url)))).toBe(1);
  });

  it('is rewritten on every read when it mentions a page or holds a Notion-hosted file', async () => {
    const secret = await newPage('Secret');
    const page = await newPage('Mention', { properties: { title: { title: [{ mention: { page: { id: secret.id } } }] } } });
    const other = await secondIntegration(server, { name: 'Mentions', pages: [page.id] });
    const titleFor = async (token?: string) => ok(await server.request('GET', `/v1/pages/${page.id}`, { token })).properties.title.title[0].plain_text;
    expect(await titleFor()).toBe('Secret');
    expect(await titleFor(other.token)).toBe('Untitled');
    expect(await hitsDuring(async () => expect(await titleFor(other.token)).toBe('Untitled'))).toBe(0);

    const upload = ok(await server.request('POST', '/v1/file_uploads', { body: { filename: 'icon.png', content_type: 'image/png' } }));
    const boundary = 'memo-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="icon.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from('not really a png'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const sent = await server.app.inject({
      method: 'POST',
      url: `/v1/file_uploads/${upload.id}/send`,
      headers: { authorization: `Bearer ${server.info.token}`, 'notion-version': '2025-09-03', 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const hosted = await newPage('Hosted icon', { icon: { type: 'file_upload', file_upload: { id: upload.id } } });
    const expiryAt = (iso: string) => server.at(iso, async () => (await getPage(server, hosted.id)).icon.file.expiry_time);
    const early = await expiryAt('2030-01-01T10:00:00.000Z');
    const later = await expiryAt('2030-01-01T11:00:00.000Z');
    expect(Date.parse(later) - Date.parse(early)).toBe(3_600_000);
  });
});

describe('a workspace written as it is read', () => {
  const busy = sharedTestServer();

  it('is read without asking the store for its state once that cost a statement and found a change eight times in a row', async () => {
    const body = { parent: { page_id: busy.info.rootPageId }, properties: { title: { title: [text('Busy')] } } };
    const page = ok(await busy.request('POST', '/v1/pages', { body }));
    const state = vi.spyOn(busy.ctx.store, 'state');
    for (let i = 0; i < 12; i++) {
      await updatePage(busy, page.id, { properties: { title: { title: [text(`Busy ${i}`)] } } });
      expect((await getPage(busy, page.id)).properties.title.title[0].plain_text).toBe(`Busy ${i}`);
    }
    const calls = state.mock.calls.length;
    state.mockRestore();
    // Each read asks twice (before, and before keeping its answer). On SQLite asking costs nothing
    // and goes on; on PostgreSQL the reads after the eighth do not ask.
    expect(calls).toBe(busy.ctx.store.engine === 'postgres' ? 2 * 8 : 2 * 12);
  });
});
