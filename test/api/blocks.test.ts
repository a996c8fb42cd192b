// /v1/blocks (spec 3.3, 7, 8.4, 9.4, 10.2): every creatable block type, rich text, updates,
// trash, children lists and appending.
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVED, ARCHIVED_ANCESTOR, DEFAULT_ANNOTATIONS, dashless, expectError, expectNotFound, text, textItem, type Json } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();
let botId: string;

beforeAll(async () => {
  botId = (await server.request('GET', '/v1/users/me')).body.id;
});

const MISSING_ID = '0f6a5c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const BLOCK_KEYS = [
  'object',
  'id',
  'parent',
  'created_time',
  'last_edited_time',
  'created_by',
  'last_edited_by',
  'has_children',
  'archived',
  'in_trash',
  'type',
];

const rich = (content: string) => ({ rich_text: [text(content)] });
const paragraph = (content: string) => ({ paragraph: rich(content) });

async function newPage(title: string, children: unknown[] = []): Promise<Json> {
  const res = await server.request('POST', '/v1/pages', {
    body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text(title)] }, children },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

function append(parentId: string, body: Json, version?: string): Promise<TestResponse> {
  return server.request('PATCH', `/v1/blocks/${parentId}/children`, { body, ...(version ? { version } : {}) });
}

async function appendOk(parentId: string, children: unknown[], extra: Json = {}, version?: string): Promise<Json[]> {
  const res = await append(parentId, { children, ...extra }, version);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results;
}

async function listAll(parentId: string, version?: string): Promise<Json[]> {
  const res = await server.request('GET', `/v1/blocks/${parentId}/children`, version ? { version } : {});
  expect(res.status).toBe(200);
  expect(res.body.has_more).toBe(false);
  return res.body.results;
}

const texts = (blocks: Json[]): string[] => blocks.map((b) => b[b.type].rich_text.map((t: Json) => t.plain_text).join(''));

function updateBlock(id: string, body: unknown, version?: string): Promise<TestResponse> {
  return server.request('PATCH', `/v1/blocks/${id}`, { body, ...(version ? { version } : {}) });
}

