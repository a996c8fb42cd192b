// /v1/pages (spec 3.2, 4.1, 5.4, 9.4, 10.2), held to the seed documents "Create a page" and
// "Page object".
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVED, ARCHIVED_ANCESTOR, childrenOf, dashless, expectError, expectNotFound, text, textItem, type Json } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();
let botId: string;

beforeAll(async () => {
  const me = await server.request('GET', '/v1/users/me');
  botId = me.body.id;
});

const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';

const PAGE_KEYS = [
  'object',
  'id',
  'created_time',
  'last_edited_time',
  'created_by',
  'last_edited_by',
  'cover',
  'icon',
  'parent',
  'archived',
  'in_trash',
  'is_archived',
  'is_locked',
  'properties',
  'url',
  'public_url',
  'request_id',
];

const paragraph = (content: string) => ({ paragraph: { rich_text: [text(content)] } });
const plain = (items: Array<{ plain_text: string }>): string => items.map((i) => i.plain_text).join('');

async function createPage(body: Record<string, unknown>, version?: string): Promise<Json> {
  const res = await server.request('POST', '/v1/pages', { body, ...(version ? { version } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const pageUnder = (parentId: string, title: string, extra: Record<string, unknown> = {}) =>
  createPage({ parent: { page_id: parentId }, properties: { title: [text(title)] }, ...extra });

async function patch(id: string, body: unknown, version?: string): Promise<TestResponse> {
  return server.request('PATCH', `/v1/pages/${id}`, { body, ...(version ? { version } : {}) });
}

describe('POST /v1/pages: the seed examples', () => {
  it('creates "Example 3: Creating a New Page with Content" with a bare-array title and untyped children', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { type: 'page_id', page_id: server.info.rootPageId },
        properties: { title: [{ text: { content: 'New Subpage' } }] },
        children: [
          { paragraph: { rich_text: [{ text: { content: 'This is the first paragraph of my new page.' } }] } },
          { heading_1: { rich_text: [{ text: { content: 'Section Heading' } }] } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const page = res.body;
    expect(page.object).toBe('page');
    expect(page.parent).toEqual({ type: 'page_id', page_id: server.info.rootPageId });
    expect(page.properties).toEqual({ title: { id: 'title', type: 'title', title: [textItem('New Subpage')] } });
    expect(page.url).toBe(`https://www.notion.so/New-Subpage-${dashless(page.id)}`);
    // Content is not echoed in the page object.
    expect(page).not.toHaveProperty('children');

    const blocks = await childrenOf(server, page.id);
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'heading_1']);
    expect(blocks[0]!.paragraph).toEqual({ rich_text: [textItem('This is the first paragraph of my new page.')], icon: null, color: 'default' });
    expect(blocks[1]!.heading_1).toEqual({ rich_text: [textItem('Section Heading')], is_toggleable: false, color: 'default' });
    for (const block of blocks) expect(block.parent).toEqual({ type: 'page_id', page_id: page.id });
  });

  it('creates a page from the {title: {title: [...]}} form of the spec example', async () => {
    const page = await createPage({
      parent: { page_id: server.info.rootPageId },
      properties: { title: { title: [{ text: { content: 'Tuscan kale' } }] } },
      children: [{ object: 'block', type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'Hi' } }] } }],
    });
    expect(page.properties.title).toEqual({ id: 'title', type: 'title', title: [textItem('Tuscan kale')] });
    expect(page.url).toBe(`https://www.notion.so/Tuscan-kale-${dashless(page.id)}`);
    expect((await childrenOf(server, page.id)).map((b) => b.paragraph.rich_text[0].plain_text)).toEqual(['Hi']);
  });

  it('takes the update format of the page object reference (archived: false and an emoji icon)', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Update format');
    const res = await patch(page.id, { archived: false, icon: { type: 'emoji', emoji: '🚀' } });
    expect(res.status).toBe(200);
    expect(res.body.icon).toEqual({ type: 'emoji', emoji: '🚀' });
    expect(res.body.archived).toBe(false);
    expect(res.body.in_trash).toBe(false);
  });

  it('answers a database parent it cannot find with a 404 naming the database', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { type: 'database_id', database_id: MISSING_ID },
        properties: { Title: { title: [text('New Task')] }, 'Due date': { date: { start: '2023-05-15' } } },
        icon: { type: 'emoji', emoji: '📝' },
      },
    });
    expectNotFound(res, 'database', MISSING_ID);
  });
});

