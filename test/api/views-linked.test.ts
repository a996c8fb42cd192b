// Linked databases made by POST /v1/views with `create_database`
// (https://developers.notion.com/reference/create-view): the block on the page, its views, reads
// through it, validation, isolation, the trash, and the store's snapshots.
import { describe, expect, it } from 'vitest';
import { dumpAll, restoreAll } from '../../src/store/dump.js';
import {
  ARCHIVED_ANCESTOR,
  childrenOf,
  createDatabase,
  createRow,
  expectError,
  expectNotFound,
  ok,
  text,
  titled,
  UUID,
  type Json,
} from '../helpers/builders.js';
import { secondIntegration } from '../helpers/integrations.js';
import { sharedTestServer, startTestServer, type TestServer } from '../helpers/server.js';

const server = sharedTestServer();

const SCHEMA = { Name: { title: {} }, Done: { checkbox: {} } };

async function page(title: string, children: unknown[] = [], on: TestServer = server): Promise<string> {
  const body = { parent: { page_id: on.info.rootPageId }, properties: { title: [text(title)] }, children };
  return ok(await on.request('POST', '/v1/pages', { body })).id as string;
}

const paragraph = (content: string) => ({ paragraph: { rich_text: [text(content)] } });

function linkedView(dataSourceId: string, pageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { data_source_id: dataSourceId, name: 'Linked', type: 'table', create_database: { parent: { type: 'page_id', page_id: pageId } }, ...extra };
}

async function createLinked(dataSourceId: string, pageId: string, extra: Record<string, unknown> = {}, on: TestServer = server): Promise<Json> {
  return ok(await on.request('POST', '/v1/views', { body: linkedView(dataSourceId, pageId, extra) }));
}

describe('create_database', () => {
  it('adds a linked database block at the end of the page, showing the new view', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Dashboard', [paragraph('intro')]);
    const view = await createLinked(dataSourceId, pageId);
    const children = await childrenOf(server, pageId);
    expect(children.map((c) => c.type)).toEqual(['paragraph', 'child_database']);
    const block = children[1]!;
    expect(block).toMatchObject({ object: 'block', id: expect.stringMatching(UUID), has_children: false, child_database: { title: '' } });
    expect(block.parent).toEqual({ type: 'page_id', page_id: pageId });
    expect(view).toMatchObject({
      object: 'view',
      parent: { type: 'database_id', database_id: block.id },
      data_source_id: dataSourceId,
      name: 'Linked',
      type: 'table',
      url: `https://www.notion.so/p/${block.id.replace(/-/g, '')}?v=${view.id.replace(/-/g, '')}`,
    });
    expect(block.id).not.toBe(databaseId);
    expect(ok(await server.request('GET', `/v1/views/${view.id}`))).toEqual({ ...view, request_id: expect.any(String) });
  });

  it('goes right after the block named by position', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Ordered', [paragraph('one'), paragraph('two')]);
    const [first] = await childrenOf(server, pageId);
    await createLinked(dataSourceId, pageId, { create_database: { parent: { page_id: pageId }, position: { type: 'after_block', block_id: first!.id } } });
    expect((await childrenOf(server, pageId)).map((c) => c.type)).toEqual(['paragraph', 'child_database', 'paragraph']);
  });

  it('lists the view under the linked database and under its data source, and takes more views of that source', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Lists');
    const view = await createLinked(dataSourceId, pageId);
    const linkedId = view.parent.database_id as string;
    const byDatabase = ok(await server.request('GET', `/v1/views?database_id=${linkedId}`));
    expect(byDatabase.results).toEqual([{ object: 'view', id: view.id }]);
    const bySource = ok(await server.request('GET', `/v1/views?data_source_id=${dataSourceId}`)).results.map((r: Json) => r.id);
    expect(bySource).toHaveLength(2);
    expect(bySource).toContain(view.id);
    const board = ok(
      await server.request('POST', '/v1/views', { body: { data_source_id: dataSourceId, name: 'Second tab', type: 'list', database_id: linkedId } }),
    );
    expect(ok(await server.request('GET', `/v1/views?database_id=${linkedId}`)).results.map((r: Json) => r.id)).toEqual([view.id, board.id]);
    const other = await createDatabase(server, SCHEMA);
    expectError(
      await server.request('POST', '/v1/views', { body: { data_source_id: other.dataSourceId, name: 'x', type: 'table', database_id: linkedId } }),
      400,
      'validation_error',
      `The data source ${other.dataSourceId} is not a data source of database ${linkedId}.`,
    );
    // The source database keeps its own tab bar.
    expect(ok(await server.request('GET', `/v1/views?database_id=${databaseId}`)).results).toHaveLength(1);
  });

  it('queries the source data source through the view, with the view filter', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const done = await createRow(server, dataSourceId, { ...titled('Done one'), Done: { checkbox: true } });
    await createRow(server, dataSourceId, titled('Open one'));
    const pageId = await page('Queries');
    const view = await createLinked(dataSourceId, pageId, { filter: { property: 'Done', checkbox: { equals: true } } });
    const query = ok(await server.request('POST', `/v1/views/${view.id}/queries`, { body: {} }));
    expect(query.results).toEqual([{ object: 'page', id: done.id }]);
    expect(query.total_count).toBe(1);
  });

  it('is not retrieved as a database, and takes no data source or pages of its own', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const view = await createLinked(dataSourceId, await page('Not a database'));
    const linkedId = view.parent.database_id as string;
    const refusal = `Database with ID ${linkedId} is a linked database. Database retrievals do not support linked databases.`;
    for (const version of ['2025-09-03', '2022-06-28'])
      expectError(await server.request('GET', `/v1/databases/${linkedId}`, { version }), 400, 'validation_error', refusal);
    expectError(await server.request('PATCH', `/v1/databases/${linkedId}`, { body: { title: [text('x')] } }), 400, 'validation_error', refusal);
    const dataSource = { parent: { type: 'database_id', database_id: linkedId }, properties: { Name: { title: {} } } };
    expectError(await server.request('POST', '/v1/data_sources', { body: dataSource }), 400, 'validation_error', refusal);
    const row = { parent: { database_id: linkedId }, properties: titled('Nowhere') };
    expectNotFound(await server.request('POST', '/v1/pages', { body: row }), 'database', linkedId);
  });
});

