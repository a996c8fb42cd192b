// Comments through the official @notionhq/client: a discussion with a reply, the list walked by
// the SDK's pagination helper, and one comment retrieved, updated and deleted in 2026-03-11.
import { APIErrorCode, collectPaginatedAPI, type Client } from '@notionhq/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sdkClient, withSdkServer } from '../helpers/listening.js';
import { expectApiError, plain, text } from '../helpers/sdk.js';

describe('comments through the SDK', () => {
  const sdk = withSdkServer();
  let notion: Client;
  let latest: Client;
  let pageId: string;

  beforeAll(async () => {
    notion = sdk.notion;
    latest = sdkClient(sdk.server, { notionVersion: '2026-03-11' });
    pageId = (await notion.pages.create({ parent: { page_id: sdk.server.info.rootPageId }, properties: { title: { title: text('Review') } } })).id;
  });

  it('opens a discussion, replies in it, and lists both with collectPaginatedAPI', async () => {
    const opened = await notion.comments.create({ parent: { page_id: pageId }, rich_text: text('Looks good') });
    if (!('discussion_id' in opened)) throw new Error('expected a full comment');
    const reply = await notion.comments.create({ discussion_id: opened.discussion_id, markdown: 'Agreed, **ship it**' });
    if (!('rich_text' in reply)) throw new Error('expected a full comment');
    expect(plain(reply.rich_text)).toBe('Agreed, ship it');
    const all = await collectPaginatedAPI(notion.comments.list, { block_id: pageId, page_size: 1 });
    expect(all.map((c) => c.id)).toEqual([opened.id, reply.id]);
    expect(new Set(all.map((c) => c.discussion_id))).toEqual(new Set([opened.discussion_id]));
  });

  it('retrieves, updates and deletes one comment in 2026-03-11', async () => {
    const created = await latest.comments.create({ parent: { page_id: pageId }, rich_text: text('Draft') });
    const read = await latest.comments.retrieve({ comment_id: created.id });
    expect(read.id).toBe(created.id);
    const updated = await latest.comments.update({ comment_id: created.id, rich_text: text('Final') });
    if (!('rich_text' in updated)) throw new Error('expected a full comment');
    expect(updated.rich_text[0]?.plain_text).toBe('Final');
    await latest.comments.delete({ comment_id: created.id });
    await expectApiError(latest.comments.retrieve({ comment_id: created.id }), APIErrorCode.ObjectNotFound, 404);
  });

  it('refuses a comment without a body as Notion does', async () => {
    await expectApiError(notion.comments.create({ parent: { page_id: pageId } } as never), APIErrorCode.ValidationError, 400);
  });
});
