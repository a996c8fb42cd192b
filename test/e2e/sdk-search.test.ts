// Search through the official @notionhq/client against a listening server: its pagination
// helpers walk every result once, per Notion-Version.
import { APIErrorCode, APIResponseError, collectPaginatedAPI, isFullDataSource, isFullPage, iteratePaginatedAPI, type Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { sdkClient, startListeningServer } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';

describe('search through the SDK', () => {
  let server: RunningServer;
  let notion: Client;
  const pageIds: string[] = [];
  let dataSourceId: string;

  beforeAll(async () => {
    server = await startListeningServer();
    notion = sdkClient(server);
    for (let i = 0; i < 7; i++) {
      const page = await notion.pages.create({ parent: { page_id: server.info.rootPageId }, properties: { title: { title: text(`Harvest ${i}`) } } });
      pageIds.push(page.id);
    }
    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      title: text('Harvest log'),
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    if (!('data_sources' in database)) throw new Error('expected a full database');
    dataSourceId = database.data_sources[0]!.id;
  });

  afterAll(() => server?.close());

  it('collects every page of results with collectPaginatedAPI', async () => {
    const results = await collectPaginatedAPI(notion.search, { query: 'harvest', page_size: 3 });
    expect(results).toHaveLength(8);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([...pageIds, dataSourceId]));
    for (const result of results) expect(isFullPage(result) || isFullDataSource(result)).toBe(true);
  });

  it('iterates oldest first with iteratePaginatedAPI', async () => {
    const ids: string[] = [];
    const params = {
      query: 'harvest',
      page_size: 2,
      filter: { property: 'object', value: 'page' },
      sort: { timestamp: 'last_edited_time', direction: 'ascending' },
    } as const;
    for await (const result of iteratePaginatedAPI(notion.search, params)) ids.push(result.id);
    expect(ids).toEqual(pageIds);
  });

  it('lists databases under 2022-06-28', async () => {
    const legacy = sdkClient(server, { notionVersion: '2022-06-28' });
    const response = await legacy.search({ query: 'harvest log' });
    expect(response.type as string).toBe('page_or_database');
    expect(response.results.map((r) => r.object as string)).toEqual(['database']);
  });

  it('surfaces a bad cursor as a validation error', async () => {
    const error = await notion.search({ start_cursor: 'not-a-cursor' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIResponseError);
    expect((error as APIResponseError).code).toBe(APIErrorCode.ValidationError);
    expect((error as APIResponseError).message).toBe('The start_cursor provided is invalid: not-a-cursor');
  });
});
