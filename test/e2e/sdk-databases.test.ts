// Databases, data sources and pages with property values, driven through the official
// @notionhq/client pointed at a listening server with `baseUrl`: schemas of many types, values of
// every writable type, dual relations, rollups and unique ids, per Notion-Version.
import {
  APIErrorCode,
  APIResponseError,
  type Client,
  isFullDatabase,
  isFullDataSource,
  type CreateDataSourceParameters,
  type CreatePageParameters,
  type DatabaseObjectResponse,
  type DataSourceObjectResponse,
  type GetDatabaseResponse,
  type GetDataSourceResponse,
  type PageObjectResponse,
  type RichTextItemResponse,
} from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { sdkClient, startListeningServer } from '../helpers/listening.js';
import { expectApiError, fullPage, plain, text } from '../helpers/sdk.js';

const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
const PHOTO_URL = 'https://images.example.test/kale.jpg';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type PropertyConfigRequest = CreateDataSourceParameters['properties'][string];
type PropertyValueRequest = NonNullable<CreatePageParameters['properties']>[string];
type PropertyConfig = DataSourceObjectResponse['properties'][string];
type PropertyValue = PageObjectResponse['properties'][string];

function fullDatabase(response: GetDatabaseResponse): DatabaseObjectResponse {
  if (!isFullDatabase(response)) throw new Error(`expected a full database, got ${JSON.stringify(response)}`);
  return response;
}

function fullDataSource(response: GetDataSourceResponse): DataSourceObjectResponse {
  if (!isFullDataSource(response)) throw new Error(`expected a full data source, got ${JSON.stringify(response)}`);
  return response;
}

/** The schema entry `name` of a data source, narrowed to `type`. */
function config<T extends PropertyConfig['type']>(source: DataSourceObjectResponse, name: string, type: T): Extract<PropertyConfig, { type: T }> {
  const property = source.properties[name];
  if (property?.type !== type) throw new Error(`${name} is ${property?.type ?? 'missing'}, expected ${type}`);
  return property as Extract<PropertyConfig, { type: T }>;
}

/** The value of property `name` of a page, narrowed to `type`. */
function value<T extends PropertyValue['type']>(page: PageObjectResponse, name: string, type: T): Extract<PropertyValue, { type: T }> {
  const property = page.properties[name];
  if (property?.type !== type) throw new Error(`${name} is ${property?.type ?? 'missing'}, expected ${type}`);
  return property as Extract<PropertyValue, { type: T }>;
}

/** A response without its `request_id`, which differs per response. */
function sansRequestId(response: object): object {
  const { request_id: _, ...rest } = response as { request_id?: string };
  return rest;
}

const relationIds = (page: PageObjectResponse, name: string): string[] => value(page, name, 'relation').relation.map((r) => r.id);

/** Whether a route answers at all: routes not served fail with invalid_request_url. */
async function served(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return true;
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error) && error.code === APIErrorCode.InvalidRequestURL) return false;
    throw error;
  }
}

const RECIPE_PROPERTIES: Record<string, PropertyConfigRequest> = {
  Name: { title: {} },
  Minutes: { number: {} },
};

/** A schema with one property of most types; `recipes` is the data source its relations point at. */
function groceryProperties(recipes: string): Record<string, PropertyConfigRequest> {
  return {
    Name: { title: {} },
    Notes: { rich_text: {}, description: 'Anything worth remembering' },
    Price: { number: { format: 'dollar' } },
    Store: {
      select: {
        options: [
          { name: "Gus's Community Market", color: 'yellow' },
          { name: 'Rainbow Grocery', color: 'gray', description: 'Co-op' },
        ],
      },
    },
    Tags: {
      multi_select: {
        options: [
          { name: 'Vegetable', color: 'green' },
          { name: 'Leafy', color: 'blue' },
        ],
      },
    },
    Status: { status: {} },
    Due: { date: {} },
    Owner: { people: {} },
    Photo: { files: {} },
    'In stock': { checkbox: {} },
    Website: { url: {} },
    Contact: { email: {} },
    Phone: { phone_number: {} },
    'Seen in': { relation: { data_source_id: recipes, single_property: {} } },
    Recipes: { relation: { data_source_id: recipes, type: 'dual_property', dual_property: { synced_property_name: 'Ingredients' } } },
    'Total minutes': { rollup: { function: 'sum', relation_property_name: 'Recipes', rollup_property_name: 'Minutes' } },
    SKU: { unique_id: { prefix: 'SKU' } },
    Created: { created_time: {} },
    'Edited by': { last_edited_by: {} },
  };
}

