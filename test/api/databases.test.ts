// Databases and data sources (spec 3.4, 3.5, 4.7, 6.1-6.3, 6.5, 9.4, 11.2): creating and reading
// them under each version, and every property type's schema configuration.
import { beforeAll, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import {
  childrenOf,
  formulaRef,
  createDatabase,
  createDataSource,
  createRow,
  dashless,
  expectError,
  expectNotFound,
  getDataSource,
  schemaOf,
  text,
  textItem,
  UUID,
  type Json,
} from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
let botId: string;
let root: string;

beforeAll(async () => {
  botId = (await server.request('GET', '/v1/users/me')).body.id;
  root = server.info.rootPageId;
});

const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
const CREATED = '2025-08-07T10:11:07.504Z';

const postDatabase = (body: unknown, version?: string, token?: string) => server.request('POST', '/v1/databases', { body, version, token });

async function newParentPage(title = 'Parent'): Promise<string> {
  const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text(title)] } } });
  expect(res.status).toBe(200);
  return res.body.id;
}

/** A property id as Notion gives it: a short string, URL-encoded as encodeURIComponent does. */
function expectPropertyId(id: string): void {
  const raw = decodeURIComponent(id);
  expect(raw).toHaveLength(4);
  expect(encodeURIComponent(raw)).toBe(id);
}

const user = (id: string) => ({ object: 'user', id });