describe('validation', () => {
  async function refused(body: Record<string, unknown>, status: number, code: string, message: string): Promise<void> {
    expectError(await server.request('POST', '/v1/views', { body }), status, code, message);
  }

  it('needs exactly one target, and position only with database_id', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Targets');
    const both = linkedView(dataSourceId, pageId, { database_id: databaseId });
    await refused(both, 400, 'validation_error', 'Exactly one of database_id, view_id or create_database is required.');
    await refused(linkedView(dataSourceId, pageId, { position: { type: 'end' } }), 400, 'validation_error', 'position can only be used with database_id.');
    const badType = { ...linkedView(dataSourceId, pageId), create_database: { parent: { type: 'database_id', page_id: pageId } } };
    const res = await server.request('POST', '/v1/views', { body: badType });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect((await childrenOf(server, pageId)).length).toBe(0);
  });

  it('needs a reachable page, a block of that page, and a readable data source', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Checks', [paragraph('here')]);
    const elsewhere = await page('Elsewhere', [paragraph('there')]);
    const [foreign] = await childrenOf(server, elsewhere);
    const missing = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';
    expectNotFound(await server.request('POST', '/v1/views', { body: linkedView(dataSourceId, missing) }), 'page', missing);
    expectNotFound(await server.request('POST', '/v1/views', { body: linkedView(missing, pageId) }), 'data source', missing);
    const after = (blockId: string) =>
      linkedView(dataSourceId, pageId, { create_database: { parent: { page_id: pageId }, position: { type: 'after_block', block_id: blockId } } });
    expectNotFound(await server.request('POST', '/v1/views', { body: after(missing) }), 'block', missing);
    await refused(
      after(foreign!.id),
      400,
      'validation_error',
      `body.create_database.position.block_id should be a block of page ${pageId}, instead was \`"${foreign!.id}"\`.`,
    );
    expect((await childrenOf(server, pageId)).map((c) => c.type)).toEqual(['paragraph']);
  });

  it('refuses a page in the trash, and an integration without insert content', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Trashed');
    ok(await server.request('PATCH', `/v1/pages/${pageId}`, { body: { in_trash: true } }));
    await refused(linkedView(dataSourceId, pageId), 400, 'validation_error', "Can't edit block that is archived. You must unarchive the block before editing.");
    const live = await page('Live');
    const reader = await secondIntegration(server, { capabilities: { insert_content: false }, pages: [server.info.rootPageId] });
    const res = await server.request('POST', '/v1/views', { body: linkedView(dataSourceId, live), token: reader.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('restricted_resource');
  });
});

