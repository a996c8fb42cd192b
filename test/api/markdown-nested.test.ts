// Markdown edits whose anchor or selection lies inside nested blocks (toggles, lists, columns):
// Notion matches them anywhere in the page's markdown
// (https://developers.notion.com/reference/update-page-markdown; docs/decisions.md, "Markdown edits at any depth").
import { describe, expect, it } from 'vitest';
import { expectError, text, type Json } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();

async function pageWith(children: Json[]): Promise<string> {
  const res = await server.request('POST', '/v1/pages', {
    body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text('Nested')] }, children },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

const edit = (id: string, body: Json): Promise<TestResponse> => server.request('PATCH', `/v1/pages/${id}/markdown`, { body });

async function childIds(id: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?start_cursor=${cursor}` : '';
    const res = await server.request('GET', `/v1/blocks/${id}/children${query}`);
    expect(res.status).toBe(200);
    ids.push(...(res.body.results as Json[]).map((b) => b.id as string));
    cursor = res.body.next_cursor as string | null;
  } while (cursor);
  return ids;
}

const bullet = (content: string, children?: Json[]): Json => ({ bulleted_list_item: { rich_text: [text(content)], ...(children ? { children } : {}) } });
const para = (content: string): Json => ({ paragraph: { rich_text: [text(content)] } });
const toggle = (content: string, children: Json[]): Json => ({ toggle: { rich_text: [text(content)], children } });

describe('anchored inserts inside nested blocks', () => {
  it('inserts after a block inside a toggle, as its sibling, keeping every id', async () => {
    const page = await pageWith([toggle('Details', [para('first inside'), para('second inside')]), para('after the toggle')]);
    const [toggleId, afterId] = await childIds(page);
    const inside = await childIds(toggleId!);
    const res = await edit(page, {
      type: 'insert_content',
      insert_content: { content: 'new inside', position: { type: 'after_content', anchor: 'first ins' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown).toBe('<details>\n\t<summary>Details</summary>\n\tfirst inside\n\tnew inside\n\tsecond inside\n</details>\nafter the toggle');
    expect(await childIds(page)).toEqual([toggleId, afterId]);
    const now = await childIds(toggleId!);
    expect(now).toHaveLength(3);
    expect([now[0], now[2]]).toEqual(inside);
  });

  it('inserts after a nested list item and its own children, in v2 too', async () => {
    const page = await pageWith([bullet('top', [bullet('child', [bullet('grandchild')]), bullet('sibling')])]);
    const res = await edit(page, {
      type: 'insert_content',
      insert_content: { content: '- added', position: { type: 'after_content', anchor: '- child' } },
      markdown_version: 'v2',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // v2 separates sibling blocks by a blank line, and list children stay tab-indented.
    expect(res.body.markdown).toBe('- top\n\t- child\n\t\t- grandchild\n\n\t- added\n\n\t- sibling');
  });

  it('finds an anchor in a column and counts matches at every depth', async () => {
    const page = await pageWith([
      para('alpha'),
      { column_list: { children: [{ column: { children: [para('alpha in a column')] } }, { column: { children: [para('right side')] } }] } },
    ]);
    const twice = await edit(page, { type: 'insert_content', insert_content: { content: 'x', position: { type: 'after_content', anchor: 'alpha' } } });
    expectError(twice, 400, 'validation_error', 'Found 2 blocks that start with position.anchor: "alpha". It must match the start of exactly one block.');
    const res = await edit(page, { type: 'insert_content', insert_content: { content: 'below', position: { type: 'after_content', anchor: 'right' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown).toBe(
      'alpha\n<columns>\n\t<column>\n\t\talpha in a column\n\t</column>\n\t<column>\n\t\tright side\n\t\tbelow\n\t</column>\n</columns>',
    );
  });

  it('puts an ellipsis `after` selection that ends in a nested block after that block', async () => {
    const page = await pageWith([bullet('one', [bullet('two')]), bullet('three')]);
    const res = await edit(page, { type: 'insert_content', insert_content: { content: '- two and a half', after: 'one...tw' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown).toBe('- one\n\t- two\n\t- two and a half\n- three');
  });

  it('refuses tags that make or keep pages inside a block', async () => {
    const page = await pageWith([toggle('T', [para('inner')])]);
    const res = await edit(page, {
      type: 'insert_content',
      insert_content: { content: '<page>New</page>', position: { type: 'after_content', anchor: 'inner' } },
    });
    expectError(
      res,
      400,
      'validation_error',
      'Content inserted inside a block cannot contain <page>, <database> or <unknown> tags. Insert it at the top level of the page.',
    );
  });
});

describe('selections across depths', () => {
  it('update_content edits text inside a nested block', async () => {
    const page = await pageWith([toggle('Box', [bullet('deep', [para('deeper text')])])]);
    const res = await edit(page, { type: 'update_content', update_content: { content_updates: [{ old_str: 'deeper text', new_str: 'changed text' }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown).toBe('<details>\n\t<summary>Box</summary>\n\t- deep\n\t\tchanged text\n</details>');
  });

  it('a match spanning blocks of different depths is replaced in the text, which is then read as it stands', async () => {
    const page = await pageWith([bullet('a', [bullet('b')]), bullet('c'), para('tail')]);
    const [, , tail] = await childIds(page);
    const res = await edit(page, { type: 'update_content', update_content: { content_updates: [{ old_str: 'b\n- c', new_str: 'b and c' }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // `c` joined the nested item; the untouched paragraph keeps its id.
    expect(res.body.markdown).toBe('- a\n\t- b and c\ntail');
    const ids = await childIds(page);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(tail);
  });

  it('replace_content_range may start in a nested block and end at the top level', async () => {
    const page = await pageWith([toggle('T', [para('inner one'), para('inner two')]), para('outer')]);
    const res = await edit(page, { type: 'replace_content_range', replace_content_range: { content: 'only', content_range: 'inner two...outer' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The range took the toggle's closing tag with it: the toggle now runs to the end and holds the new text.
    expect(res.body.markdown).toBe('<details>\n\t<summary>T</summary>\n\tinner one\n\tonly\n</details>');
  });
});

describe('edits of pages past 1,000 blocks', () => {
  it('edits a page of 1,100 blocks, and refuses an edit that writes more than 1,000', async () => {
    const page = await pageWith([]);
    for (let batch = 0; batch < 11; batch++) {
      const children = Array.from({ length: 100 }, (_, i) => para(`block ${batch * 100 + i}`));
      const res = await server.request('PATCH', `/v1/blocks/${page}/children`, { body: { children } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const before = await childIds(page);
    const res = await edit(page, { type: 'update_content', update_content: { content_updates: [{ old_str: 'block 1099', new_str: 'last block' }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.markdown.endsWith('block 1098\nlast block')).toBe(true);
    const after = await childIds(page);
    expect(after).toHaveLength(1100);
    expect(after.slice(0, 1099)).toEqual(before.slice(0, 1099));
    expect(after[1099]).not.toBe(before[1099]);
    // 1,001 new blocks in one edit: more than a request may write.
    const many = Array.from({ length: 1001 }, (_, i) => `new ${i}`).join('\n');
    const refused = await edit(page, { type: 'insert_content', insert_content: { content: many } });
    expectError(refused, 400, 'validation_error', 'body failed validation: the request has 1001 blocks, more than the 1000 allowed in one request.');
    expect(await childIds(page)).toEqual(after);
  });
});