describe('SDK databases, data sources and property values (Notion-Version 2025-09-03)', () => {
  let server: RunningServer;
  let notion: Client;
  let recipesDb: DatabaseObjectResponse;
  let recipesSourceId: string;
  let groceriesDb: DatabaseObjectResponse;
  let groceriesSourceId: string;
  let soup: PageObjectResponse;
  let salad: PageObjectResponse;

  /** A row of the recipes data source. */
  const recipe = async (name: string, minutes: number) =>
    fullPage(
      await notion.pages.create({
        parent: { type: 'data_source_id', data_source_id: recipesSourceId },
        properties: { Name: { title: text(name) }, Minutes: { number: minutes } },
      }),
    );

  /** A row of the groceries data source with only a title. */
  const grocery = async (name: string, properties: Record<string, PropertyValueRequest> = {}) =>
    fullPage(await notion.pages.create({ parent: { data_source_id: groceriesSourceId }, properties: { Name: { title: text(name) }, ...properties } }));

  beforeAll(async () => {
    server = await startListeningServer();
    notion = sdkClient(server);
    recipesDb = fullDatabase(
      await notion.databases.create({
        parent: { type: 'page_id', page_id: server.info.rootPageId },
        title: text('Recipes'),
        initial_data_source: { properties: RECIPE_PROPERTIES },
      }),
    );
    recipesSourceId = recipesDb.data_sources[0]!.id;
    groceriesDb = fullDatabase(
      await notion.databases.create({
        parent: { type: 'page_id', page_id: server.info.rootPageId },
        title: text('Grocery list'),
        description: text('What to buy'),
        icon: { type: 'emoji', emoji: '🛒' },
        initial_data_source: { properties: groceryProperties(recipesSourceId) },
      }),
    );
    groceriesSourceId = groceriesDb.data_sources[0]!.id;
    soup = await recipe('Kale soup', 30);
    salad = await recipe('Kale salad', 15);
  });
  afterAll(() => server?.close());

  it('databases.create returns the container with its first data source; databases.retrieve agrees', async () => {
    expect(groceriesDb).toMatchObject({
      object: 'database',
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      is_inline: false,
      in_trash: false,
      archived: false,
      is_locked: false,
      icon: { type: 'emoji', emoji: '🛒' },
      cover: null,
      public_url: null,
    });
    expect(plain(groceriesDb.title)).toBe('Grocery list');
    expect(plain(groceriesDb.description)).toBe('What to buy');
    expect(groceriesDb.data_sources).toEqual([{ id: groceriesSourceId, name: 'Grocery list' }]);
    expect(groceriesSourceId).toMatch(UUID);
    expect(groceriesSourceId).not.toBe(groceriesDb.id);
    expect(groceriesDb).not.toHaveProperty('properties');
    expect(groceriesDb.url).toBe(`https://www.notion.so/${groceriesDb.id.replaceAll('-', '')}`);

    const retrieved: DatabaseObjectResponse = fullDatabase(await notion.databases.retrieve({ database_id: groceriesDb.id }));
    expect(sansRequestId(retrieved)).toEqual(sansRequestId(groceriesDb));
    const dashless = fullDatabase(await notion.databases.retrieve({ database_id: groceriesDb.id.replaceAll('-', '') }));
    expect(dashless.id).toBe(groceriesDb.id);
  });

  it('the database is a child_database block of its parent page', async () => {
    const block = await notion.blocks.retrieve({ block_id: groceriesDb.id });
    if (!('type' in block) || block.type !== 'child_database') throw new Error(`expected child_database, got ${JSON.stringify(block)}`);
    expect(block.child_database.title).toBe('Grocery list');
    expect(block.parent).toEqual({ type: 'page_id', page_id: server.info.rootPageId });
  });

  it('dataSources.retrieve returns the schema of every type, typed as DataSourceObjectResponse', async () => {
    const source: DataSourceObjectResponse = fullDataSource(await notion.dataSources.retrieve({ data_source_id: groceriesSourceId }));
    expect(source).toMatchObject({
      object: 'data_source',
      id: groceriesSourceId,
      parent: { type: 'database_id', database_id: groceriesDb.id },
      database_parent: { type: 'page_id', page_id: server.info.rootPageId },
      is_inline: false,
      in_trash: false,
      archived: false,
      created_by: { object: 'user', id: server.info.botId },
      last_edited_by: { object: 'user', id: server.info.botId },
      icon: { type: 'emoji', emoji: '🛒' },
      public_url: null,
    });
    expect(plain(source.title)).toBe('Grocery list');
    expect(source.url).toBe(`https://www.notion.so/${groceriesSourceId.replaceAll('-', '')}`);

    const expectedTypes = Object.fromEntries(
      Object.entries(groceryProperties(recipesSourceId)).map(([name, request]) => [name, Object.keys(request).find((k) => k !== 'description')]),
    );
    expect(Object.fromEntries(Object.entries(source.properties).map(([name, p]) => [name, p.type]))).toEqual(expectedTypes);
    for (const [name, property] of Object.entries(source.properties)) {
      expect(property.name).toBe(name);
      expect(property.id).toBe(encodeURIComponent(decodeURIComponent(property.id)));
    }
    const ids = Object.values(source.properties).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);

    expect(config(source, 'Name', 'title')).toEqual({ id: 'title', name: 'Name', description: null, type: 'title', title: {} });
    expect(config(source, 'Notes', 'rich_text').description).toBe('Anything worth remembering');
    expect(config(source, 'Price', 'number').number).toEqual({ format: 'dollar' });

    const store = config(source, 'Store', 'select').select.options;
    expect(store.map((o) => [o.name, o.color, o.description])).toEqual([
      ["Gus's Community Market", 'yellow', null],
      ['Rainbow Grocery', 'gray', 'Co-op'],
    ]);
    expect(store.every((o) => typeof o.id === 'string' && o.id.length > 0)).toBe(true);
    expect(config(source, 'Tags', 'multi_select').multi_select.options.map((o) => [o.name, o.color])).toEqual([
      ['Vegetable', 'green'],
      ['Leafy', 'blue'],
    ]);

    const status = config(source, 'Status', 'status').status;
    expect(status.options.map((o) => o.name)).toEqual(['Not started', 'In progress', 'Done']);
    expect(status.groups.map((g) => g.name)).toEqual(['To-do', 'In progress', 'Complete']);
    expect(status.groups.flatMap((g) => g.option_ids).sort()).toEqual(status.options.map((o) => o.id).sort());

    for (const name of ['Due', 'Owner', 'Photo', 'In stock', 'Website', 'Contact', 'Phone', 'Created', 'Edited by']) {
      const property = source.properties[name]!;
      expect((property as unknown as Record<string, unknown>)[property.type]).toEqual({});
    }

    const single = config(source, 'Seen in', 'relation').relation;
    expect(single).toEqual({ database_id: recipesDb.id, data_source_id: recipesSourceId, type: 'single_property', single_property: {} });
    const dual = config(source, 'Recipes', 'relation').relation;
    expect(dual).toMatchObject({ database_id: recipesDb.id, data_source_id: recipesSourceId, type: 'dual_property' });
    if (dual.type !== 'dual_property') throw new Error('expected a dual relation');
    expect(dual.dual_property.synced_property_name).toBe('Ingredients');

    const rollup = config(source, 'Total minutes', 'rollup').rollup;
    const recipes = fullDataSource(await notion.dataSources.retrieve({ data_source_id: recipesSourceId }));
    expect(rollup).toEqual({
      function: 'sum',
      relation_property_name: 'Recipes',
      relation_property_id: source.properties.Recipes!.id,
      rollup_property_name: 'Minutes',
      rollup_property_id: recipes.properties.Minutes!.id,
    });
    expect(config(source, 'SKU', 'unique_id').unique_id).toEqual({ prefix: 'SKU' });
  });

  it('a dual relation adds its synced property to the related data source', async () => {
    const groceries = fullDataSource(await notion.dataSources.retrieve({ data_source_id: groceriesSourceId }));
    const recipes = fullDataSource(await notion.dataSources.retrieve({ data_source_id: recipesSourceId }));
    expect(Object.keys(recipes.properties).sort()).toEqual(['Ingredients', 'Minutes', 'Name']);
    expect(config(recipes, 'Minutes', 'number').number).toEqual({ format: 'number' });
    const back = config(recipes, 'Ingredients', 'relation').relation;
    expect(back).toMatchObject({ database_id: groceriesDb.id, data_source_id: groceriesSourceId, type: 'dual_property' });
    if (back.type !== 'dual_property') throw new Error('expected a dual relation');
    expect(back.dual_property).toEqual({ synced_property_id: groceries.properties.Recipes!.id, synced_property_name: 'Recipes' });
    const forward = config(groceries, 'Recipes', 'relation').relation;
    if (forward.type !== 'dual_property') throw new Error('expected a dual relation');
    expect(forward.dual_property.synced_property_id).toBe(recipes.properties.Ingredients!.id);
  });

  it('pages.create under a data source writes a value of every writable type', async () => {
    const created = fullPage(
      await notion.pages.create({
        parent: { type: 'data_source_id', data_source_id: groceriesSourceId },
        properties: {
          Name: { title: text('Tuscan kale') },
          Notes: { rich_text: [{ text: { content: 'Buy ' } }, { text: { content: 'two', link: null }, annotations: { bold: true } }] },
          Price: { number: 2.5 },
          Store: { select: { name: "Gus's Community Market" } },
          Tags: { multi_select: [{ name: 'Vegetable' }, { name: 'Leafy' }] },
          Status: { status: { name: 'In progress' } },
          Due: { date: { start: '2023-02-23' } },
          Owner: { people: [{ object: 'user', id: server.info.ownerId }] },
          Photo: { files: [{ name: 'kale.jpg', external: { url: PHOTO_URL } }] },
          'In stock': { checkbox: true },
          Website: { url: 'https://example.com/kale' },
          Contact: { email: 'kale@example.com' },
          Phone: { phone_number: '+1 415 555 0100' },
          'Seen in': { relation: [{ id: soup.id }] },
          Recipes: { relation: [{ id: soup.id }, { id: salad.id }] },
        },
      }),
    );
    expect(created.parent).toEqual({ type: 'data_source_id', data_source_id: groceriesSourceId, database_id: groceriesDb.id });
    expect(created.url).toMatch(/^https:\/\/www\.notion\.so\/Tuscan-kale-[0-9a-f]{32}$/);

    const page: PageObjectResponse = fullPage(await notion.pages.retrieve({ page_id: created.id }));
    expect(page.properties).toEqual(created.properties);
    expect(page.parent).toEqual(created.parent);
    const source = fullDataSource(await notion.dataSources.retrieve({ data_source_id: groceriesSourceId }));
    for (const [name, property] of Object.entries(page.properties)) {
      expect({ name, id: property.id, type: property.type }).toEqual({ name, id: source.properties[name]!.id, type: source.properties[name]!.type });
    }

    // Narrowing on `type` gives the SDK's value type of each property.
    const price = page.properties.Price!;
    if (price.type !== 'number') throw new Error(`Price is ${price.type}`);
    const amount: number | null = price.number;
    expect(amount).toBe(2.5);

    expect(plain(value(page, 'Name', 'title').title)).toBe('Tuscan kale');
    const notes = value(page, 'Notes', 'rich_text').rich_text;
    expect(plain(notes)).toBe('Buy two');
    expect(notes[1]!.annotations.bold).toBe(true);

    const gus = config(source, 'Store', 'select').select.options[0]!;
    expect(value(page, 'Store', 'select').select).toEqual({ id: gus.id, name: "Gus's Community Market", color: 'yellow' });
    expect(value(page, 'Tags', 'multi_select').multi_select.map((o) => [o.name, o.color])).toEqual([
      ['Vegetable', 'green'],
      ['Leafy', 'blue'],
    ]);
    const inProgress = config(source, 'Status', 'status').status.options.find((o) => o.name === 'In progress')!;
    expect(value(page, 'Status', 'status').status).toEqual({ id: inProgress.id, name: 'In progress', color: inProgress.color });
    expect(value(page, 'Due', 'date').date).toEqual({ start: '2023-02-23', end: null, time_zone: null });
    expect(value(page, 'Owner', 'people').people.map((u) => ({ object: u.object, id: u.id }))).toEqual([{ object: 'user', id: server.info.ownerId }]);
    expect(value(page, 'Photo', 'files').files).toEqual([{ name: 'kale.jpg', type: 'external', external: { url: PHOTO_URL } }]);
    expect(value(page, 'In stock', 'checkbox').checkbox).toBe(true);
    expect(value(page, 'Website', 'url').url).toBe('https://example.com/kale');
    expect(value(page, 'Contact', 'email').email).toBe('kale@example.com');
    expect(value(page, 'Phone', 'phone_number').phone_number).toBe('+1 415 555 0100');
    expect(relationIds(page, 'Seen in')).toEqual([soup.id]);
    expect(relationIds(page, 'Recipes')).toEqual([soup.id, salad.id]);
    expect(page.properties.Recipes).toMatchObject({ has_more: false });

    // Generated values.
    const sku = value(page, 'SKU', 'unique_id').unique_id;
    expect(sku.prefix).toBe('SKU');
    expect(sku.number).toEqual(expect.any(Number));
    const createdTime = value(page, 'Created', 'created_time').created_time;
    expect(createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    expect(Date.parse(page.created_time) - Date.parse(createdTime)).toBeLessThan(60_000);
    expect(value(page, 'Edited by', 'last_edited_by').last_edited_by.id).toBe(server.info.botId);
    const total = value(page, 'Total minutes', 'rollup').rollup;
    expect(total).toEqual({ type: 'number', number: 45, function: 'sum' });
  });

  it('empty values render as null, [] or false, and a new page starts at the default status', async () => {
    const page = await grocery('Lemons');
    expect(value(page, 'Notes', 'rich_text').rich_text).toEqual([]);
    expect(value(page, 'Price', 'number').number).toBeNull();
    expect(value(page, 'Store', 'select').select).toBeNull();
    expect(value(page, 'Tags', 'multi_select').multi_select).toEqual([]);
    expect(value(page, 'Status', 'status').status).toMatchObject({ name: 'Not started' });
    expect(value(page, 'Due', 'date').date).toBeNull();
    expect(value(page, 'Owner', 'people').people).toEqual([]);
    expect(value(page, 'Photo', 'files').files).toEqual([]);
    expect(value(page, 'In stock', 'checkbox').checkbox).toBe(false);
    expect(value(page, 'Website', 'url').url).toBeNull();
    expect(value(page, 'Contact', 'email').email).toBeNull();
    expect(value(page, 'Phone', 'phone_number').phone_number).toBeNull();
    expect(relationIds(page, 'Recipes')).toEqual([]);
    expect(value(page, 'Total minutes', 'rollup').rollup).toEqual({ type: 'number', number: 0, function: 'sum' });
  });

  it('pages.update changes several values, keeps the rest and clears some', async () => {
    const page = await grocery('Garlic', {
      Price: { number: 1 },
      Store: { select: { name: 'Rainbow Grocery' } },
      Tags: { multi_select: [{ name: 'Vegetable' }] },
      Due: { date: { start: '2024-01-01' } },
      Website: { url: 'https://example.com/garlic' },
      'In stock': { checkbox: true },
    });
    const updated = fullPage(
      await notion.pages.update({
        page_id: page.id,
        properties: {
          Price: { number: 1.25 },
          // A new option name creates the option on the schema.
          Tags: { multi_select: [{ name: 'Allium', color: 'purple' }] },
          Status: { status: { name: 'Done' } },
          Due: { date: { start: '2024-03-01T09:30:00', end: '2024-03-01T10:00:00', time_zone: 'Europe/Paris' } },
          Website: { url: null },
          'In stock': { checkbox: false },
          Store: { select: null },
        },
      }),
    );
    expect(value(updated, 'Price', 'number').number).toBe(1.25);
    expect(value(updated, 'Tags', 'multi_select').multi_select.map((o) => [o.name, o.color])).toEqual([['Allium', 'purple']]);
    expect(value(updated, 'Status', 'status').status?.name).toBe('Done');
    // Given with a time zone, the value comes back with the zone's offset and no time zone.
    expect(value(updated, 'Due', 'date').date).toEqual({ start: '2024-03-01T09:30:00.000+01:00', end: '2024-03-01T10:00:00.000+01:00', time_zone: null });
    expect(value(updated, 'Website', 'url').url).toBeNull();
    expect(value(updated, 'In stock', 'checkbox').checkbox).toBe(false);
    expect(value(updated, 'Store', 'select').select).toBeNull();
    expect(plain(value(updated, 'Name', 'title').title)).toBe('Garlic');
    expect(value(updated, 'SKU', 'unique_id').unique_id).toEqual(value(page, 'SKU', 'unique_id').unique_id);

    const reread = fullPage(await notion.pages.retrieve({ page_id: page.id }));
    expect(reread.properties).toEqual(updated.properties);
    const source = fullDataSource(await notion.dataSources.retrieve({ data_source_id: groceriesSourceId }));
    expect(config(source, 'Tags', 'multi_select').multi_select.options.map((o) => o.name)).toEqual(['Vegetable', 'Leafy', 'Allium']);

    // `status: null` goes back to the default option.
    const reset = fullPage(await notion.pages.update({ page_id: page.id, properties: { Status: { status: null }, Tags: { multi_select: [] } } }));
    expect(value(reset, 'Status', 'status').status?.name).toBe('Not started');
    expect(value(reset, 'Tags', 'multi_select').multi_select).toEqual([]);

    // Keys may be property ids as well as names.
    const byId = fullPage(await notion.pages.update({ page_id: page.id, properties: { [source.properties.Price!.id]: { number: 3 } } }));
    expect(value(byId, 'Price', 'number').number).toBe(3);
  });

  it('a dual relation shows its mirror on the related page, and the rollup follows', async () => {
    const kale = await grocery('Kale', { Recipes: { relation: [{ id: soup.id }] }, 'Seen in': { relation: [{ id: salad.id }] } });
    const onion = await grocery('Onion', { Recipes: { relation: [{ id: soup.id }] } });

    const soupNow = fullPage(await notion.pages.retrieve({ page_id: soup.id }));
    expect(relationIds(soupNow, 'Ingredients')).toEqual(expect.arrayContaining([kale.id, onion.id]));
    // The single relation has no mirror.
    const saladNow = fullPage(await notion.pages.retrieve({ page_id: salad.id }));
    expect(relationIds(saladNow, 'Ingredients')).not.toContain(kale.id);
    expect(value(kale, 'Total minutes', 'rollup').rollup).toEqual({ type: 'number', number: 30, function: 'sum' });

    // Moving the relation moves the mirror, and the rollup follows the related values.
    const moved = fullPage(await notion.pages.update({ page_id: kale.id, properties: { Recipes: { relation: [{ id: salad.id }] } } }));
    expect(relationIds(moved, 'Recipes')).toEqual([salad.id]);
    expect(value(moved, 'Total minutes', 'rollup').rollup).toEqual({ type: 'number', number: 15, function: 'sum' });
    expect(relationIds(fullPage(await notion.pages.retrieve({ page_id: soup.id })), 'Ingredients')).not.toContain(kale.id);
    expect(relationIds(fullPage(await notion.pages.retrieve({ page_id: salad.id })), 'Ingredients')).toContain(kale.id);

    await notion.pages.update({ page_id: salad.id, properties: { Minutes: { number: 20 } } });
    expect(value(fullPage(await notion.pages.retrieve({ page_id: kale.id })), 'Total minutes', 'rollup').rollup).toEqual({
      type: 'number',
      number: 20,
      function: 'sum',
    });

    // Writing the mirror side updates the other side too.
    await notion.pages.update({ page_id: soup.id, properties: { Ingredients: { relation: [{ id: kale.id }] } } });
    const kaleNow = fullPage(await notion.pages.retrieve({ page_id: kale.id }));
    expect(relationIds(kaleNow, 'Recipes').sort()).toEqual([salad.id, soup.id].sort());
    expect(value(kaleNow, 'Total minutes', 'rollup').rollup).toEqual({ type: 'number', number: 50, function: 'sum' });
    expect(relationIds(fullPage(await notion.pages.retrieve({ page_id: onion.id })), 'Recipes')).toEqual([]);
  });

  it('rollups of other functions and the other generated values read through the SDK types', async () => {
    const meals = fullDatabase(
      await notion.databases.create({
        parent: { type: 'page_id', page_id: server.info.rootPageId },
        title: text('Meals'),
        initial_data_source: {
          properties: {
            Meal: { title: {} },
            Dishes: { relation: { data_source_id: recipesSourceId, type: 'single_property', single_property: {} } },
            'Dish count': { rollup: { function: 'count', relation_property_name: 'Dishes', rollup_property_name: 'Minutes' } },
            Each: { rollup: { function: 'show_original', relation_property_name: 'Dishes', rollup_property_name: 'Minutes' } },
            Longest: { rollup: { function: 'max', relation_property_name: 'Dishes', rollup_property_name: 'Minutes' } },
            Author: { created_by: {} },
            Edited: { last_edited_time: {} },
          },
        },
      }),
    );
    const [quick, slow] = [await recipe('Toast', 5), await recipe('Stew', 90)];
    const meal = fullPage(
      await notion.pages.create({
        parent: { data_source_id: meals.data_sources[0]!.id },
        properties: { Meal: { title: text('Brunch') }, Dishes: { relation: [{ id: quick.id }, { id: slow.id }] } },
      }),
    );
    expect(value(meal, 'Dish count', 'rollup').rollup).toEqual({ type: 'number', number: 2, function: 'count' });
    expect(value(meal, 'Longest', 'rollup').rollup).toEqual({ type: 'number', number: 90, function: 'max' });
    const each = value(meal, 'Each', 'rollup').rollup;
    if (each.type !== 'array') throw new Error(`expected an array rollup, got ${each.type}`);
    expect(each.function).toBe('show_original');
    expect(each.array.map((v) => (v.type === 'number' ? v.number : v.type))).toEqual([5, 90]);
    const author = value(meal, 'Author', 'created_by').created_by;
    expect(author).toMatchObject({ object: 'user', id: server.info.botId });
    expect(value(meal, 'Edited', 'last_edited_time').last_edited_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
  });

  it('unique_id numbers count up by one per page of the data source', async () => {
    const first = await grocery('First');
    const second = await grocery('Second');
    const third = await grocery('Third');
    const numbers = [first, second, third].map((p) => value(p, 'SKU', 'unique_id').unique_id);
    expect(numbers.every((n) => n.prefix === 'SKU')).toBe(true);
    const [a, b, c] = numbers.map((n) => n.number!);
    expect([b! - a!, c! - b!]).toEqual([1, 1]);
    expect(a).toBeGreaterThanOrEqual(1);
  });

  it('pages.properties.retrieve returns the title of a data source page', async () => {
    const page = await grocery('Avocado');
    const response = await notion.pages.properties.retrieve({ page_id: page.id, property_id: 'title' });
    if (response.object !== 'list') throw new Error(`expected a list, got ${response.object}`);
    expect(response).toMatchObject({ object: 'list', type: 'property_item', has_more: false, next_cursor: null });
    expect(response.property_item).toMatchObject({ id: 'title', type: 'title' });
    expect(response.results.map((r) => (r.type === 'title' ? r.title.plain_text : r.type))).toEqual(['Avocado']);
  });

  it('dataSources.create adds a second data source to the database', async () => {
    const created = fullDataSource(
      await notion.dataSources.create({
        parent: { type: 'database_id', database_id: groceriesDb.id },
        title: text('Pantry'),
        icon: { type: 'emoji', emoji: '🥫' },
        properties: {
          Item: { title: {} },
          Count: { number: { format: 'number_with_commas' } },
          Shelf: { select: { options: [{ name: 'Top' }, { name: 'Bottom' }] } },
          Label: { unique_id: { prefix: null } },
        },
      }),
    );
    expect(created).toMatchObject({
      object: 'data_source',
      parent: { type: 'database_id', database_id: groceriesDb.id },
      database_parent: { type: 'page_id', page_id: server.info.rootPageId },
      icon: { type: 'emoji', emoji: '🥫' },
      in_trash: false,
    });
    expect(plain(created.title)).toBe('Pantry');
    expect(Object.keys(created.properties).sort()).toEqual(['Count', 'Item', 'Label', 'Shelf']);
    expect(config(created, 'Item', 'title').id).toBe('title');
    expect(config(created, 'Count', 'number').number.format).toBe('number_with_commas');
    // Options created without a color get one.
    for (const option of config(created, 'Shelf', 'select').select.options) expect(option.color).toEqual(expect.any(String));
    expect(config(created, 'Label', 'unique_id').unique_id).toEqual({ prefix: null });
    expect(sansRequestId(fullDataSource(await notion.dataSources.retrieve({ data_source_id: created.id })))).toEqual(sansRequestId(created));

    const database = fullDatabase(await notion.databases.retrieve({ database_id: groceriesDb.id }));
    expect(database.data_sources).toEqual([
      { id: groceriesSourceId, name: 'Grocery list' },
      { id: created.id, name: 'Pantry' },
    ]);

    const row = fullPage(
      await notion.pages.create({
        parent: { data_source_id: created.id },
        properties: { Item: { title: text('Beans') }, Count: { number: 1200 }, Shelf: { select: { name: 'Top' } } },
      }),
    );
    expect(row.parent).toEqual({ type: 'data_source_id', data_source_id: created.id, database_id: groceriesDb.id });
    expect(value(row, 'Count', 'number').number).toBe(1200);
    expect(value(row, 'Shelf', 'select').select?.name).toBe('Top');
    expect(value(row, 'Label', 'unique_id').unique_id).toEqual({ prefix: null, number: 1 });
    // Properties of the other data source are not properties of this one.
    const error = await expectApiError(
      notion.pages.create({ parent: { data_source_id: created.id }, properties: { Item: { title: text('x') }, Price: { number: 1 } } }),
      APIErrorCode.ValidationError,
      400,
    );
    expect(error.message).toBe('Price is not a property that exists.');
  });

  it('dataSources.update renames, adds and removes properties', async (context) => {
    const database = fullDatabase(
      await notion.databases.create({
        parent: { type: 'page_id', page_id: server.info.rootPageId },
        title: text('Drafts'),
        initial_data_source: { properties: { Name: { title: {} }, Old: { rich_text: {} }, Gone: { checkbox: {} } } },
      }),
    );
    const source = fullDataSource(await notion.dataSources.retrieve({ data_source_id: database.data_sources[0]!.id }));
    const oldId = source.properties.Old!.id;
    const request = notion.dataSources.update({
      data_source_id: source.id,
      title: text('Drafts v2'),
      properties: { Old: { name: 'New' }, Gone: null, Rating: { number: { format: 'percent' } } },
    });
    if (!(await served(request))) {
      context.skip();
      return;
    }
    const updated = fullDataSource(await request);
    expect(plain(updated.title)).toBe('Drafts v2');
    expect(Object.keys(updated.properties).sort()).toEqual(['Name', 'New', 'Rating']);
    expect(updated.properties.New).toMatchObject({ id: oldId, type: 'rich_text', name: 'New' });
    expect(config(updated, 'Rating', 'number').number.format).toBe('percent');
    expect(fullDataSource(await notion.dataSources.retrieve({ data_source_id: source.id })).properties).toEqual(updated.properties);
  });

  it('databases.update changes the title, description and icon', async (context) => {
    const database = fullDatabase(
      await notion.databases.create({ parent: { type: 'page_id', page_id: server.info.rootPageId }, title: text('Before'), initial_data_source: {} }),
    );
    const request = notion.databases.update({
      database_id: database.id,
      title: text('After'),
      description: text('Renamed'),
      icon: { type: 'emoji', emoji: '📦' },
    });
    if (!(await served(request))) {
      context.skip();
      return;
    }
    const updated = fullDatabase(await request);
    expect(plain(updated.title)).toBe('After');
    expect(plain(updated.description)).toBe('Renamed');
    expect(updated.icon).toEqual({ type: 'emoji', emoji: '📦' });
    expect(updated.data_sources.map((d) => d.id)).toEqual(database.data_sources.map((d) => d.id));
    expect(sansRequestId(fullDatabase(await notion.databases.retrieve({ database_id: database.id })))).toEqual(sansRequestId(updated));
  });

  it('a database created without a schema gets a Name title property', async () => {
    const database = fullDatabase(await notion.databases.create({ parent: { type: 'page_id', page_id: server.info.rootPageId }, title: text('Bare') }));
    expect(database.data_sources).toHaveLength(1);
    const source = fullDataSource(await notion.dataSources.retrieve({ data_source_id: database.data_sources[0]!.id }));
    expect(source.properties).toEqual({ Name: { id: 'title', name: 'Name', description: null, type: 'title', title: {} } });
  });

  describe('errors', () => {
    it('a value of the wrong type is a validation_error naming the expected type', async () => {
      const wrong = await expectApiError(
        notion.pages.create({ parent: { data_source_id: groceriesSourceId }, properties: { Name: { title: text('x') }, Price: { rich_text: text('2.5') } } }),
        APIErrorCode.ValidationError,
        400,
      );
      expect(wrong.message).toBe('Price is expected to be number.');
      const page = await grocery('Typed');
      const several = await expectApiError(
        notion.pages.update({ page_id: page.id, properties: { Status: { select: { name: 'Done' } }, Contact: { url: 'https://example.com' } } }),
        APIErrorCode.ValidationError,
        400,
      );
      expect(several.message).toBe('Status is expected to be status. Contact is expected to be email.');
    });

    it('an unknown property is a validation_error', async () => {
      const error = await expectApiError(
        notion.pages.create({ parent: { data_source_id: groceriesSourceId }, properties: { Name: { title: text('x') }, Colour: { rich_text: text('red') } } }),
        APIErrorCode.ValidationError,
        400,
      );
      expect(error.message).toBe('Colour is not a property that exists.');
      const page = await grocery('Unknown');
      const update = await expectApiError(
        notion.pages.update({ page_id: page.id, properties: { Colour: { rich_text: text('red') } } }),
        APIErrorCode.ValidationError,
        400,
      );
      expect(update.message).toBe('Colour is not a property that exists.');
    });

    it('a status option that does not exist is a validation_error', async () => {
      await expectApiError(
        notion.pages.create({ parent: { data_source_id: groceriesSourceId }, properties: { Status: { status: { name: 'Someday' } } } }),
        APIErrorCode.ValidationError,
        400,
      );
    });

    it('an unknown data source is object_not_found; database and data source ids are not interchangeable', async () => {
      const create = await expectApiError(
        notion.pages.create({ parent: { data_source_id: MISSING_ID }, properties: { Name: { title: text('x') } } }),
        APIErrorCode.ObjectNotFound,
        404,
      );
      expect(create.message).toContain(MISSING_ID);
      await expectApiError(notion.dataSources.retrieve({ data_source_id: MISSING_ID }), APIErrorCode.ObjectNotFound, 404);
      await expectApiError(notion.dataSources.retrieve({ data_source_id: groceriesDb.id }), APIErrorCode.ObjectNotFound, 404);
      await expectApiError(notion.databases.retrieve({ database_id: groceriesSourceId }), APIErrorCode.ObjectNotFound, 404);
      await expectApiError(
        notion.dataSources.create({ parent: { database_id: MISSING_ID }, properties: { Name: { title: {} } } }),
        APIErrorCode.ObjectNotFound,
        404,
      );
      await expectApiError(
        notion.databases.create({
          parent: { type: 'page_id', page_id: server.info.rootPageId },
          initial_data_source: { properties: { Name: { title: {} }, Link: { relation: { data_source_id: MISSING_ID, single_property: {} } } } },
        }),
        APIErrorCode.ObjectNotFound,
        404,
      );
    });

    it('a relation to a page outside the related data source is a validation_error', async () => {
      const stranger = await grocery('Not a recipe');
      await expectApiError(
        notion.pages.create({
          parent: { data_source_id: groceriesSourceId },
          properties: { Name: { title: text('x') }, Recipes: { relation: [{ id: stranger.id }] } },
        }),
        APIErrorCode.ValidationError,
        400,
      );
    });
  });
});

/** The 2022-06-28 database object: the table itself, with its schema in `properties`. */
interface LegacyDatabase {
  object: 'database';
  id: string;
  title: RichTextItemResponse[];
  parent: { type: string; page_id?: string };
  properties: Record<string, PropertyConfig>;
  archived: boolean;
  in_trash: boolean;
  is_inline: boolean;
  url: string;
}

describe('SDK databases with notionVersion 2022-06-28', () => {
  let server: RunningServer;
  let legacy: Client;
  let current: Client;

  beforeAll(async () => {
    server = await startListeningServer();
    legacy = sdkClient(server, { notionVersion: '2022-06-28' });
    current = sdkClient(server);
  });
  afterAll(() => server?.close());

  /**
   * `databases.create` of SDK v5 only sends the 2025-09-03 body (`initial_data_source`) and drops
   * other keys, so the 2022-06-28 body with `properties` goes through `request`.
   */
  const createLegacyDatabase = (body: Record<string, unknown>) => legacy.request<LegacyDatabase>({ path: 'databases', method: 'post', body });

  it('creates a database from `properties`, retrieves the legacy shape and adds rows by database_id', async () => {
    const tasks = await createLegacyDatabase({
      parent: { page_id: server.info.rootPageId },
      title: text('Tasks'),
      properties: {
        Task: { title: {} },
        Estimate: { number: { format: 'number' } },
        Priority: {
          select: {
            options: [
              { name: 'High', color: 'red' },
              { name: 'Low', color: 'gray' },
            ],
          },
        },
        Done: { checkbox: {} },
        Ref: { unique_id: { prefix: 'T' } },
      },
    });
    expect(tasks).toMatchObject({
      object: 'database',
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      archived: false,
      in_trash: false,
      is_inline: false,
    });
    expect(tasks).not.toHaveProperty('data_sources');
    expect(plain(tasks.title)).toBe('Tasks');
    expect(Object.keys(tasks.properties).sort()).toEqual(['Done', 'Estimate', 'Priority', 'Ref', 'Task']);
    expect(tasks.properties.Task).toEqual({ id: 'title', name: 'Task', description: null, type: 'title', title: {} });

    const retrieved = (await legacy.databases.retrieve({ database_id: tasks.id })) as unknown as LegacyDatabase;
    expect(sansRequestId(retrieved)).toEqual(sansRequestId(tasks));

    // The same database seen from 2025-09-03 is a container of one data source with that schema.
    const container = fullDatabase(await current.databases.retrieve({ database_id: tasks.id }));
    expect(container).not.toHaveProperty('properties');
    expect(container.data_sources).toHaveLength(1);
    const source = fullDataSource(await current.dataSources.retrieve({ data_source_id: container.data_sources[0]!.id }));
    expect(source.properties).toEqual(tasks.properties);

    const row = fullPage(
      await legacy.pages.create({
        parent: { database_id: tasks.id },
        properties: { Task: { title: text('Write tests') }, Estimate: { number: 3 }, Priority: { select: { name: 'High' } }, Done: { checkbox: true } },
      }),
    );
    if (row.parent.type !== 'database_id') throw new Error(`expected a database_id parent, got ${row.parent.type}`);
    expect(row.parent).toEqual({ type: 'database_id', database_id: tasks.id });
    expect(row.archived).toBe(false);
    expect(value(row, 'Estimate', 'number').number).toBe(3);
    expect(value(row, 'Priority', 'select').select).toMatchObject({ name: 'High', color: 'red' });
    expect(value(row, 'Done', 'checkbox').checkbox).toBe(true);
    expect(value(row, 'Ref', 'unique_id').unique_id).toEqual({ prefix: 'T', number: 1 });
    expect(fullPage(await legacy.pages.retrieve({ page_id: row.id })).parent).toEqual({ type: 'database_id', database_id: tasks.id });
    // From 2025-09-03 the same row names its data source as well.
    expect(fullPage(await current.pages.retrieve({ page_id: row.id })).parent).toEqual({
      type: 'data_source_id',
      data_source_id: source.id,
      database_id: tasks.id,
    });

    const updated = fullPage(await legacy.pages.update({ page_id: row.id, properties: { Estimate: { number: 5 }, Done: { checkbox: false } } }));
    expect(value(updated, 'Estimate', 'number').number).toBe(5);
    expect(value(updated, 'Done', 'checkbox').checkbox).toBe(false);

    const title = await legacy.pages.properties.retrieve({ page_id: row.id, property_id: 'title' });
    if (title.object !== 'list') throw new Error(`expected a list, got ${title.object}`);
    expect(title.results.map((r) => (r.type === 'title' ? r.title.plain_text : r.type))).toEqual(['Write tests']);
  });

  it('relations take database_id, and their schema names the database', async () => {
    const people = await createLegacyDatabase({ parent: { page_id: server.info.rootPageId }, title: text('People'), properties: { Name: { title: {} } } });
    const projects = await createLegacyDatabase({
      parent: { page_id: server.info.rootPageId },
      title: text('Projects'),
      properties: { Name: { title: {} }, Members: { relation: { database_id: people.id, single_property: {} } } },
    });
    expect(projects.properties.Members).toMatchObject({ type: 'relation', relation: { database_id: people.id, type: 'single_property', single_property: {} } });
    const ada = fullPage(await legacy.pages.create({ parent: { database_id: people.id }, properties: { Name: { title: text('Ada') } } }));
    const project = fullPage(
      await legacy.pages.create({
        parent: { database_id: projects.id },
        properties: { Name: { title: text('Engine') }, Members: { relation: [{ id: ada.id }] } },
      }),
    );
    expect(relationIds(project, 'Members')).toEqual([ada.id]);
  });

  it('a database without properties is a validation_error', async () => {
    const error = await expectApiError(
      createLegacyDatabase({ parent: { page_id: server.info.rootPageId }, title: text('No schema') }),
      APIErrorCode.ValidationError,
      400,
    );
    expect(error.message).toBe('body failed validation: body.properties should be defined, instead was `undefined`.');
  });

  it('a database with two data sources cannot be shown in this version', async () => {
    const database = fullDatabase(
      await current.databases.create({
        parent: { type: 'page_id', page_id: server.info.rootPageId },
        title: text('Split'),
        initial_data_source: { properties: { Name: { title: {} } } },
      }),
    );
    await current.dataSources.create({ parent: { database_id: database.id }, title: text('Second half'), properties: { Name: { title: {} } } });
    const error = await expectApiError(legacy.databases.retrieve({ database_id: database.id }), APIErrorCode.ValidationError, 400);
    expect(error.message).toBe('Databases with multiple data sources are not supported in this API version.');
    expect(error.additional_data).toMatchObject({
      error_type: 'multiple_data_sources_for_database',
      database_id: database.id,
      minimum_api_version: '2025-09-03',
    });
  });

  it('data source routes are invalid_request_url', async () => {
    const tasks = await createLegacyDatabase({ parent: { page_id: server.info.rootPageId }, properties: { Name: { title: {} } } });
    const container = fullDatabase(await current.databases.retrieve({ database_id: tasks.id }));
    const sourceId = container.data_sources[0]!.id;
    await expectApiError(legacy.request({ path: `data_sources/${sourceId}`, method: 'get' }), APIErrorCode.InvalidRequestURL, 400);
    await expectApiError(legacy.dataSources.retrieve({ data_source_id: sourceId }), APIErrorCode.InvalidRequestURL, 400);
    await expectApiError(
      legacy.dataSources.create({ parent: { database_id: tasks.id }, properties: { Name: { title: {} } } }),
      APIErrorCode.InvalidRequestURL,
      400,
    );
  });
});