describe('the page object', () => {
  it('has exactly the keys of the seed, with minute-rounded times and the bot as creator', async () => {
    const before = Date.now();
    const page = await pageUnder(server.info.rootPageId, 'Bug bash');
    const after = Date.now();
    expect(Object.keys(page).sort()).toEqual([...PAGE_KEYS].sort());
    expect(page.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(page.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(page.last_edited_time).toBe(page.created_time);
    const created = Date.parse(page.created_time);
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000);
    expect(created).toBeLessThanOrEqual(after);
    expect(page.created_by).toEqual({ object: 'user', id: botId });
    expect(page.last_edited_by).toEqual({ object: 'user', id: botId });
    expect(page.cover).toBeNull();
    expect(page.icon).toBeNull();
    expect(page.archived).toBe(false);
    expect(page.in_trash).toBe(false);
    expect(page.is_locked).toBe(false);
    expect(page.public_url).toBeNull();
    expect(page.url).toBe(`https://www.notion.so/Bug-bash-${dashless(page.id)}`);
    expect(page.properties).toEqual({ title: { id: 'title', type: 'title', title: [textItem('Bug bash')] } });

    const read = await server.request('GET', `/v1/pages/${page.id}`);
    expect(read.status).toBe(200);
    expect(Object.keys(read.body).sort()).toEqual([...PAGE_KEYS].sort());
    const { request_id: _created, ...createdPage } = page;
    const { request_id: _read, ...readPage } = read.body;
    expect(readPage).toEqual(createdPage);
  });

  it('has no archived key under 2026-03-11', async () => {
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, properties: { title: [text('No archived')] } }, '2026-03-11');
    // 2026-03-11 drops `archived`; its `is_archived` is Notion's separate archive state, never set here.
    expect(Object.keys(page).sort()).toEqual(PAGE_KEYS.filter((k) => k !== 'archived').sort());
    expect(page.is_archived).toBe(false);
    const read = await server.request('GET', `/v1/pages/${page.id}`, { version: '2026-03-11' });
    expect(read.body).not.toHaveProperty('archived');
    expect(read.body.is_archived).toBe(false);
    expect(read.body.in_trash).toBe(false);
    const legacy = await server.request('GET', `/v1/pages/${page.id}`, { version: '2022-06-28' });
    expect(legacy.body.archived).toBe(false);
    expect(legacy.body).not.toHaveProperty('is_archived');
  });

  it('derives the url slug from the title words, and uses the bare id for an untitled page', async () => {
    const cases: Array<[string, string]> = [
      ['Hello, World! 2024', 'Hello-World-2024'],
      ['  spaced   out  ', 'spaced-out'],
      ['already-dashed title', 'already-dashed-title'],
    ];
    for (const [title, slug] of cases) {
      const page = await pageUnder(server.info.rootPageId, title);
      expect(page.url).toBe(`https://www.notion.so/${slug}-${dashless(page.id)}`);
    }
    const untitled = await createPage({ parent: { page_id: server.info.rootPageId } });
    expect(untitled.properties.title.title).toEqual([]);
    expect(untitled.url).toBe(`https://www.notion.so/${dashless(untitled.id)}`);
    const emojiOnly = await pageUnder(server.info.rootPageId, '🥬🥬');
    expect(emojiOnly.url).toBe(`https://www.notion.so/${dashless(emojiOnly.id)}`);
  });

  it('shows at most 25 title items in the page object', async () => {
    const items = Array.from({ length: 30 }, (_, i) => text(`part ${i} `));
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, properties: { title: items } });
    expect(page.properties.title.title).toHaveLength(25);
    expect(page.properties.title.title[24].plain_text).toBe('part 24 ');
  });
});

