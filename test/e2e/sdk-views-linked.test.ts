// A linked database through the official @notionhq/client: views.create with create_database,
// the block it adds, listing and querying through it, and the SDK's error for retrieving it.
import { APIErrorCode, isFullView, type Client } from '@notionhq/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSdkServer } from '../helpers/listening.js';
import { expectApiError, text } from '../helpers/sdk.js';

describe('linked databases through the SDK', () => {
  const sdk = withSdkServer();
  let notion: Client;
  let dataSourceId: string;
  let rowId: string;

  beforeAll(async () => {
    notion = sdk.notion;
    const db = await notion.databases.create({
      parent: { type: 'page_id', page_id: sdk.server.info.rootPageId },
      title: text('Sources'),
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    dataSourceId = (db as { data_sources: Array<{ id: string }> }).data_sources[0]!.id;
    rowId = (await notion.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('Row') } } })).id;
  });

  it('creates a view in a new linked database on a page and reads the source through it', async () => {
    const page = await notion.pages.create({ parent: { page_id: sdk.server.info.rootPageId }, properties: { title: { title: text('Board page') } } });
    const view = await notion.views.create({
      data_source_id: dataSourceId,
      name: 'Linked rows',
      type: 'table',
      create_database: { parent: { type: 'page_id', page_id: page.id } },
    });
    expect(isFullView(view)).toBe(true);
    const children = await notion.blocks.children.list({ block_id: page.id });
    expect(children.results).toHaveLength(1);
    const block = children.results[0]!;
    expect(block).toMatchObject({ type: 'child_database', child_database: { title: '' } });
    expect(view).toMatchObject({ parent: { type: 'database_id', database_id: block.id }, data_source_id: dataSourceId });
    const listed = await notion.views.list({ database_id: block.id });
    expect(listed.results.map((r) => r.id)).toEqual([view.id]);
    const query = await notion.views.queries.create({ view_id: view.id });
    expect(query.results.map((r) => r.id)).toEqual([rowId]);
    const error = await expectApiError(notion.databases.retrieve({ database_id: block.id }), APIErrorCode.ValidationError, 400);
    expect(error.message).toBe(`Database with ID ${block.id} is a linked database. Database retrievals do not support linked databases.`);
  });
});
