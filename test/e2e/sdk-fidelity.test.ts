// The recorded response shapes through the official @notionhq/client. Each expected object is
// written out whole and checked with `satisfies` against the SDK's own response type, so the test
// fails to compile if the shape leaves the SDK's types, and at run time if the server leaves it.
import type {
  BotUserObjectResponse,
  Client,
  DatabaseObjectResponse,
  Heading3BlockObjectResponse,
  PageObjectResponse,
  ParagraphBlockObjectResponse,
  UserObjectResponse,
} from '@notionhq/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sdkClient, withSdkServer } from '../helpers/listening.js';
import { fullPage, plain, text } from '../helpers/sdk.js';

const ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' } as const;
const richText = (content: string) => ({ type: 'text' as const, text: { content, link: null }, annotations: ANNOTATIONS, plain_text: content, href: null });
const withoutRequestId = (body: object): Record<string, unknown> => {
  const { request_id: _, ...rest } = body as Record<string, unknown>;
  return rest;
};

describe('response shapes through the SDK', () => {
  const sdk = withSdkServer();
  let notion: Client;
  let pageId: string;
  let botId: string;

  beforeAll(async () => {
    notion = sdk.notion;
    botId = (await notion.users.me({})).id;
    pageId = (await notion.pages.create({ parent: { page_id: sdk.server.info.rootPageId }, properties: { title: { title: text('Shapes') } } })).id;
  });

  it('a page carries is_archived beside in_trash and archived', async () => {
    const page = fullPage(await notion.pages.retrieve({ page_id: pageId }));
    const expected = {
      object: 'page',
      id: pageId,
      created_time: page.created_time,
      last_edited_time: page.last_edited_time,
      created_by: { object: 'user', id: botId },
      last_edited_by: { object: 'user', id: botId },
      cover: null,
      icon: null,
      parent: { type: 'page_id', page_id: sdk.server.info.rootPageId },
      in_trash: false,
      is_archived: false,
      is_locked: false,
      properties: { title: { id: 'title', type: 'title', title: [richText('Shapes')] } },
      url: page.url,
      public_url: null,
      archived: false,
    } satisfies PageObjectResponse;
    expect(withoutRequestId(page)).toEqual(expected);
  });

  it('a paragraph carries icon, and heading_4 and tab blocks are created and read back', async () => {
    const { results } = await notion.blocks.children.append({
      block_id: pageId,
      children: [
        { paragraph: { rich_text: text('Body') } },
        { heading_4: { rich_text: text('Fourth') } },
        { tab: { children: [{ paragraph: { rich_text: text('Tab one'), icon: { emoji: '📁' }, children: [{ paragraph: { rich_text: text('inside') } }] } }] } },
      ],
    });
    const [paragraphBlock, heading, tab] = results;
    const read = await notion.blocks.retrieve({ block_id: paragraphBlock!.id });
    if (!('type' in read) || read.type !== 'paragraph') throw new Error('expected a full paragraph');
    const expected = {
      object: 'block',
      id: paragraphBlock!.id,
      parent: { type: 'page_id', page_id: pageId },
      created_time: read.created_time,
      last_edited_time: read.last_edited_time,
      created_by: { object: 'user', id: botId },
      last_edited_by: { object: 'user', id: botId },
      has_children: false,
      in_trash: false,
      type: 'paragraph',
      paragraph: { rich_text: [richText('Body')], icon: null, color: 'default' },
      archived: false,
    } satisfies ParagraphBlockObjectResponse;
    expect(withoutRequestId(read)).toEqual(expected);

    const fourth = await notion.blocks.retrieve({ block_id: heading!.id });
    // The SDK's heading_4 response has the same payload as heading_3's.
    expect('type' in fourth && fourth.type).toBe('heading_4');
    expect((fourth as unknown as { heading_4: unknown }).heading_4).toEqual({
      rich_text: [richText('Fourth')],
      is_toggleable: false,
      color: 'default',
    } satisfies Heading3BlockObjectResponse['heading_3']);

    const tabRead = await notion.blocks.retrieve({ block_id: tab!.id });
    expect(tabRead).toMatchObject({ type: 'tab', tab: {}, has_children: true });
    const items = await notion.blocks.children.list({ block_id: tab!.id });
    const [item] = items.results;
    if (!item || !('type' in item) || item.type !== 'paragraph') throw new Error('expected a paragraph tab item');
    expect(plain(item.paragraph.rich_text)).toBe('Tab one');
    expect(item.paragraph.icon).toEqual({ type: 'emoji', emoji: '📁' });
    expect(item.has_children).toBe(true);
  });

  it('a database names no creator or editor', async () => {
    const created = await notion.databases.create({ parent: { type: 'page_id', page_id: pageId }, title: text('Tasks') });
    const database = await notion.databases.retrieve({ database_id: created.id });
    if (!('title' in database)) throw new Error('expected a full database');
    const expected = {
      object: 'database',
      id: created.id,
      title: [richText('Tasks')],
      description: [],
      parent: { type: 'page_id', page_id: pageId },
      is_inline: false,
      in_trash: false,
      is_locked: false,
      created_time: database.created_time,
      last_edited_time: database.last_edited_time,
      data_sources: [{ id: database.data_sources[0]!.id, name: 'Tasks' }],
      icon: null,
      cover: null,
      url: database.url,
      public_url: null,
      archived: false,
    } satisfies DatabaseObjectResponse;
    expect(withoutRequestId(database)).toEqual(expected);
  });

  it('users.retrieve of the own bot answers the bot object users.me answers', async () => {
    const me = await notion.users.me({});
    const user = await notion.users.retrieve({ user_id: botId });
    const expected = {
      object: 'user',
      id: botId,
      name: me.name,
      avatar_url: null,
      type: 'bot',
      bot: {
        owner: { type: 'workspace', workspace: true },
        workspace_id: sdk.server.info.workspaceId,
        workspace_name: (me as BotUserObjectResponse & { bot: { workspace_name: string } }).bot.workspace_name,
        workspace_limits: { max_file_upload_size_in_bytes: 5 * 1024 * 1024 },
      },
    } satisfies UserObjectResponse;
    expect(withoutRequestId(user)).toEqual(expected);
    expect(withoutRequestId(me)).toEqual(expected);
  });

  it('comments.retrieve works with the SDK default version and with 2022-06-28', async () => {
    const legacy = sdkClient(sdk.server, { notionVersion: '2022-06-28' });
    for (const client of [notion, legacy]) {
      const created = await client.comments.create({ parent: { page_id: pageId }, rich_text: text('Hello') });
      const read = await client.comments.retrieve({ comment_id: created.id });
      expect(read.id).toBe(created.id);
      await client.comments.update({ comment_id: created.id, rich_text: text('Bye') });
      await client.comments.delete({ comment_id: created.id });
    }
  });
});