describe('POST /v1/pages: properties', () => {
  it('refuses properties other than title under a page parent', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text('x')], Colour: { rich_text: [text('red')] } } },
    });
    expectError(res, 400, 'validation_error', 'Colour is not a property that exists.');
  });

  it('reports every unknown property, joined by spaces', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { Price: { number: 2.5 }, Tags: { multi_select: [{ name: 'Leafy' }] } } },
    });
    expectError(res, 400, 'validation_error', 'Price is not a property that exists. Tags is not a property that exists.');
  });

  it('refuses generated property values', async () => {
    const generated: Array<[string, unknown]> = [
      ['Total', { rollup: { type: 'number', number: 1, function: 'sum' } }],
      ['created_time', { created_time: '2022-10-24T22:54:00.000Z' }],
      ['Created by', { created_by: { object: 'user', id: MISSING_ID } }],
      ['last_edited_time', { last_edited_time: '2022-10-24T22:54:00.000Z' }],
      ['Edited by', { last_edited_by: { object: 'user', id: MISSING_ID } }],
      ['Cost', { formula: { type: 'number', number: 5 } }],
    ];
    for (const [name, value] of generated) {
      const res = await server.request('POST', '/v1/pages', {
        body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text('x')], [name]: value } },
      });
      expectError(res, 400, 'validation_error', `${name} is not a property that exists.`);
    }
  });

  it('validates the title value', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: { title: 'plain string' } } },
    });
    expectError(res, 400, 'validation_error', 'body failed validation: body.properties.title.title should be an array, instead was `"plain string"`.');
  });

  it('refuses a title text of 2001 characters in either form and accepts 2000', async () => {
    const long = 'a'.repeat(2001);
    expectError(
      await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text(long)] } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.title[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
    expectError(
      await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, properties: { title: { title: [text(long)] } } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.title.title[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
    const ok = await pageUnder(server.info.rootPageId, 'a'.repeat(2000));
    expect(ok.properties.title.title[0].plain_text).toHaveLength(2000);
  });
});

describe('POST /v1/pages: icon and cover', () => {
  it('sets an emoji icon and an external cover', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Decorated', {
      icon: { emoji: '🥬' },
      cover: { type: 'external', external: { url: 'https://upload.wikimedia.org/wikipedia/commons/6/62/Tuscankale.jpg' } },
    });
    expect(page.icon).toEqual({ type: 'emoji', emoji: '🥬' });
    expect(page.cover).toEqual({ type: 'external', external: { url: 'https://upload.wikimedia.org/wikipedia/commons/6/62/Tuscankale.jpg' } });
  });

  it('sets an external icon', async () => {
    const page = await pageUnder(server.info.rootPageId, 'External icon', { icon: { type: 'external', external: { url: 'https://example.com/icon.png' } } });
    expect(page.icon).toEqual({ type: 'external', external: { url: 'https://example.com/icon.png' } });
  });

  it('accepts null icon and cover', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Nulls', { icon: null, cover: null });
    expect(page.icon).toBeNull();
    expect(page.cover).toBeNull();
  });

  it('refuses an icon that is not an emoji', async () => {
    for (const emoji of ['no', '🥬🥬', '']) {
      const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, icon: { emoji } } });
      expectError(res, 400, 'validation_error', `body failed validation: body.icon.emoji should be a valid emoji, instead was \`${JSON.stringify(emoji)}\`.`);
    }
  });

  it('refuses an emoji cover', async () => {
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, cover: { type: 'emoji', emoji: '🥬' } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(/^body failed validation/);
  });
});

