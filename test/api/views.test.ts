// The views API over HTTP (https://developers.notion.com/reference/view): default views, create,
// retrieve, update, delete, list, configuration checks, the version gate, and access.
import { describe, expect, it } from 'vitest';
import { createDatabase, createDataSource, expectError, expectNotFound, ok, UUID, ARCHIVED_ANCESTOR, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();

const SCHEMA = {
  Name: { title: {} },
  Status: { select: { options: [{ name: 'Open' }, { name: 'Done' }] } },
  Due: { date: {} },
  Hours: { number: {} },
};

async function views(databaseId: string): Promise<Json[]> {
  return ok(await server.request('GET', `/v1/views?database_id=${databaseId}`)).results;
}

async function newView(body: Record<string, unknown>): Promise<Json> {
  return ok(await server.request('POST', '/v1/views', { body }));
}

describe('default views', () => {
  it('gives a new database one table view named "Default view" listing its properties', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const list = ok(await server.request('GET', `/v1/views?database_id=${databaseId}`));
    expect(list).toEqual({
      object: 'list',
      results: [{ object: 'view', id: expect.stringMatching(UUID) }],
      next_cursor: null,
      has_more: false,
      type: 'view',
      view: {},
      request_id: expect.any(String),
    });
    const view = ok(await server.request('GET', `/v1/views/${list.results[0].id}`));
    expect(view).toMatchObject({ name: 'Default view', type: 'table', data_source_id: dataSourceId, filter: null, sorts: null, quick_filters: null });
    expect(view.configuration.properties.map((p: Json) => p.property_name)).toEqual(['Name', 'Status', 'Due', 'Hours']);
    expect(view.configuration.properties.every((p: Json) => p.visible === true)).toBe(true);
  });

  it('gives a second data source a default view of its own, after the first', async () => {
    const { databaseId } = await createDatabase(server, SCHEMA);
    const second = await createDataSource(server, databaseId, { Title: { title: {} } });
    const list = await views(databaseId);
    expect(list).toHaveLength(2);
    const last = ok(await server.request('GET', `/v1/views/${list[1]!.id}`));
    expect(last.data_source_id).toBe(second.id);
  });
});

describe('create, retrieve, update, delete', () => {
  it('creates a table view as Notion answers it, and retrieves it the same', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const view = await newView({ data_source_id: dataSourceId, name: 'Test View', type: 'table', database_id: databaseId });
    expect(Object.keys(view)).toEqual([
      'object',
      'id',
      'parent',
      'data_source_id',
      'name',
      'type',
      'created_time',
      'created_by',
      'last_edited_time',
      'last_edited_by',
      'url',
      'filter',
      'sorts',
      'quick_filters',
      'configuration',
      'request_id',
    ]);
    expect(view).toMatchObject({
      object: 'view',
      parent: { type: 'database_id', database_id: databaseId },
      configuration: { type: 'table' },
      url: `https://www.notion.so/p/${databaseId.replace(/-/g, '')}?v=${view.id.replace(/-/g, '')}`,
    });
    expect(view.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    const { request_id: _a, ...created } = view;
    const { request_id: _b, ...read } = ok(await server.request('GET', `/v1/views/${view.id}`));
    expect(read).toEqual(created);
    expect((await views(databaseId)).map((v) => v.id)).toContain(view.id);
  });

  it('keeps filters, sorts, quick filters and a board configuration, with property names resolved', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const view = await newView({
      data_source_id: dataSourceId,
      database_id: databaseId,
      name: 'Board',
      type: 'board',
      filter: { property: 'Hours', number: { greater_than: 2 } },
      sorts: [{ property: 'Due', direction: 'ascending' }],
      quick_filters: { Status: { select: { equals: 'Open' } }, Due: {} },
      configuration: {
        type: 'board',
        group_by: { type: 'select', property_id: 'Status', sort: { type: 'manual' } },
        properties: [{ property_id: 'Hours', visible: false }],
      },
      position: { type: 'start' },
    });
    expect(view.filter).toEqual({ property: 'Hours', number: { greater_than: 2 } });
    expect(view.sorts).toEqual([{ property: 'Due', direction: 'ascending' }]);
    expect(Object.values(view.quick_filters)).toEqual([{ select: { equals: 'Open' } }, {}]);
    expect(view.configuration.group_by).toMatchObject({ type: 'select', property_name: 'Status', sort: { type: 'manual' } });
    expect(view.configuration.properties).toEqual([{ property_id: expect.any(String), property_name: 'Hours', visible: false }]);
    // position start: the first tab.
    expect((await views(databaseId))[0]!.id).toBe(view.id);
  });

  it('updates the name, merges quick filters and configuration, and clears with null', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const view = await newView({
      data_source_id: dataSourceId,
      database_id: databaseId,
      name: 'Calendar',
      type: 'calendar',
      quick_filters: { Status: { select: { equals: 'Open' } } },
      configuration: { type: 'calendar', date_property_id: 'Due', view_range: 'week' },
    });
    expect(view.configuration).toMatchObject({ type: 'calendar', date_property_name: 'Due', view_range: 'week' });
    const updated = ok(
      await server.request('PATCH', `/v1/views/${view.id}`, {
        body: {
          name: 'Renamed',
          quick_filters: { Hours: { number: { equals: 3 } } },
          configuration: { type: 'calendar', view_range: null, show_weekends: false },
          sorts: [{ property: 'Hours', direction: 'descending' }],
        },
      }),
    );
    expect(updated.name).toBe('Renamed');
    expect(Object.values(updated.quick_filters)).toEqual([{ select: { equals: 'Open' } }, { number: { equals: 3 } }]);
    expect(updated.configuration).toEqual({ type: 'calendar', date_property_id: expect.any(String), date_property_name: 'Due', show_weekends: false });
    expect(updated.sorts).toEqual([{ property: 'Hours', direction: 'descending' }]);
    const cleared = ok(await server.request('PATCH', `/v1/views/${view.id}`, { body: { sorts: null, quick_filters: null, filter: null } }));
    expect(cleared).toMatchObject({ sorts: null, quick_filters: null, filter: null });
  });

  it('deletes a view with its partial object, and refuses to delete the last one', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const view = await newView({ data_source_id: dataSourceId, database_id: databaseId, name: 'Gone', type: 'list' });
    const deleted = ok(await server.request('DELETE', `/v1/views/${view.id}`));
    expect(deleted).toEqual({
      object: 'view',
      id: view.id,
      parent: { type: 'database_id', database_id: databaseId },
      type: 'list',
      request_id: expect.any(String),
    });
    expectNotFound(await server.request('GET', `/v1/views/${view.id}`), 'view', view.id);
    const [last] = await views(databaseId);
    expectError(await server.request('DELETE', `/v1/views/${last!.id}`), 400, 'validation_error', 'Cannot delete the last view of a database.');
  });

  it('lists by data source, pages with cursors, and needs one of the two ids', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    for (const name of ['A', 'B']) await newView({ data_source_id: dataSourceId, database_id: databaseId, name, type: 'table' });
    const first = ok(await server.request('GET', `/v1/views?data_source_id=${dataSourceId}&page_size=2`));
    expect(first.results).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const rest = ok(await server.request('GET', `/v1/views?data_source_id=${dataSourceId}&page_size=2&start_cursor=${first.next_cursor}`));
    expect(rest.results).toHaveLength(1);
    expect(rest.has_more).toBe(false);
    expectError(await server.request('GET', '/v1/views'), 400, 'validation_error', 'One of database_id or data_source_id is required.');
    expectError(
      await server.request('GET', `/v1/views?database_id=${databaseId}&start_cursor=nope`),
      400,
      'validation_error',
      'The start_cursor provided is invalid: nope',
    );
  });
});

