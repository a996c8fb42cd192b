// Comments (spec 3.8, 4.8): discussions on pages and blocks, replies by discussion_id, the list
// with its cursor, retrieve/update/delete in 2026-03-11, inline Markdown, capabilities and access.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import { createDatabase, expectError, expectNotFound, ok, text, textItem, UUID, wholeList, type Json } from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const LATEST = '2026-03-11';
const INSUFFICIENT = 'Insufficient permissions for this endpoint.';
const NO_ACCESS = 'API token does not have access to this resource.';

let server: TestServer;
let pageId: string;
let blockId: string;

beforeEach(async () => {
  server = await startTestServer();
  const page = ok(
    await server.request('POST', '/v1/pages', {
      body: {
        parent: { page_id: server.info.rootPageId },
        properties: { title: { title: [text('Discussed')] } },
        children: [{ paragraph: { rich_text: [text('A paragraph')] } }],
      },
    }),
  );
  pageId = page.id;
  blockId = ok(await server.request('GET', `/v1/blocks/${pageId}/children`)).results[0].id;
});

afterEach(async () => {
  await server.close();
});

const comment = async (body: Record<string, unknown>, options: { token?: string; version?: string } = {}) =>
  server.request('POST', '/v1/comments', { body, ...options });
const list = (blockIdOrPage: string, query = '', token?: string) => server.request('GET', `/v1/comments?block_id=${blockIdOrPage}${query}`, { token });