describe('POST /v1/pages: children', () => {
  it('creates 100 children nested two levels deep', async () => {
    const nested = {
      toggle: {
        rich_text: [text('level 1')],
        children: [{ toggle: { rich_text: [text('level 2')], children: [paragraph('level 3')] } }],
      },
    };
    const list = [nested, ...Array.from({ length: 99 }, (_, i) => paragraph(`p${i}`))];
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, properties: { title: [text('Hundred')] }, children: list });

    const res = await server.request('GET', `/v1/blocks/${page.id}/children`);
    expect(res.body.results).toHaveLength(100);
    expect(res.body.has_more).toBe(false);
    const first = res.body.results[0];
    expect(first.type).toBe('toggle');
    expect(first.has_children).toBe(true);
    expect(res.body.results[99].paragraph.rich_text[0].plain_text).toBe('p98');

    const level2 = await childrenOf(server, first.id);
    expect(level2).toHaveLength(1);
    expect(level2[0]!.parent).toEqual({ type: 'block_id', block_id: first.id });
    expect(level2[0]!.has_children).toBe(true);
    const level3 = await childrenOf(server, level2[0]!.id);
    expect(level3.map((b) => b.paragraph.rich_text[0].plain_text)).toEqual(['level 3']);
    expect(level3[0]!.has_children).toBe(false);
  });

  it('refuses 101 children', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, children: Array.from({ length: 101 }, (_, i) => paragraph(`${i}`)) },
    });
    expectError(res, 400, 'validation_error', 'body failed validation: body.children.length should be ≤ `100`, instead was `101`.');
  });

  it('refuses 101 nested children', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { page_id: server.info.rootPageId },
        children: [{ toggle: { rich_text: [], children: Array.from({ length: 101 }, (_, i) => paragraph(`${i}`)) } }],
      },
    });
    expectError(res, 400, 'validation_error', 'body failed validation: body.children[0].toggle.children.length should be ≤ `100`, instead was `101`.');
  });

  it('refuses a third level of nesting with the observed message', async () => {
    const toggle = (inner: unknown[]) => ({ toggle: { rich_text: [text('t')], children: inner } });
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, children: [toggle([toggle([toggle([paragraph('too deep')])])])] },
    });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.children[0].toggle.children[0].toggle.children[0].toggle.children should be not present, instead was `[...]`.',
    );
  });

  it('accepts 1000 blocks in one request and refuses 1001', async () => {
    const withChildren = (n: number) => ({ toggle: { rich_text: [], children: Array.from({ length: n }, () => paragraph('x')) } });
    const thousand = Array.from({ length: 100 }, () => withChildren(9));
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, children: thousand });
    expect(await childrenOf(server, page.id)).toHaveLength(100);

    const tooMany = [...Array.from({ length: 99 }, () => withChildren(9)), withChildren(10)];
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, children: tooMany } });
    expectError(res, 400, 'validation_error', 'body failed validation: the request has 1001 blocks, more than the 1000 allowed in one request.');
  });

  it('refuses a text content of 2001 characters', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, children: [paragraph('a'.repeat(2001))] },
    });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
  });

  it('accepts `content` as a synonym of `children`', async () => {
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, content: [paragraph('via content')] });
    expect((await childrenOf(server, page.id)).map((b) => b.paragraph.rich_text[0].plain_text)).toEqual(['via content']);
  });

  it('creates nothing when a request fails', async () => {
    const parent = await pageUnder(server.info.rootPageId, 'Atomic parent');
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { page_id: parent.id },
        properties: { title: [text('never')] },
        children: [paragraph('ok'), { code: { rich_text: [], language: 'klingon' } }],
      },
    });
    expect(res.status).toBe(400);
    expect(await childrenOf(server, parent.id)).toEqual([]);
  });
});

