// The official @notionhq/client, pointed at a listening server with `baseUrl`, works unchanged:
// requests it builds are accepted, responses satisfy its types and helpers, and errors come back
// as the error classes it raises for api.notion.com.
import {
  APIErrorCode,
  APIResponseError,
  type Client,
  ClientErrorCode,
  UnknownHTTPResponseError,
  collectPaginatedAPI,
  isFullBlock,
  isFullPage,
  isFullUser,
  isHTTPResponseError,
  iteratePaginatedAPI,
  type AppendBlockChildrenParameters,
  type BlockObjectRequest,
  type BlockObjectResponse,
  type ChildPageBlockObjectResponse,
  type ListBlockChildrenParameters,
  type ListBlockChildrenResponse,
  type PageObjectResponse,
  type ParagraphBlockObjectResponse,
  type PartialBlockObjectResponse,
  type PropertyItemListResponse,
  type RichTextItemResponse,
  type ToggleBlockObjectResponse,
  type UserObjectResponse,
} from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { secondIntegration } from '../helpers/integrations.js';
import { sdkClient, startListeningServer } from '../helpers/listening.js';
import { caught, expectApiError, fullPage, plain, text } from '../helpers/sdk.js';

const COVER_URL = 'https://images.example.test/kale.jpg';

function fullBlock(response: BlockObjectResponse | PartialBlockObjectResponse): BlockObjectResponse {
  if (!isFullBlock(response)) throw new Error(`expected a full block, got ${JSON.stringify(response)}`);
  return response;
}

function titleOf(page: PageObjectResponse): string {
  const title = page.properties.title;
  if (title?.type !== 'title') throw new Error(`page ${page.id} has no title property`);
  return plain(title.title);
}

/** The plain text of a block that has `rich_text`, for order checks. */
function blockText(block: BlockObjectResponse): string {
  const content = (block as unknown as Record<string, { rich_text?: RichTextItemResponse[] }>)[block.type];
  return content?.rich_text ? plain(content.rich_text) : '';
}

async function listAll(notion: Client, blockId: string): Promise<BlockObjectResponse[]> {
  const results = await collectPaginatedAPI(notion.blocks.children.list, { block_id: blockId });
  return results.map(fullBlock);
}

function header(headers: unknown, name: string): string | null {
  return (headers as { get(name: string): string | null }).get(name);
}

