// PATCH /v1/databases/{id} (spec 3.4 D3, 4.7, 6.4, 9.4, 11.2): title, description, icon, cover,
// is_inline, is_locked, trash and parent per version; under 2022-06-28 the schema of the
// database's one data source, with page values following.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities } from '../../src/services/access.js';
import { secondIntegration } from '../helpers/integrations.js';
import { ARCHIVED, ARCHIVED_ANCESTOR, createRow, dashless, expectError, notFound, ok, text, textItem, titled, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
let root: string;

beforeAll(async () => {
  root = server.info.rootPageId;
});

const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
const LEGACY = '2022-06-28';

async function newPage(title: string, parentId = root): Promise<string> {
  return ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: { title: [text(title)] } } })).id;
}

async function database(properties: Record<string, unknown> = {}, options: { title?: string; parentId?: string; extra?: Record<string, unknown> } = {}) {
  const body = ok(
    await server.request('POST', '/v1/databases', {
      body: {
        parent: { page_id: options.parentId ?? root },
        title: [text(options.title ?? 'Tasks')],
        initial_data_source: { properties: { Name: { title: {} }, ...properties } },
        ...options.extra,
      },
    }),
  );
  return { databaseId: body.id as string, dataSourceId: body.data_sources[0].id as string, created: body };
}

async function row(dataSourceId: string, title: string, properties: Record<string, unknown> = {}): Promise<string> {
  return (await createRow(server, dataSourceId, { ...titled(title), ...properties })).id;
}

const patchDatabase = (id: string, body: unknown, version?: string, token?: string) => server.request('PATCH', `/v1/databases/${id}`, { body, version, token });

async function childIds(blockId: string): Promise<string[]> {
  return ok(await server.request('GET', `/v1/blocks/${blockId}/children`)).results.map((b: Json) => b.id);
}

async function integration(
  name: string,
  options: { capabilities?: Partial<Capabilities>; kind?: 'internal' | 'public'; share?: string[] } = {},
): Promise<string> {
  const created = await secondIntegration(server, { name, capabilities: options.capabilities, kind: options.kind, pages: options.share });
  return created.token;
}

describe('PATCH /v1/databases (2025-09-03): the container', () => {
  it('sets title, description, icon and cover, and answers the database object', async () => {
    const { databaseId, dataSourceId, created } = await database();
    const res = ok(
      await patchDatabase(databaseId, {
        title: [text('Roadmap')],
        description: [text('What comes next')],
        icon: { type: 'emoji', emoji: '🗺️' },
        cover: { type: 'external', external: { url: 'https://example.com/cover.png' } },
      }),
    );
    expect(res).toEqual({
      object: 'database',
      id: databaseId,
      title: [textItem('Roadmap')],
      description: [textItem('What comes next')],
      parent: { type: 'page_id', page_id: root },
      is_inline: false,
      in_trash: false,
      archived: false,
      is_locked: false,
      created_time: created.created_time,
      last_edited_time: expect.any(String),
      data_sources: [{ id: dataSourceId, name: 'Roadmap' }],
      icon: { type: 'emoji', emoji: '🗺️' },
      cover: { type: 'external', external: { url: 'https://example.com/cover.png' } },
      url: `https://www.notion.so/${dashless(databaseId)}`,
      public_url: null,
      request_id: res.request_id,
    });
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`))).toEqual({ ...res, request_id: expect.any(String) });
  });

  it('removes icon and cover with null and leaves omitted fields alone', async () => {
    const { databaseId } = await database(
      {},
      { extra: { icon: { emoji: '📚' }, cover: { external: { url: 'https://example.com/c.png' } }, description: [text('d')] } },
    );
    const res = ok(await patchDatabase(databaseId, { icon: null, cover: null }));
    expect(res.icon).toBeNull();
    expect(res.cover).toBeNull();
    expect(res.title).toEqual([textItem('Tasks')]);
    expect(res.description).toEqual([textItem('d')]);
  });

  it('carries title, description and icon to a data source that still has the database’s, not to one named apart', async () => {
    const { databaseId, dataSourceId } = await database({}, { extra: { icon: { emoji: '📚' }, description: [text('d')] } });
    const other = ok(
      await server.request('POST', '/v1/data_sources', {
        body: { parent: { database_id: databaseId }, title: [text('Archive')], properties: { Name: { title: {} } } },
      }),
    ).id;
    ok(await patchDatabase(databaseId, { title: [text('Library')], description: [text('books')], icon: { emoji: '📖' } }));
    const first = ok(await server.request('GET', `/v1/data_sources/${dataSourceId}`));
    expect(first.title).toEqual([textItem('Library')]);
    expect(first.description).toEqual([textItem('books')]);
    expect(first.icon).toEqual({ type: 'emoji', emoji: '📖' });
    const second = ok(await server.request('GET', `/v1/data_sources/${other}`));
    expect(second.title).toEqual([textItem('Archive')]);
    expect(second.description).toEqual([]);
    expect(second.icon).toBeNull();
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`)).data_sources).toEqual([
      { id: dataSourceId, name: 'Library' },
      { id: other, name: 'Archive' },
    ]);
  });

  it('sets is_inline and is_locked; the data source shows is_inline', async () => {
    const { databaseId, dataSourceId } = await database();
    const res = ok(await patchDatabase(databaseId, { is_inline: true, is_locked: true }));
    expect(res.is_inline).toBe(true);
    expect(res.is_locked).toBe(true);
    expect(ok(await server.request('GET', `/v1/data_sources/${dataSourceId}`)).is_inline).toBe(true);
    expect(ok(await patchDatabase(databaseId, { is_locked: false })).is_locked).toBe(false);
  });

  it('updates the child_database block its parent lists', async () => {
    const { databaseId } = await database();
    ok(await patchDatabase(databaseId, { title: [text('Renamed')] }));
    const block = ok(await server.request('GET', `/v1/blocks/${databaseId}`));
    expect(block.child_database).toEqual({ title: 'Renamed' });
  });

  it('takes no properties from 2025-09-03 on', async () => {
    const { databaseId } = await database();
    expectError(
      await patchDatabase(databaseId, { properties: { Name: { name: 'x' } } }),
      400,
      'validation_error',
      'body failed validation: body.properties should be not present, instead was `{"Name":{"name":"x"}}`.',
    );
  });

  it('answers the object without archived under 2026-03-11, and refuses archived there', async () => {
    const { databaseId } = await database();
    const res = ok(await patchDatabase(databaseId, { title: [text('New')] }, '2026-03-11'));
    expect(res).not.toHaveProperty('archived');
    expect(res.in_trash).toBe(false);
    expectError(
      await patchDatabase(databaseId, { archived: true }, '2026-03-11'),
      400,
      'validation_error',
      'body failed validation: body.archived should be not present, instead was `true`.',
    );
  });
});

