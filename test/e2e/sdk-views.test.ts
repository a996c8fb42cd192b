// Views, view queries, templates and async tasks through the official @notionhq/client: every
// SDK method of these endpoints, its helpers, and the errors the SDK surfaces.
import { APIErrorCode, collectDataSourceTemplates, collectPaginatedAPI, isFullView, iterateDataSourceTemplates, type Client } from '@notionhq/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureActor } from '../../src/emulator/fixtures/apply.js';
import { createTemplate } from '../../src/services/templates.js';
import { withSdkServer } from '../helpers/listening.js';
import { sdkClient } from '../helpers/listening.js';
import { expectApiError, text } from '../helpers/sdk.js';

describe('views, templates and async tasks through the SDK', () => {
  const sdk = withSdkServer();
  let notion: Client;
  let databaseId: string;
  let dataSourceId: string;

  beforeAll(async () => {
    notion = sdk.notion;
    const db = await notion.databases.create({
      parent: { type: 'page_id', page_id: sdk.server.info.rootPageId },
      title: text('Tasks'),
      initial_data_source: { properties: { Name: { title: {} }, Points: { number: {} }, Status: { select: { options: [{ name: 'Open' }] } } } },
    });
    databaseId = db.id;
    dataSourceId = (db as { data_sources: Array<{ id: string }> }).data_sources[0]!.id;
    for (const [name, points] of [
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ] as const) {
      await notion.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text(name) }, Points: { number: points } } });
    }
  });

  it('lists, creates, retrieves, updates and deletes views', async () => {
    const listed = await notion.views.list({ database_id: databaseId });
    expect(listed.results).toHaveLength(1);
    const created = await notion.views.create({
      data_source_id: dataSourceId,
      database_id: databaseId,
      name: 'By points',
      type: 'table',
      sorts: [{ property: 'Points', direction: 'descending' }] as never,
    });
    expect(isFullView(created)).toBe(true);
    const read = await notion.views.retrieve({ view_id: created.id });
    expect(read).toMatchObject({ name: 'By points', type: 'table', sorts: [{ property: 'Points', direction: 'descending' }] });
    const updated = await notion.views.update({ view_id: created.id, name: 'Top', filter: { property: 'Points', number: { greater_than: 1 } } as never });
    expect(updated).toMatchObject({ name: 'Top', filter: { property: 'Points', number: { greater_than: 1 } } });
    const all = await collectPaginatedAPI(notion.views.list, { data_source_id: dataSourceId, page_size: 1 });
    expect(all.map((v) => v.id)).toContain(created.id);
    const deleted = await notion.views.delete({ view_id: created.id });
    expect(deleted).toMatchObject({ object: 'view', id: created.id, parent: { type: 'database_id', database_id: databaseId }, type: 'table' });
    await expectApiError(notion.views.retrieve({ view_id: created.id }), APIErrorCode.ObjectNotFound, 404);
    await expectApiError(notion.views.delete({ view_id: listed.results[0]!.id }), APIErrorCode.ValidationError, 400);
    await expectApiError(
      notion.views.create({ data_source_id: dataSourceId, database_id: databaseId, name: 'x', type: 'board' }),
      APIErrorCode.ValidationError,
      400,
    );
    await expectApiError(notion.views.list({}), APIErrorCode.ValidationError, 400);
    const legacy = sdkClient(sdk.server, { notionVersion: '2022-06-28' });
    await expectApiError(legacy.views.list({ database_id: databaseId }), APIErrorCode.InvalidRequestURL, 400);
  });

  it('queries a view and pages its fixed results, then deletes the query', async () => {
    const view = await notion.views.create({
      data_source_id: dataSourceId,
      database_id: databaseId,
      name: 'Sorted',
      type: 'table',
      sorts: [{ property: 'Points', direction: 'ascending' }] as never,
    });
    const query = await notion.views.queries.create({ view_id: view.id, page_size: 2 });
    expect(query).toMatchObject({ object: 'view_query', view_id: view.id, total_count: 3, has_more: true });
    const rest = await notion.views.queries.results({ view_id: view.id, query_id: query.id, start_cursor: query.next_cursor!, page_size: 2 });
    expect(rest.results).toHaveLength(1);
    expect(rest.has_more).toBe(false);
    expect(await notion.views.queries.delete({ view_id: view.id, query_id: query.id })).toMatchObject({ object: 'view_query', id: query.id, deleted: true });
    await expectApiError(notion.views.queries.results({ view_id: view.id, query_id: query.id }), APIErrorCode.ObjectNotFound, 404);
  });

  it('lists templates with the SDK helpers and makes a page from one', async () => {
    const actor = await fixtureActor(sdk.server.ctx, sdk.server.info);
    const first = await createTemplate(sdk.server.ctx, actor, {
      dataSourceId,
      properties: { Name: { title: text('Weekly') }, Points: { number: 5 } },
      children: [{ paragraph: { rich_text: text('Agenda') } }],
      isDefault: true,
    });
    await createTemplate(sdk.server.ctx, actor, { dataSourceId, properties: { Name: { title: text('Daily') } } });
    const listed = await notion.dataSources.listTemplates({ data_source_id: dataSourceId });
    expect(listed.templates.map((t) => t.name)).toEqual(['Weekly', 'Daily']);
    const collected = await collectDataSourceTemplates(notion, { data_source_id: dataSourceId, page_size: 1 });
    expect(collected.map((t) => t.is_default)).toEqual([true, false]);
    const iterated: string[] = [];
    for await (const template of iterateDataSourceTemplates(notion, { data_source_id: dataSourceId, name: 'dai' })) iterated.push(template.name);
    expect(iterated).toEqual(['Daily']);
    const page = await notion.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: { Name: { title: text('Monday') } },
      template: { type: 'default' },
    });
    const children = await notion.blocks.children.list({ block_id: page.id });
    expect(children.results).toHaveLength(1);
    const read = await notion.pages.retrieve({ page_id: page.id });
    expect('properties' in read && read.properties.Points).toMatchObject({ number: 5 });
    await notion.pages.update({ page_id: page.id, erase_content: true, template: { type: 'template_id', template_id: first.id } });
    expect((await notion.blocks.children.list({ block_id: page.id })).results).toHaveLength(1);
  });

  it('runs an async markdown edit and retrieves the task', async () => {
    const page = await notion.pages.create({ parent: { page_id: sdk.server.info.rootPageId }, properties: { title: { title: text('Async') } } });
    const accepted = (await notion.pages.updateMarkdown({
      page_id: page.id,
      type: 'insert_content',
      insert_content: { content: 'Hello' },
      allow_async: true,
    })) as unknown as { object: string; id: string };
    expect(accepted.object).toBe('async_task');
    const task = await notion.asyncTasks.retrieve({ task_id: accepted.id });
    expect(task).toMatchObject({ status: 'succeeded', result: { object: 'page_markdown', markdown: 'Hello' } });
    await expectApiError(notion.asyncTasks.retrieve({ task_id: `task_${'f'.repeat(32)}` }), APIErrorCode.ObjectNotFound, 404);
  });
});