describe('creating a comment', () => {
  it('opens a discussion on a page, as the comment object shows', async () => {
    const created = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('First thought')] }));
    expect(created).toEqual({
      object: 'comment',
      id: expect.stringMatching(UUID),
      parent: { type: 'page_id', page_id: pageId },
      discussion_id: expect.stringMatching(UUID),
      created_time: expect.stringMatching(/:00\.000Z$/),
      last_edited_time: created.created_time,
      created_by: { object: 'user', id: server.info.botId },
      rich_text: [textItem('First thought')],
      display_name: { type: 'integration', resolved_name: 'localnotion' },
      request_id: expect.any(String),
    });
    expect(created.discussion_id).not.toBe(created.id);
  });

  it('opens a discussion on a block, and replies into an existing discussion', async () => {
    const opened = ok(await comment({ parent: { type: 'block_id', block_id: blockId }, rich_text: [text('On the paragraph')] }));
    expect(opened.parent).toEqual({ type: 'block_id', block_id: blockId });
    const reply = ok(await comment({ discussion_id: opened.discussion_id, rich_text: [text('A reply')] }));
    expect(reply.discussion_id).toBe(opened.discussion_id);
    expect(reply.parent).toEqual({ type: 'block_id', block_id: blockId });
    const other = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('Another discussion')] }));
    expect(other.discussion_id).not.toBe(opened.discussion_id);
  });

  it('takes inline Markdown instead of rich text', async () => {
    const created = ok(await comment({ parent: { page_id: pageId }, markdown: 'See **this** and [that](https://example.com)' }));
    expect(created.rich_text.map((t: Json) => [t.plain_text, t.annotations.bold, t.href])).toEqual([
      ['See ', false, null],
      ['this', true, null],
      [' and ', false, null],
      ['that', false, 'https://example.com'],
    ]);
  });

  it('resolves mentions in its rich text', async () => {
    const created = ok(await comment({ parent: { page_id: pageId }, rich_text: [{ mention: { page: { id: server.info.rootPageId } } }] }));
    expect(created.rich_text[0]).toMatchObject({ type: 'mention', mention: { type: 'page', page: { id: server.info.rootPageId } } });
  });

  it('names its author as asked', async () => {
    const custom = ok(
      await comment({ parent: { page_id: pageId }, rich_text: [text('x')], display_name: { type: 'custom', custom: { name: 'Release bot' } } }),
    );
    expect(custom.display_name).toEqual({ type: 'custom', resolved_name: 'Release bot' });
    const user = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('x')], display_name: { type: 'user' } }));
    expect(user.display_name.type).toBe('user');
  });

  it('needs exactly one target and exactly one body', async () => {
    expectError(
      await comment({ rich_text: [text('x')] }),
      400,
      'validation_error',
      'body failed validation. Fix one:\nbody.parent should be defined, instead was `undefined`.\nbody.discussion_id should be defined, instead was `undefined`.',
    );
    expectError(
      await comment({ parent: { page_id: pageId } }),
      400,
      'validation_error',
      'body failed validation. Fix one:\nbody.rich_text should be defined, instead was `undefined`.\nbody.markdown should be defined, instead was `undefined`.',
    );
    expectError(
      await comment({ parent: { page_id: pageId }, rich_text: [text('x')], markdown: 'y' }),
      400,
      'validation_error',
      'body failed validation: body.markdown should be not present, instead was `"y"`.',
    );
    const res = await comment({ parent: { page_id: 'nope' }, rich_text: [text('x')] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
  });

  it('answers 404 for what the integration cannot reach, and for unknown discussions', async () => {
    const missing = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
    expectNotFound(await comment({ parent: { page_id: missing }, rich_text: [text('x')] }), 'page', missing);
    expectNotFound(await comment({ parent: { page_id: blockId }, rich_text: [text('x')] }), 'page', blockId);
    expectNotFound(await comment({ discussion_id: missing, rich_text: [text('x')] }), 'discussion', missing);
    expectNotFound(await comment({ parent: { page_id: pageId }, rich_text: [text('x')], attachments: [{ file_upload_id: missing }] }), 'file upload', missing);
  });

  it('is refused on a trashed page, and on databases', async () => {
    ok(await server.request('PATCH', `/v1/pages/${pageId}`, { body: { in_trash: true } }));
    expectError(
      await comment({ parent: { page_id: pageId }, rich_text: [text('x')] }),
      400,
      'validation_error',
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
    const db = await createDatabase(server, { Name: { title: {} } });
    expectError(await comment({ parent: { block_id: db.databaseId }, rich_text: [text('x')] }), 403, 'restricted_resource', NO_ACCESS);
  });
});

describe('listing comments', () => {
  it('lists the comments of a page or block in the order they were made, a page at a time', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(ok(await comment({ parent: { page_id: pageId }, rich_text: [text(`c${i}`)] })).id);
    ok(await comment({ parent: { block_id: blockId }, rich_text: [text('elsewhere')] }));
    const first = ok(await list(pageId, '&page_size=2'));
    expect(first.results.map((c: Json) => c.id)).toEqual(made.slice(0, 2));
    expect(first).toMatchObject({ object: 'list', has_more: true, next_cursor: made[2], type: 'comment', comment: {} });
    const rest = ok(await list(pageId, `&start_cursor=${first.next_cursor}`));
    expect(rest.results.map((c: Json) => c.id)).toEqual(made.slice(2));
    expect(rest.has_more).toBe(false);
    const onBlock = ok(await list(blockId));
    expect(onBlock.results.map((c: Json) => c.rich_text[0].plain_text)).toEqual(['elsewhere']);
  });

  it('answers an empty list for a block without comments', async () => {
    const res = await list(blockId);
    expect(res.body).toEqual(wholeList('comment', res.body.request_id));
  });

  it("answers Notion's messages for a missing or malformed block_id, a bad cursor and a page size over 100", async () => {
    expectError(
      await server.request('GET', '/v1/comments'),
      400,
      'validation_error',
      'query failed validation: query.block_id should be defined, instead was `undefined`.',
    );
    expectError(await list('nope'), 400, 'validation_error', 'query failed validation: query.block_id should be a valid uuid, instead was `"nope"`.');
    expectError(await list(pageId, '&start_cursor=bogus'), 400, 'validation_error', 'The start_cursor provided is invalid: bogus');
    expectError(
      await list(pageId, '&page_size=101'),
      400,
      'validation_error',
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
  });
});

describe('one comment (2026-03-11)', () => {
  it('is retrieved, updated and deleted', async () => {
    const created = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('Draft')] }));
    const read = ok(await server.request('GET', `/v1/comments/${created.id}`, { version: LATEST }));
    expect(read.rich_text).toEqual([textItem('Draft')]);
    const updated = ok(await server.request('PATCH', `/v1/comments/${created.id}`, { body: { markdown: '*Final*' }, version: LATEST }));
    expect(updated.rich_text[0]).toMatchObject({ plain_text: 'Final', annotations: { italic: true } });
    expect(updated.discussion_id).toBe(created.discussion_id);
    const deleted = ok(await server.request('DELETE', `/v1/comments/${created.id}`, { version: LATEST }));
    expect(deleted.id).toBe(created.id);
    expectNotFound(await server.request('GET', `/v1/comments/${created.id}`, { version: LATEST }), 'comment', created.id);
    expect(ok(await list(pageId)).results).toEqual([]);
  });

  it('is served under 2022-06-28 and 2025-09-03 as well', async () => {
    for (const version of ['2022-06-28', '2025-09-03']) {
      const created = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('x')] }));
      expect(ok(await server.request('GET', `/v1/comments/${created.id}`, { version })).id).toBe(created.id);
      const updated = ok(await server.request('PATCH', `/v1/comments/${created.id}`, { body: { markdown: 'y' }, version }));
      expect(updated.rich_text).toEqual([textItem('y')]);
      expect(ok(await server.request('DELETE', `/v1/comments/${created.id}`, { version })).id).toBe(created.id);
      expectNotFound(await server.request('GET', `/v1/comments/${created.id}`, { version }), 'comment', created.id);
    }
  });
});