describe('PATCH /v1/databases: trash', () => {
  it('trashes a database: gone from its parent’s children, retrievable with in_trash, only restorable', async () => {
    const parent = await newPage('Holder');
    const { databaseId, dataSourceId } = await database({}, { parentId: parent });
    const page = await row(dataSourceId, 'A');
    expect(await childIds(parent)).toEqual([databaseId]);
    const trashed = ok(await patchDatabase(databaseId, { in_trash: true }));
    expect(trashed.in_trash).toBe(true);
    expect(trashed.archived).toBe(true);
    expect(await childIds(parent)).toEqual([]);
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`)).in_trash).toBe(true);
    // Its data sources stay listed (they are not trashed themselves), and cannot be edited.
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`)).data_sources).toEqual([{ id: dataSourceId, name: 'Tasks' }]);
    expectError(await patchDatabase(databaseId, { title: [text('x')] }), 400, 'validation_error', ARCHIVED);
    expectError(await patchDatabase(databaseId, {}), 400, 'validation_error', ARCHIVED);
    expectError(
      await server.request('PATCH', `/v1/pages/${page}`, { body: { properties: { Name: { title: [text('B')] } } } }),
      400,
      'validation_error',
      ARCHIVED_ANCESTOR,
    );
    expectError(
      await server.request('POST', '/v1/pages', { body: { parent: { data_source_id: dataSourceId }, properties: {} } }),
      400,
      'validation_error',
      ARCHIVED_ANCESTOR,
    );
    const restored = ok(await patchDatabase(databaseId, { archived: false }));
    expect(restored.in_trash).toBe(false);
    expect(await childIds(parent)).toEqual([databaseId]);
  });

  it('cannot edit or restore a database whose parent page is trashed', async () => {
    const parent = await newPage('Holder');
    const { databaseId } = await database({}, { parentId: parent });
    ok(await server.request('PATCH', `/v1/pages/${parent}`, { body: { in_trash: true } }));
    expectError(await patchDatabase(databaseId, { title: [text('x')] }), 400, 'validation_error', ARCHIVED_ANCESTOR);
  });

  it('trashes with archived under 2022-06-28', async () => {
    const { databaseId } = await database();
    const res = ok(await patchDatabase(databaseId, { archived: true }, LEGACY));
    expect(res.archived).toBe(true);
    expect(res.in_trash).toBe(true);
    ok(await patchDatabase(databaseId, { in_trash: false }, LEGACY));
  });
});