/** As expectApiError, with a message, and a request id that is a uuid and the header's. */
async function expectApiErrorWithRequestId(promise: Promise<unknown>, code: APIErrorCode, status: number): Promise<APIResponseError> {
  const apiError = await expectApiError(promise, code, status);
  expect(apiError.message.length).toBeGreaterThan(0);
  expect(apiError.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(header(apiError.headers, 'x-notion-request-id')).toBe(apiError.request_id);
  return apiError;
}

/** Nine top-level blocks; the toggle holds two levels below it. */
const RECIPE: BlockObjectRequest[] = [
  { object: 'block', type: 'heading_1', heading_1: { rich_text: text('Tuscan kale') } },
  { paragraph: { rich_text: text('Intro') } },
  {
    type: 'toggle',
    toggle: {
      rich_text: text('Steps'),
      children: [
        {
          type: 'numbered_list_item',
          numbered_list_item: { rich_text: text('Chop'), children: [{ type: 'paragraph', paragraph: { rich_text: text('finely') } }] },
        },
        { type: 'numbered_list_item', numbered_list_item: { rich_text: text('Cook') } },
      ],
    },
  },
  { type: 'bulleted_list_item', bulleted_list_item: { rich_text: text('Kale') } },
  { type: 'to_do', to_do: { rich_text: text('Buy lemons'), checked: true } },
  { type: 'divider', divider: {} },
  { type: 'callout', callout: { rich_text: text('Note'), icon: { type: 'emoji', emoji: '💡' } } },
  { type: 'code', code: { rich_text: text('const x = 1;'), language: 'javascript' } },
  { type: 'quote', quote: { rich_text: text('Eat well') } },
];
const RECIPE_TYPES = ['heading_1', 'paragraph', 'toggle', 'bulleted_list_item', 'to_do', 'divider', 'callout', 'code', 'quote'];

async function createRecipePage(notion: Client, parentId: string, title = 'Recipe'): Promise<PageObjectResponse> {
  const created = await notion.pages.create({
    parent: { type: 'page_id', page_id: parentId },
    properties: { title: { title: text(title) } },
    icon: { type: 'emoji', emoji: '🥬' },
    cover: { type: 'external', external: { url: COVER_URL } },
    children: RECIPE,
  });
  return fullPage(created);
}

describe('SDK against a listening server (Notion-Version 2025-09-03, the SDK default)', () => {
  let server: RunningServer;
  let notion: Client;
  let page: PageObjectResponse;

  beforeAll(async () => {
    server = await startListeningServer();
    notion = sdkClient(server);
    page = await createRecipePage(notion, server.info.rootPageId);
  });
  afterAll(() => server?.close());

  it('creates a page with title, emoji icon and external cover under a page', () => {
    expect(page).toMatchObject({
      object: 'page',
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      icon: { type: 'emoji', emoji: '🥬' },
      cover: { type: 'external', external: { url: COVER_URL } },
      in_trash: false,
      archived: false,
      created_by: { object: 'user', id: server.info.botId },
      last_edited_by: { object: 'user', id: server.info.botId },
    });
    expect(titleOf(page)).toBe('Recipe');
    expect(page.properties.title?.id).toBe('title');
    expect(page.url).toMatch(/^https:\/\/www\.notion\.so\/Recipe-[0-9a-f]{32}$/);
  });

  it('collectPaginatedAPI returns every top-level block in document order', async () => {
    const blocks = await listAll(notion, page.id);
    expect(blocks.map((b) => b.type)).toEqual(RECIPE_TYPES);
    expect(blocks.map((b) => b.has_children)).toEqual(RECIPE_TYPES.map((t) => t === 'toggle'));
    for (const block of blocks) {
      expect(block).toMatchObject({ object: 'block', parent: { type: 'page_id', page_id: page.id }, in_trash: false, archived: false });
    }
    const code = blocks[7]!;
    if (code.type !== 'code') throw new Error('expected a code block');
    expect(code.code.language).toBe('javascript');
    expect(plain(code.code.rich_text)).toBe('const x = 1;');
    const todo = blocks[4]!;
    if (todo.type !== 'to_do') throw new Error('expected a to_do block');
    expect(todo.to_do.checked).toBe(true);
    const callout = blocks[6]!;
    if (callout.type !== 'callout') throw new Error('expected a callout block');
    expect(callout.callout.icon).toEqual({ type: 'emoji', emoji: '💡' });
  });

  it('iteratePaginatedAPI with page_size 2 visits each block exactly once, following next_cursor', async () => {
    const all = await listAll(notion, page.id);
    expect(all.length).toBeGreaterThan(5);
    const pages: ListBlockChildrenResponse[] = [];
    const list = async (args: ListBlockChildrenParameters): Promise<ListBlockChildrenResponse> => {
      const response = await notion.blocks.children.list(args);
      pages.push(response);
      return response;
    };
    const visited: string[] = [];
    for await (const block of iteratePaginatedAPI(list, { block_id: page.id, page_size: 2 })) visited.push(block.id);
    expect(visited).toEqual(all.map((b) => b.id));
    expect(new Set(visited).size).toBe(visited.length);
    expect(pages).toHaveLength(Math.ceil(all.length / 2));
    expect(pages.map((p) => p.results.length)).toEqual(pages.map((_, i) => Math.min(2, all.length - 2 * i)));
    expect(pages.slice(0, -1).every((p) => p.has_more && p.next_cursor !== null)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ object: 'list', type: 'block', block: {}, has_more: false, next_cursor: null });
  });

  it('nested children are readable by following has_children', async () => {
    const toggle = (await listAll(notion, page.id)).find((b) => b.type === 'toggle') as ToggleBlockObjectResponse;
    expect(plain(toggle.toggle.rich_text)).toBe('Steps');
    const steps = await listAll(notion, toggle.id);
    expect(steps.map((b) => [b.type, blockText(b), b.has_children])).toEqual([
      ['numbered_list_item', 'Chop', true],
      ['numbered_list_item', 'Cook', false],
    ]);
    expect(steps[0]!.parent).toEqual({ type: 'block_id', block_id: toggle.id });
    const detail = await listAll(notion, steps[0]!.id);
    expect(detail.map((b) => [b.type, blockText(b), b.has_children])).toEqual([['paragraph', 'finely', false]]);
    expect(detail[0]!.parent).toEqual({ type: 'block_id', block_id: steps[0]!.id });
  });

  it('pages.retrieve returns the full page, typed as PageObjectResponse', async () => {
    const retrieved: PageObjectResponse = fullPage(await notion.pages.retrieve({ page_id: page.id }));
    expect(retrieved.id).toBe(page.id);
    expect(retrieved.icon).toEqual(page.icon);
    expect(retrieved.cover).toEqual(page.cover);
    expect(retrieved.parent).toEqual(page.parent);
    expect(titleOf(retrieved)).toBe('Recipe');
    // Retrieval accepts the dashless form of the id.
    const dashless = fullPage(await notion.pages.retrieve({ page_id: page.id.replaceAll('-', '') }));
    expect(dashless.id).toBe(page.id);
  });

  it('pages.update changes the title and icon, then trashes and restores the page', async () => {
    const target = await createRecipePage(notion, server.info.rootPageId, 'Draft');
    const renamed = fullPage(
      await notion.pages.update({ page_id: target.id, properties: { title: { title: text('Final') } }, icon: { type: 'emoji', emoji: '🍋' } }),
    );
    expect(titleOf(renamed)).toBe('Final');
    expect(renamed.icon).toEqual({ type: 'emoji', emoji: '🍋' });
    expect(renamed.cover).toEqual(target.cover);
    expect(titleOf(fullPage(await notion.pages.retrieve({ page_id: target.id })))).toBe('Final');

    const rootChildren = async () => (await listAll(notion, server.info.rootPageId)).map((b) => b.id);
    expect(await rootChildren()).toContain(target.id);

    const trashed = fullPage(await notion.pages.update({ page_id: target.id, in_trash: true }));
    expect({ in_trash: trashed.in_trash, archived: trashed.archived }).toEqual({ in_trash: true, archived: true });
    expect(fullPage(await notion.pages.retrieve({ page_id: target.id })).in_trash).toBe(true);
    expect(await rootChildren()).not.toContain(target.id);

    const restored = fullPage(await notion.pages.update({ page_id: target.id, in_trash: false }));
    expect({ in_trash: restored.in_trash, archived: restored.archived }).toEqual({ in_trash: false, archived: false });
    expect(titleOf(restored)).toBe('Final');
    expect(await rootChildren()).toContain(target.id);
  });

  it('pages.properties.retrieve returns the title as a paginated list of property items', async () => {
    const response = await notion.pages.properties.retrieve({ page_id: page.id, property_id: 'title' });
    if (response.object !== 'list') throw new Error(`expected a list, got ${response.object}`);
    const list: PropertyItemListResponse = response;
    expect(list).toMatchObject({ object: 'list', type: 'property_item', has_more: false, next_cursor: null });
    expect(list.property_item).toMatchObject({ type: 'title', id: 'title' });
    expect(list.results).toHaveLength(1);
    const item = list.results[0]!;
    if (item.type !== 'title') throw new Error(`expected a title item, got ${item.type}`);
    expect(item.object).toBe('property_item');
    expect(item.title.plain_text).toBe('Recipe');
  });

  it('blocks.retrieve reads a page as a child_page block and a content block as itself', async () => {
    const asBlock = fullBlock(await notion.blocks.retrieve({ block_id: page.id }));
    if (asBlock.type !== 'child_page') throw new Error(`expected child_page, got ${asBlock.type}`);
    const childPage: ChildPageBlockObjectResponse = asBlock;
    expect(childPage.child_page.title).toBe('Recipe');
    expect(childPage.has_children).toBe(true);
    expect(childPage.parent).toEqual({ type: 'page_id', page_id: server.info.rootPageId });

    const intro = (await listAll(notion, page.id))[1]!;
    const retrieved = fullBlock(await notion.blocks.retrieve({ block_id: intro.id }));
    if (retrieved.type !== 'paragraph') throw new Error(`expected paragraph, got ${retrieved.type}`);
    const paragraph: ParagraphBlockObjectResponse = retrieved;
    expect(plain(paragraph.paragraph.rich_text)).toBe('Intro');
    expect(paragraph.paragraph.color).toBe('default');
  });

  it('blocks.update replaces rich text and keeps omitted fields', async () => {
    const target = await createRecipePage(notion, server.info.rootPageId, 'Editable');
    const [, intro, , , todo] = await listAll(notion, target.id);
    const updated = fullBlock(await notion.blocks.update({ block_id: intro!.id, paragraph: { rich_text: text('Updated intro'), color: 'blue' } }));
    if (updated.type !== 'paragraph') throw new Error(`expected paragraph, got ${updated.type}`);
    expect(plain(updated.paragraph.rich_text)).toBe('Updated intro');
    expect(updated.paragraph.color).toBe('blue');

    const unchecked = fullBlock(await notion.blocks.update({ block_id: todo!.id, to_do: { checked: false } }));
    if (unchecked.type !== 'to_do') throw new Error(`expected to_do, got ${unchecked.type}`);
    expect(unchecked.to_do.checked).toBe(false);
    expect(plain(unchecked.to_do.rich_text)).toBe('Buy lemons');

    const reread = fullBlock(await notion.blocks.retrieve({ block_id: intro!.id }));
    expect(blockText(reread)).toBe('Updated intro');
  });

  it('blocks.delete trashes a block: it leaves the children list and stays retrievable', async () => {
    const target = await createRecipePage(notion, server.info.rootPageId, 'Deletable');
    const before = await listAll(notion, target.id);
    const kale = before[3]!;
    const deleted = fullBlock(await notion.blocks.delete({ block_id: kale.id }));
    expect(deleted).toMatchObject({ id: kale.id, type: 'bulleted_list_item', in_trash: true, archived: true });
    const after = await listAll(notion, target.id);
    expect(after.map((b) => b.id)).toEqual(before.filter((b) => b.id !== kale.id).map((b) => b.id));
    expect(fullBlock(await notion.blocks.retrieve({ block_id: kale.id })).in_trash).toBe(true);
  });

  it('blocks.children.append places blocks at the end, at the start and after a block', async () => {
    const target = fullPage(
      await notion.pages.create({
        parent: { page_id: server.info.rootPageId },
        properties: { title: { title: text('Appendable') } },
        children: [{ paragraph: { rich_text: text('A') } }, { paragraph: { rich_text: text('B') } }],
      }),
    );
    const [a] = await listAll(notion, target.id);

    const atEnd = await notion.blocks.children.append({
      block_id: target.id,
      children: [{ toggle: { rich_text: text('E'), children: [{ paragraph: { rich_text: text('inside E') } }] } }],
    });
    expect(atEnd).toMatchObject({ object: 'list', type: 'block', block: {}, has_more: false, next_cursor: null });
    // Only the first-level blocks come back.
    expect(atEnd.results.map(fullBlock).map((b) => [b.type, blockText(b), b.has_children])).toEqual([['toggle', 'E', true]]);

    const start: AppendBlockChildrenParameters = {
      block_id: target.id,
      children: [{ heading_2: { rich_text: text('S') } }],
      position: { type: 'start' },
    };
    const atStart = await notion.blocks.children.append(start);
    expect(atStart.results.map(fullBlock).map(blockText)).toEqual(['S']);

    const afterA: AppendBlockChildrenParameters = {
      block_id: target.id,
      children: [{ paragraph: { rich_text: text('X1') } }, { paragraph: { rich_text: text('X2') } }],
      position: { type: 'after_block', after_block: { id: a!.id } },
    };
    const inserted = await notion.blocks.children.append(afterA);
    // After a block, the answer lists the later siblings too, as api.notion.com's does.
    expect(inserted.results.map(fullBlock).map(blockText)).toEqual(['X1', 'X2', 'B', 'E']);

    const explicitEnd = await notion.blocks.children.append({ block_id: target.id, children: [{ divider: {} }], position: { type: 'end' } });
    expect(explicitEnd.results.map(fullBlock).map((b) => b.type)).toEqual(['divider']);

    expect((await listAll(notion, target.id)).map((b) => blockText(b) || b.type)).toEqual(['S', 'A', 'X1', 'X2', 'B', 'E', 'divider']);
  });

  it('users.me, users.list and users.retrieve return full users', async () => {
    const me: UserObjectResponse = await notion.users.me({});
    expect(isFullUser(me)).toBe(true);
    if (me.type !== 'bot') throw new Error(`expected a bot, got ${me.type}`);
    expect(me.id).toBe(server.info.botId);
    expect(me.object).toBe('user');
    expect(me.bot).toMatchObject({ workspace_name: 'localnotion' });

    const users = await collectPaginatedAPI(notion.users.list, {});
    expect(users.every(isFullUser)).toBe(true);
    const ids = users.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([server.info.botId, server.info.ownerId]));
    expect(new Set(ids).size).toBe(ids.length);

    const small = await notion.users.list({ page_size: 1 });
    expect(small.results).toHaveLength(1);
    expect(small.has_more).toBe(users.length > 1);

    const owner = await notion.users.retrieve({ user_id: server.info.ownerId });
    expect(isFullUser(owner)).toBe(true);
    if (owner.type !== 'person') throw new Error(`expected a person, got ${owner.type}`);
    expect(owner.person.email).toBe('owner@localnotion.test');
    expect(owner.name).toBe('Workspace Owner');
  });
});

