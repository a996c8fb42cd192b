// Fields and shapes that api.notion.com answers with, pinned per version as recorded from the real
// API: page `is_archived`, paragraph `icon`, database objects without creator or editor, the full
// own bot on GET /v1/users/{id}, `additional_data` on not-found errors, synced-block copies, the
// siblings answered after an insertion, and the `tab` and `heading_4` block types.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createRow, expectError, ok, ownerUser, text, textItem, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
let root: string;

beforeAll(() => {
  root = server.info.rootPageId;
});

const paragraph = (content: string, extra: Record<string, unknown> = {}) => ({ paragraph: { rich_text: [text(content)], ...extra } });
const plain = (block: Json): string => ((block[block.type].rich_text ?? []) as Array<{ plain_text: string }>).map((r) => r.plain_text).join('');

async function newPage(title: string, children: unknown[] = [], version?: string): Promise<Json> {
  return ok(
    await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: root }, properties: { title: [text(title)] }, children },
      ...(version ? { version } : {}),
    }),
  );
}

async function children(id: string, version?: string): Promise<Json[]> {
  return ok(await server.request('GET', `/v1/blocks/${id}/children`, version ? { version } : {})).results;
}

describe('page objects carry is_archived from 2025-09-03 on', () => {
  it('in create, retrieve, update, move, search and query answers', async () => {
    const target = await newPage('Move target');
    const db = await createDatabase(server, { Name: { title: {} } });
    const row = await createRow(server, db.dataSourceId, { Name: { title: [text('Row')] } });
    for (const version of ['2025-09-03', '2026-03-11']) {
      const page = await newPage(`Archive state ${version}`, [], version);
      const answers: Json[] = [
        page,
        ok(await server.request('GET', `/v1/pages/${page.id}`, { version })),
        ok(await server.request('PATCH', `/v1/pages/${page.id}`, { body: { icon: { emoji: '📌' } }, version })),
        ok(await server.request('POST', `/v1/pages/${page.id}/move`, { body: { parent: { page_id: target.id } }, version })),
        ok(await server.request('POST', `/v1/data_sources/${db.dataSourceId}/query`, { body: {}, version })).results[0],
        ok(await server.request('POST', '/v1/search', { body: { query: `Archive state ${version}` }, version })).results[0],
      ];
      for (const answer of answers) {
        expect(answer.object).toBe('page');
        expect(answer.is_archived, `${version} ${answer.id}`).toBe(false);
        expect(answer.in_trash).toBe(false);
        // 2025-09-03 keeps the deprecated alias; 2026-03-11 has dropped it.
        if (version === '2025-09-03') expect(answer.archived).toBe(false);
        else expect(answer).not.toHaveProperty('archived');
      }
      expect(answers[4]!.id).toBe(row.id);
    }
    const legacy = ok(await server.request('GET', `/v1/pages/${target.id}`, { version: '2022-06-28' }));
    expect(legacy).not.toHaveProperty('is_archived');
    expect(legacy.archived).toBe(false);
  });
});

