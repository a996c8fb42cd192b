// /v1/pages/{id}/markdown and `markdown` on page creation
// (https://developers.notion.com/reference/retrieve-page-markdown, .../update-page-markdown).
import { describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import { ARCHIVED, dashless, expectError, expectNotFound, text, type Json } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();

async function newPage(title: string, markdown?: string, parent?: string): Promise<Json> {
  const body: Json = { parent: { page_id: parent ?? server.info.rootPageId }, properties: { title: [text(title)] } };
  if (markdown !== undefined) body.markdown = markdown;
  const res = await server.request('POST', '/v1/pages', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const read = (id: string, options: Json = {}): Promise<TestResponse> => server.request('GET', `/v1/pages/${id}/markdown`, options);
const edit = (id: string, body: Json, options: Json = {}): Promise<TestResponse> => server.request('PATCH', `/v1/pages/${id}/markdown`, { body, ...options });

async function markdownOf(id: string): Promise<string> {
  const res = await read(id);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.markdown;
}

async function children(id: string): Promise<Json[]> {
  const res = await server.request('GET', `/v1/blocks/${id}/children`);
  expect(res.status).toBe(200);
  return res.body.results;
}

describe('GET /v1/pages/{id}/markdown', () => {
  it('answers an empty page as the recording shows', async () => {
    const page = await newPage('Empty');
    const res = await read(page.id);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['object', 'id', 'markdown', 'truncated', 'unknown_block_ids', 'request_id']);
    expect(res.body).toMatchObject({ object: 'page_markdown', id: page.id, markdown: '', truncated: false, unknown_block_ids: [] });
  });

  it('renders blocks made through the blocks API', async () => {
    const page = await newPage('Blocks');
    const res = await server.request('PATCH', `/v1/blocks/${page.id}/children`, {
      body: {
        children: [
          { heading_2: { rich_text: [text('Title')] } },
          { paragraph: { rich_text: [{ text: { content: 'bold' }, annotations: { bold: true } }, text(' and 2*3')] } },
          { bulleted_list_item: { rich_text: [text('item')], children: [{ to_do: { rich_text: [text('task')], checked: true } }] } },
          { code: { rich_text: [text('let x = 1;')], language: 'javascript' } },
          { bookmark: { url: 'https://example.com' } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const bookmark = res.body.results[4].id as string;
    const md = await read(page.id);
    expect(md.body.markdown).toBe(
      [
        '## Title',
        '**bold** and 2\\*3',
        '- item',
        '\t- [x] task',
        '```javascript',
        'let x = 1;',
        '```',
        `<unknown url="https://www.notion.so/${dashless(page.id)}#${dashless(bookmark)}" alt="bookmark"/>`,
      ].join('\n'),
    );
    expect(md.body.unknown_block_ids).toEqual([bookmark]);
    // The id of an unknown block reads as that block's own markdown.
    expect((await read(bookmark)).body.markdown).toContain('alt="bookmark"');
  });

  it('answers 404 for a page it cannot find and 400 for a database', async () => {
    const missing = '0f6a5c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
    expectNotFound(await read(missing), 'page', missing);
    const db = await server.request('POST', '/v1/databases', {
      body: { parent: { page_id: server.info.rootPageId }, title: [text('DB')], initial_data_source: { properties: { Name: { title: {} } } } },
    });
    expect(db.status, JSON.stringify(db.body)).toBe(200);
    const res = await read(db.body.id);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
  });

  it('separates blocks by a blank line in markdown_version v2', async () => {
    const page = await newPage('V2', '# A\nb');
    expect((await server.request('GET', `/v1/pages/${page.id}/markdown?markdown_version=v2`)).body.markdown).toBe('# A\n\nb');
    const edited = await edit(page.id, { type: 'insert_content', insert_content: { content: 'c' }, markdown_version: 'v2' });
    expect(edited.body.markdown).toBe('# A\n\nb\n\nc');
    expect((await server.request('GET', `/v1/pages/${page.id}/markdown?markdown_version=v3`)).status).toBe(400);
  });

  it('is served under every version', async () => {
    const page = await newPage('Versions', 'hello');
    for (const version of ['2022-06-28', '2025-09-03', '2026-03-11']) {
      const res = await read(page.id, { version });
      expect(res.status, version).toBe(200);
      expect(res.body.markdown).toBe('hello');
    }
  });
});

describe('PATCH /v1/pages/{id}/markdown', () => {
  it('inserts content as the recording shows', async () => {
    const page = await newPage('Insert');
    const res = await edit(page.id, { type: 'insert_content', insert_content: { content: '## New Section\n\nHello from markdown.' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      object: 'page_markdown',
      id: page.id,
      markdown: '## New Section\nHello from markdown.',
      truncated: false,
      unknown_block_ids: [],
    });
    const blocks = await children(page.id);
    expect(blocks.map((b) => b.type)).toEqual(['heading_2', 'paragraph']);
  });

  it('inserts at the start, after a selection, and refuses both targets or no match', async () => {
    const page = await newPage('Positions', 'one\nthree');
    expect((await edit(page.id, { type: 'insert_content', insert_content: { content: 'zero', position: { type: 'start' } } })).body.markdown).toBe(
      'zero\none\nthree',
    );
    expect((await edit(page.id, { type: 'insert_content', insert_content: { content: 'two', after: 'o...ne' } })).body.markdown).toBe('zero\none\ntwo\nthree');
    expectError(
      await edit(page.id, { type: 'insert_content', insert_content: { content: 'x', after: 'one', position: { type: 'end' } } }),
      400,
      'validation_error',
      'Provide either insert_content.after or insert_content.position, not both.',
    );
    expectError(
      await edit(page.id, { type: 'insert_content', insert_content: { content: 'x', after: 'nowhere' } }),
      400,
      'validation_error',
      'No match found for after: "nowhere".',
    );
  });

  it('keeps the ids of blocks an edit does not touch', async () => {
    const page = await newPage('Ids', '# A\nfirst\nsecond\nthird');
    const before = await children(page.id);
    const res = await edit(page.id, { type: 'update_content', update_content: { content_updates: [{ old_str: 'second', new_str: 'middle' }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown).toBe('# A\nfirst\nmiddle\nthird');
    const after = await children(page.id);
    expect(after.map((b) => b.id)).toEqual([before[0]!.id, before[1]!.id, after[2]!.id, before[3]!.id]);
    expect(after[2]!.id).not.toBe(before[2]!.id);
  });

  it('update_content: refuses no match and several matches unless asked', async () => {
    const page = await newPage('Updates', 'a x\nb x');
    expectError(
      await edit(page.id, { type: 'update_content', update_content: { content_updates: [{ old_str: 'zzz', new_str: 'y' }] } }),
      400,
      'validation_error',
      'No match found for old_str: "zzz".',
    );
    expectError(
      await edit(page.id, { type: 'update_content', update_content: { content_updates: [{ old_str: 'x', new_str: 'y' }] } }),
      400,
      'validation_error',
      'Found 2 matches for old_str: "x". Set replace_all_matches to true to replace all of them.',
    );
    const res = await edit(page.id, {
      type: 'update_content',
      update_content: { content_updates: [{ old_str: 'x', new_str: 'y', replace_all_matches: true }] },
    });
    expect(res.body.markdown).toBe('a y\nb y');
  });

  it('replace_content_range and replace_content', async () => {
    const page = await newPage('Ranges', 'keep\nold one\nold two\nend');
    const res = await edit(page.id, { type: 'replace_content_range', replace_content_range: { content: 'new', content_range: 'old one...two' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown).toBe('keep\nnew\nend');
    expectError(
      await edit(page.id, { type: 'replace_content_range', replace_content_range: { content: 'x', content_range: 'absent...text' } }),
      400,
      'validation_error',
      'No match found for content_range: "absent...text".',
    );
    const replaced = await edit(page.id, { type: 'replace_content', replace_content: { new_str: '- [ ] all new' } });
    expect(replaced.body.markdown).toBe('- [ ] all new');
    expect((await children(page.id)).map((b) => b.type)).toEqual(['to_do']);
  });

  it('protects child pages unless deleting is allowed, and keeps those the markdown still names', async () => {
    const page = await newPage('Parent', 'intro');
    const child = await newPage('Child', undefined, page.id);
    const md = await markdownOf(page.id);
    expect(md).toBe(`intro\n<page url="https://www.notion.so/Child-${dashless(child.id)}">Child</page>`);
    // Replacing the text around the reference keeps the child page where it is.
    const kept = await edit(page.id, { type: 'replace_content', replace_content: { new_str: md.replace('intro', 'changed') } });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect((await children(page.id)).map((b) => b.id)).toContain(child.id);
    expectError(
      await edit(page.id, { type: 'replace_content', replace_content: { new_str: 'gone' } }),
      400,
      'validation_error',
      `This operation would delete child pages or databases: ${child.id}. Set allow_deleting_content to true to proceed.`,
    );
    const gone = await edit(page.id, { type: 'replace_content', replace_content: { new_str: 'gone', allow_deleting_content: true } });
    expect(gone.body.markdown).toBe('gone');
    expect((await server.request('GET', `/v1/pages/${child.id}`)).body.in_trash).toBe(true);
  });

  it('refuses a trashed page, a block id, bad bodies and a missing capability', async () => {
    const page = await newPage('Trashed', 'text');
    const block = (await children(page.id))[0]!.id as string;
    expectError(
      await edit(block, { type: 'replace_content', replace_content: { new_str: 'x' } }),
      400,
      'validation_error',
      `Provided ID ${block} is a block, not a page. Use a page ID.`,
    );
    expect((await edit(page.id, { type: 'replace_content' })).status).toBe(400);
    expect((await edit(page.id, { type: 'replace_content', replace_content: { new_str: 1 } })).body.code).toBe('validation_error');
    expect((await server.request('PATCH', `/v1/pages/${page.id}`, { body: { in_trash: true } })).status).toBe(200);
    expectError(await edit(page.id, { type: 'replace_content', replace_content: { new_str: 'x' } }), 400, 'validation_error', ARCHIVED);

    const readOnly = await secondIntegration(server, { name: 'Reader', capabilities: { update_content: false, insert_content: false } });
    const other = await newPage('Shared');
    await readOnly.share(other.id);
    expect((await read(other.id, { token: readOnly.token })).status).toBe(200);
    expectError(
      await edit(other.id, { type: 'replace_content', replace_content: { new_str: 'x' } }, { token: readOnly.token }),
      403,
      'restricted_resource',
      'Insufficient permissions for this endpoint.',
    );
  });
});

describe('POST /v1/pages with markdown', () => {
  it('takes the first # heading as the title when none is given', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, markdown: '# Hello *world*\nSome text.\n\n- a\n- b' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.properties.title.title.map((t: Json) => t.plain_text).join('')).toBe('Hello world');
    expect(await markdownOf(res.body.id)).toBe('Some text.\n- a\n- b');
  });

  it('keeps the heading as a block when a title is given', async () => {
    const page = await newPage('Titled', '# Heading\nbody');
    expect(await markdownOf(page.id)).toBe('# Heading\nbody');
  });

  it('refuses markdown with children', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, markdown: 'x', children: [] },
    });
    expectError(res, 400, 'validation_error', 'markdown cannot be used together with children or content.');
  });

  it('creates a page in a data source with its title from the heading', async () => {
    const db = await server.request('POST', '/v1/databases', {
      body: { parent: { page_id: server.info.rootPageId }, title: [text('Tasks')], initial_data_source: { properties: { Name: { title: {} } } } },
    });
    expect(db.status, JSON.stringify(db.body)).toBe(200);
    const source = db.body.data_sources[0].id as string;
    const res = await server.request('POST', '/v1/pages', { body: { parent: { data_source_id: source }, markdown: '# Row one\n> quoted' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.properties.Name.title[0].plain_text).toBe('Row one');
    expect(await markdownOf(res.body.id)).toBe('> quoted');
  });
});
