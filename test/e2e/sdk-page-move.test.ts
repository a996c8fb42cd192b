// Moving a page through the official @notionhq/client: under another page, then into a data
// source, read back through the SDK.
import { describe, expect, it } from 'vitest';
import { withSdkServer } from '../helpers/listening.js';
import { fullPage, plain, text } from '../helpers/sdk.js';

describe('pages.move through the SDK', () => {
  const sdk = withSdkServer();

  it('moves a page under another page, then into a data source', async () => {
    const { server, notion } = sdk;
    const root = server.info.rootPageId;
    const moving = await notion.pages.create({ parent: { page_id: root }, properties: { title: { title: text('Moving') } } });
    const home = await notion.pages.create({ parent: { page_id: root }, properties: { title: { title: text('Home') } } });
    const under = fullPage(await notion.pages.move({ page_id: moving.id, parent: { page_id: home.id } }));
    expect(under.parent).toEqual({ type: 'page_id', page_id: home.id });
    const children = await notion.blocks.children.list({ block_id: home.id });
    expect(children.results.map((b) => b.id)).toEqual([moving.id]);

    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: root },
      title: text('Tasks'),
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    if (!('data_sources' in database)) throw new Error('expected a full database');
    const dataSourceId = database.data_sources[0]!.id;
    const row = fullPage(await notion.pages.move({ page_id: moving.id, parent: { type: 'data_source_id', data_source_id: dataSourceId } }));
    expect(row.parent).toMatchObject({ type: 'data_source_id', data_source_id: dataSourceId });
    const name = row.properties.Name;
    expect(name?.type === 'title' ? plain(name.title) : undefined).toBe('Moving');
    const found = await notion.dataSources.query({ data_source_id: dataSourceId });
    expect(found.results.map((r) => r.id)).toEqual([moving.id]);
  });
});
