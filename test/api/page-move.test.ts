// Moving a page (spec P5): under another page or into a data source, at the end of the new parent,
// values carried by name and type, dual relations unlinked, never into itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import {
  ARCHIVED,
  addSelfRelation,
  childrenOf,
  createDatabase,
  createRow,
  expectError,
  expectNotFound,
  getPage,
  ok,
  schemaOf,
  text,
  titled,
  type Json,
} from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

const page = async (title: string, parentId = server.info.rootPageId): Promise<Json> =>
  ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: { title: { title: [text(title)] } } } }));
const move = (id: string, parent: Record<string, unknown>, options: { token?: string; version?: string } = {}) =>
  server.request('POST', `/v1/pages/${id}/move`, { body: { parent }, ...options });
const query = async (dataSourceId: string): Promise<string[]> =>
  ok(await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body: {} })).results.map((r: Json) => r.id);

describe('moving a page', () => {
  it('puts it at the end of another page, and takes it out of the old one', async () => {
    const a = await page('A');
    const b = await page('B');
    const first = await page('First under B', b.id);
    const moved = ok(await move(a.id, { type: 'page_id', page_id: b.id }));
    expect(moved.parent).toEqual({ type: 'page_id', page_id: b.id });
    expect(moved.properties.title.title[0].plain_text).toBe('A');
    expect((await childrenOf(server, b.id)).map((c) => c.id)).toEqual([first.id, a.id]);
    expect((await childrenOf(server, server.info.rootPageId)).map((c) => c.id)).not.toContain(a.id);
    expect((await getPage(server, a.id)).parent).toEqual({ type: 'page_id', page_id: b.id });
  });

  it('works in every version', async () => {
    const a = await page('A');
    const b = await page('B');
    for (const version of ['2022-06-28', '2026-03-11'])
      ok(await move(a.id, { page_id: version === '2022-06-28' ? b.id : server.info.rootPageId }, { version }));
  });

  it('never into itself or a page inside it', async () => {
    const a = await page('A');
    const inner = await page('Inner', a.id);
    for (const target of [a.id, inner.id])
      expectError(await move(a.id, { page_id: target }), 400, 'validation_error', 'The page cannot be moved into itself or into a page inside it.');
  });

  it('into a data source: the title kept, values of the same name and type carried, new unique ids', async () => {
    const from = await createDatabase(
      server,
      {
        Name: { title: {} },
        Qty: { number: {} },
        Kind: { select: { options: [{ name: 'a' }] } },
        Tags: { multi_select: {} },
        Stage: { status: {} },
        Note: { rich_text: {} },
      },
      { title: 'From' },
    );
    const into = await createDatabase(
      server,
      {
        Task: { title: {} },
        Qty: { number: {} },
        Kind: { select: { options: [{ name: 'a' }] } },
        Tags: { multi_select: {} },
        Stage: { status: {} },
        Note: { number: {} },
        No: { unique_id: { prefix: 'T' } },
      },
      { title: 'Into' },
    );
    const row = await createRow(server, from.dataSourceId, {
      ...titled('Row'),
      Qty: { number: 7 },
      Kind: { select: { name: 'a' } },
      Tags: { multi_select: [{ name: 'new tag' }] },
      Stage: { status: { name: 'Done' } },
      Note: { rich_text: [text('not a number')] },
    });
    const moved = ok(await move(row.id, { type: 'data_source_id', data_source_id: into.dataSourceId }));
    expect(moved.parent).toMatchObject({ type: 'data_source_id', data_source_id: into.dataSourceId, database_id: into.databaseId });
    expect(moved.properties.Task.title[0].plain_text).toBe('Row');
    expect(moved.properties.Qty.number).toBe(7);
    // Options move by name; one the data source lacked is added to its schema, as a write adds it.
    expect(moved.properties.Kind.select.name).toBe('a');
    expect(moved.properties.Tags.multi_select.map((o: Json) => o.name)).toEqual(['new tag']);
    expect((await schemaOf(server, into.dataSourceId)).Tags.multi_select.options.map((o: Json) => o.name)).toEqual(['new tag']);
    expect(moved.properties.Stage.status.name).toBe('Done');
    // A property of the same name but another type starts empty.
    expect(moved.properties.Note.number).toBeNull();
    expect(moved.properties.No.unique_id).toEqual({ prefix: 'T', number: 1 });
    expect(await query(into.dataSourceId)).toEqual([row.id]);
    expect(await query(from.dataSourceId)).toEqual([]);
    const filtered = ok(
      await server.request('POST', `/v1/data_sources/${into.dataSourceId}/query`, {
        body: { filter: { property: 'Tags', multi_select: { contains: 'new tag' } } },
      }),
    );
    expect(filtered.results.map((r: Json) => r.id)).toEqual([row.id]);
  });

  it('out of a data source: only the title stays, and dual relations are unlinked', async () => {
    const db = await createDatabase(server, { Name: { title: {} } });
    await addSelfRelation(server, db.dataSourceId, 'Links', 'Linked from');
    const schema = await schemaOf(server, db.dataSourceId);
    expect(schema.Links.type).toBe('relation');
    const target = await createRow(server, db.dataSourceId, titled('Target'));
    const row = await createRow(server, db.dataSourceId, { ...titled('Row'), Links: { relation: [{ id: target.id }] } });
    expect((await getPage(server, target.id)).properties['Linked from'].relation).toEqual([{ id: row.id }]);
    const moved = ok(await move(row.id, { page_id: server.info.rootPageId }));
    expect(moved.parent).toEqual({ type: 'page_id', page_id: server.info.rootPageId });
    expect(Object.keys(moved.properties)).toEqual(['title']);
    expect(moved.properties.title.title[0].plain_text).toBe('Row');
    expect((await getPage(server, target.id)).properties['Linked from'].relation).toEqual([]);
    expect(await query(db.dataSourceId)).toEqual([target.id]);
  });

  it('takes a single-source database id as its data source', async () => {
    const db = await createDatabase(server, { Name: { title: {} } });
    const a = await page('A');
    const moved = ok(await move(a.id, { page_id: db.databaseId }));
    expect(moved.parent).toMatchObject({ type: 'data_source_id', data_source_id: db.dataSourceId });
  });

  it("answers Notion's errors: a missing capability, unreachable pages, a trashed page, a bad body", async () => {
    const a = await page('A');
    const b = await page('B');
    const reader = await secondIntegration(server, { name: 'Reader', capabilities: { update_content: false }, pages: [server.info.rootPageId] });
    expectError(await move(a.id, { page_id: b.id }, { token: reader.token }), 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    const other = await secondIntegration(server, { name: 'Other', pages: [a.id] });
    expectNotFound(await move(a.id, { page_id: b.id }, { token: other.token }), 'page', b.id, 'Other');
    expectNotFound(await move(b.id, { page_id: a.id }, { token: other.token }), 'page', b.id, 'Other');
    const missing = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
    expectNotFound(await move(a.id, { data_source_id: missing }), 'data source', missing);
    ok(await server.request('PATCH', `/v1/pages/${a.id}`, { body: { in_trash: true } }));
    expectError(await move(a.id, { page_id: b.id }), 400, 'validation_error', ARCHIVED);
    const res = await server.request('POST', `/v1/pages/${b.id}/move`, { body: {} });
    expectError(res, 400, 'validation_error', 'body failed validation: body.parent should be defined, instead was `undefined`.');
  });
});