describe('POST /v1/databases (2025-09-03 and later)', () => {
  it('creates a database container with its first data source, exactly as spec 4.7 shows it', async () => {
    const parent = await newParentPage();
    const res = await server.at(CREATED, () =>
      postDatabase({
        parent: { type: 'page_id', page_id: parent },
        title: [text('Grocery list')],
        initial_data_source: { properties: { Name: { title: {} }, Price: { number: { format: 'dollar' } } } },
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = res.body.id;
    expect(id).toMatch(UUID);
    const dataSourceId = res.body.data_sources[0].id;
    expect(dataSourceId).toMatch(UUID);
    expect(dataSourceId).not.toBe(id);
    expect(res.body).toEqual({
      object: 'database',
      id,
      title: [textItem('Grocery list')],
      description: [],
      parent: { type: 'page_id', page_id: parent },
      is_inline: false,
      in_trash: false,
      archived: false,
      is_locked: false,
      created_time: CREATED,
      last_edited_time: CREATED,
      data_sources: [{ id: dataSourceId, name: 'Grocery list' }],
      icon: null,
      cover: null,
      url: `https://www.notion.so/${dashless(id)}`,
      public_url: null,
      request_id: res.headers['x-notion-request-id'],
    });
    expect(Object.keys(res.body)).not.toContain('properties');
  });

  it('has no archived key under 2026-03-11', async () => {
    const res = await postDatabase({ parent: { page_id: root }, title: [text('Modern')] }, '2026-03-11');
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('archived');
    expect(res.body.in_trash).toBe(false);
    expect(res.body.data_sources).toEqual([{ id: expect.stringMatching(UUID), name: 'Modern' }]);
  });

  it('gives a data source without properties a "Name" title', async () => {
    for (const body of [
      { parent: { page_id: root } },
      { parent: { page_id: root }, initial_data_source: {} },
      { parent: { page_id: root }, initial_data_source: { properties: {} } },
    ]) {
      const res = await postDatabase(body);
      expect(res.status).toBe(200);
      expect(res.body.title).toEqual([]);
      expect(res.body.data_sources).toEqual([{ id: expect.stringMatching(UUID), name: '' }]);
      const schema = await schemaOf(server, res.body.data_sources[0].id);
      expect(schema).toEqual({ Name: { id: 'title', name: 'Name', description: null, type: 'title', title: {} } });
    }
  });

  it('adds the "Name" title beside properties that have none', async () => {
    const { dataSourceId } = await createDatabase(server, { Notes: { rich_text: {} } });
    const schema = await schemaOf(server, dataSourceId);
    expect(Object.keys(schema)).toEqual(['Name', 'Notes']);
    expect(schema.Name).toEqual({ id: 'title', name: 'Name', description: null, type: 'title', title: {} });
  });

  it('refuses two title properties', async () => {
    const res = await postDatabase({ parent: { page_id: root }, initial_data_source: { properties: { A: { title: {} }, B: { title: {} } } } });
    expectError(res, 400, 'validation_error', 'A data source can have only one title property.');
  });

  it('refuses the 2022-06-28 `properties` key', async () => {
    const res = await postDatabase({ parent: { page_id: root }, properties: { Name: { title: {} } } });
    expectError(res, 400, 'validation_error', 'body failed validation: body.properties should be not present, instead was `{"Name":{"title":{}}}`.');
  });

  it('requires a parent', async () => {
    const res = await postDatabase({ title: [text('Orphan')] });
    expectError(res, 400, 'validation_error', 'body failed validation: body.parent should be defined, instead was `undefined`.');
  });

  it('answers a parent page it cannot find with a 404, and a database or block as parent too', async () => {
    expectNotFound(await postDatabase({ parent: { page_id: MISSING_ID } }), 'page', MISSING_ID);
    const { databaseId } = await createDatabase(server, undefined);
    expectNotFound(await postDatabase({ parent: { page_id: databaseId } }), 'page', databaseId);
    const parent = await newParentPage();
    await server.request('PATCH', `/v1/blocks/${parent}/children`, { body: { children: [{ paragraph: { rich_text: [text('x')] } }] } });
    const [block] = await childrenOf(server, parent);
    expectNotFound(await postDatabase({ parent: { page_id: block!.id } }), 'page', block!.id);
  });

  it('refuses a trashed parent page', async () => {
    const parent = await newParentPage();
    await server.request('PATCH', `/v1/pages/${parent}`, { body: { in_trash: true } });
    expectError(
      await postDatabase({ parent: { page_id: parent } }),
      400,
      'validation_error',
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
  });

  it('refuses a workspace parent to an internal integration', async () => {
    for (const parent of [{ workspace: true }, { type: 'workspace', workspace: true }]) {
      const res = await postDatabase({ parent, title: [text('Top')] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_error');
      expect(res.body.message).toMatch(/workspace-level private databases is not supported/);
    }
  });

  it('lets a public integration create a full-page database at the workspace level, but not an inline one', async () => {
    const pub = await secondIntegration(server, { name: 'Public App', kind: 'public' });
    const inline = await postDatabase({ parent: { type: 'workspace', workspace: true }, is_inline: true }, undefined, pub.token);
    expectError(inline, 400, 'validation_error', 'Databases with a workspace parent must be full-page databases: `is_inline` cannot be true.');

    const res = await postDatabase({ parent: { type: 'workspace', workspace: true }, title: [text('Private')] }, undefined, pub.token);
    expect(res.status).toBe(200);
    expect(res.body.parent).toEqual({ type: 'workspace', workspace: true });
    // The container names no creator from 2025-09-03 on; its data source does.
    expect(res.body).not.toHaveProperty('created_by');
    const source = await server.request('GET', `/v1/data_sources/${res.body.data_sources[0].id}`, { token: pub.token });
    expect(source.body.created_by).toEqual(user(pub.botId));
    const read = await server.request('GET', `/v1/databases/${res.body.id}`, { token: pub.token });
    expect(read.status).toBe(200);
    // The default integration was not given it.
    expectNotFound(await server.request('GET', `/v1/databases/${res.body.id}`), 'database', res.body.id);
  });

  it('refuses a parent of another kind', async () => {
    const res = await postDatabase({ parent: { type: 'data_source_id', data_source_id: MISSING_ID } });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.parent.type should be `"page_id"`, `"workspace"`, or `undefined`, instead was `"data_source_id"`.',
    );
  });

  it('sets icon, cover, is_inline and description', async () => {
    const res = await postDatabase({
      parent: { page_id: root },
      title: [text('Decorated')],
      description: [text('What we buy')],
      is_inline: true,
      icon: { type: 'emoji', emoji: '🥬' },
      cover: { type: 'external', external: { url: 'https://example.com/cover.jpg' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.description).toEqual([textItem('What we buy')]);
    expect(res.body.is_inline).toBe(true);
    expect(res.body.icon).toEqual({ type: 'emoji', emoji: '🥬' });
    expect(res.body.cover).toEqual({ type: 'external', external: { url: 'https://example.com/cover.jpg' } });
    const source = await getDataSource(server, res.body.data_sources[0].id);
    expect(source.title).toEqual([textItem('Decorated')]);
    expect(source.description).toEqual([textItem('What we buy')]);
    expect(source.is_inline).toBe(true);
    expect(source.icon).toEqual({ type: 'emoji', emoji: '🥬' });
    const external = await postDatabase({ parent: { page_id: root }, icon: { external: { url: 'https://example.com/i.png' } } });
    expect(external.body.icon).toEqual({ type: 'external', external: { url: 'https://example.com/i.png' } });
  });

  it('refuses an invalid emoji icon', async () => {
    const res = await postDatabase({ parent: { page_id: root }, icon: { emoji: 'not an emoji' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
  });

  it('appears among its parent’s children as a child_database block carrying its title', async () => {
    const parent = await newParentPage();
    const { databaseId } = await createDatabase(server, undefined, { parentId: parent, title: 'Reading list' });
    const list = await childrenOf(server, parent);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      object: 'block',
      id: databaseId,
      parent: { type: 'page_id', page_id: parent },
      has_children: false,
      in_trash: false,
      type: 'child_database',
      child_database: { title: 'Reading list' },
    });
    const block = await server.request('GET', `/v1/blocks/${databaseId}`);
    expect(block.status).toBe(200);
    expect(block.body.type).toBe('child_database');
    expect(block.body.child_database).toEqual({ title: 'Reading list' });
    // A database is no page.
    expectNotFound(await server.request('GET', `/v1/pages/${databaseId}`), 'page', databaseId);
  });

  it('needs the insert content capability', async () => {
    const reader = await secondIntegration(server, { name: 'Reader', capabilities: { insert_content: false } });
    const res = await postDatabase({ parent: { page_id: root } }, undefined, reader.token);
    expectError(res, 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  });

  it('creates nothing when the request fails', async () => {
    const parent = await newParentPage();
    const res = await postDatabase({
      parent: { page_id: parent },
      initial_data_source: { properties: { Name: { title: {} }, Link: { relation: { data_source_id: MISSING_ID, single_property: {} } } } },
    });
    expectNotFound(res, 'data source', MISSING_ID);
    expect(await childrenOf(server, parent)).toEqual([]);
  });
});

describe('POST /v1/databases under 2022-06-28', () => {
  const LEGACY = '2022-06-28';

  it('requires properties, with the documented message', async () => {
    const res = await postDatabase({ parent: { page_id: root }, title: [text('No schema')] }, LEGACY);
    expectError(res, 400, 'validation_error', 'body failed validation: body.properties should be defined, instead was `undefined`.');
  });

  it('refuses initial_data_source', async () => {
    const res = await postDatabase({ parent: { page_id: root }, properties: {}, initial_data_source: {} }, LEGACY);
    expectError(res, 400, 'validation_error', 'body failed validation: body.initial_data_source should be not present, instead was `{}`.');
  });

  it('answers the legacy database object: the table with its properties, no data_sources', async () => {
    const parent = await newParentPage();
    const res = await server.at(CREATED, () =>
      postDatabase({ parent: { page_id: parent }, title: [text('Legacy')], properties: { Title: { title: {} }, Done: { checkbox: {} } } }, LEGACY),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = res.body.id;
    const doneId = res.body.properties.Done.id;
    expectPropertyId(doneId);
    expect(res.body).toEqual({
      object: 'database',
      id,
      created_time: CREATED,
      last_edited_time: CREATED,
      created_by: user(botId),
      last_edited_by: user(botId),
      title: [textItem('Legacy')],
      description: [],
      icon: null,
      cover: null,
      properties: {
        Title: { id: 'title', name: 'Title', description: null, type: 'title', title: {} },
        Done: { id: doneId, name: 'Done', description: null, type: 'checkbox', checkbox: {} },
      },
      parent: { type: 'page_id', page_id: parent },
      url: `https://www.notion.so/${dashless(id)}`,
      public_url: null,
      archived: false,
      in_trash: false,
      is_inline: false,
      is_locked: false,
      request_id: res.headers['x-notion-request-id'],
    });
    // The same container read under 2025-09-03 lists its one data source.
    const modern = await server.request('GET', `/v1/databases/${id}`);
    expect(modern.body.data_sources).toEqual([{ id: expect.stringMatching(UUID), name: 'Legacy' }]);
    expect(modern.body).not.toHaveProperty('properties');
  });

  it('adds a "Name" title when properties hold none', async () => {
    const res = await postDatabase({ parent: { page_id: root }, properties: {} }, LEGACY);
    expect(res.status).toBe(200);
    expect(res.body.properties).toEqual({ Name: { id: 'title', name: 'Name', description: null, type: 'title', title: {} } });
  });

  it('refuses two titles', async () => {
    const res = await postDatabase({ parent: { page_id: root }, properties: { A: { title: {} }, B: { title: {} } } }, LEGACY);
    expectError(res, 400, 'validation_error', 'A data source can have only one title property.');
  });

  it('takes a relation by database_id, and shows both ids', async () => {
    const target = await createDatabase(server, undefined, { title: 'Target' });
    const res = await postDatabase(
      { parent: { page_id: root }, properties: { Name: { title: {} }, Link: { relation: { database_id: target.databaseId, single_property: {} } } } },
      LEGACY,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.properties.Link.relation).toEqual({
      database_id: target.databaseId,
      data_source_id: target.dataSourceId,
      type: 'single_property',
      single_property: {},
    });
  });

  it('refuses a relation by database_id to a database with two data sources', async () => {
    const target = await createDatabase(server, undefined, { title: 'Split' });
    const second = await createDataSource(server, target.databaseId, { Title: { title: {} } });
    const res = await postDatabase(
      { parent: { page_id: root }, properties: { Name: { title: {} }, Link: { relation: { database_id: target.databaseId, single_property: {} } } } },
      LEGACY,
    );
    expectError(res, 400, 'validation_error', 'Databases with multiple data sources are not supported in this API version.', {
      error_type: 'multiple_data_sources_for_database',
      database_id: target.databaseId,
      child_data_source_ids: [target.dataSourceId, second.id],
      minimum_api_version: '2025-09-03',
    });
  });
});

describe('GET /v1/databases/{id}', () => {
  it('answers the container under 2025-09-03, the table under 2022-06-28, no archived under 2026-03-11', async () => {
    const { databaseId, dataSourceId, database } = await createDatabase(server, { Name: { title: {} }, Notes: { rich_text: {} } }, { title: 'Versions' });
    const modern = await server.request('GET', `/v1/databases/${databaseId}`);
    expect(modern.status).toBe(200);
    expect(modern.body).toEqual({ ...database, request_id: modern.headers['x-notion-request-id'] });

    const latest = await server.request('GET', `/v1/databases/${databaseId}`, { version: '2026-03-11' });
    const { archived: _archived, request_id: _rid, ...rest } = database;
    expect(latest.body).toEqual({ ...rest, request_id: latest.headers['x-notion-request-id'] });

    const legacy = await server.request('GET', `/v1/databases/${dashless(databaseId)}`, { version: '2022-06-28' });
    expect(legacy.status).toBe(200);
    expect(legacy.body.id).toBe(databaseId);
    expect(legacy.body).not.toHaveProperty('data_sources');
    expect(legacy.body.properties).toEqual(await schemaOf(server, dataSourceId));
    expect(legacy.body.archived).toBe(false);
  });

  it('answers an unknown id, a data source id and a page id with a 404 naming a database', async () => {
    const { dataSourceId } = await createDatabase(server, undefined);
    expectNotFound(await server.request('GET', `/v1/databases/${MISSING_ID}`), 'database', MISSING_ID);
    expectNotFound(await server.request('GET', `/v1/databases/${dataSourceId}`), 'database', dataSourceId);
    expectNotFound(await server.request('GET', `/v1/databases/${root}`), 'database', root);
  });

  it('validates the id', async () => {
    const res = await server.request('GET', '/v1/databases/not-an-id');
    expectError(res, 400, 'validation_error', 'path failed validation: path.database_id should be a valid uuid, instead was `"not-an-id"`.');
  });

  it('is 404 for an integration that was not given the database', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    const other = await secondIntegration(server, { name: 'Stranger' });
    expectNotFound(await server.request('GET', `/v1/databases/${databaseId}`, { token: other.token }), 'database', databaseId, 'Stranger');
    expectNotFound(await server.request('GET', `/v1/data_sources/${dataSourceId}`, { token: other.token }), 'data source', dataSourceId, 'Stranger');
  });
});

describe('POST /v1/data_sources', () => {
  it('adds a second data source; the database lists both, and 2022-06-28 cannot show it', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined, { title: 'Library' });
    const res = await server.at(CREATED, () =>
      server.request('POST', '/v1/data_sources', {
        body: {
          parent: { type: 'database_id', database_id: databaseId },
          title: [text('Loans')],
          icon: { emoji: '📚' },
          properties: { Borrower: { title: {} }, Due: { date: {} } },
        },
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = res.body.id;
    const dueId = res.body.properties.Due.id;
    expectPropertyId(dueId);
    expect(res.body).toEqual({
      object: 'data_source',
      id,
      title: [textItem('Loans')],
      description: [],
      parent: { type: 'database_id', database_id: databaseId },
      database_parent: { type: 'page_id', page_id: root },
      is_inline: false,
      in_trash: false,
      archived: false,
      created_time: CREATED,
      last_edited_time: CREATED,
      created_by: user(botId),
      last_edited_by: user(botId),
      properties: {
        Borrower: { id: 'title', name: 'Borrower', description: null, type: 'title', title: {} },
        Due: { id: dueId, name: 'Due', description: null, type: 'date', date: {} },
      },
      icon: { type: 'emoji', emoji: '📚' },
      cover: null,
      url: `https://www.notion.so/${dashless(id)}`,
      public_url: null,
      request_id: res.headers['x-notion-request-id'],
    });

    const database = await server.request('GET', `/v1/databases/${databaseId}`);
    expect(database.body.data_sources).toEqual([
      { id: dataSourceId, name: 'Library' },
      { id, name: 'Loans' },
    ]);
    const legacy = await server.request('GET', `/v1/databases/${databaseId}`, { version: '2022-06-28' });
    expectError(legacy, 400, 'validation_error', 'Databases with multiple data sources are not supported in this API version.', {
      error_type: 'multiple_data_sources_for_database',
      database_id: databaseId,
      child_data_source_ids: [dataSourceId, id],
      minimum_api_version: '2025-09-03',
    });
    // Both data sources are still readable on their own.
    expect((await getDataSource(server, dataSourceId)).title).toEqual([textItem('Library')]);
  });

  it('requires properties with exactly one title', async () => {
    const { databaseId } = await createDatabase(server, undefined);
    const parent = { database_id: databaseId };
    expectError(
      await server.request('POST', '/v1/data_sources', { body: { parent } }),
      400,
      'validation_error',
      'body failed validation: body.properties should be defined, instead was `undefined`.',
    );
    for (const properties of [{}, { Notes: { rich_text: {} } }]) {
      expectError(
        await server.request('POST', '/v1/data_sources', { body: { parent, properties } }),
        400,
        'validation_error',
        'A data source needs exactly one title property.',
      );
    }
    expectError(
      await server.request('POST', '/v1/data_sources', { body: { parent, properties: { A: { title: {} }, B: { title: {} } } } }),
      400,
      'validation_error',
      'A data source can have only one title property.',
    );
    // Nothing was added.
    expect((await server.request('GET', `/v1/databases/${databaseId}`)).body.data_sources).toHaveLength(1);
  });

  it('answers an unknown database, a data source id and a page id as parent with a 404 naming a database', async () => {
    const { dataSourceId } = await createDatabase(server, undefined);
    for (const id of [MISSING_ID, dataSourceId, root]) {
      const res = await server.request('POST', '/v1/data_sources', { body: { parent: { database_id: id }, properties: { Name: { title: {} } } } });
      expectNotFound(res, 'database', id);
    }
  });

  it('has a title of [] and an empty name when none is given', async () => {
    const { databaseId } = await createDatabase(server, undefined);
    const res = await server.request('POST', '/v1/data_sources', { body: { parent: { database_id: databaseId }, properties: { Name: { title: {} } } } });
    expect(res.status).toBe(200);
    expect(res.body.title).toEqual([]);
    const database = await server.request('GET', `/v1/databases/${databaseId}`);
    expect(database.body.data_sources[1]).toEqual({ id: res.body.id, name: '' });
  });
});

describe('GET /v1/data_sources/{id}', () => {
  it('answers the data source with its schema; no archived under 2026-03-11', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Read me' });
    const res = await server.request('GET', `/v1/data_sources/${dashless(dataSourceId)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'data_source',
      id: dataSourceId,
      title: [textItem('Read me')],
      parent: { type: 'database_id', database_id: databaseId },
      database_parent: { type: 'page_id', page_id: root },
      archived: false,
      in_trash: false,
      properties: { Name: { id: 'title', name: 'Name', description: null, type: 'title', title: {} } },
      url: `https://www.notion.so/${dashless(dataSourceId)}`,
    });
    const latest = await server.request('GET', `/v1/data_sources/${dataSourceId}`, { version: '2026-03-11' });
    expect(latest.status).toBe(200);
    expect(latest.body).not.toHaveProperty('archived');
  });

  it('answers an unknown id, a database id and a page id with a 404 naming a data source', async () => {
    const { databaseId } = await createDatabase(server, undefined);
    for (const id of [MISSING_ID, databaseId, root]) expectNotFound(await server.request('GET', `/v1/data_sources/${id}`), 'data source', id);
  });

  it('validates the id', async () => {
    const res = await server.request('GET', '/v1/data_sources/nope');
    expectError(res, 400, 'validation_error', 'path failed validation: path.data_source_id should be a valid uuid, instead was `"nope"`.');
  });

  it('does not exist under 2022-06-28', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    for (const [method, url, body] of [
      ['GET', `/v1/data_sources/${dataSourceId}`, undefined],
      ['POST', '/v1/data_sources', { parent: { database_id: databaseId }, properties: { Name: { title: {} } } }],
    ] as const) {
      expectError(await server.request(method, url, { body, version: '2022-06-28' }), 400, 'invalid_request_url', 'Invalid request URL.');
    }
  });
});

describe('the blocks API on a data source', () => {
  it('answers a data source id with a 404 naming a block', async () => {
    const { dataSourceId, databaseId } = await createDatabase(server, undefined);
    expectNotFound(await server.request('GET', `/v1/blocks/${dataSourceId}`), 'block', dataSourceId);
    expectNotFound(await server.request('GET', `/v1/blocks/${dataSourceId}/children`), 'block', dataSourceId);
    expectNotFound(await server.request('PATCH', `/v1/blocks/${dataSourceId}`, { body: { paragraph: { rich_text: [] } } }), 'block', dataSourceId);
    expectNotFound(await server.request('DELETE', `/v1/blocks/${dataSourceId}`), 'block', dataSourceId);
    expectNotFound(
      await server.request('PATCH', `/v1/blocks/${dataSourceId}/children`, { body: { children: [{ paragraph: { rich_text: [text('x')] } }] } }),
      'block',
      dataSourceId,
    );
    // The data source is still there.
    expect((await getDataSource(server, dataSourceId)).parent.database_id).toBe(databaseId);
  });

  it('lists no data sources among a database block’s children', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    await createRow(server, dataSourceId, { Name: { title: [text('Row')] } });
    const res = await server.request('GET', `/v1/blocks/${databaseId}/children`);
    expect(res.status).toBe(200);
    expect(res.body.results.map((b: Json) => b.type)).not.toContain('data_source');
  });
});

// ---- schema configurations (spec 6.1-6.3) ----

const NUMBER_FORMATS = [
  'number',
  'number_with_commas',
  'percent',
  'dollar',
  'australian_dollar',
  'canadian_dollar',
  'singapore_dollar',
  'euro',
  'pound',
  'yen',
  'ruble',
  'rupee',
  'won',
  'yuan',
  'real',
  'lira',
  'rupiah',
  'franc',
  'hong_kong_dollar',
  'new_zealand_dollar',
  'krona',
  'norwegian_krone',
  'mexican_peso',
  'rand',
  'new_taiwan_dollar',
  'danish_krone',
  'zloty',
  'baht',
  'forint',
  'koruna',
  'shekel',
  'chilean_peso',
  'philippine_peso',
  'dirham',
  'colombian_peso',
  'riyal',
  'ringgit',
  'leu',
  'argentine_peso',
  'uruguayan_peso',
  'peruvian_sol',
  'vietnamese_dong',
  'pakistani_rupee',
  'nigerian_naira',
  'bitcoin',
];
const COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'];

const postDataSource = (databaseId: string, properties: Record<string, unknown>) =>
  server.request('POST', '/v1/data_sources', { body: { parent: { database_id: databaseId }, properties } });

describe('property schema: every type', () => {
  it('renders each configuration exactly, with id, name, description and type', async () => {
    const { dataSourceId } = await createDatabase(server, {
      Task: { title: {} },
      Notes: { rich_text: {}, description: 'Free text' },
      Price: { number: {} },
      Due: { date: {} },
      Owner: { people: {} },
      Attachments: { files: {} },
      Done: { checkbox: {} },
      Link: { url: {} },
      Mail: { email: {} },
      Phone: { phone_number: {} },
      Double: { formula: { expression: 'prop("Price") * 2' } },
      Created: { created_time: {} },
      Creator: { created_by: {} },
      Edited: { last_edited_time: {} },
      Editor: { last_edited_by: {} },
      Ticket: { unique_id: { prefix: 'TASK' } },
      Plain: { unique_id: {} },
      Go: { button: {} },
      Verified: { verification: {} },
      Where: { place: {} },
      Typed: { type: 'date', date: {} },
    });
    const schema = await schemaOf(server, dataSourceId);
    const expected: Record<string, [string, unknown, string | null]> = {
      Notes: ['rich_text', {}, 'Free text'],
      Price: ['number', { format: 'number' }, null],
      Due: ['date', {}, null],
      Owner: ['people', {}, null],
      Attachments: ['files', {}, null],
      Done: ['checkbox', {}, null],
      Link: ['url', {}, null],
      Mail: ['email', {}, null],
      Phone: ['phone_number', {}, null],
      Double: ['formula', { expression: `${formulaRef(server, schema.Price.id)} * 2` }, null],
      Created: ['created_time', {}, null],
      Creator: ['created_by', {}, null],
      Edited: ['last_edited_time', {}, null],
      Editor: ['last_edited_by', {}, null],
      Ticket: ['unique_id', { prefix: 'TASK' }, null],
      Plain: ['unique_id', { prefix: null }, null],
      Go: ['button', {}, null],
      Verified: ['verification', {}, null],
      Where: ['place', {}, null],
      Typed: ['date', {}, null],
    };
    expect(Object.keys(schema)).toEqual(['Task', ...Object.keys(expected)]);
    expect(schema.Task).toEqual({ id: 'title', name: 'Task', description: null, type: 'title', title: {} });
    const ids = new Set<string>();
    for (const [name, [type, config, description]] of Object.entries(expected)) {
      const property = schema[name];
      expectPropertyId(property.id);
      ids.add(property.id);
      expect(property).toEqual({ id: property.id, name, description, type, [type]: config });
      expect(Object.keys(property)).toEqual(['id', 'name', 'description', 'type', type]);
    }
    expect(ids.size).toBe(Object.keys(expected).length);
  });

  it('keeps property ids stable between reads, in the data source and the legacy database', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} }, A: { number: {} }, B: { checkbox: {} } });
    const first = await schemaOf(server, dataSourceId);
    expect(await schemaOf(server, dataSourceId)).toEqual(first);
    const legacy = await server.request('GET', `/v1/databases/${databaseId}`, { version: '2022-06-28' });
    expect(legacy.body.properties).toEqual(first);
  });

  it('accepts every number format', async () => {
    const properties: Record<string, unknown> = { Name: { title: {} } };
    for (const format of NUMBER_FORMATS) properties[format] = { number: { format } };
    const { dataSourceId } = await createDatabase(server, properties);
    const schema = await schemaOf(server, dataSourceId);
    for (const format of NUMBER_FORMATS) expect(schema[format].number).toEqual({ format });
  });

  it('refuses an unknown number format', async () => {
    const res = await postDatabase({ parent: { page_id: root }, initial_data_source: { properties: { Cost: { number: { format: 'doubloon' } } } } });
    const list = NUMBER_FORMATS.map((f) => `\`"${f}"\``).join(', ');
    expectError(
      res,
      400,
      'validation_error',
      `body failed validation: body.initial_data_source.properties.Cost.number.format should be ${list}, or \`undefined\`, instead was \`"doubloon"\`.`,
    );
  });

  it('refuses a configuration without its type object, and an unknown type', async () => {
    const bare = await postDatabase({ parent: { page_id: root }, initial_data_source: { properties: { When: { type: 'date' } } } });
    expectError(
      bare,
      400,
      'validation_error',
      'body failed validation: body.initial_data_source.properties.When.date should be defined, instead was `undefined`.',
    );
    const unknown = await postDatabase({ parent: { page_id: root }, initial_data_source: { properties: { Odd: { hologram: {} } } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation_error');
    expect(unknown.body.message).toMatch(
      /^body failed validation\. Fix one:\nbody\.initial_data_source\.properties\.Odd\.title should be defined, instead was `undefined`\.\n/,
    );
  });

  it('gives select and multi_select options ids, colors and descriptions', async () => {
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Store: {
        select: {
          options: [
            { name: 'Gus’s Market', color: 'yellow' },
            { name: 'Corner', description: 'Open late' },
          ],
        },
      },
      Tags: { multi_select: { options: [{ name: 'Vegetable', color: 'green' }, { name: 'Fruit' }, { name: 'Grain' }] } },
      Empty: { select: {} },
    });
    const schema = await schemaOf(server, dataSourceId);
    const store = schema.Store.select.options;
    expect(store).toEqual([
      { id: expect.any(String), name: 'Gus’s Market', color: 'yellow', description: null },
      { id: expect.any(String), name: 'Corner', color: expect.any(String), description: 'Open late' },
    ]);
    expect(COLORS).toContain(store[1].color);
    const tags = schema.Tags.multi_select.options;
    expect(tags.map((o: Json) => o.name)).toEqual(['Vegetable', 'Fruit', 'Grain']);
    expect(tags[0].color).toBe('green');
    for (const o of tags) expect(COLORS).toContain(o.color);
    expect(new Set([...store, ...tags].map((o: Json) => o.id)).size).toBe(5);
    expect(schema.Empty.select).toEqual({ options: [] });
  });

  it('refuses an option name with a comma, and duplicate names regardless of case', async () => {
    const comma = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Tags: { multi_select: { options: [{ name: 'High, really' }] } } } },
    });
    expectError(comma, 400, 'validation_error', 'Invalid select option, commas not allowed: High, really');
    const duplicate = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Kind: { select: { options: [{ name: 'Bug' }, { name: 'bug' }] } } } },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.code).toBe('validation_error');
  });

  it('refuses an option color outside the palette', async () => {
    const res = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Kind: { select: { options: [{ name: 'Bug', color: 'red_background' }] } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^body failed validation: body\.initial_data_source\.properties\.Kind\.select\.options\[0\]\.color should be `"default"`/);
  });

  it('creates Notion’s default status options and groups for {status: {}}', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Status: { status: {} } });
    const status = (await schemaOf(server, dataSourceId)).Status;
    expectPropertyId(status.id);
    const [notStarted, inProgress, done] = status.status.options.map((o: Json) => o.id);
    for (const id of [notStarted, inProgress, done]) expect(id).toMatch(UUID);
    expect(status).toEqual({
      id: status.id,
      name: 'Status',
      description: null,
      type: 'status',
      status: {
        options: [
          { id: notStarted, name: 'Not started', color: 'default', description: null },
          { id: inProgress, name: 'In progress', color: 'blue', description: null },
          { id: done, name: 'Done', color: 'green', description: null },
        ],
        groups: [
          { id: expect.stringMatching(UUID), name: 'To-do', color: 'gray', option_ids: [notStarted] },
          { id: expect.stringMatching(UUID), name: 'In progress', color: 'blue', option_ids: [inProgress] },
          { id: expect.stringMatching(UUID), name: 'Complete', color: 'green', option_ids: [done] },
        ],
      },
    });
  });

  it('puts status options given at creation in the To-do group', async () => {
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Stage: { status: { options: [{ name: 'Idea', color: 'purple' }, { name: 'Shipped' }] } },
    });
    const stage = (await schemaOf(server, dataSourceId)).Stage.status;
    expect(stage.options.map((o: Json) => [o.name, o.description])).toEqual([
      ['Idea', null],
      ['Shipped', null],
    ]);
    expect(stage.options[0].color).toBe('purple');
    expect(stage.groups.map((g: Json) => g.name)).toEqual(['To-do', 'In progress', 'Complete']);
    expect(stage.groups[0].option_ids).toEqual(stage.options.map((o: Json) => o.id));
    expect(stage.groups[1].option_ids).toEqual([]);
    expect(stage.groups[2].option_ids).toEqual([]);
  });

  it('refuses a unique_id prefix that is not a string', async () => {
    const res = await postDatabase({ parent: { page_id: root }, initial_data_source: { properties: { Ticket: { unique_id: { prefix: 7 } } } } });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.initial_data_source.properties.Ticket.unique_id.prefix should be a string, `null`, or `undefined`, instead was `7`.',
    );
  });
});

