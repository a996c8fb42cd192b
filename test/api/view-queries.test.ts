// View queries over HTTP (https://developers.notion.com/reference/create-view-query): the view's
// filter, quick filters and sorts applied, the result set fixed when made, cursors, expiry on the
// server's clock, and delete.
import { describe, expect, it } from 'vitest';
import { createDatabase, createRow, expectError, expectNotFound, ok, titled, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();

const SCHEMA = { Name: { title: {} }, Hours: { number: {} }, Done: { checkbox: {} } };

async function setup(view: Record<string, unknown>): Promise<{ viewId: string; dataSourceId: string; rows: Json[] }> {
  const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
  const rows: Json[] = [];
  for (const [name, hours, done] of [
    ['a', 1, false],
    ['b', 5, false],
    ['c', 3, true],
    ['d', 8, false],
    ['e', 2, false],
  ] as const) {
    rows.push(await createRow(server, dataSourceId, { ...titled(name), Hours: { number: hours }, Done: { checkbox: done } }));
  }
  const created = ok(
    await server.request('POST', '/v1/views', { body: { data_source_id: dataSourceId, database_id: databaseId, name: 'Q', type: 'table', ...view } }),
  );
  return { viewId: created.id, dataSourceId, rows };
}

const ids = (list: Json[]) => list.map((r) => r.id as string);

describe('view queries', () => {
  it('runs the filter, quick filters and sorts, and pages the fixed result set', async () => {
    const { viewId, dataSourceId, rows } = await setup({
      filter: { property: 'Hours', number: { greater_than: 1 } },
      sorts: [{ property: 'Hours', direction: 'descending' }],
      quick_filters: { Done: { checkbox: { equals: false } }, Name: {} },
    });
    const byName = Object.fromEntries(rows.map((r) => [r.properties.Name.title[0].plain_text, r.id]));
    const first = ok(await server.request('POST', `/v1/views/${viewId}/queries`, { body: { page_size: 2 } }));
    expect(Object.keys(first)).toEqual(['object', 'id', 'view_id', 'expires_at', 'total_count', 'results', 'next_cursor', 'has_more', 'request_id']);
    expect(first).toMatchObject({ object: 'view_query', view_id: viewId, total_count: 3, has_more: true, next_cursor: byName.e });
    expect(first.results).toEqual([
      { object: 'page', id: byName.d },
      { object: 'page', id: byName.b },
    ]);
    // Pages made or changed after the query neither join it nor move it.
    await createRow(server, dataSourceId, { ...titled('f'), Hours: { number: 99 } });
    ok(await server.request('PATCH', `/v1/pages/${byName.e}`, { body: { properties: { Hours: { number: 100 } } } }));
    const rest = ok(await server.request('GET', `/v1/views/${viewId}/queries/${first.id}?start_cursor=${first.next_cursor}&page_size=2`));
    expect(rest).toEqual({
      object: 'list',
      results: [{ object: 'page', id: byName.e }],
      next_cursor: null,
      has_more: false,
      type: 'page',
      page: {},
      request_id: expect.any(String),
    });
    // A new query sees the change.
    const again = ok(await server.request('POST', `/v1/views/${viewId}/queries`, { body: {} }));
    expect(ids(again.results)[0]).toBe(byName.e);
    expect(again.total_count).toBe(4);
  });

  it('expires 15 minutes after it was made, on the server clock', async () => {
    const { viewId } = await setup({});
    const made = await server.at('2026-07-04T09:10:54.720Z', async () => ok(await server.request('POST', `/v1/views/${viewId}/queries`, { body: {} })));
    expect(made.expires_at).toBe('2026-07-04T09:25:54.720+00:00');
    expect(made.total_count).toBe(5);
    await server.at('2026-07-04T09:25:54.000Z', async () => ok(await server.request('GET', `/v1/views/${viewId}/queries/${made.id}`)));
    await server.at('2026-07-04T09:25:54.720Z', async () =>
      expectNotFound(await server.request('GET', `/v1/views/${viewId}/queries/${made.id}`), 'view query', made.id),
    );
  });

  it('deletes a query, after which it is gone; refuses bad cursors and other views', async () => {
    const { viewId } = await setup({});
    const other = await setup({});
    const made = ok(await server.request('POST', `/v1/views/${viewId}/queries`, { body: {} }));
    expectNotFound(await server.request('GET', `/v1/views/${other.viewId}/queries/${made.id}`), 'view query', made.id);
    expectError(
      await server.request('GET', `/v1/views/${viewId}/queries/${made.id}?start_cursor=zzz`),
      400,
      'validation_error',
      'The start_cursor provided is invalid: zzz',
    );
    expectError(
      await server.request('POST', `/v1/views/${viewId}/queries`, { body: { page_size: 101 } }),
      400,
      'validation_error',
      'body failed validation: body.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    const deleted = ok(await server.request('DELETE', `/v1/views/${viewId}/queries/${made.id}`));
    expect(deleted).toEqual({ object: 'view_query', id: made.id, deleted: true, request_id: expect.any(String) });
    expectNotFound(await server.request('GET', `/v1/views/${viewId}/queries/${made.id}`), 'view query', made.id);
    expectNotFound(await server.request('DELETE', `/v1/views/${viewId}/queries/${made.id}`), 'view query', made.id);
  });
});

describe('view queries by Notion-Version', () => {
  const OLD = '2026-03-11';
  const NEW = '2026-12-01';
  const BETA = { 'notion-beta': 'status-group-filters-2026-10-06' };

  /** A view over the default status property (options Not started, In progress, Done; groups To-do, In progress, Complete). */
  async function statusView(filter: Json, version: string, headers?: Record<string, string>) {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} }, Status: { status: {} } }, { title: 'Statuses' });
    const byName: Record<string, string> = {};
    for (const [name, status] of [
      ['A', 'Not started'],
      ['B', 'In progress'],
      ['C', 'Done'],
    ] as const) {
      byName[name] = (await createRow(server, dataSourceId, { ...titled(name), Status: { status: { name: status } } })).id;
    }
    const body = { data_source_id: dataSourceId, database_id: databaseId, name: 'S', type: 'table', filter };
    return { response: await server.request('POST', '/v1/views', { body, version, headers }), byName };
  }
  const run = (viewId: string, version: string, headers?: Record<string, string>) =>
    server.request('POST', `/v1/views/${viewId}/queries`, { body: {}, version, headers });

  it('a status equal to the name of a group: its options under 2026-03-11, nothing under 2026-12-01', async () => {
    const { response, byName } = await statusView({ property: 'Status', status: { equals: 'Complete' } }, OLD);
    const view = ok(response);
    expect(ids(ok(await run(view.id, OLD)).results)).toEqual([byName.C]);
    expect(ids(ok(await run(view.id, NEW)).results)).toEqual([]);
    // With the beta, 2026-03-11 reads it as 2026-12-01 does.
    expect(ids(ok(await run(view.id, OLD, BETA)).results)).toEqual([]);
  });

  it('group conditions: refused in a view under 2026-03-11 without the beta, kept and run under 2026-12-01', async () => {
    const filter = { property: 'Status', status: { group: { does_not_equal: 'Complete' } } };
    const message = 'Status group filters need Notion-Version 2026-12-01, or the Notion-Beta header status-group-filters-2026-10-06 before it.';
    expectError((await statusView(filter, OLD)).response, 400, 'validation_error', message);
    const { response, byName } = await statusView(filter, NEW);
    const view = ok(response);
    expect(ids(ok(await run(view.id, NEW)).results).sort()).toEqual([byName.A, byName.B].sort());
    expect(ids(ok(await run(view.id, OLD, BETA)).results).sort()).toEqual([byName.A, byName.B].sort());
    // Run under the older version without the beta, the stored group condition is refused as a data source query would be.
    expectError(await run(view.id, OLD), 400, 'validation_error', message);
    // Updating a view checks its filter under the request's version too.
    const patch = { filter: { property: 'Status', status: { group: { equals: 'To-do' } } } };
    expectError(await server.request('PATCH', `/v1/views/${view.id}`, { body: patch, version: OLD }), 400, 'validation_error', message);
    ok(await server.request('PATCH', `/v1/views/${view.id}`, { body: patch, version: NEW }));
    expect(ids(ok(await run(view.id, NEW)).results)).toEqual([byName.A]);
  });
});