describe('POST /v1/pages: parents', () => {
  it('refuses a workspace parent to an internal integration', async () => {
    const res = await server.request('POST', '/v1/pages', { body: { parent: { type: 'workspace', workspace: true }, properties: { title: [text('Top')] } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(
      /^Provide a `parent\.page_id` or `parent\.database_id` parameter to create a page, or use a public integration with `insert_content` capability\./,
    );
  });

  it('answers a page parent that does not exist with a 404 naming the integration', async () => {
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: MISSING_ID }, properties: { title: [text('Orphan')] } } });
    expectNotFound(res, 'page', MISSING_ID);
  });

  it('answers a block that is not a page as a parent with a 404', async () => {
    const host = await pageUnder(server.info.rootPageId, 'Host', { children: [paragraph('not a page')] });
    const [block] = await childrenOf(server, host.id);
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: block!.id } } });
    expectNotFound(res, 'page', block!.id);
  });

  it('refuses a parent without a known key with the Fix one: list', async () => {
    const res = await server.request('POST', '/v1/pages', { body: { parent: { database_id: 'DATABASE_ID' } } });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation. Fix one:\n' +
        'body.parent.page_id should be defined, instead was `undefined`.\n' +
        'body.parent.database_id should be a valid uuid, instead was `"DATABASE_ID"`.\n' +
        'body.parent.data_source_id should be defined, instead was `undefined`.\n' +
        'body.parent.workspace should be defined, instead was `undefined`.',
    );
  });

  it('refuses to create a page under a trashed page', async () => {
    const parent = await pageUnder(server.info.rootPageId, 'Trashed parent');
    expect((await patch(parent.id, { in_trash: true })).status).toBe(200);
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: parent.id } } });
    expectError(res, 400, 'validation_error', ARCHIVED);
  });

  it('shows a page created under a page as a child_page block of its parent', async () => {
    const parent = await pageUnder(server.info.rootPageId, 'Parent', { children: [paragraph('intro')] });
    const child = await pageUnder(parent.id, 'Tuscan kale');
    const list = await childrenOf(server, parent.id);
    expect(list.map((b) => b.type)).toEqual(['paragraph', 'child_page']);
    const block = list[1]!;
    expect(block.id).toBe(child.id);
    expect(block.child_page).toEqual({ title: 'Tuscan kale' });
    expect(block.parent).toEqual({ type: 'page_id', page_id: parent.id });
    expect(block.has_children).toBe(false);
    expect(block.created_by).toEqual({ object: 'user', id: botId });

    const direct = await server.request('GET', `/v1/blocks/${child.id}`);
    expect(direct.body.type).toBe('child_page');
    expect(direct.body.child_page).toEqual({ title: 'Tuscan kale' });

    await patch(child.id, { properties: { title: { title: [text('Renamed')] } } });
    expect((await childrenOf(server, parent.id))[1]!.child_page).toEqual({ title: 'Renamed' });

    const parentBlock = await server.request('GET', `/v1/blocks/${parent.id}`);
    expect(parentBlock.body.has_children).toBe(true);
  });

  it('places a new child page at the start or after a block (position)', async () => {
    const parent = await pageUnder(server.info.rootPageId, 'Positions', { children: [paragraph('a'), paragraph('b')] });
    const [a, b] = await childrenOf(server, parent.id);
    const first = await pageUnder(parent.id, 'First', { position: { type: 'page_start' } });
    const middle = await pageUnder(parent.id, 'Middle', { position: { type: 'after_block', after_block: { id: a!.id } } });
    const last = await pageUnder(parent.id, 'Last', { position: { type: 'page_end' } });
    expect((await childrenOf(server, parent.id)).map((block) => block.id)).toEqual([first.id, a!.id, middle.id, b!.id, last.id]);
  });
});