describe('property schema: relations', () => {
  it('a single relation points at the data source and its database', async () => {
    const target = await createDatabase(server, undefined, { title: 'Recipes' });
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Recipes: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
    });
    const relation = (await schemaOf(server, dataSourceId)).Recipes;
    expectPropertyId(relation.id);
    expect(relation).toEqual({
      id: relation.id,
      name: 'Recipes',
      description: null,
      type: 'relation',
      relation: { database_id: target.databaseId, data_source_id: target.dataSourceId, type: 'single_property', single_property: {} },
    });
    // Nothing was added on the other side.
    expect(Object.keys(await schemaOf(server, target.dataSourceId))).toEqual(['Name']);
  });

  it('a dual relation creates its mirror on the other side, each naming the other', async () => {
    const target = await createDatabase(server, undefined, { title: 'Meals' });
    const { dataSourceId, databaseId } = await createDatabase(
      server,
      { Name: { title: {} }, Meals: { relation: { data_source_id: target.dataSourceId, type: 'dual_property', dual_property: {} } } },
      { title: 'Groceries' },
    );
    const meals = (await schemaOf(server, dataSourceId)).Meals;
    const other = await schemaOf(server, target.dataSourceId);
    expect(Object.keys(other)).toEqual(['Name', 'Related to Groceries (Meals)']);
    const mirror = other['Related to Groceries (Meals)'];
    expectPropertyId(mirror.id);
    expect(meals).toEqual({
      id: meals.id,
      name: 'Meals',
      description: null,
      type: 'relation',
      relation: {
        database_id: target.databaseId,
        data_source_id: target.dataSourceId,
        type: 'dual_property',
        dual_property: { synced_property_id: mirror.id, synced_property_name: 'Related to Groceries (Meals)' },
      },
    });
    expect(mirror).toEqual({
      id: mirror.id,
      name: 'Related to Groceries (Meals)',
      description: null,
      type: 'relation',
      relation: {
        database_id: databaseId,
        data_source_id: dataSourceId,
        type: 'dual_property',
        dual_property: { synced_property_id: meals.id, synced_property_name: 'Meals' },
      },
    });
  });

  it('names the mirror after synced_property_name when given', async () => {
    const target = await createDatabase(server, undefined, { title: 'People' });
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Members: { relation: { data_source_id: target.dataSourceId, dual_property: { synced_property_name: 'Teams' } } },
    });
    const members = (await schemaOf(server, dataSourceId)).Members;
    const teams = (await schemaOf(server, target.dataSourceId)).Teams;
    expect(members.relation.dual_property).toEqual({ synced_property_id: teams.id, synced_property_name: 'Teams' });
    expect(teams.relation.dual_property).toEqual({ synced_property_id: members.id, synced_property_name: 'Members' });
  });

  it('relates two data sources of one database', async () => {
    const { dataSourceId, databaseId } = await createDatabase(server, undefined, { title: 'Tasks' });
    const res = await postDataSource(databaseId, {
      Name: { title: {} },
      Blocks: { relation: { data_source_id: dataSourceId, dual_property: { synced_property_name: 'Blocked by' } } },
    });
    expect(res.status).toBe(200);
    const blocks = res.body.properties.Blocks;
    expect(blocks.relation).toEqual({
      database_id: databaseId,
      data_source_id: dataSourceId,
      type: 'dual_property',
      dual_property: { synced_property_id: expect.any(String), synced_property_name: 'Blocked by' },
    });
    const mirror = (await schemaOf(server, dataSourceId))['Blocked by'];
    expect(mirror.id).toBe(blocks.relation.dual_property.synced_property_id);
    expect(mirror.relation).toEqual({
      database_id: databaseId,
      data_source_id: res.body.id,
      type: 'dual_property',
      dual_property: { synced_property_id: blocks.id, synced_property_name: 'Blocks' },
    });
  });

  it('answers a relation to a data source it cannot find with a 404 naming a data source', async () => {
    const { databaseId } = await createDatabase(server, undefined);
    const res = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Link: { relation: { data_source_id: MISSING_ID, single_property: {} } } } },
    });
    expectNotFound(res, 'data source', MISSING_ID);
    // A database id is not a data source id.
    const byDatabase = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Link: { relation: { data_source_id: databaseId, single_property: {} } } } },
    });
    expectNotFound(byDatabase, 'data source', databaseId);
  });

  it('takes no database_id from 2025-09-03 on', async () => {
    const target = await createDatabase(server, undefined);
    const res = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Link: { relation: { database_id: target.databaseId, single_property: {} } } } },
    });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.initial_data_source.properties.Link.relation.data_source_id should be defined, instead was `undefined`.',
    );
  });

  it('needs single_property or dual_property', async () => {
    const target = await createDatabase(server, undefined);
    const res = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { Link: { relation: { data_source_id: target.dataSourceId } } } },
    });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation. Fix one:\n' +
        'body.initial_data_source.properties.Link.relation.single_property should be defined, instead was `undefined`.\n' +
        'body.initial_data_source.properties.Link.relation.dual_property should be defined, instead was `undefined`.',
    );
  });

  it('a relation to a data source the integration was not given is a 404', async () => {
    const hidden = await newParentPage('Hidden');
    const target = await createDatabase(server, undefined, { parentId: hidden });
    const other = await secondIntegration(server, { name: 'Partial' });
    const shared = await newParentPage('Shared');
    await other.share(shared);
    const res = await postDatabase(
      {
        parent: { page_id: shared },
        initial_data_source: { properties: { Link: { relation: { data_source_id: target.dataSourceId, single_property: {} } } } },
      },
      undefined,
      other.token,
    );
    expectNotFound(res, 'data source', target.dataSourceId, 'Partial');
  });
  it('are left out of the schema for an integration that cannot reach their data source', async () => {
    const hidden = await newParentPage('Hidden');
    const shared = await newParentPage('Shared');
    const secret = await createDatabase(server, undefined, { parentId: hidden, title: 'Secret' });
    const open = await createDatabase(server, undefined, { parentId: shared, title: 'Open' });
    const { databaseId, dataSourceId } = await createDatabase(
      server,
      {
        Name: { title: {} },
        Secret: { relation: { data_source_id: secret.dataSourceId, single_property: {} } },
        Open: { relation: { data_source_id: open.dataSourceId, single_property: {} } },
      },
      { parentId: shared },
    );
    const other = await secondIntegration(server, { name: 'Partial', pages: [shared] });
    const seen = await server.request('GET', `/v1/data_sources/${dataSourceId}`, { token: other.token });
    expect(Object.keys(seen.body.properties)).toEqual(['Name', 'Open']);
    const legacy = await server.request('GET', `/v1/databases/${databaseId}`, { token: other.token, version: '2022-06-28' });
    expect(Object.keys(legacy.body.properties)).toEqual(['Name', 'Open']);
    // The integration that reaches both sees both.
    expect(Object.keys(await schemaOf(server, dataSourceId))).toEqual(['Name', 'Secret', 'Open']);
  });
});