describe('SDK error classes', () => {
  let server: RunningServer;
  let notion: Client;

  beforeAll(async () => {
    server = await startListeningServer();
    notion = sdkClient(server);
  });
  afterAll(() => server?.close());

  it('a malformed parent is a validation_error', async () => {
    const error = await expectApiErrorWithRequestId(
      notion.pages.create({ parent: { page_id: 'not-a-page-id' }, properties: { title: { title: text('x') } } }),
      APIErrorCode.ValidationError,
      400,
    );
    expect(error.message).toContain('body.parent');
  });

  it('an unknown page id is object_not_found', async () => {
    const missing = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
    const error = await expectApiErrorWithRequestId(notion.pages.retrieve({ page_id: missing }), APIErrorCode.ObjectNotFound, 404);
    expect(error.message).toContain(missing);
  });

  it('a wrong token is unauthorized', async () => {
    const stranger = sdkClient(server, { auth: 'secret_not-a-token' });
    await expectApiErrorWithRequestId(stranger.users.me({}), APIErrorCode.Unauthorized, 401);
  });

  it('an integration without insert content gets restricted_resource on create, yet still reads', async () => {
    const reader = await secondIntegration(server, { name: 'Reader', capabilities: { insert_content: false }, pages: [server.info.rootPageId] });
    const readerClient = sdkClient(server, { auth: reader.token });
    expect(isFullPage(await readerClient.pages.retrieve({ page_id: server.info.rootPageId }))).toBe(true);
    await expectApiErrorWithRequestId(
      readerClient.pages.create({ parent: { page_id: server.info.rootPageId }, properties: { title: { title: text('Nope') } } }),
      APIErrorCode.RestrictedResource,
      403,
    );
    await expectApiErrorWithRequestId(
      readerClient.blocks.children.append({ block_id: server.info.rootPageId, children: [{ paragraph: { rich_text: text('Nope') } }] }),
      APIErrorCode.RestrictedResource,
      403,
    );
  });

  it('an unknown path is invalid_request_url', async () => {
    await expectApiErrorWithRequestId(notion.request({ path: 'nope', method: 'get' }), APIErrorCode.InvalidRequestURL, 400);
  });

  it('an unknown Notion-Version (missing_version, a code the SDK does not know) is an UnknownHTTPResponseError', async () => {
    const banana = sdkClient(server, { notionVersion: 'banana' });
    const error = await caught(banana.users.me({}));
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(error)).toBe(true);
    expect(APIResponseError.isAPIResponseError(error)).toBe(false);
    expect(isHTTPResponseError(error)).toBe(true);
    const unknown = error as UnknownHTTPResponseError;
    expect(unknown.status).toBe(400);
    expect(unknown.code).toBe(ClientErrorCode.ResponseError);
    expect(unknown.message).toBe('Request to Notion API failed with status: 400');
    const requestId = header(unknown.headers, 'x-notion-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(unknown.body)).toMatchObject({ object: 'error', status: 400, code: 'missing_version', request_id: requestId });
  });
});