describe('GET /v1/pages/{id}', () => {
  it('retrieves a page by dashed or dashless id', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Retrieve me');
    for (const id of [page.id, dashless(page.id)]) {
      const res = await server.request('GET', `/v1/pages/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(page.id);
      expect(res.body.properties.title.title[0].plain_text).toBe('Retrieve me');
    }
  });

  it('answers an unknown id with a 404', async () => {
    expectNotFound(await server.request('GET', `/v1/pages/${MISSING_ID}`), 'page', MISSING_ID);
  });

  it('does not retrieve a content block as a page', async () => {
    const host = await pageUnder(server.info.rootPageId, 'Block host', { children: [paragraph('content')] });
    const [block] = await childrenOf(server, host.id);
    expectNotFound(await server.request('GET', `/v1/pages/${block!.id}`), 'page', block!.id);
  });
});

describe('PATCH /v1/pages/{id}', () => {
  it('renames a page in either title form, and the url follows', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Old name');
    const renamed = await patch(page.id, { properties: { title: { title: [text('New name')] } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.properties.title.title).toEqual([textItem('New name')]);
    expect(renamed.body.url).toBe(`https://www.notion.so/New-name-${dashless(page.id)}`);
    const again = await patch(page.id, { properties: { title: [text('Third'), text(' name')] } });
    expect(plain(again.body.properties.title.title)).toBe('Third name');
    const read = await server.request('GET', `/v1/pages/${page.id}`);
    expect(plain(read.body.properties.title.title)).toBe('Third name');
    expect(read.body.last_edited_by).toEqual({ object: 'user', id: botId });
  });

  it('leaves what is not sent unchanged', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Keep me', { icon: { emoji: '🐞' } });
    const res = await patch(page.id, { is_locked: true });
    expect(res.body.icon).toEqual({ type: 'emoji', emoji: '🐞' });
    expect(plain(res.body.properties.title.title)).toBe('Keep me');
  });

  it('refuses unknown properties', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Strict');
    expectError(
      await patch(page.id, { properties: { Status: { status: { name: 'Done' } } } }),
      400,
      'validation_error',
      'Status is not a property that exists.',
    );
    expectError(await patch(page.id, { properties: { Total: { rollup: { number: 3 } } } }), 400, 'validation_error', 'Total is not a property that exists.');
  });

  it('sets, replaces and removes icon and cover', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Icons');
    let res = await patch(page.id, { icon: { type: 'emoji', emoji: '🐞' }, cover: { external: { url: 'https://example.com/cover.jpg' } } });
    expect(res.body.icon).toEqual({ type: 'emoji', emoji: '🐞' });
    expect(res.body.cover).toEqual({ type: 'external', external: { url: 'https://example.com/cover.jpg' } });
    res = await patch(page.id, { icon: { external: { url: 'https://example.com/icon.svg' } } });
    expect(res.body.icon).toEqual({ type: 'external', external: { url: 'https://example.com/icon.svg' } });
    expect(res.body.cover).toEqual({ type: 'external', external: { url: 'https://example.com/cover.jpg' } });
    res = await patch(page.id, { cover: null });
    expect(res.body.cover).toBeNull();
    expect(res.body.icon).toEqual({ type: 'external', external: { url: 'https://example.com/icon.svg' } });
    res = await patch(page.id, { icon: null });
    expect(res.body.icon).toBeNull();
    const read = await server.request('GET', `/v1/pages/${page.id}`);
    expect(read.body.icon).toBeNull();
    expect(read.body.cover).toBeNull();
  });

  it('refuses an invalid emoji', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Bad emoji');
    expectError(
      await patch(page.id, { icon: { emoji: ':)' } }),
      400,
      'validation_error',
      'body failed validation: body.icon.emoji should be a valid emoji, instead was `":)"`.',
    );
  });

  it('trashes and restores with in_trash', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Trash me');
    let res = await patch(page.id, { in_trash: true });
    expect(res.status).toBe(200);
    expect(res.body.in_trash).toBe(true);
    expect(res.body.archived).toBe(true);
    const read = await server.request('GET', `/v1/pages/${page.id}`);
    expect(read.status).toBe(200);
    expect(read.body.in_trash).toBe(true);
    res = await patch(page.id, { in_trash: false });
    expect(res.status).toBe(200);
    expect(res.body.in_trash).toBe(false);
    expect(res.body.archived).toBe(false);
  });

  it('trashes and restores with the deprecated archived alias before 2026-03-11', async () => {
    for (const version of ['2022-06-28', '2025-09-03']) {
      const page = await pageUnder(server.info.rootPageId, `Archive ${version}`);
      let res = await patch(page.id, { archived: true }, version);
      expect(res.status).toBe(200);
      expect(res.body.archived).toBe(true);
      expect(res.body.in_trash).toBe(true);
      res = await patch(page.id, { archived: false }, version);
      expect(res.body.archived).toBe(false);
      expect(res.body.in_trash).toBe(false);
    }
  });

  it('refuses archived under 2026-03-11 and trashes with in_trash there', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Archive 2026');
    expectError(
      await patch(page.id, { archived: true }, '2026-03-11'),
      400,
      'validation_error',
      'body failed validation: body.archived should be not present, instead was `true`.',
    );
    const res = await patch(page.id, { in_trash: true }, '2026-03-11');
    expect(res.body.in_trash).toBe(true);
    expect(res.body).not.toHaveProperty('archived');
  });

  it('takes a trashed page out of its parent’s children and puts it back on restore', async () => {
    const parent = await pageUnder(server.info.rootPageId, 'Trash parent');
    const child = await pageUnder(parent.id, 'Trash child');
    await patch(child.id, { in_trash: true });
    expect(await childrenOf(server, parent.id)).toEqual([]);
    expect((await server.request('GET', `/v1/blocks/${parent.id}`)).body.has_children).toBe(false);
    await patch(child.id, { in_trash: false });
    expect((await childrenOf(server, parent.id)).map((b) => b.id)).toEqual([child.id]);
  });

  it('locks and unlocks a page', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Lock me');
    let res = await patch(page.id, { is_locked: true });
    expect(res.body.is_locked).toBe(true);
    expect((await server.request('GET', `/v1/pages/${page.id}`)).body.is_locked).toBe(true);
    // The lock is a UI matter: the API may still edit the page.
    res = await patch(page.id, { properties: { title: [text('Still editable')] } });
    expect(res.status).toBe(200);
    res = await patch(page.id, { is_locked: false });
    expect(res.body.is_locked).toBe(false);
  });

  it('refuses edits of a trashed page', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Trashed');
    await patch(page.id, { in_trash: true });
    expectError(await patch(page.id, { properties: { title: [text('nope')] } }), 400, 'validation_error', ARCHIVED);
    expectError(await patch(page.id, { icon: { emoji: '🐞' } }), 400, 'validation_error', ARCHIVED);
    expectError(await patch(page.id, { is_locked: true }), 400, 'validation_error', ARCHIVED);
    const read = await server.request('GET', `/v1/pages/${page.id}`);
    expect(plain(read.body.properties.title.title)).toBe('Trashed');
    expect(read.body.icon).toBeNull();
  });

  it('refuses edits of a page under a trashed page', async () => {
    const parent = await pageUnder(server.info.rootPageId, 'Trashed ancestor');
    const child = await pageUnder(parent.id, 'Child');
    const grandchild = await pageUnder(child.id, 'Grandchild');
    await patch(parent.id, { in_trash: true });
    expectError(await patch(child.id, { properties: { title: [text('nope')] } }), 400, 'validation_error', ARCHIVED_ANCESTOR);
    expectError(await patch(grandchild.id, { icon: { emoji: '🐞' } }), 400, 'validation_error', ARCHIVED_ANCESTOR);
    await patch(parent.id, { in_trash: false });
    expect((await patch(child.id, { properties: { title: [text('yes')] } })).status).toBe(200);
  });

  it('answers an unknown page with a 404', async () => {
    expectNotFound(await patch(MISSING_ID, { in_trash: true }), 'page', MISSING_ID);
  });
});