describe('capabilities and access', () => {
  it('needs read comments to list and retrieve, insert comments to write', async () => {
    const created = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('x')] }));
    const reader = await secondIntegration(server, { name: 'Reader', capabilities: { insert_comments: false }, pages: [pageId] });
    const writer = await secondIntegration(server, { name: 'Writer', capabilities: { read_comments: false }, pages: [pageId] });
    expectError(await comment({ parent: { page_id: pageId }, rich_text: [text('y')] }, { token: reader.token }), 403, 'restricted_resource', INSUFFICIENT);
    expect(ok(await list(pageId, '', reader.token)).results).toHaveLength(1);
    expectError(await list(pageId, '', writer.token), 403, 'restricted_resource', INSUFFICIENT);
    expectError(await server.request('GET', `/v1/comments/${created.id}`, { token: writer.token, version: LATEST }), 403, 'restricted_resource', INSUFFICIENT);
    ok(await comment({ parent: { page_id: pageId }, rich_text: [text('y')] }, { token: writer.token }));
  });

  it('hides comments on pages the integration was not given, and lets it change only its own', async () => {
    const created = ok(await comment({ parent: { page_id: pageId }, rich_text: [text('x')] }));
    const other = await secondIntegration(server, { name: 'Other' });
    expectNotFound(await list(pageId, '', other.token), 'block', pageId, 'Other');
    expectNotFound(await server.request('GET', `/v1/comments/${created.id}`, { token: other.token, version: LATEST }), 'comment', created.id, 'Other');
    expectNotFound(
      await comment({ discussion_id: created.discussion_id, rich_text: [text('y')] }, { token: other.token }),
      'discussion',
      created.discussion_id,
      'Other',
    );
    await other.share(pageId);
    ok(await comment({ discussion_id: created.discussion_id, rich_text: [text('y')] }, { token: other.token }));
    // Another integration's comment cannot be changed or deleted: a 404, as Notion documents for delete.
    expectNotFound(
      await server.request('PATCH', `/v1/comments/${created.id}`, { token: other.token, body: { markdown: 'z' }, version: LATEST }),
      'comment',
      created.id,
      'Other',
    );
    expectNotFound(await server.request('DELETE', `/v1/comments/${created.id}`, { token: other.token, version: LATEST }), 'comment', created.id, 'Other');
    expect(ok(await server.request('GET', `/v1/comments/${created.id}`)).id).toBe(created.id);
  });
});
