// Data source queries through the official @notionhq/client against a listening server: filters
// and sorts as the SDK types them, its pagination helpers, its way around the result cap, and
// the 2022-06-28 database query.
import {
  APIErrorCode,
  APIResponseError,
  collectAllDataSourceRows,
  collectPaginatedAPI,
  isFullDatabase,
  isFullPage,
  iteratePaginatedAPI,
  type Client,
  type PageObjectResponse,
  type QueryDataSourceResponse,
} from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { sdkClient, startListeningServer } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';

let server: RunningServer;
let notion: Client;
let databaseId: string;
let dataSourceId: string;

function nameOf(result: QueryDataSourceResponse['results'][number]): string {
  if (!isFullPage(result)) throw new Error(`expected a full page, got ${JSON.stringify(result)}`);
  const title = (result as PageObjectResponse).properties.Name;
  return title?.type === 'title' ? title.title.map((t) => t.plain_text).join('') : '';
}

const NAMES = ['kale', 'leek', 'okra', 'pea', 'yam', 'bean', 'corn'];

beforeAll(async () => {
  server = await startListeningServer();
  notion = sdkClient(server);
  const database = await notion.databases.create({
    parent: { type: 'page_id', page_id: server.info.rootPageId },
    title: text('Vegetables'),
    initial_data_source: {
      properties: { Name: { title: {} }, Weight: { number: {} }, Fresh: { checkbox: {} }, Aisle: { select: { options: [{ name: 'A' }, { name: 'B' }] } } },
    },
  });
  if (!isFullDatabase(database)) throw new Error('expected a full database');
  databaseId = database.id;
  dataSourceId = database.data_sources[0]!.id;
  for (const [i, name] of NAMES.entries()) {
    await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: {
        Name: { title: text(name) },
        Weight: { number: (i * 37) % 10 },
        Fresh: { checkbox: i % 2 === 0 },
        Aisle: { select: { name: i < 4 ? 'A' : 'B' } },
      },
    });
  }
});

afterAll(() => server?.close());

describe('dataSources.query', () => {
  it('filters and sorts as the SDK types them', async () => {
    const response = await notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: {
        and: [
          { property: 'Fresh', checkbox: { equals: true } },
          {
            or: [
              { property: 'Aisle', select: { equals: 'A' } },
              { property: 'Weight', number: { greater_than: 7 } },
            ],
          },
        ],
      },
      sorts: [{ property: 'Weight', direction: 'descending' }],
    });
    // Fresh: kale 0, okra 4, yam 8, corn 2; aisle A or heavier than 7: kale, okra, yam.
    expect(response.results.map(nameOf)).toEqual(['yam', 'okra', 'kale']);
    expect(response).toMatchObject({ object: 'list', type: 'page_or_data_source', has_more: false, next_cursor: null });
  });

  it('pages with collectPaginatedAPI and iteratePaginatedAPI', async () => {
    const sorts = [{ property: 'Name', direction: 'ascending' as const }];
    const all = await collectPaginatedAPI(notion.dataSources.query, { data_source_id: dataSourceId, page_size: 2, sorts });
    expect(all.map(nameOf)).toEqual([...NAMES].sort());
    const seen: string[] = [];
    for await (const page of iteratePaginatedAPI(notion.dataSources.query, { data_source_id: dataSourceId, page_size: 3 })) seen.push(nameOf(page));
    expect(seen).toEqual(NAMES);
  });

  it('reads every row with collectAllDataSourceRows (created_time windows)', async () => {
    const rows = await collectAllDataSourceRows(notion, { data_source_id: dataSourceId, filter: { property: 'Aisle', select: { equals: 'B' } } });
    expect(rows.map(nameOf)).toEqual(['yam', 'bean', 'corn']);
  });

  it('answers APIResponseError validation_error for a bad cursor or filter', async () => {
    const bad = notion.dataSources.query({ data_source_id: dataSourceId, start_cursor: 'bogus' });
    await expect(bad).rejects.toBeInstanceOf(APIResponseError);
    await expect(bad).rejects.toMatchObject({ code: APIErrorCode.ValidationError, status: 400, message: 'The start_cursor provided is invalid: bogus' });
    await expect(notion.dataSources.query({ data_source_id: dataSourceId, filter: { property: 'Colour', select: { equals: 'red' } } })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
      message: 'Could not find property with name or id: Colour',
    });
  });
});

describe('the 2022-06-28 database query', () => {
  it('queries a database as its one data source', async () => {
    const legacy = sdkClient(server, { notionVersion: '2022-06-28' });
    const response = await legacy.request<QueryDataSourceResponse & { type: string }>({
      path: `databases/${databaseId}/query`,
      method: 'post',
      body: { filter: { property: 'Weight', number: { less_than: 3 } }, sorts: [{ timestamp: 'created_time', direction: 'descending' }] },
    });
    expect(response.type).toBe('page_or_database');
    expect(response.results.map(nameOf)).toEqual(['corn', 'pea', 'kale']);
  });
});