describe('GET /v1/pages/{id}/properties/{property_id}', () => {
  it('pages through the title as property items', async () => {
    const parts = ['Avocado ', 'toast ', 'with ', 'lime ', 'salt'];
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, properties: { title: parts.map(text) } });

    const first = await server.request('GET', `/v1/pages/${page.id}/properties/title?page_size=2`);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['has_more', 'next_cursor', 'object', 'property_item', 'request_id', 'results', 'type']);
    expect(first.body.object).toBe('list');
    expect(first.body.type).toBe('property_item');
    expect(first.body.results).toEqual([
      { object: 'property_item', id: 'title', type: 'title', title: textItem('Avocado ') },
      { object: 'property_item', id: 'title', type: 'title', title: textItem('toast ') },
    ]);
    expect(first.body.has_more).toBe(true);
    expect(typeof first.body.next_cursor).toBe('string');
    expect(first.body.property_item).toEqual({
      id: 'title',
      next_url: expect.stringMatching(new RegExp(`/v1/pages/${page.id}/properties/title\\?start_cursor=${first.body.next_cursor}&page_size=2$`)),
      type: 'title',
      title: {},
    });

    const seen: string[] = first.body.results.map((r: Json) => r.title.plain_text);
    let cursor: string | null = first.body.next_cursor;
    let last: TestResponse | undefined;
    while (cursor) {
      last = await server.request('GET', `/v1/pages/${page.id}/properties/title?page_size=2&start_cursor=${encodeURIComponent(cursor)}`);
      expect(last.status).toBe(200);
      seen.push(...last.body.results.map((r: Json) => r.title.plain_text));
      cursor = last.body.next_cursor;
    }
    expect(seen).toEqual(parts);
    expect(last!.body.has_more).toBe(false);
    expect(last!.body.next_cursor).toBeNull();
    expect(last!.body.property_item.next_url).toBeNull();
  });

  it('returns every item of a long title, beyond the 25 in the page object', async () => {
    const parts = Array.from({ length: 30 }, (_, i) => `w${i} `);
    const page = await createPage({ parent: { page_id: server.info.rootPageId }, properties: { title: parts.map(text) } });
    const res = await server.request('GET', `/v1/pages/${page.id}/properties/title`);
    expect(res.body.results.map((r: Json) => r.title.plain_text)).toEqual(parts);
    expect(res.body.has_more).toBe(false);
    expect(res.body.next_cursor).toBeNull();
  });

  it('answers an empty list for an untitled page', async () => {
    const page = await createPage({ parent: { page_id: server.info.rootPageId } });
    const res = await server.request('GET', `/v1/pages/${page.id}/properties/title`);
    expect(res.body.results).toEqual([]);
    expect(res.body.has_more).toBe(false);
    expect(res.body.property_item).toEqual({ id: 'title', next_url: null, type: 'title', title: {} });
  });

  it('answers an unknown property with a 404', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Props');
    expectError(await server.request('GET', `/v1/pages/${page.id}/properties/nope`), 404, 'object_not_found', 'Could not find property with ID: nope.');
  });

  it('answers an unknown page with a 404', async () => {
    expectNotFound(await server.request('GET', `/v1/pages/${MISSING_ID}/properties/title`), 'page', MISSING_ID);
  });

  it('validates page_size and the cursor', async () => {
    const page = await pageUnder(server.info.rootPageId, 'Paging');
    expectError(
      await server.request('GET', `/v1/pages/${page.id}/properties/title?page_size=101`),
      400,
      'validation_error',
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    expectError(
      await server.request('GET', `/v1/pages/${page.id}/properties/title?start_cursor=bogus`),
      400,
      'validation_error',
      'The start_cursor provided is invalid: bogus',
    );
  });
});