describe('isolation and the trash', () => {
  it('shows nothing of a data source the integration was not given', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    await createRow(server, dataSourceId, titled('Secret row'));
    const pageId = await page('Shared page');
    const view = await createLinked(dataSourceId, pageId);
    const linkedId = view.parent.database_id as string;
    const guest = await secondIntegration(server, { pages: [pageId] });
    const as = { token: guest.token };
    const children = ok(await server.request('GET', `/v1/blocks/${pageId}/children`, as)).results;
    expect(children.map((c: Json) => [c.id, c.type])).toEqual([[linkedId, 'child_database']]);
    expectNotFound(await server.request('GET', `/v1/views/${view.id}`, as), 'view', view.id, 'Second Bot');
    expectNotFound(await server.request('POST', `/v1/views/${view.id}/queries`, { ...as, body: {} }), 'view', view.id, 'Second Bot');
    expect(ok(await server.request('GET', `/v1/views?database_id=${linkedId}`, as)).results).toEqual([]);
    expectNotFound(await server.request('GET', `/v1/views?data_source_id=${dataSourceId}`, as), 'data source', dataSourceId, 'Second Bot');
    // Nor can it link the data source into its own page.
    expectNotFound(await server.request('POST', '/v1/views', { ...as, body: linkedView(dataSourceId, pageId) }), 'data source', dataSourceId, 'Second Bot');
  });

  it('reads in markdown as a database where the source is readable, and as an unknown block where not', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('Markdown');
    const view = await createLinked(dataSourceId, pageId);
    const linkedId = view.parent.database_id as string;
    const own = ok(await server.request('GET', `/v1/pages/${pageId}/markdown`));
    expect(own.markdown).toContain(`<database url="https://www.notion.so/${linkedId.replace(/-/g, '')}"`);
    expect(own.unknown_block_ids).toEqual([]);
    const guest = await secondIntegration(server, { pages: [pageId] });
    const theirs = ok(await server.request('GET', `/v1/pages/${pageId}/markdown`, { token: guest.token }));
    expect(theirs.markdown).toContain(`alt="child_database"/>`);
    expect(theirs.markdown).not.toContain('<database');
    expect(theirs.unknown_block_ids).toEqual([linkedId]);
  });

  it('goes to the trash with its page: the views readable, not editable', async () => {
    const { dataSourceId } = await createDatabase(server, SCHEMA);
    const pageId = await page('To trash');
    const view = await createLinked(dataSourceId, pageId);
    ok(await server.request('PATCH', `/v1/pages/${pageId}`, { body: { in_trash: true } }));
    expect(ok(await server.request('GET', `/v1/views/${view.id}`)).id).toBe(view.id);
    expect(ok(await server.request('GET', `/v1/views?database_id=${view.parent.database_id}`)).results).toEqual([{ object: 'view', id: view.id }]);
    expectError(await server.request('PATCH', `/v1/views/${view.id}`, { body: { name: 'x' } }), 400, 'validation_error', ARCHIVED_ANCESTOR);
    // Restored with its page, it is editable again.
    ok(await server.request('PATCH', `/v1/pages/${pageId}`, { body: { in_trash: false } }));
    expect(ok(await server.request('PATCH', `/v1/views/${view.id}`, { body: { name: 'Back' } })).name).toBe('Back');
  });
});

describe('the store', () => {
  it('keeps linked databases and their views across a dump and restore', async () => {
    const own = await startTestServer();
    try {
      const { dataSourceId } = await createDatabase(own, SCHEMA);
      const pageId = await page('Kept', [], own);
      const view = await createLinked(dataSourceId, pageId, {}, own);
      const dump = await dumpAll(own.ctx.store.db);
      ok(await own.request('DELETE', `/v1/blocks/${view.parent.database_id}`));
      await own.ctx.store.transaction((tx) => restoreAll(tx, dump));
      expect(ok(await own.request('GET', `/v1/views/${view.id}`))).toEqual({ ...view, request_id: expect.any(String) });
      const children = ok(await own.request('GET', `/v1/blocks/${pageId}/children`)).results;
      expect(children.map((c: Json) => [c.id, c.type])).toEqual([[view.parent.database_id, 'child_database']]);
    } finally {
      await own.close();
    }
  });
});