describe('creating every creatable block type', () => {
  // [request block, expected payload in responses]
  const cases: Array<[string, Json, Json]> = [
    ['paragraph', { paragraph: { rich_text: [text('p')], color: 'blue' } }, { rich_text: [textItem('p')], icon: null, color: 'blue' }],
    ['heading_1', { heading_1: { rich_text: [text('h1')], is_toggleable: true } }, { rich_text: [textItem('h1')], is_toggleable: true, color: 'default' }],
    ['heading_2', { heading_2: rich('h2') }, { rich_text: [textItem('h2')], is_toggleable: false, color: 'default' }],
    [
      'heading_3',
      { heading_3: { rich_text: [text('h3')], color: 'red_background' } },
      { rich_text: [textItem('h3')], is_toggleable: false, color: 'red_background' },
    ],
    ['bulleted_list_item', { bulleted_list_item: rich('b') }, { rich_text: [textItem('b')], color: 'default' }],
    ['numbered_list_item', { numbered_list_item: rich('n') }, { rich_text: [textItem('n')], color: 'default' }],
    ['to_do', { to_do: { rich_text: [text('t')], checked: true } }, { rich_text: [textItem('t')], checked: true, color: 'default' }],
    ['toggle', { toggle: rich('tg') }, { rich_text: [textItem('tg')], color: 'default' }],
    ['quote', { quote: { rich_text: [text('q')], color: 'gray' } }, { rich_text: [textItem('q')], color: 'gray' }],
    ['callout', { callout: rich('c') }, { rich_text: [textItem('c')], icon: { type: 'emoji', emoji: '💡' }, color: 'gray_background' }],
    [
      'code',
      { code: { rich_text: [text('const a = 1;')], language: 'typescript' } },
      { caption: [], rich_text: [textItem('const a = 1;')], language: 'typescript' },
    ],
    ['equation', { equation: { expression: 'E = mc^2' } }, { expression: 'E = mc^2' }],
    ['divider', { divider: {} }, {}],
    ['table_of_contents', { table_of_contents: {} }, { color: 'default' }],
    ['breadcrumb', { breadcrumb: {} }, {}],
    ['bookmark', { bookmark: { url: 'https://example.com/article' } }, { caption: [], url: 'https://example.com/article' }],
    ['embed', { embed: { url: 'https://example.com/embed', caption: [text('cap')] } }, { caption: [textItem('cap')], url: 'https://example.com/embed' }],
    ['image', { image: { external: { url: 'https://example.com/a.png' } } }, { caption: [], type: 'external', external: { url: 'https://example.com/a.png' } }],
    [
      'video',
      { video: { type: 'external', external: { url: 'https://example.com/v.mp4' } } },
      { caption: [], type: 'external', external: { url: 'https://example.com/v.mp4' } },
    ],
    ['audio', { audio: { external: { url: 'https://example.com/s.mp3' } } }, { caption: [], type: 'external', external: { url: 'https://example.com/s.mp3' } }],
    [
      'file',
      { file: { external: { url: 'https://example.com/docs/report.txt' } } },
      { caption: [], type: 'external', external: { url: 'https://example.com/docs/report.txt' }, name: 'report.txt' },
    ],
    [
      'pdf',
      { pdf: { external: { url: 'https://example.com/p.pdf' }, caption: [text('the pdf')] } },
      { caption: [textItem('the pdf')], type: 'external', external: { url: 'https://example.com/p.pdf' } },
    ],
  ];

  it('creates each simple type and reads it back with its payload', async () => {
    const page = await newPage('All types');
    const created = await appendOk(
      page.id,
      cases.map(([, request]) => request),
    );
    const listed = await listAll(page.id);
    expect(listed.map((b) => b.type)).toEqual(cases.map(([type]) => type));
    for (const [i, [type, , payload]] of cases.entries()) {
      expect(created[i]!.type).toBe(type);
      expect(created[i]![type], type).toEqual(payload);
      expect(listed[i]![type], type).toEqual(payload);
      const one = await server.request('GET', `/v1/blocks/${created[i]!.id}`);
      expect(one.status).toBe(200);
      expect(one.body[type], type).toEqual(payload);
      expect(one.body.parent).toEqual({ type: 'page_id', page_id: page.id });
      expect(one.body.has_children).toBe(false);
    }
  });

  it('accepts the block type with `object` and `type` spelled out', async () => {
    const page = await newPage('Explicit type');
    const [block] = await appendOk(page.id, [{ object: 'block', type: 'quote', quote: rich('explicit') }]);
    expect(block!.type).toBe('quote');
    expect(block!.quote).toEqual({ rich_text: [textItem('explicit')], color: 'default' });
  });

  it('creates a callout with its own icon and color', async () => {
    const page = await newPage('Callout');
    const [block] = await appendOk(page.id, [{ callout: { rich_text: [text('hot')], icon: { emoji: '🔥' }, color: 'red_background' } }]);
    expect(block!.callout).toEqual({ rich_text: [textItem('hot')], icon: { type: 'emoji', emoji: '🔥' }, color: 'red_background' });
  });

  it('accepts every listed code language and refuses another', async () => {
    const page = await newPage('Code');
    const languages = ['abap', 'ascii art', 'c#', 'c++', 'java/c/c++/c#', 'llvm ir', 'notion formula', 'plain text', 'vb.net', 'yaml'];
    const created = await appendOk(
      page.id,
      languages.map((language) => ({ code: { rich_text: [], language } })),
    );
    expect(created.map((b) => b.code.language)).toEqual(languages);

    const res = await append(page.id, { children: [{ code: { rich_text: [text('x')], language: 'klingon' } }] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message.startsWith('body failed validation: body.children[0].code.language should be `"abap"`, `"abc"`, `"agda"`')).toBe(true);
    expect(res.body.message.endsWith('or `"java/c/c++/c#"`, instead was `"klingon"`.')).toBe(true);
  });

  it('names a file block after the URL unless given a name', async () => {
    const page = await newPage('Files');
    const [auto, named] = await appendOk(page.id, [
      { file: { external: { url: 'https://example.com/files/annual%20report.pdf?download=1' } } },
      { file: { external: { url: 'https://example.com/x.bin' }, name: 'data.bin', caption: [text('c')] } },
    ]);
    expect(auto!.file.name).toBe('annual report.pdf');
    expect(named!.file).toEqual({ caption: [textItem('c')], type: 'external', external: { url: 'https://example.com/x.bin' }, name: 'data.bin' });
  });

  it('creates a link_to_page block', async () => {
    const target = await newPage('Target');
    const page = await newPage('Linking');
    const [block] = await appendOk(page.id, [{ link_to_page: { page_id: dashless(target.id) } }]);
    expect(block!.link_to_page).toEqual({ type: 'page_id', page_id: target.id });
    const [typed] = await appendOk(page.id, [{ type: 'link_to_page', link_to_page: { type: 'page_id', page_id: target.id } }]);
    expect(typed!.link_to_page).toEqual({ type: 'page_id', page_id: target.id });
  });

  it('creates an original synced block with children and a duplicate of it', async () => {
    const page = await newPage('Synced');
    const [original] = await appendOk(page.id, [{ synced_block: { synced_from: null, children: [paragraph('shared')] } }]);
    expect(original!.synced_block).toEqual({ synced_from: null });
    expect(original!.has_children).toBe(true);
    expect(texts(await listAll(original!.id))).toEqual(['shared']);

    const [copy] = await appendOk(page.id, [{ synced_block: { synced_from: { block_id: original!.id } } }]);
    expect(copy!.synced_block).toEqual({ synced_from: { type: 'block_id', block_id: original!.id } });
    // The copy shows the original's children, so Notion reports it as having some.
    expect(copy!.has_children).toBe(true);

    const res = await append(page.id, { children: [{ synced_block: { synced_from: { block_id: original!.id }, children: [paragraph('no')] } }] });
    expectError(res, 400, 'validation_error', 'body failed validation: body.children[0].synced_block.children should be not present, instead was `[...]`.');
  });

  it('creates a column list of columns with their children', async () => {
    const page = await newPage('Columns');
    const [list] = await appendOk(page.id, [
      {
        column_list: {
          children: [
            { column: { children: [paragraph('left'), { toggle: { rich_text: [text('t')], children: [paragraph('inside')] } }] } },
            { column: { children: [paragraph('right')], width_ratio: 0.25 } },
          ],
        },
      },
    ]);
    expect(list!.type).toBe('column_list');
    expect(list!.column_list).toEqual({});
    expect(list!.has_children).toBe(true);
    const columns = await listAll(list!.id);
    expect(columns.map((c) => c.type)).toEqual(['column', 'column']);
    expect(columns[0]!.column).toEqual({});
    expect(columns[1]!.column).toEqual({ width_ratio: 0.25 });
    expect(columns[0]!.parent).toEqual({ type: 'block_id', block_id: list!.id });
    expect(texts(await listAll(columns[0]!.id))).toEqual(['left', 't']);
    expect(texts(await listAll(columns[1]!.id))).toEqual(['right']);
    const toggle = (await listAll(columns[0]!.id))[1]!;
    expect(texts(await listAll(toggle.id))).toEqual(['inside']);
  });

  it('refuses a column list of fewer than two columns, and a column without its children list', async () => {
    const page = await newPage('Bad columns');
    expectError(
      await append(page.id, { children: [{ column_list: { children: [{ column: { children: [paragraph('alone')] } }] } }] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].column_list.children.length should be ≥ `2`, instead was `1`.',
    );
    expectError(
      await append(page.id, { children: [{ column_list: { children: [{ column: { children: [paragraph('a')] } }, { column: {} }] } }] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].column_list.children[1].column.children should be defined, instead was `undefined`.',
    );
    expect(await listAll(page.id)).toEqual([]);
  });

  it('creates a column list whose columns have no children yet', async () => {
    const page = await newPage('Empty columns');
    const [list] = await appendOk(page.id, [{ column_list: { children: [{ column: { children: [] } }, { column: { children: [paragraph('b')] } }] } }]);
    const columns = await listAll(list!.id);
    expect(columns.map((c) => [c.type, c.has_children])).toEqual([
      ['column', false],
      ['column', true],
    ]);
    expect(await listAll(columns[0]!.id)).toEqual([]);
    expect(texts(await listAll(columns[1]!.id))).toEqual(['b']);
  });

  it('refuses a column or a table row outside its container', async () => {
    const page = await newPage('Loose');
    for (const type of ['column', 'table_row']) {
      const block = type === 'column' ? { column: { children: [paragraph('x')] } } : { table_row: { cells: [[text('x')]] } };
      const res = await append(page.id, { children: [block] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_error');
      expect(res.body.message.startsWith(`body failed validation: body.children[0].${type} should be not present`)).toBe(true);
    }
  });

  it('creates a table with its rows', async () => {
    const page = await newPage('Table');
    const [table] = await appendOk(page.id, [
      {
        table: {
          table_width: 2,
          has_column_header: true,
          children: [{ table_row: { cells: [[text('Name')], [text('Price')]] } }, { type: 'table_row', table_row: { cells: [[text('Kale')], []] } }],
        },
      },
    ]);
    expect(table!.table).toEqual({ table_width: 2, has_column_header: true, has_row_header: false });
    expect(table!.has_children).toBe(true);
    const rows = await listAll(table!.id);
    expect(rows.map((r) => r.type)).toEqual(['table_row', 'table_row']);
    expect(rows[0]!.table_row).toEqual({ cells: [[textItem('Name')], [textItem('Price')]] });
    expect(rows[1]!.table_row).toEqual({ cells: [[textItem('Kale')], []] });
  });

  it('refuses a table row whose width differs from the table', async () => {
    const page = await newPage('Bad table');
    const res = await append(page.id, {
      children: [{ table: { table_width: 2, children: [{ table_row: { cells: [[], []] } }, { table_row: { cells: [[], [], []] } }] } }],
    });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.children[0].table.children[1].table_row.cells.length should be `2`, instead was `3`.',
    );
  });

  it('refuses the types the API cannot create', async () => {
    const page = await newPage('Not creatable');
    const blocks: Json[] = [
      { type: 'child_page', child_page: { title: 'x' } },
      { child_page: { title: 'x' } },
      { type: 'child_database', child_database: { title: 'x' } },
      { type: 'template', template: { rich_text: [text('x')] } },
      { template: { rich_text: [text('x')] } },
      { type: 'link_preview', link_preview: { url: 'https://example.com' } },
      { link_preview: { url: 'https://example.com' } },
      { type: 'unsupported', unsupported: {} },
      { unsupported: {} },
    ];
    for (const block of blocks) {
      const res = await append(page.id, { children: [block] });
      expect(res.status, JSON.stringify(block)).toBe(400);
      expect(res.body.code).toBe('validation_error');
      expect(res.body.message).toMatch(/^body failed validation[.:]/);
      expect(res.body.message).toContain('body.children[0]');
    }
    expect(await listAll(page.id)).toEqual([]);
  });
});

describe('rich text', () => {
  async function paragraphOf(items: unknown[]): Promise<Json[]> {
    const page = await newPage('Rich text');
    const [block] = await appendOk(page.id, [{ paragraph: { rich_text: items } }]);
    const read = await server.request('GET', `/v1/blocks/${block!.id}`);
    expect(read.body.paragraph.rich_text).toEqual(block!.paragraph.rich_text);
    return block!.paragraph.rich_text;
  }

  it('derives href from a text link', async () => {
    const [item] = await paragraphOf([{ type: 'text', text: { content: 'Notion', link: { url: 'https://www.notion.com/' } } }]);
    expect(item).toEqual({
      type: 'text',
      text: { content: 'Notion', link: { url: 'https://www.notion.com/' } },
      annotations: DEFAULT_ANNOTATIONS,
      plain_text: 'Notion',
      href: 'https://www.notion.com/',
    });
  });

  it('fills in the annotations that are not sent', async () => {
    const [item] = await paragraphOf([{ text: { content: 'loud' }, annotations: { bold: true, color: 'red_background' } }]);
    expect(item!.annotations).toEqual({ bold: true, italic: false, strikethrough: false, underline: false, code: false, color: 'red_background' });
  });

  it('renders an inline equation', async () => {
    const [item] = await paragraphOf([{ type: 'equation', equation: { expression: 'x^2 + y^2' } }]);
    expect(item).toEqual({ type: 'equation', equation: { expression: 'x^2 + y^2' }, annotations: DEFAULT_ANNOTATIONS, plain_text: 'x^2 + y^2', href: null });
  });

  it('renders user mentions as @name', async () => {
    const items = await paragraphOf([
      { mention: { user: { id: server.info.ownerId } } },
      { type: 'mention', mention: { type: 'user', user: { object: 'user', id: botId } } },
    ]);
    expect(items[0]).toEqual({
      type: 'mention',
      mention: { type: 'user', user: { object: 'user', id: server.info.ownerId } },
      annotations: DEFAULT_ANNOTATIONS,
      plain_text: '@Workspace Owner',
      href: null,
    });
    expect(items[1]!.plain_text).toBe('@localnotion');
  });

  it('renders a user it cannot find as @Anonymous', async () => {
    const [item] = await paragraphOf([{ mention: { user: { id: MISSING_ID } } }]);
    expect(item!.plain_text).toBe('@Anonymous');
  });

  it('renders page mentions with the title and the page URL', async () => {
    const target = await newPage('Mentioned page');
    const [item] = await paragraphOf([{ mention: { page: { id: target.id } } }]);
    expect(item).toEqual({
      type: 'mention',
      mention: { type: 'page', page: { id: target.id } },
      annotations: DEFAULT_ANNOTATIONS,
      plain_text: 'Mentioned page',
      href: `https://www.notion.so/${dashless(target.id)}`,
    });
  });

  it('renders date mentions as the date', async () => {
    const [item] = await paragraphOf([{ mention: { date: { start: '2022-12-16' } } }]);
    expect(item).toEqual({
      type: 'mention',
      mention: { type: 'date', date: { start: '2022-12-16', end: null, time_zone: null } },
      annotations: DEFAULT_ANNOTATIONS,
      plain_text: '2022-12-16',
      href: null,
    });
  });

  it('accepts rich text echoed back as retrieved', async () => {
    const first = await paragraphOf([{ text: { content: 'echo', link: { url: 'https://example.com' } }, annotations: { italic: true } }]);
    const again = await paragraphOf(first);
    expect(again).toEqual(first);
  });

  it('refuses a text link that is not an object', async () => {
    const page = await newPage('Bad link');
    expectError(
      await append(page.id, { children: [{ paragraph: { rich_text: [{ text: { content: 'x', link: 'null' } }] } }] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].paragraph.rich_text[0].text.link should be an object, `null`, or `undefined`, instead was `"null"`.',
    );
  });

  it('refuses a text content of 2001 characters and more than 100 items', async () => {
    const page = await newPage('Long text');
    expectError(
      await append(page.id, { children: [paragraph('a'.repeat(2001))] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
    expectError(
      await append(page.id, { children: [{ paragraph: { rich_text: Array.from({ length: 101 }, () => text('x')) } }] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].paragraph.rich_text.length should be ≤ `100`, instead was `101`.',
    );
  });
});

describe('GET /v1/blocks/{id}', () => {
  it('returns the block object', async () => {
    const page = await newPage('Get block');
    const [block] = await appendOk(page.id, [paragraph('hello')]);
    const res = await server.request('GET', `/v1/blocks/${dashless(block!.id)}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([...BLOCK_KEYS, 'paragraph', 'request_id'].sort());
    expect(res.body).toMatchObject({
      object: 'block',
      id: block!.id,
      parent: { type: 'page_id', page_id: page.id },
      created_by: { object: 'user', id: botId },
      last_edited_by: { object: 'user', id: botId },
      has_children: false,
      archived: false,
      in_trash: false,
      type: 'paragraph',
      paragraph: { rich_text: [textItem('hello')], color: 'default' },
    });
    expect(res.body.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(res.body.last_edited_time).toMatch(/:00\.000Z$/);
  });

  it('has no archived key under 2026-03-11', async () => {
    const page = await newPage('Get block 2026');
    const [block] = await appendOk(page.id, [paragraph('x')]);
    const res = await server.request('GET', `/v1/blocks/${block!.id}`, { version: '2026-03-11' });
    expect(Object.keys(res.body).sort()).toEqual([...BLOCK_KEYS.filter((k) => k !== 'archived'), 'paragraph', 'request_id'].sort());
  });

  it('returns a page as a child_page block', async () => {
    const page = await newPage('Page as block');
    const res = await server.request('GET', `/v1/blocks/${page.id}`);
    expect(res.body.type).toBe('child_page');
    expect(res.body.child_page).toEqual({ title: 'Page as block' });
    expect(res.body.parent).toEqual({ type: 'page_id', page_id: server.info.rootPageId });
  });

  it('answers an unknown block with a 404', async () => {
    expectNotFound(await server.request('GET', `/v1/blocks/${MISSING_ID}`), 'block', MISSING_ID);
  });
});

describe('PATCH /v1/blocks/{id}', () => {
  it('replaces rich_text and keeps the other fields', async () => {
    const page = await newPage('Update paragraph');
    const [block] = await appendOk(page.id, [{ paragraph: { rich_text: [text('one'), text(' two')], color: 'blue' } }]);
    const res = await updateBlock(block!.id, { paragraph: { rich_text: [text('new')] } });
    expect(res.status).toBe(200);
    expect(res.body.paragraph).toEqual({ rich_text: [textItem('new')], icon: null, color: 'blue' });
    const colored = await updateBlock(block!.id, { type: 'paragraph', paragraph: { color: 'green_background' } });
    expect(colored.body.paragraph).toEqual({ rich_text: [textItem('new')], icon: null, color: 'green_background' });
    const read = await server.request('GET', `/v1/blocks/${block!.id}`);
    expect(read.body.paragraph).toEqual({ rich_text: [textItem('new')], icon: null, color: 'green_background' });
    expect(read.body.last_edited_by).toEqual({ object: 'user', id: botId });
  });

  it('updates each type’s own fields', async () => {
    const target = await newPage('Other target');
    const page = await newPage('Per type');
    const blocks = await appendOk(page.id, [
      { to_do: rich('task') },
      { heading_2: rich('title') },
      { code: { rich_text: [text('print(1)')], language: 'python' } },
      { callout: rich('note') },
      { equation: { expression: 'a' } },
      { bookmark: { url: 'https://example.com/1', caption: [text('cap')] } },
      { image: { external: { url: 'https://example.com/1.png' } } },
      { table: { table_width: 2, children: [{ table_row: { cells: [[text('a')], [text('b')]] } }] } },
      { link_to_page: { page_id: page.id } },
      { table_of_contents: {} },
      { column_list: { children: [{ column: { children: [paragraph('l')] } }, { column: { children: [paragraph('r')] } }] } },
    ]);
    const [todo, heading, code, callout, equation, bookmark, image, table, link, toc, columns] = blocks as Json[];
    const expectUpdate = async (id: string, body: Json, type: string, payload: Json) => {
      const res = await updateBlock(id, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body[type], type).toEqual(payload);
      expect((await server.request('GET', `/v1/blocks/${id}`)).body[type], type).toEqual(payload);
    };
    await expectUpdate(todo!.id, { to_do: { checked: true } }, 'to_do', { rich_text: [textItem('task')], checked: true, color: 'default' });
    await expectUpdate(heading!.id, { heading_2: { is_toggleable: true } }, 'heading_2', {
      rich_text: [textItem('title')],
      is_toggleable: true,
      color: 'default',
    });
    await expectUpdate(code!.id, { code: { language: 'rust', caption: [text('main')] } }, 'code', {
      caption: [textItem('main')],
      rich_text: [textItem('print(1)')],
      language: 'rust',
    });
    await expectUpdate(callout!.id, { callout: { icon: { emoji: '⭐' } } }, 'callout', {
      rich_text: [textItem('note')],
      icon: { type: 'emoji', emoji: '⭐' },
      color: 'gray_background',
    });
    await expectUpdate(equation!.id, { equation: { expression: 'b^2' } }, 'equation', { expression: 'b^2' });
    await expectUpdate(bookmark!.id, { bookmark: { url: 'https://example.com/2' } }, 'bookmark', { caption: [textItem('cap')], url: 'https://example.com/2' });
    await expectUpdate(image!.id, { image: { external: { url: 'https://example.com/2.png' } } }, 'image', {
      caption: [],
      type: 'external',
      external: { url: 'https://example.com/2.png' },
    });
    await expectUpdate(table!.id, { table: { has_row_header: true } }, 'table', { table_width: 2, has_column_header: false, has_row_header: true });
    await expectUpdate(link!.id, { link_to_page: { page_id: target.id } }, 'link_to_page', { type: 'page_id', page_id: target.id });
    await expectUpdate(toc!.id, { table_of_contents: { color: 'brown' } }, 'table_of_contents', { color: 'brown' });
    const [row] = await listAll(table!.id);
    await expectUpdate(row!.id, { table_row: { cells: [[text('x')], [text('y')]] } }, 'table_row', { cells: [[textItem('x')], [textItem('y')]] });
    const [left] = await listAll(columns!.id);
    await expectUpdate(left!.id, { column: { width_ratio: 0.7 } }, 'column', { width_ratio: 0.7 });

    // A toggleable heading takes children.
    expect(texts(await appendOk(heading!.id, [paragraph('under heading')]))).toEqual(['under heading']);
  });

  it('refuses a table_width change and a row of the wrong width', async () => {
    const page = await newPage('Table updates');
    const [table] = await appendOk(page.id, [{ table: { table_width: 2, children: [{ table_row: { cells: [[], []] } }] } }]);
    const widthChange = await updateBlock(table!.id, { table: { table_width: 3 } });
    expectError(widthChange, 400, 'validation_error', 'body failed validation: body.table.table_width should be not present, instead was `3`.');
    const [row] = await listAll(table!.id);
    const res = await updateBlock(row!.id, { table_row: { cells: [[text('only one')]] } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(/table_row\.cells\.length should be `2`, instead was `1`\.$/);
  });

  it('refuses an invalid code language on update', async () => {
    const page = await newPage('Code update');
    const [code] = await appendOk(page.id, [{ code: { rich_text: [], language: 'go' } }]);
    const res = await updateBlock(code!.id, { code: { language: 'cobol' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message.startsWith('body failed validation: body.code.language should be `"abap"`')).toBe(true);
    expect(res.body.message.endsWith('instead was `"cobol"`.')).toBe(true);
  });

  it('refuses a type key other than the block’s own', async () => {
    const page = await newPage('Wrong type');
    const [block] = await appendOk(page.id, [paragraph('p')]);
    expectError(await updateBlock(block!.id, { heading_1: rich('h') }), 400, 'validation_error', 'Expected block type paragraph in request body');
    expectError(await updateBlock(block!.id, { type: 'to_do', to_do: rich('t') }), 400, 'validation_error', 'Expected block type paragraph in request body');
    const [divider] = await appendOk(page.id, [{ divider: {} }]);
    expectError(await updateBlock(divider!.id, { paragraph: rich('p') }), 400, 'validation_error', 'Expected block type divider in request body');
    expect((await server.request('GET', `/v1/blocks/${block!.id}`)).body.paragraph.rich_text[0].plain_text).toBe('p');
  });

  it('trashes and restores with in_trash', async () => {
    const page = await newPage('Block trash');
    const [a, b] = await appendOk(page.id, [paragraph('a'), paragraph('b')]);
    const trashed = await updateBlock(a!.id, { in_trash: true });
    expect(trashed.status).toBe(200);
    expect(trashed.body.in_trash).toBe(true);
    expect(trashed.body.archived).toBe(true);
    expect((await listAll(page.id)).map((x) => x.id)).toEqual([b!.id]);

    expectError(await updateBlock(a!.id, { paragraph: rich('edit') }), 400, 'validation_error', ARCHIVED);

    const restored = await updateBlock(a!.id, { in_trash: false });
    expect(restored.body.in_trash).toBe(false);
    expect((await listAll(page.id)).map((x) => x.id)).toEqual([a!.id, b!.id]);
  });

  it('trashes with archived before 2026-03-11 and refuses it from then on', async () => {
    const page = await newPage('Archived alias');
    const [block] = await appendOk(page.id, [paragraph('x')]);
    const res = await updateBlock(block!.id, { archived: true }, '2022-06-28');
    expect(res.body.archived).toBe(true);
    expect(res.body.in_trash).toBe(true);
    expectError(
      await updateBlock(block!.id, { archived: false }, '2026-03-11'),
      400,
      'validation_error',
      'body failed validation: body.archived should be not present, instead was `false`.',
    );
    const restored = await updateBlock(block!.id, { in_trash: false }, '2026-03-11');
    expect(restored.body.in_trash).toBe(false);
    expect(restored.body).not.toHaveProperty('archived');
  });

  it('refuses edits of a block under a trashed page', async () => {
    const page = await newPage('Trashed host');
    const [block] = await appendOk(page.id, [paragraph('x')]);
    expect((await server.request('PATCH', `/v1/pages/${page.id}`, { body: { in_trash: true } })).status).toBe(200);
    expectError(await updateBlock(block!.id, { paragraph: rich('y') }), 400, 'validation_error', ARCHIVED_ANCESTOR);
  });

  it('refuses unknown fields in a type payload', async () => {
    const page = await newPage('Unknown field');
    const [block] = await appendOk(page.id, [{ divider: {} }]);
    expectError(
      await updateBlock(block!.id, { divider: { color: 'red' } }),
      400,
      'validation_error',
      'body failed validation: body.divider.color should be not present, instead was `"red"`.',
    );
  });

  it('answers an unknown block with a 404', async () => {
    expectNotFound(await updateBlock(MISSING_ID, { paragraph: rich('x') }), 'block', MISSING_ID);
  });
});

describe('DELETE /v1/blocks/{id}', () => {
  it('trashes the block and returns it', async () => {
    const page = await newPage('Delete');
    const [toggle, other] = await appendOk(page.id, [{ toggle: { rich_text: [text('t')], children: [paragraph('inner')] } }, paragraph('o')]);
    const res = await server.request('DELETE', `/v1/blocks/${toggle!.id}`);
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('block');
    expect(res.body.id).toBe(toggle!.id);
    expect(res.body.type).toBe('toggle');
    expect(res.body.in_trash).toBe(true);
    expect(res.body.archived).toBe(true);
    expect(res.body.toggle).toEqual({ rich_text: [textItem('t')], color: 'default' });

    expect((await listAll(page.id)).map((b) => b.id)).toEqual([other!.id]);
    const read = await server.request('GET', `/v1/blocks/${toggle!.id}`);
    expect(read.status).toBe(200);
    expect(read.body.in_trash).toBe(true);
  });

  it('updates has_children of the parent when its last child is trashed', async () => {
    const page = await newPage('Last child');
    const [toggle] = await appendOk(page.id, [{ toggle: { rich_text: [], children: [paragraph('only')] } }]);
    const [only] = await listAll(toggle!.id);
    await server.request('DELETE', `/v1/blocks/${only!.id}`);
    expect(await listAll(toggle!.id)).toEqual([]);
    expect((await server.request('GET', `/v1/blocks/${toggle!.id}`)).body.has_children).toBe(false);
  });

  it('refuses to delete a block that is already trashed', async () => {
    const page = await newPage('Twice');
    const [block] = await appendOk(page.id, [paragraph('x')]);
    expect((await server.request('DELETE', `/v1/blocks/${block!.id}`)).status).toBe(200);
    expectError(await server.request('DELETE', `/v1/blocks/${block!.id}`), 400, 'validation_error', ARCHIVED);
  });

  it('trashes a page through its id', async () => {
    const parent = await newPage('Delete page parent');
    const child = await server.request('POST', '/v1/pages', { body: { parent: { page_id: parent.id }, properties: { title: [text('Doomed')] } } });
    const res = await server.request('DELETE', `/v1/blocks/${child.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('child_page');
    expect(res.body.in_trash).toBe(true);
    expect((await server.request('GET', `/v1/pages/${child.body.id}`)).body.in_trash).toBe(true);
    expect(await listAll(parent.id)).toEqual([]);
  });

  it('uses in_trash only, without archived, under 2026-03-11', async () => {
    const page = await newPage('Delete 2026');
    const [block] = await appendOk(page.id, [paragraph('x')]);
    const res = await server.request('DELETE', `/v1/blocks/${block!.id}`, { version: '2026-03-11' });
    expect(res.body.in_trash).toBe(true);
    expect(res.body).not.toHaveProperty('archived');
  });

  it('answers an unknown block with a 404', async () => {
    expectNotFound(await server.request('DELETE', `/v1/blocks/${MISSING_ID}`), 'block', MISSING_ID);
  });
});

describe('GET /v1/blocks/{id}/children', () => {
  it('returns the list envelope', async () => {
    const page = await newPage('Envelope', [paragraph('a')]);
    const res = await server.request('GET', `/v1/blocks/${page.id}/children`);
    expect(Object.keys(res.body).sort()).toEqual(['block', 'has_more', 'next_cursor', 'object', 'request_id', 'results', 'type']);
    expect(res.body).toMatchObject({ object: 'list', next_cursor: null, has_more: false, type: 'block', block: {} });
    expect(texts(res.body.results)).toEqual(['a']);
  });

  it('pages through the children, every block exactly once, in order', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `b${i}`);
    const page = await newPage('Paging', names.map(paragraph));
    const all = await listAll(page.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: number[] = [];
    do {
      const url = `/v1/blocks/${page.id}/children?page_size=3${cursor ? `&start_cursor=${cursor}` : ''}`;
      const res = await server.request('GET', url);
      expect(res.status).toBe(200);
      pages.push(res.body.results.length);
      seen.push(...texts(res.body.results));
      if (res.body.has_more) {
        // The cursor is the id of the next child.
        expect(res.body.next_cursor).toBe(all[seen.length]!.id);
      } else {
        expect(res.body.next_cursor).toBeNull();
      }
      cursor = res.body.next_cursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual(names);
  });

  it('accepts a dashless cursor', async () => {
    const page = await newPage('Dashless cursor', [paragraph('a'), paragraph('b')]);
    const first = await server.request('GET', `/v1/blocks/${page.id}/children?page_size=1`);
    const second = await server.request('GET', `/v1/blocks/${page.id}/children?page_size=1&start_cursor=${dashless(first.body.next_cursor)}`);
    expect(texts(second.body.results)).toEqual(['b']);
  });

  it('reads page_size 0 as the default of 100', async () => {
    const page = await newPage(
      'Size zero',
      Array.from({ length: 100 }, (_, i) => paragraph(`${i}`)),
    );
    await appendOk(page.id, [paragraph('100')]);
    const res = await server.request('GET', `/v1/blocks/${page.id}/children?page_size=0`);
    expect(res.body.results).toHaveLength(100);
    expect(res.body.has_more).toBe(true);
    const rest = await server.request('GET', `/v1/blocks/${page.id}/children?start_cursor=${res.body.next_cursor}`);
    expect(texts(rest.body.results)).toEqual(['100']);
    expect(rest.body.has_more).toBe(false);
  });

  it('refuses bad cursors and page sizes', async () => {
    const page = await newPage('Bad paging', [paragraph('a')]);
    const base = `/v1/blocks/${page.id}/children`;
    expectError(
      await server.request('GET', `${base}?start_cursor=bogus`),
      400,
      'validation_error',
      'query failed validation: query.start_cursor should be a valid uuid or `undefined`, instead was `"bogus"`.',
    );
    expectError(
      await server.request('GET', `${base}?start_cursor=${MISSING_ID}`),
      400,
      'validation_error',
      `The start_cursor provided is invalid: ${MISSING_ID}`,
    );
    const elsewhere = await newPage('Elsewhere', [paragraph('z')]);
    const [foreign] = await listAll(elsewhere.id);
    expectError(
      await server.request('GET', `${base}?start_cursor=${foreign!.id}`),
      400,
      'validation_error',
      `The start_cursor provided is invalid: ${foreign!.id}`,
    );
    expectError(
      await server.request('GET', `${base}?page_size=101`),
      400,
      'validation_error',
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    expectError(
      await server.request('GET', `${base}?page_size=ten`),
      400,
      'validation_error',
      'query failed validation: query.page_size should be a number or `undefined`, instead was `"ten"`.',
    );
    expectError(
      await server.request('GET', `${base}?colour=red`),
      400,
      'validation_error',
      'query failed validation: query.colour should be not present, instead was `"red"`.',
    );
  });

  it('leaves trashed children out', async () => {
    const page = await newPage('Trashed children', [paragraph('a'), paragraph('b'), paragraph('c')]);
    const [a, b, c] = await listAll(page.id);
    await server.request('DELETE', `/v1/blocks/${b!.id}`);
    expect((await listAll(page.id)).map((x) => x.id)).toEqual([a!.id, c!.id]);
    const paged = await server.request('GET', `/v1/blocks/${page.id}/children?page_size=1`);
    expect(paged.body.next_cursor).toBe(c!.id);
  });

  it('answers an unknown parent with a 404', async () => {
    expectNotFound(await server.request('GET', `/v1/blocks/${MISSING_ID}/children`), 'block', MISSING_ID);
  });
});

describe('PATCH /v1/blocks/{id}/children', () => {
  it('answers with the new first-level blocks only', async () => {
    const page = await newPage('Append response', [paragraph('existing')]);
    const res = await append(page.id, { children: [{ toggle: { rich_text: [text('t')], children: [paragraph('nested')] } }, paragraph('p')] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['block', 'has_more', 'next_cursor', 'object', 'request_id', 'results', 'type']);
    expect(res.body).toMatchObject({ object: 'list', next_cursor: null, has_more: false, type: 'block', block: {} });
    expect(res.body.results.map((b: Json) => b.type)).toEqual(['toggle', 'paragraph']);
    expect(res.body.results[0].has_children).toBe(true);
    expect(res.body.results[1].has_children).toBe(false);
    for (const block of res.body.results) {
      expect(block.parent).toEqual({ type: 'page_id', page_id: page.id });
      expect(block.created_by).toEqual({ object: 'user', id: botId });
    }
    expect(texts(await listAll(page.id))).toEqual(['existing', 't', 'p']);
  });

  it('appends under a block, which becomes the parent', async () => {
    const page = await newPage('Nested append', [{ toggle: rich('t') }]);
    const [toggle] = await listAll(page.id);
    expect(toggle!.has_children).toBe(false);
    const [child] = await appendOk(toggle!.id, [paragraph('in toggle')]);
    expect(child!.parent).toEqual({ type: 'block_id', block_id: toggle!.id });
    expect((await server.request('GET', `/v1/blocks/${toggle!.id}`)).body.has_children).toBe(true);
  });

  it('inserts after a sibling with `after` before 2026-03-11', async () => {
    for (const version of ['2022-06-28', '2025-09-03']) {
      const page = await newPage(`After ${version}`, [paragraph('a'), paragraph('b'), paragraph('c')]);
      const [a] = await listAll(page.id);
      await appendOk(page.id, [paragraph('x'), paragraph('y')], { after: a!.id }, version);
      expect(texts(await listAll(page.id))).toEqual(['a', 'x', 'y', 'b', 'c']);
      const last = (await listAll(page.id))[4]!;
      await appendOk(page.id, [paragraph('z')], { after: dashless(last.id) }, version);
      expect(texts(await listAll(page.id))).toEqual(['a', 'x', 'y', 'b', 'c', 'z']);
    }
  });

  it('places blocks with `position` start, end and after_block', async () => {
    for (const version of ['2025-09-03', '2026-03-11']) {
      const page = await newPage(`Position ${version}`, [paragraph('a'), paragraph('b')]);
      const [a] = await listAll(page.id);
      await appendOk(page.id, [paragraph('s1'), paragraph('s2')], { position: { type: 'start' } }, version);
      await appendOk(page.id, [paragraph('e')], { position: { type: 'end' } }, version);
      await appendOk(page.id, [paragraph('m')], { position: { type: 'after_block', after_block: { id: a!.id } } }, version);
      expect(texts(await listAll(page.id))).toEqual(['s1', 's2', 'a', 'm', 'b', 'e']);
    }
  });

  it('keeps order across many inserts after the same block', async () => {
    const page = await newPage('Many inserts', [paragraph('first'), paragraph('last')]);
    const [first] = await listAll(page.id);
    const expected = ['first'];
    for (let i = 0; i < 20; i++) {
      await appendOk(page.id, [paragraph(`i${i}`)], { position: { type: 'after_block', after_block: { id: first!.id } } });
      expected.splice(1, 0, `i${i}`);
    }
    expect(texts(await listAll(page.id))).toEqual([...expected, 'last']);
  });

  it('refuses `after` under 2026-03-11', async () => {
    const page = await newPage('After 2026', [paragraph('a')]);
    const [a] = await listAll(page.id);
    expectError(
      await append(page.id, { children: [paragraph('x')], after: a!.id }, '2026-03-11'),
      400,
      'validation_error',
      `body failed validation: body.after should be not present, instead was \`"${a!.id}"\`.`,
    );
  });

  it('refuses both `after` and `position`', async () => {
    const page = await newPage('Both', [paragraph('a')]);
    const [a] = await listAll(page.id);
    expectError(
      await append(page.id, { children: [paragraph('x')], after: a!.id, position: { type: 'end' } }),
      400,
      'validation_error',
      'You cannot specify both after and position in the same request.',
    );
    expect(texts(await listAll(page.id))).toEqual(['a']);
  });

  it('answers a sibling that is not a child of the parent with a 404', async () => {
    const page = await newPage('Foreign sibling', [paragraph('a')]);
    const other = await newPage('Other', [paragraph('b')]);
    const [b] = await listAll(other.id);
    expectNotFound(await append(page.id, { children: [paragraph('x')], position: { type: 'after_block', after_block: { id: b!.id } } }), 'block', b!.id);
  });

  it('refuses a position type it does not know', async () => {
    const page = await newPage('Bad position');
    const res = await append(page.id, { children: [paragraph('x')], position: { type: 'middle' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(/^body failed validation/);
  });

  it('refuses children under a block type that cannot have them', async () => {
    const page = await newPage('No children', [{ divider: {} }, { heading_1: rich('flat') }, { code: { rich_text: [], language: 'go' } }]);
    const [divider, heading, code] = await listAll(page.id);
    expectError(await append(divider!.id, { children: [paragraph('x')] }), 400, 'validation_error', 'Block type divider does not support children.');
    expectError(await append(heading!.id, { children: [paragraph('x')] }), 400, 'validation_error', 'Block type heading_1 does not support children.');
    expectError(await append(code!.id, { children: [paragraph('x')] }), 400, 'validation_error', 'Block type code does not support children.');
  });

  it('refuses children of a non-toggleable heading inside the request', async () => {
    const page = await newPage('Heading children');
    expectError(
      await append(page.id, { children: [{ heading_2: { rich_text: [], children: [paragraph('x')] } }] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].heading_2.children should be not present, instead was `[...]`.',
    );
    const [heading] = await appendOk(page.id, [{ heading_2: { rich_text: [], is_toggleable: true, children: [paragraph('x')] } }]);
    expect(heading!.has_children).toBe(true);
  });

  it('refuses to append to a trashed block or under a trashed page', async () => {
    const page = await newPage('Trashed parent', [{ toggle: rich('t') }]);
    const [toggle] = await listAll(page.id);
    await server.request('DELETE', `/v1/blocks/${toggle!.id}`);
    expectError(await append(toggle!.id, { children: [paragraph('x')] }), 400, 'validation_error', ARCHIVED);

    const host = await newPage('Trashed page', [{ toggle: rich('t') }]);
    const [inner] = await listAll(host.id);
    await server.request('PATCH', `/v1/pages/${host.id}`, { body: { in_trash: true } });
    expectError(await append(host.id, { children: [paragraph('x')] }), 400, 'validation_error', ARCHIVED);
    expectError(await append(inner!.id, { children: [paragraph('x')] }), 400, 'validation_error', ARCHIVED_ANCESTOR);
  });

  it('appends columns to a column list and rows to a table, checking the row width', async () => {
    const page = await newPage('Containers', [
      { column_list: { children: [{ column: { children: [paragraph('1')] } }, { column: { children: [paragraph('2')] } }] } },
      { table: { table_width: 2, children: [{ table_row: { cells: [[], []] } }] } },
    ]);
    const [columns, table] = await listAll(page.id);
    const [column] = await appendOk(columns!.id, [{ column: { children: [paragraph('3')] } }]);
    expect(column!.type).toBe('column');
    expect(await listAll(columns!.id)).toHaveLength(3);
    const res = await append(columns!.id, { children: [paragraph('not a column')] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');

    const [row] = await appendOk(table!.id, [{ table_row: { cells: [[text('a')], [text('b')]] } }]);
    expect(row!.table_row.cells).toEqual([[textItem('a')], [textItem('b')]]);
    expectError(
      await append(table!.id, { children: [{ table_row: { cells: [[text('a')]] } }] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].table_row.cells.length should be `2`, instead was `1`.',
    );
  });

  it('applies the request limits', async () => {
    const page = await newPage('Limits');
    expectError(
      await append(page.id, { children: Array.from({ length: 101 }, (_, i) => paragraph(`${i}`)) }),
      400,
      'validation_error',
      'body failed validation: body.children.length should be ≤ `100`, instead was `101`.',
    );
    expectError(await append(page.id, {}), 400, 'validation_error', 'body failed validation: body.children should be defined, instead was `undefined`.');
    const toggle = (inner: unknown[]) => ({ toggle: { rich_text: [], children: inner } });
    expectError(
      await append(page.id, { children: [toggle([toggle([toggle([paragraph('deep')])])])] }),
      400,
      'validation_error',
      'body failed validation: body.children[0].toggle.children[0].toggle.children[0].toggle.children should be not present, instead was `[...]`.',
    );
    const many = Array.from({ length: 100 }, () => toggle(Array.from({ length: 10 }, () => paragraph('x'))));
    expectError(
      await append(page.id, { children: many }),
      400,
      'validation_error',
      'body failed validation: the request has 1100 blocks, more than the 1000 allowed in one request.',
    );
    expect(await listAll(page.id)).toEqual([]);
  });

  it('answers an unknown parent with a 404', async () => {
    expectNotFound(await append(MISSING_ID, { children: [paragraph('x')] }), 'block', MISSING_ID);
  });
});