describe('PATCH /v1/databases: parent', () => {
  it('moves the database to another page', async () => {
    const from = await newPage('From');
    const to = await newPage('To');
    const { databaseId, dataSourceId } = await database({}, { parentId: from });
    const res = ok(await patchDatabase(databaseId, { parent: { type: 'page_id', page_id: to } }));
    expect(res.parent).toEqual({ type: 'page_id', page_id: to });
    expect(await childIds(from)).toEqual([]);
    expect(await childIds(to)).toEqual([databaseId]);
    expect(ok(await server.request('GET', `/v1/data_sources/${dataSourceId}`)).database_parent).toEqual({ type: 'page_id', page_id: to });
  });

  it('cannot move into a page of its own, a page it cannot find, or a trashed page', async () => {
    const { databaseId, dataSourceId } = await database();
    const inside = await row(dataSourceId, 'Inside');
    expectError(
      await patchDatabase(databaseId, { parent: { page_id: inside } }),
      400,
      'validation_error',
      'A database cannot be moved into a page of its own.',
    );
    expectError(await patchDatabase(databaseId, { parent: { page_id: MISSING_ID } }), 404, 'object_not_found', notFound('page', MISSING_ID));
    const trashed = await newPage('Trashed');
    ok(await server.request('PATCH', `/v1/pages/${trashed}`, { body: { in_trash: true } }));
    expectError(await patchDatabase(databaseId, { parent: { page_id: trashed } }), 400, 'validation_error', ARCHIVED);
  });

  it('refuses a workspace parent to an internal integration', async () => {
    const { databaseId } = await database();
    expectError(
      await patchDatabase(databaseId, { parent: { type: 'workspace', workspace: true } }),
      400,
      'validation_error',
      "Provide a `parent.page_id` parameter to move a database, or use a public integration with `insert_content` capability. Internal integrations aren't owned by a single user, so workspace-level private databases are not supported.",
    );
  });

  it('lets a public integration move a full-page database to the workspace, and keeps reaching it', async () => {
    const holder = await newPage('Public holder');
    const { databaseId } = await database({}, { parentId: holder });
    const inline = await database({}, { parentId: holder, extra: { is_inline: true } });
    const token = await integration('Public App', { kind: 'public', share: [holder] });
    const res = ok(await patchDatabase(databaseId, { parent: { workspace: true } }, undefined, token));
    expect(res.parent).toEqual({ type: 'workspace', workspace: true });
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`, { token })).parent).toEqual({ type: 'workspace', workspace: true });
    expect(await childIds(holder)).toEqual([inline.databaseId]);
    expectError(
      await patchDatabase(inline.databaseId, { parent: { workspace: true } }, undefined, token),
      400,
      'validation_error',
      'Databases with a workspace parent must be full-page databases: `is_inline` cannot be true.',
    );
  });

  it('takes no parent under 2022-06-28', async () => {
    const { databaseId } = await database();
    expectError(
      await patchDatabase(databaseId, { parent: { page_id: root } }, LEGACY),
      400,
      'validation_error',
      `body failed validation: body.parent should be not present, instead was \`{"page_id":"${root}"}\`.`,
    );
  });
});