describe('property schema: rollups', () => {
  it('names the relation and the rolled-up property by id and name', async () => {
    const target = await createDatabase(server, { Name: { title: {} }, Calories: { number: {} } }, { title: 'Ingredients' });
    const calories = (await schemaOf(server, target.dataSourceId)).Calories;
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      // Declared before the relation it reads: the order of the request does not matter.
      Total: { rollup: { function: 'sum', relation_property_name: 'Ingredients', rollup_property_name: 'Calories' } },
      Ingredients: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
    });
    const schema = await schemaOf(server, dataSourceId);
    expect(Object.keys(schema)).toEqual(['Name', 'Total', 'Ingredients']);
    expectPropertyId(schema.Total.id);
    expect(schema.Total).toEqual({
      id: schema.Total.id,
      name: 'Total',
      description: null,
      type: 'rollup',
      rollup: {
        function: 'sum',
        relation_property_id: schema.Ingredients.id,
        relation_property_name: 'Ingredients',
        rollup_property_id: calories.id,
        rollup_property_name: 'Calories',
      },
    });
  });

  it('takes the rolled-up property by its encoded id, or the title by "title"', async () => {
    const target = await createDatabase(server, { Name: { title: {} }, 'Kcal/100g': { number: {} } }, { title: 'Foods' });
    const kcal = (await schemaOf(server, target.dataSourceId))['Kcal/100g'];
    const res = await postDatabase({
      parent: { page_id: root },
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Link: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
          Energy: { rollup: { function: 'average', relation_property_name: 'Link', rollup_property_id: kcal.id } },
          Names: { rollup: { function: 'show_original', relation_property_name: 'Link', rollup_property_id: 'title' } },
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const schema = await schemaOf(server, res.body.data_sources[0].id);
    expect(schema.Energy.rollup).toEqual({
      function: 'average',
      relation_property_id: schema.Link.id,
      relation_property_name: 'Link',
      rollup_property_id: kcal.id,
      rollup_property_name: 'Kcal/100g',
    });
    expect(schema.Names.rollup).toEqual({
      function: 'show_original',
      relation_property_id: schema.Link.id,
      relation_property_name: 'Link',
      rollup_property_id: 'title',
      rollup_property_name: 'Name',
    });
  });

  it('refuses a rollup whose relation is not a relation, and one whose property does not exist', async () => {
    const target = await createDatabase(server, undefined);
    const notRelation = await postDatabase({
      parent: { page_id: root },
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Notes: { rich_text: {} },
          R: { rollup: { function: 'count', relation_property_name: 'Notes', rollup_property_name: 'Name' } },
        },
      },
    });
    expectError(notRelation, 400, 'validation_error', 'Rollup relation property Notes is not a relation property of this data source.');
    const missingRelation = await postDatabase({
      parent: { page_id: root },
      initial_data_source: {
        properties: { Name: { title: {} }, R: { rollup: { function: 'count', relation_property_name: 'Nothing', rollup_property_name: 'Name' } } },
      },
    });
    expectError(missingRelation, 400, 'validation_error', 'Rollup relation property Nothing is not a relation property of this data source.');
    const missingProperty = await postDatabase({
      parent: { page_id: root },
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Link: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
          R: { rollup: { function: 'count', relation_property_name: 'Link', rollup_property_name: 'Ghost' } },
        },
      },
    });
    expectError(missingProperty, 400, 'validation_error', 'Rollup property Ghost does not exist in the related data source.');
  });

  it('refuses an unknown rollup function', async () => {
    const res = await postDatabase({
      parent: { page_id: root },
      initial_data_source: { properties: { R: { rollup: { function: 'mode', relation_property_name: 'Link', rollup_property_name: 'Name' } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^body failed validation: body\.initial_data_source\.properties\.R\.rollup\.function should be `"count"`, `"count_values"`/,
    );
  });
});