describe('what a view is refused', () => {
  it('checks the body, the configuration and the properties it names', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const base = { data_source_id: dataSourceId, database_id: databaseId, name: 'V' };
    const refused = async (body: Record<string, unknown>, message: string) =>
      expectError(await server.request('POST', '/v1/views', { body: { ...base, ...body } }), 400, 'validation_error', message);
    await refused(
      { type: 'grid' },
      'body failed validation: body.type should be `"table"`, `"board"`, `"list"`, `"calendar"`, `"timeline"`, `"gallery"`, `"form"`, `"chart"`, `"map"`, or `"dashboard"`, instead was `"grid"`.',
    );
    await refused(
      { type: 'table', configuration: { type: 'list' } },
      'body failed validation: body.configuration.type should be `"table"`, instead was `"list"`.',
    );
    await refused({ type: 'board' }, 'body failed validation: body.configuration should be defined, instead was `undefined`.');
    await refused(
      { type: 'calendar', configuration: { type: 'calendar', date_property_id: 'Hours' } },
      'body.configuration.date_property_id should name a date or created_time or last_edited_time or formula property, instead was `"Hours"` (a number property).',
    );
    await refused({ type: 'table', filter: { property: 'Nope', number: { equals: 1 } } }, 'Could not find property with name or id: Nope');
    await refused({ type: 'table', sorts: [{ property: 'Nope', direction: 'ascending' }] }, 'Could not find sort property with name or id: Nope');
    await refused(
      { type: 'table', quick_filters: { Status: { number: { equals: 1 } } } },
      'The property type in the database does not match the property type of the filter provided: database property select does not match filter number',
    );
    const other = await createDatabase(server, SCHEMA);
    await refused(
      { data_source_id: other.dataSourceId, type: 'table' },
      `The data source ${other.dataSourceId} is not a data source of database ${databaseId}.`,
    );
    await refused({ type: 'table', database_id: undefined }, 'Exactly one of database_id, view_id or create_database is required.');
  });

  it('is an unknown URL under 2022-06-28, and a 404 for what the integration cannot reach', async () => {
    const { databaseId } = await createDatabase(server, SCHEMA);
    const [view] = await views(databaseId);
    expectError(await server.request('GET', `/v1/views/${view!.id}`, { version: '2022-06-28' }), 400, 'invalid_request_url', 'Invalid request URL.');
    const missing = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';
    expectNotFound(await server.request('GET', `/v1/views/${missing}`), 'view', missing);
    expectError(
      await server.request('GET', '/v1/views/not-an-id'),
      400,
      'validation_error',
      'path failed validation: path.view_id should be a valid uuid, instead was `"not-an-id"`.',
    );
  });

  it('goes to the trash with its database: readable, not editable', async () => {
    const { databaseId } = await createDatabase(server, SCHEMA);
    const [view] = await views(databaseId);
    ok(await server.request('PATCH', `/v1/databases/${databaseId}`, { body: { in_trash: true } }));
    expect(ok(await server.request('GET', `/v1/views/${view!.id}`)).id).toBe(view!.id);
    const res = await server.request('PATCH', `/v1/views/${view!.id}`, { body: { name: 'x' } });
    expect(res.body.code).toBe('validation_error');
    expect([ARCHIVED_ANCESTOR, "Can't edit block that is archived. You must unarchive the block before editing."]).toContain(res.body.message);
  });
});