describe('paragraph icons', () => {
  it('are null in every paragraph from 2025-09-03 on, between rich_text and color', async () => {
    const page = await newPage('Paragraphs', [paragraph('plain')]);
    for (const version of ['2025-09-03', '2026-03-11']) {
      const [block] = await children(page.id, version);
      expect(block!.paragraph).toEqual({ rich_text: [textItem('plain')], icon: null, color: 'default' });
      expect(Object.keys(block!.paragraph)).toEqual(['rich_text', 'icon', 'color']);
    }
    const [legacy] = await children(page.id, '2022-06-28');
    expect(legacy!.paragraph).toEqual({ rich_text: [textItem('plain')], color: 'default' });
  });

  it('are created, updated, cleared and read back', async () => {
    const page = await newPage('Paragraph icons');
    const [created] = ok(
      await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [paragraph('with icon', { icon: { emoji: '🌱' } })] } }),
    ).results;
    expect(created.paragraph.icon).toEqual({ type: 'emoji', emoji: '🌱' });
    const updated = ok(
      await server.request('PATCH', `/v1/blocks/${created.id}`, {
        body: { paragraph: { icon: { type: 'external', external: { url: 'https://example.com/i.png' } } } },
      }),
    );
    expect(updated.paragraph).toEqual({
      rich_text: [textItem('with icon')],
      icon: { type: 'external', external: { url: 'https://example.com/i.png' } },
      color: 'default',
    });
    // An icon that is set shows under 2022-06-28 too (docs/decisions.md).
    const legacy = ok(await server.request('GET', `/v1/blocks/${created.id}`, { version: '2022-06-28' }));
    expect(legacy.paragraph.icon).toEqual({ type: 'external', external: { url: 'https://example.com/i.png' } });
    const cleared = ok(await server.request('PATCH', `/v1/blocks/${created.id}`, { body: { paragraph: { icon: null } } }));
    expect(cleared.paragraph.icon).toBeNull();
    expect(ok(await server.request('GET', `/v1/blocks/${created.id}`)).paragraph.icon).toBeNull();
  });

  it('refuses an emoji icon that is not an emoji', async () => {
    const page = await newPage('Bad paragraph icon');
    expectError(
      await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [paragraph('x', { icon: { emoji: 'no' } })] } }),
      400,
      'validation_error',
      'body failed validation: body.children[0].paragraph.icon.emoji should be a valid emoji, instead was `"no"`.',
    );
  });
});

describe('database objects', () => {
  it('name no creator or editor from 2025-09-03 on, and still do under 2022-06-28', async () => {
    const db = await createDatabase(server, { Name: { title: {} } });
    for (const version of ['2025-09-03', '2026-03-11']) {
      const read = ok(await server.request('GET', `/v1/databases/${db.databaseId}`, { version }));
      expect(read).not.toHaveProperty('created_by');
      expect(read).not.toHaveProperty('last_edited_by');
      const updated = ok(await server.request('PATCH', `/v1/databases/${db.databaseId}`, { body: { title: [text('Renamed')] }, version }));
      expect(updated).not.toHaveProperty('created_by');
      // The data source keeps both.
      const source = ok(await server.request('GET', `/v1/data_sources/${db.dataSourceId}`, { version }));
      expect(source.created_by).toEqual({ object: 'user', id: server.info.botId });
    }
    const legacy = ok(await server.request('GET', `/v1/databases/${db.databaseId}`, { version: '2022-06-28' }));
    expect(legacy.created_by).toEqual({ object: 'user', id: server.info.botId });
    expect(legacy.last_edited_by).toEqual({ object: 'user', id: server.info.botId });
  });
});

describe('GET /v1/users/{id} of the integration’s own bot', () => {
  it('answers the full bot object, as /v1/users/me does, in every version', async () => {
    for (const version of ['2022-06-28', '2025-09-03', '2026-03-11']) {
      const me = ok(await server.request('GET', '/v1/users/me', { version }));
      const byId = ok(await server.request('GET', `/v1/users/${server.info.botId}`, { version }));
      expect(byId.bot).toEqual(me.bot);
      expect(byId.bot).toEqual({
        owner: { type: 'workspace', workspace: true },
        workspace_id: server.info.workspaceId,
        workspace_name: expect.any(String),
        workspace_limits: { max_file_upload_size_in_bytes: 5 * 1024 * 1024 },
      });
    }
  });
});

describe('ids in paths', () => {
  it('answers an id Notion cannot find with a 404 carrying the integration id, whatever its version nibble', async () => {
    // Notion takes any 32 hex digits as an id (the nil id is recorded as a 404), not only UUIDv4.
    for (const id of ['00000000-0000-0000-0000-000000000000', '393abc1e-edcd-81e8-95dc-ec52a3110c68']) {
      const res = await server.request('GET', `/v1/pages/${id}`);
      expectError(
        res,
        404,
        'object_not_found',
        `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "localnotion".`,
        { integration_id: server.info.botId },
      );
    }
  });

  it('answers a string that is not an id with a 400 path validation error', async () => {
    expectError(
      await server.request('GET', '/v1/pages/not-an-id'),
      400,
      'validation_error',
      'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.',
    );
    expectError(
      await server.request('GET', '/v1/users/123'),
      400,
      'validation_error',
      'path failed validation: path.user_id should be a valid uuid, instead was `"123"`.',
    );
  });
});

