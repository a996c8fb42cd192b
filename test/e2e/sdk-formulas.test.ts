// Formulas through the official @notionhq/client against a listening server: a data source with
// formulas (one reading a related data source), their values in page objects and property
// items, and queries that filter and sort on them, paged with the SDK's helpers.
import {
  APIErrorCode,
  APIResponseError,
  collectAllDataSourceRows,
  collectPaginatedAPI,
  isFullDatabase,
  isFullPage,
  type Client,
  type PageObjectResponse,
} from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { sdkClient, startListeningServer } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';

let server: RunningServer;
let notion: Client;
let dataSourceId: string;

function page(result: unknown): PageObjectResponse {
  if (!isFullPage(result as PageObjectResponse)) throw new Error(`expected a full page, got ${JSON.stringify(result)}`);
  return result as PageObjectResponse;
}

function nameOf(result: unknown): string {
  const title = page(result).properties.Name;
  return title?.type === 'title' ? title.title.map((t) => t.plain_text).join('') : '';
}

function formulaOf(result: unknown, name: string) {
  const property = page(result).properties[name];
  if (property?.type !== 'formula') throw new Error(`expected a formula, got ${JSON.stringify(property)}`);
  return property.formula;
}

async function newDataSource(title: string, properties: Parameters<Client['databases']['create']>[0]['initial_data_source']): Promise<string> {
  const database = await notion.databases.create({
    parent: { type: 'page_id', page_id: server.info.rootPageId },
    title: text(title),
    initial_data_source: properties,
  });
  if (!isFullDatabase(database)) throw new Error('expected a full database');
  return database.data_sources[0]!.id;
}

const CROPS: Array<[string, number, number]> = [
  ['kale', 4, 2.5],
  ['leek', 12, 1],
  ['okra', 7, 3],
  ['pea', 30, 0.2],
  ['yam', 2, 4],
];

beforeAll(async () => {
  server = await startListeningServer();
  notion = sdkClient(server);
  const farms = await newDataSource('Farms', { properties: { Name: { title: {} }, Distance: { number: {} } } });
  const near = await notion.pages.create({
    parent: { type: 'data_source_id', data_source_id: farms },
    properties: { Name: { title: text('Near') }, Distance: { number: 3 } },
  });
  const far = await notion.pages.create({
    parent: { type: 'data_source_id', data_source_id: farms },
    properties: { Name: { title: text('Far') }, Distance: { number: 40 } },
  });
  dataSourceId = await newDataSource('Crops', {
    properties: {
      Name: { title: {} },
      Count: { number: {} },
      Price: { number: {} },
      Farm: { relation: { data_source_id: farms, single_property: {} } },
      Value: { formula: { expression: 'prop("Count") * prop("Price")' } },
      Label: { formula: { expression: 'prop("Name") + ": " + format(prop("Value"))' } },
      Local: { formula: { expression: 'prop("Farm").some(current.prop("Distance") < 10)' } },
      Picked: { formula: { expression: 'dateSubtract(now(), prop("Count"), "days")' } },
    },
  });
  for (const [i, [name, count, price]] of CROPS.entries()) {
    await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: {
        Name: { title: text(name) },
        Count: { number: count },
        Price: { number: price },
        Farm: { relation: [{ id: (i % 2 === 0 ? near : far).id }] },
      },
    });
  }
});

afterAll(async () => {
  await server?.close();
});

describe('formulas with @notionhq/client', () => {
  it('reads formula values of each type from page objects and property items', async () => {
    const rows = await collectAllDataSourceRows(notion, { data_source_id: dataSourceId });
    const kale = rows.find((r) => nameOf(r) === 'kale')!;
    expect(formulaOf(kale, 'Value')).toEqual({ type: 'number', number: 10 });
    expect(formulaOf(kale, 'Label')).toEqual({ type: 'string', string: 'kale: 10' });
    expect(formulaOf(kale, 'Local')).toEqual({ type: 'boolean', boolean: true });
    expect(formulaOf(kale, 'Picked').type).toBe('date');
    const schema = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
    const item = await notion.pages.properties.retrieve({ page_id: kale.id, property_id: schema.properties.Label!.id });
    expect(item).toMatchObject({ object: 'property_item', type: 'formula', formula: { type: 'string', string: 'kale: 10' } });
  });

  it('filters and sorts on formulas', async () => {
    const local = await notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: {
        and: [
          { property: 'Local', formula: { checkbox: { equals: true } } },
          { property: 'Value', formula: { number: { greater_than: 6 } } },
        ],
      },
      sorts: [{ property: 'Value', direction: 'descending' }],
    });
    expect(local.results.map(nameOf)).toEqual(['okra', 'kale', 'yam']);
    const labelled = await notion.dataSources.query({ data_source_id: dataSourceId, filter: { property: 'Label', formula: { string: { starts_with: 'p' } } } });
    expect(labelled.results.map(nameOf)).toEqual(['pea']);
    const recent = await notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: { property: 'Picked', formula: { date: { on_or_after: 'one_week_ago' } } },
    });
    expect(recent.results.map(nameOf).sort()).toEqual(['kale', 'okra', 'yam']);
  });

  it('pages through a formula sort with the SDK helpers', async () => {
    const rows = await collectPaginatedAPI(notion.dataSources.query, {
      data_source_id: dataSourceId,
      sorts: [{ property: 'Label', direction: 'ascending' }],
      page_size: 2,
    });
    expect(rows.map(nameOf)).toEqual(['kale', 'leek', 'okra', 'pea', 'yam']);
  });

  it('refuses a formula the schema cannot type', async () => {
    const error = await notion.dataSources
      .update({ data_source_id: dataSourceId, properties: { Broken: { formula: { expression: 'prop("Missing") * 2' } } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIResponseError);
    expect((error as APIResponseError).code).toBe(APIErrorCode.ValidationError);
    expect((error as APIResponseError).message).toBe('Invalid formula expression for property Broken: Property "Missing" does not exist [0,15]');
  });
});