describe.each([
  { version: '2022-06-28', archived: true },
  { version: '2026-03-11', archived: false },
])('SDK with notionVersion $version', ({ version, archived }) => {
  let server: RunningServer;
  let notion: Client;

  beforeAll(async () => {
    server = await startListeningServer();
    notion = sdkClient(server, { notionVersion: version });
  });
  afterAll(() => server?.close());

  /** `archived` mirrors `in_trash` before 2026-03-11 and is gone from it on. */
  const expectTrashFields = (object: PageObjectResponse | BlockObjectResponse, inTrash: boolean) => {
    expect(object.in_trash).toBe(inTrash);
    if (archived) expect(object.archived).toBe(inTrash);
    else expect(object).not.toHaveProperty('archived');
  };

  it('creates, reads, pages through, edits and trashes', async () => {
    const page = await createRecipePage(notion, server.info.rootPageId);
    expect(page.parent).toEqual({ type: 'page_id', page_id: server.info.rootPageId });
    expect(titleOf(page)).toBe('Recipe');
    expectTrashFields(page, false);

    const retrieved = fullPage(await notion.pages.retrieve({ page_id: page.id }));
    expect(retrieved.icon).toEqual({ type: 'emoji', emoji: '🥬' });
    expectTrashFields(retrieved, false);

    const blocks = await listAll(notion, page.id);
    expect(blocks.map((b) => b.type)).toEqual(RECIPE_TYPES);
    for (const block of blocks) expectTrashFields(block, false);
    const visited: string[] = [];
    for await (const block of iteratePaginatedAPI(notion.blocks.children.list, { block_id: page.id, page_size: 2 })) visited.push(block.id);
    expect(visited).toEqual(blocks.map((b) => b.id));

    const toggle = blocks.find((b) => b.type === 'toggle')!;
    expect((await listAll(notion, toggle.id)).map(blockText)).toEqual(['Chop', 'Cook']);

    const inserted = await notion.blocks.children.append({
      block_id: page.id,
      children: [{ paragraph: { rich_text: text('First') } }],
      position: { type: 'start' },
    });
    expect(inserted.results.map(fullBlock).map(blockText)).toEqual(['First']);
    const afterIntro = await notion.blocks.children.append({
      block_id: page.id,
      children: [{ paragraph: { rich_text: text('After intro') } }],
      position: { type: 'after_block', after_block: { id: blocks[1]!.id } },
    });
    const afterIntroBlock = fullBlock(afterIntro.results[0]!);
    expect((await listAll(notion, page.id)).map((b) => b.id).slice(0, 4)).toEqual([
      fullBlock(inserted.results[0]!).id,
      blocks[0]!.id,
      blocks[1]!.id,
      afterIntroBlock.id,
    ]);

    const edited = fullBlock(await notion.blocks.update({ block_id: afterIntroBlock.id, paragraph: { rich_text: text('Edited') } }));
    expect(blockText(edited)).toBe('Edited');
    const deleted = fullBlock(await notion.blocks.delete({ block_id: afterIntroBlock.id }));
    expectTrashFields(deleted, true);

    const property = await notion.pages.properties.retrieve({ page_id: page.id, property_id: 'title' });
    if (property.object !== 'list') throw new Error(`expected a list, got ${property.object}`);
    expect(property.results.map((r) => (r.type === 'title' ? r.title.plain_text : ''))).toEqual(['Recipe']);

    const trashed = fullPage(await notion.pages.update({ page_id: page.id, in_trash: true }));
    expectTrashFields(trashed, true);
    const restored = fullPage(await notion.pages.update({ page_id: page.id, in_trash: false }));
    expectTrashFields(restored, false);
    const renamed = fullPage(await notion.pages.update({ page_id: page.id, properties: { title: { title: text('Back') } } }));
    expect(titleOf(renamed)).toBe('Back');

    const me = await notion.users.me({});
    expect(isFullUser(me) && me.id).toBe(server.info.botId);
    const users = await collectPaginatedAPI(notion.users.list, {});
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining([server.info.botId, server.info.ownerId]));
  });

  it('handles the deprecated `after` of append as that version does', async () => {
    const page = await createRecipePage(notion, server.info.rootPageId, 'After');
    const [first] = await listAll(notion, page.id);
    const request = notion.blocks.children.append({
      block_id: page.id,
      children: [{ paragraph: { rich_text: text('Second') } }],
      // `after` is deprecated in the SDK's types and gone from the API in 2026-03-11.
      after: first!.id,
    });
    if (version === '2026-03-11') {
      await expectApiErrorWithRequestId(request, APIErrorCode.ValidationError, 400);
      return;
    }
    const response = await request;
    const ids = (await listAll(notion, page.id)).map((b) => b.id);
    expect(ids[1]).toBe(fullBlock(response.results[0]!).id);
    expect(ids[0]).toBe(first!.id);
  });

  it('errors keep their codes', async () => {
    await expectApiErrorWithRequestId(notion.pages.retrieve({ page_id: '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11' }), APIErrorCode.ObjectNotFound, 404);
    await expectApiErrorWithRequestId(notion.request({ path: 'nope', method: 'get' }), APIErrorCode.InvalidRequestURL, 400);
  });
});