describe('synced blocks', () => {
  it('answer has_children for a copy, which shows the original’s content', async () => {
    const page = await newPage('Synced copy', [{ synced_block: { synced_from: null, children: [paragraph('shared')] } }]);
    const [original] = await children(page.id);
    const [copy] = ok(
      await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [{ synced_block: { synced_from: { block_id: original!.id } } }] } }),
    ).results;
    expect(copy.has_children).toBe(true);
    expect(ok(await server.request('GET', `/v1/blocks/${copy.id}`)).has_children).toBe(true);
    expect((await children(page.id))[1]!.has_children).toBe(true);
  });
});

describe('appending after a sibling', () => {
  it('answers the new blocks followed by every later sibling', async () => {
    const page = await newPage('After', [paragraph('a'), paragraph('b'), paragraph('c')]);
    const [a] = await children(page.id);
    const res = ok(await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [paragraph('x'), paragraph('y')], after: a!.id } }));
    expect(res.results.map(plain)).toEqual(['x', 'y', 'b', 'c']);
    const positioned = ok(
      await server.request('PATCH', `/v1/blocks/${page.id}/children`, {
        body: { children: [paragraph('m')], position: { type: 'after_block', after_block: { id: a!.id } } },
        version: '2026-03-11',
      }),
    );
    expect(positioned.results.map(plain)).toEqual(['m', 'x', 'y', 'b', 'c']);
    expect(positioned.has_more).toBe(false);
    // At the end, only the new blocks.
    const appended = ok(await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [paragraph('z')] } }));
    expect(appended.results.map(plain)).toEqual(['z']);
  });

  it('does the same for table rows', async () => {
    const row = (cell: string) => ({ table_row: { cells: [[text(cell)]] } });
    const page = await newPage('Table after', [{ table: { table_width: 1, children: [row('1'), row('2'), row('3')] } }]);
    const [table] = await children(page.id);
    const [first] = await children(table!.id);
    const res = ok(await server.request('PATCH', `/v1/blocks/${table!.id}/children`, { body: { children: [row('1.5')], after: first!.id } }));
    expect(res.results.map((r: Json) => r.table_row.cells[0][0].plain_text)).toEqual(['1.5', '2', '3']);
  });
});

describe('heading_4 blocks', () => {
  it('are created, listed, updated and read back like the other headings', async () => {
    const page = await newPage('Fourth level', [{ heading_4: { rich_text: [text('Deep')] } }]);
    const [heading] = await children(page.id);
    expect(heading!.type).toBe('heading_4');
    expect(heading!.heading_4).toEqual({ rich_text: [textItem('Deep')], is_toggleable: false, color: 'default' });
    const updated = ok(await server.request('PATCH', `/v1/blocks/${heading!.id}`, { body: { heading_4: { is_toggleable: true, color: 'red' } } }));
    expect(updated.heading_4).toEqual({ rich_text: [textItem('Deep')], is_toggleable: true, color: 'red' });
    const [child] = ok(await server.request('PATCH', `/v1/blocks/${heading!.id}/children`, { body: { children: [paragraph('inside')] } })).results;
    expect(child.parent).toEqual({ type: 'block_id', block_id: heading!.id });
  });

  it('take children only when toggleable', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { page_id: root },
        properties: { title: [text('x')] },
        children: [{ heading_4: { rich_text: [text('h')], children: [paragraph('no')] } }],
      },
    });
    expectError(res, 400, 'validation_error', 'body failed validation: body.children[0].heading_4.children should be not present, instead was `[...]`.');
  });
});