describe('PATCH /v1/databases (2022-06-28): the table and its properties', () => {
  it('answers the legacy object, with the schema of its data source', async () => {
    const { databaseId } = await database({ Points: { number: {} } });
    const res = ok(await patchDatabase(databaseId, { title: [text('Scores')] }, LEGACY));
    expect(res.object).toBe('database');
    expect(res).not.toHaveProperty('data_sources');
    expect(res.title).toEqual([textItem('Scores')]);
    expect(Object.keys(res.properties)).toEqual(['Name', 'Points']);
    expect(res.archived).toBe(false);
    expect(res.is_inline).toBe(false);
  });

  it('renames, retypes, adds and removes properties, with page values following', async () => {
    const { databaseId, dataSourceId } = await database({ Points: { number: {} }, Tag: { rich_text: {} }, Gone: { checkbox: {} } });
    const page = await row(dataSourceId, 'A', { Points: { number: 8 }, Tag: { rich_text: [text('red')] }, Gone: { checkbox: true } });
    const pointsId = (await server.request('GET', `/v1/data_sources/${dataSourceId}`)).body.properties.Points.id;
    const res = ok(await patchDatabase(databaseId, { properties: { Points: { name: 'Score' }, Tag: { select: {} }, Gone: null, Due: { date: {} } } }, LEGACY));
    expect(Object.keys(res.properties)).toEqual(['Name', 'Score', 'Tag', 'Due']);
    expect(res.properties.Score).toEqual({ id: pointsId, name: 'Score', description: null, type: 'number', number: { format: 'number' } });
    const option = res.properties.Tag.select.options[0];
    expect(option).toMatchObject({ name: 'red' });
    const values = ok(await server.request('GET', `/v1/pages/${page}`, { version: LEGACY })).properties;
    expect(values.Score).toEqual({ id: pointsId, type: 'number', number: 8 });
    expect(values.Tag.select).toEqual({ id: option.id, name: 'red', color: option.color });
    expect(values.Due.date).toBeNull();
    expect(values).not.toHaveProperty('Gone');
  });

  it('adds a relation by database_id, with its mirror', async () => {
    const target = await database({}, { title: 'People' });
    const { databaseId } = await database({}, { title: 'Work' });
    const res = ok(
      await patchDatabase(
        databaseId,
        { properties: { Owner: { relation: { database_id: target.databaseId, dual_property: { synced_property_name: 'Work' } } } } },
        LEGACY,
      ),
    );
    expect(res.properties.Owner.relation).toMatchObject({ database_id: target.databaseId, data_source_id: target.dataSourceId, type: 'dual_property' });
    const mirror = ok(await server.request('GET', `/v1/databases/${target.databaseId}`, { version: LEGACY })).properties.Work;
    expect(mirror.relation).toMatchObject({
      database_id: databaseId,
      type: 'dual_property',
      dual_property: { synced_property_id: res.properties.Owner.id, synced_property_name: 'Owner' },
    });
  });

  it('refuses properties of a database with several data sources, and changes nothing', async () => {
    const { databaseId, dataSourceId } = await database();
    const second = ok(
      await server.request('POST', '/v1/data_sources', {
        body: { parent: { database_id: databaseId }, title: [text('Two')], properties: { Name: { title: {} } } },
      }),
    ).id;
    expectError(
      await patchDatabase(databaseId, { title: [text('Changed')], properties: { Name: { name: 'Title' } } }, LEGACY),
      400,
      'validation_error',
      'Databases with multiple data sources are not supported in this API version.',
      {
        error_type: 'multiple_data_sources_for_database',
        database_id: databaseId,
        child_data_source_ids: [dataSourceId, second],
        minimum_api_version: '2025-09-03',
      },
    );
    const after = ok(await server.request('GET', `/v1/databases/${databaseId}`));
    expect(after.title).toEqual([textItem('Tasks')]);
  });

  it('applies nothing when a property change fails', async () => {
    const { databaseId } = await database({ Points: { number: {} } });
    expectError(
      await patchDatabase(databaseId, { title: [text('Changed')], properties: { Points: { name: 'Score' }, Name: { rich_text: {} } } }, LEGACY),
      400,
      'validation_error',
      'The type of the title property Name cannot be changed.',
    );
    const after = ok(await server.request('GET', `/v1/databases/${databaseId}`, { version: LEGACY }));
    expect(after.title).toEqual([textItem('Tasks')]);
    expect(Object.keys(after.properties)).toEqual(['Name', 'Points']);
  });

  it('sets is_locked under 2022-06-28 too', async () => {
    const { databaseId } = await database();
    expect(ok(await patchDatabase(databaseId, { is_locked: true }, LEGACY)).is_locked).toBe(true);
  });
});

describe('PATCH /v1/databases: ids and access', () => {
  it('answers a data source id, an unknown id and a page id with a 404 naming a database', async () => {
    const { dataSourceId } = await database();
    const page = await newPage('Plain');
    for (const id of [dataSourceId, MISSING_ID, page]) {
      expectError(await patchDatabase(id, { title: [text('x')] }), 404, 'object_not_found', notFound('database', id));
    }
  });

  it('validates the id and the body', async () => {
    const { databaseId } = await database();
    expectError(
      await patchDatabase('nope', {}),
      400,
      'validation_error',
      'path failed validation: path.database_id should be a valid uuid, instead was `"nope"`.',
    );
    expectError(
      await patchDatabase(databaseId, { is_inline: 'yes' }),
      400,
      'validation_error',
      'body failed validation: body.is_inline should be a boolean or `undefined`, instead was `"yes"`.',
    );
  });

  it('needs the update content capability, and access to the database', async () => {
    const { databaseId } = await database();
    const reader = await integration('Reader', { capabilities: { update_content: false }, share: [root] });
    expectError(
      await patchDatabase(databaseId, { title: [text('x')] }, undefined, reader),
      403,
      'restricted_resource',
      'Insufficient permissions for this endpoint.',
    );
    const stranger = await integration('Stranger');
    expectError(
      await patchDatabase(databaseId, { title: [text('x')] }, undefined, stranger),
      404,
      'object_not_found',
      notFound('database', databaseId, 'Stranger'),
    );
  });

  it('records who edited and when', async () => {
    const { databaseId, created } = await database();
    const clock = server.ctx.clock;
    server.ctx.clock = { now: () => new Date('2030-01-02T03:04:05.678Z') };
    try {
      const res = ok(await patchDatabase(databaseId, { title: [text('Later')] }));
      expect(res.last_edited_time).toBe('2030-01-02T03:04:05.678Z');
      expect(res.created_time).toBe(created.created_time);
    } finally {
      server.ctx.clock = clock;
    }
  });
});