describe('tab blocks', () => {
  it('are created with paragraph tab items holding the tabs’ content, and read back', async () => {
    const page = await newPage('Tabs', [
      {
        tab: {
          children: [
            paragraph('First tab', { icon: { emoji: '📁' }, children: [paragraph('first body')] }),
            paragraph('Second tab', { children: [{ to_do: { rich_text: [text('task')] } }] }),
          ],
        },
      },
    ]);
    const [tab] = await children(page.id);
    expect(tab).toMatchObject({ type: 'tab', tab: {}, has_children: true });
    const items = await children(tab!.id);
    expect(items.map(plain)).toEqual(['First tab', 'Second tab']);
    expect(items[0]!.paragraph.icon).toEqual({ type: 'emoji', emoji: '📁' });
    expect(items.every((i) => i.has_children)).toBe(true);
    expect((await children(items[0]!.id)).map(plain)).toEqual(['first body']);
    expect(ok(await server.request('GET', `/v1/blocks/${tab!.id}`)).tab).toEqual({});
    // Update takes only the empty payload.
    expect(ok(await server.request('PATCH', `/v1/blocks/${tab!.id}`, { body: { tab: {} } })).tab).toEqual({});
    expectError(
      await server.request('PATCH', `/v1/blocks/${tab!.id}`, { body: { tab: { children: [] } } }),
      400,
      'validation_error',
      'body failed validation: body.tab.children should be not present, instead was `[]`.',
    );
  });

  it('hold only paragraphs, and at least one', async () => {
    const page = await newPage('Tab rules', [{ tab: { children: [paragraph('only')] } }]);
    const [tab] = await children(page.id);
    const added = ok(await server.request('PATCH', `/v1/blocks/${tab!.id}/children`, { body: { children: [paragraph('another')] } }));
    expect(added.results[0].paragraph.rich_text[0].plain_text).toBe('another');
    expectError(
      await server.request('PATCH', `/v1/blocks/${tab!.id}/children`, { body: { children: [{ to_do: { rich_text: [text('x')] } }] } }),
      400,
      'validation_error',
      'body failed validation: body.children[0].type should be `"paragraph"`, instead was `"to_do"`.',
    );
    const empty = await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [{ tab: { children: [] } }] } });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_error');
    expect(empty.body.message).toMatch(/^body failed validation: body\.children\[0\]\.tab\.children\.length should be ≥ `1`/);
  });
});

describe('place values', () => {
  it('answer name: null when they have none', async () => {
    const db = await createDatabase(server, { Name: { title: {} }, Where: { place: {} } });
    const row = await createRow(server, db.dataSourceId, { Where: { place: { lat: 48.85, lon: 2.35 } } });
    expect(row.properties.Where.place).toEqual({ lat: 48.85, lon: 2.35, name: null });
    const read = ok(await server.request('GET', `/v1/pages/${row.id}`));
    expect(read.properties.Where.place).toEqual({ lat: 48.85, lon: 2.35, name: null });
    const named = await createRow(server, db.dataSourceId, { Where: { place: { lat: 1, lon: 2, name: 'Somewhere', address: '1 Road' } } });
    expect(named.properties.Where.place).toEqual({ lat: 1, lon: 2, name: 'Somewhere', address: '1 Road' });
  });
});

describe('user mentions in page property values', () => {
  it('name the whole user, as blocks do', async () => {
    const db = await createDatabase(server, { Name: { title: {} }, Notes: { rich_text: {} } });
    const mention = { mention: { user: { id: server.info.ownerId } } };
    const row = await createRow(server, db.dataSourceId, { Name: { title: [mention] }, Notes: { rich_text: [text('for '), mention] } });
    const read = ok(await server.request('GET', `/v1/pages/${row.id}`));
    for (const page of [row, read]) {
      expect(page.properties.Name.title[0].mention).toEqual({ type: 'user', user: ownerUser(server) });
      expect(page.properties.Notes.rich_text[1].mention).toEqual({ type: 'user', user: ownerUser(server) });
      expect(page.properties.Notes.rich_text[1].plain_text).toBe('@Workspace Owner');
    }
    const queried = ok(await server.request('POST', `/v1/data_sources/${db.dataSourceId}/query`, { body: {} })).results[0];
    expect(queried.properties.Name.title[0].mention.user).toEqual(ownerUser(server));
  });
});
