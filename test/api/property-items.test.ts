// GET /v1/pages/{page_id}/properties/{property_id} (spec P4, 5.4, 8.4), filter_properties (spec
// P2, 4.2) and the 25-reference cut of page objects (spec P2, 10.3).
import { beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/services/workspace.js';
import { createDatabase, createRow, expectError, expectNotFound, getPage, schemaOf, text, textItem, type Json } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();

const N = 30;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const pad = (i: number) => String(i).padStart(2, '0');

// Recipe i: Calories 10·i, done when i is a multiple of 3, served on 2024-01-i.
const calories = (i: number) => 10 * i;
const done = (i: number) => i % 3 === 0;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

let recipesSource: string;
let recipeIds: string[];
let recipeSchema: Record<string, any>;
let groceriesSource: string;
let schema: Record<string, any>;
let userIds: string[];
let page: Json;
let rollupOnly: Json;
let emptyPage: Json;

const ROLLUPS: Record<string, [string, string]> = {
  Total: ['Calories', 'sum'],
  Count: ['Calories', 'count'],
  Latest: ['Served', 'latest_date'],
  Span: ['Served', 'date_range'],
  Checked: ['Done', 'percent_checked'],
  Values: ['Calories', 'count_values'],
  Original: ['Calories', 'show_original'],
  Titles: ['Name', 'show_original'],
  Unique: ['Calories', 'unique'],
  Median: ['Calories', 'median'],
  Shown: ['Calories', 'show_unique'],
};

beforeAll(async () => {
  userIds = [];
  for (const i of range(N)) userIds.push(await createPerson(server.ctx, server.info.workspaceId, `Person ${pad(i)}`, `p${i}@example.com`));

  const recipes = await createDatabase(
    server,
    { Name: { title: {} }, Calories: { number: {} }, Done: { checkbox: {} }, Served: { date: {} } },
    { title: 'Recipes' },
  );
  recipesSource = recipes.dataSourceId;
  recipeIds = [];
  for (const i of range(N)) {
    const row = await createRow(server, recipesSource, {
      Name: { title: [text(`Recipe ${pad(i)}`)] },
      Calories: { number: calories(i) },
      Done: { checkbox: done(i) },
      Served: { date: { start: `2024-01-${pad(i)}` } },
    });
    recipeIds.push(row.id);
  }
  recipeSchema = await schemaOf(server, recipesSource);

  const properties: Record<string, unknown> = {
    Name: { title: {} },
    Notes: { rich_text: {} },
    Price: { number: { format: 'dollar' } },
    Link: { url: {} },
    Store: { select: { options: [{ name: 'Corner shop', color: 'yellow' }] } },
    Tags: {
      multi_select: {
        options: [
          { name: 'Leafy', color: 'green' },
          { name: 'Green', color: 'blue' },
        ],
      },
    },
    Stage: { status: {} },
    Due: { date: {} },
    Email: { email: {} },
    Phone: { phone_number: {} },
    'In stock': { checkbox: {} },
    Photo: { files: {} },
    Owners: { people: {} },
    Recipes: { relation: { data_source_id: recipesSource, single_property: {} } },
    Created: { created_time: {} },
    'Created by': { created_by: {} },
    Edited: { last_edited_time: {} },
    'Edited by': { last_edited_by: {} },
    Cost: { formula: { expression: 'prop("Price") * 2' } },
    Buy: { button: {} },
    'Task ID': { unique_id: { prefix: 'TASK' } },
    Verified: { verification: {} },
    Where: { place: {} },
  };
  for (const [name, [rolled, fn]] of Object.entries(ROLLUPS)) {
    properties[name] = { rollup: { relation_property_name: 'Recipes', rollup_property_name: rolled, function: fn } };
  }
  const groceries = await createDatabase(server, properties, { title: 'Groceries' });
  groceriesSource = groceries.dataSourceId;
  schema = await schemaOf(server, groceriesSource);

  page = await createRow(server, groceriesSource, {
    Name: { title: range(N).map((i) => text(`t${pad(i)} `)) },
    Notes: { rich_text: range(N).map((i) => text(`n${pad(i)} `)) },
    Price: { number: 2.5 },
    Link: { url: 'https://example.com/kale' },
    Store: { select: { name: 'Corner shop' } },
    Tags: { multi_select: [{ name: 'Leafy' }, { name: 'Green' }] },
    Stage: { status: { name: 'In progress' } },
    Due: { date: { start: '2023-02-23', end: '2023-02-25' } },
    Email: { email: 'kale@example.com' },
    Phone: { phone_number: '415-000-1111' },
    'In stock': { checkbox: true },
    Photo: { files: [{ name: 'kale.jpg', external: { url: 'https://example.com/kale.jpg' } }] },
    Owners: { people: userIds.map((id) => ({ id })) },
    Recipes: { relation: recipeIds.map((id) => ({ id })) },
    Verified: { verification: { state: 'verified', date: { start: '2024-05-01T10:00:00.000Z' } } },
    Where: { place: { lat: 37.77, lon: -122.42, name: 'San Francisco' } },
  });
  // A page with three related recipes (3, 6 and 9: every one done) and one with none.
  rollupOnly = await createRow(server, groceriesSource, {
    Name: { title: [text('Few')] },
    Recipes: { relation: [2, 5, 8].map((i) => ({ id: recipeIds[i] })) },
  });
  emptyPage = await createRow(server, groceriesSource, {});
});

const idOf = (name: string): string => schema[name].id;
// Ids go into the path as responses carry them (URL-encoded), as the SDK sends them.
const itemUrl = (pageId: string, propertyId: string, query = '') => `/v1/pages/${pageId}/properties/${propertyId}${query}`;

async function get(url: string, version?: string): Promise<TestResponse> {
  const res = await server.request('GET', url, { version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

/** Every page of a listed property, following next_cursor; checks each envelope on the way. */
async function collect(pageId: string, propertyId: string, pageSize?: number): Promise<{ results: Json[]; pages: Json[] }> {
  const results: Json[] = [];
  const pages: Json[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams();
    if (cursor) query.set('start_cursor', cursor);
    if (pageSize !== undefined) query.set('page_size', String(pageSize));
    const qs = query.toString() ? `?${query}` : '';
    const body: Json = (await get(itemUrl(pageId, propertyId, qs))).body;
    expect(Object.keys(body)).toEqual(['object', 'results', 'next_cursor', 'has_more', 'type', 'property_item', 'request_id']);
    expect(body.object).toBe('list');
    expect(body.type).toBe('property_item');
    expect(body.has_more).toBe(body.next_cursor !== null);
    expect(body.property_item.id).toBe(propertyId);
    expect(body.results.length).toBeLessThanOrEqual(pageSize ?? 100);
    if (body.has_more) {
      expect(body.results.length).toBe(pageSize ?? 100);
      // This server's own address (inject() reaches it as localhost:80), then the same query.
      const query = `start_cursor=${body.next_cursor}${pageSize === undefined ? '' : `&page_size=${pageSize}`}`;
      expect(body.property_item.next_url).toBe(`http://localhost:80/v1/pages/${pageId}/properties/${propertyId}?${query}`);
    } else {
      expect(body.property_item.next_url).toBeNull();
    }
    results.push(...body.results);
    pages.push(body);
    cursor = body.next_cursor;
  } while (cursor);
  return { results, pages };
}

describe('single property items', () => {
  const SINGLE = [
    'Price',
    'Link',
    'Store',
    'Tags',
    'Stage',
    'Due',
    'Email',
    'Phone',
    'In stock',
    'Photo',
    'Created',
    'Created by',
    'Edited',
    'Edited by',
    'Cost',
    'Buy',
    'Task ID',
    'Verified',
    'Where',
  ];

  it('covers every single-value type', () => {
    expect(SINGLE.map((name) => schema[name].type).sort()).toEqual([
      'button',
      'checkbox',
      'created_by',
      'created_time',
      'date',
      'email',
      'files',
      'formula',
      'last_edited_by',
      'last_edited_time',
      'multi_select',
      'number',
      'phone_number',
      'place',
      'select',
      'status',
      'unique_id',
      'url',
      'verification',
    ]);
  });

  it.each(SINGLE)('returns %s as one property_item holding the whole value', async (name) => {
    const { type, id } = schema[name];
    const res = await get(itemUrl(page.id, id));
    expect(Object.keys(res.body)).toEqual(['object', 'id', 'type', type, 'request_id']);
    expect(res.body).toEqual({ object: 'property_item', id, type, [type]: page.properties[name][type], request_id: res.headers['x-notion-request-id'] });
  });

  it('carries the values as written', async () => {
    const value = async (name: string) => (await get(itemUrl(page.id, idOf(name)))).body[schema[name].type];
    expect(await value('Price')).toBe(2.5);
    expect(await value('Link')).toBe('https://example.com/kale');
    expect(await value('Store')).toEqual({ id: expect.any(String), name: 'Corner shop', color: 'yellow' });
    expect((await value('Tags')).map((t: Json) => t.name)).toEqual(['Leafy', 'Green']);
    expect((await value('Stage')).name).toBe('In progress');
    expect(await value('Due')).toEqual({ start: '2023-02-23', end: '2023-02-25', time_zone: null });
    expect(await value('Email')).toBe('kale@example.com');
    expect(await value('Phone')).toBe('415-000-1111');
    expect(await value('In stock')).toBe(true);
    expect(await value('Photo')).toEqual([{ name: 'kale.jpg', type: 'external', external: { url: 'https://example.com/kale.jpg' } }]);
    expect(await value('Created')).toBe(page.created_time);
    expect((await value('Created by')).id).toBe(page.created_by.id);
    expect(await value('Edited')).toBe(page.last_edited_time);
    expect((await value('Edited by')).id).toBe(page.last_edited_by.id);
    expect(await value('Cost')).toEqual({ type: 'number', number: 5 });
    expect(await value('Buy')).toEqual({});
    expect(await value('Task ID')).toEqual({ prefix: 'TASK', number: 1 });
    expect(await value('Verified')).toMatchObject({ state: 'verified', verified_by: { object: 'user', id: page.created_by.id } });
    expect(await value('Where')).toEqual({ lat: 37.77, lon: -122.42, name: 'San Francisco' });
  });

  it('returns empty values as null, [] or false', async () => {
    const value = async (name: string) => (await get(itemUrl(emptyPage.id, idOf(name)))).body[schema[name].type];
    for (const name of ['Price', 'Link', 'Store', 'Due', 'Email', 'Phone', 'Where']) expect(await value(name)).toBeNull();
    expect(await value('Tags')).toEqual([]);
    expect(await value('Photo')).toEqual([]);
    expect(await value('In stock')).toBe(false);
    expect(await value('Verified')).toEqual({ state: 'unverified', verified_by: null, date: null });
  });

  it('ignores start_cursor and page_size for single values', async () => {
    const res = await get(itemUrl(page.id, idOf('Price'), '?page_size=1&start_cursor=whatever'));
    expect(res.body.number).toBe(2.5);
  });
});

describe('paginated property items', () => {
  it('lists every title item, one rich text item per result', async () => {
    const { results, pages } = await collect(page.id, 'title', 7);
    expect(pages).toHaveLength(5);
    expect(results).toEqual(range(N).map((i) => ({ object: 'property_item', id: 'title', type: 'title', title: textItem(`t${pad(i)} `) })));
    for (const p of pages) expect(p.property_item).toMatchObject({ type: 'title', title: {} });
  });

  it('lists every rich_text item, across pages and in one page', async () => {
    const id = idOf('Notes');
    const paged = await collect(page.id, id, 4);
    expect(paged.pages).toHaveLength(8);
    expect(paged.results).toEqual(range(N).map((i) => ({ object: 'property_item', id, type: 'rich_text', rich_text: textItem(`n${pad(i)} `) })));
    const whole = await collect(page.id, id);
    expect(whole.pages).toHaveLength(1);
    expect(whole.results).toEqual(paged.results);
    expect(whole.pages[0]!.property_item).toEqual({ id, next_url: null, type: 'rich_text', rich_text: {} });
  });

  it('lists every person, one user object per result', async () => {
    const id = idOf('Owners');
    const { results, pages } = await collect(page.id, id, 8);
    expect(pages).toHaveLength(4);
    expect(results.map((r) => r.people.id)).toEqual(userIds);
    expect(results[0]).toEqual({
      object: 'property_item',
      id,
      type: 'people',
      people: { object: 'user', id: userIds[0], name: 'Person 01', avatar_url: null, type: 'person', person: { email: 'p1@example.com' } },
    });
    expect(pages[0]!.property_item).toMatchObject({ id, type: 'people', people: {} });
  });

  it('lists every related page, not just the first 25', async () => {
    const id = idOf('Recipes');
    for (const size of [1, 10, 25, 29, 30, 100]) {
      const { results, pages } = await collect(page.id, id, size);
      expect(pages).toHaveLength(Math.ceil(N / size));
      expect(results).toEqual(recipeIds.map((r) => ({ object: 'property_item', id, type: 'relation', relation: { id: r } })));
    }
    const { pages } = await collect(page.id, id);
    expect(pages[0]!.property_item).toEqual({ id, next_url: null, type: 'relation', relation: {} });
  });

  it('answers an empty list for empty values', async () => {
    for (const name of ['Name', 'Notes', 'Owners', 'Recipes']) {
      const { id, type } = schema[name];
      const { pages } = await collect(emptyPage.id, id);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.results).toEqual([]);
      expect(pages[0]!.property_item).toEqual({ id, next_url: null, type, [type]: {} });
    }
  });

  it('gives a next_url that fetches the next page', async () => {
    const first = await get(itemUrl(page.id, idOf('Recipes'), '?page_size=20'));
    const next = new URL(first.body.property_item.next_url);
    const second = await get(`${next.pathname}${next.search}`);
    expect(second.body.results.map((r: Json) => r.relation.id)).toEqual(recipeIds.slice(20));
    expect(second.body.has_more).toBe(false);
  });

  it('gives the same lists under 2022-06-28', async () => {
    const res = await get(itemUrl(page.id, idOf('Recipes'), '?page_size=5'), '2022-06-28');
    expect(res.body.results.map((r: Json) => r.relation.id)).toEqual(recipeIds.slice(0, 5));
    expect(res.body.has_more).toBe(true);
  });

  it('lists the title of a page outside a data source', async () => {
    const parts = range(N).map((i) => `w${i} `);
    const created = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: parts.map(text) } },
    });
    const { results, pages } = await collect(created.body.id, 'title', 12);
    expect(pages).toHaveLength(3);
    expect(results.map((r) => r.title.plain_text)).toEqual(parts);
  });
});

describe('rollup property items', () => {
  const allRecipes = range(N);
  const first25 = range(25);

  async function rollup(name: string, pageSize?: number, of: Json = page) {
    return collect(of.id, idOf(name), pageSize);
  }

  it('lists the related pages of an aggregating rollup and its value over all of them on the last page', async () => {
    const { results, pages } = await rollup('Total', 12);
    expect(pages).toHaveLength(3);
    const relationId = idOf('Recipes');
    expect(results).toEqual(recipeIds.map((r) => ({ object: 'property_item', id: relationId, type: 'relation', relation: { id: r } })));
    // Until the last page the value is not known yet (spec 5.4).
    for (const p of pages.slice(0, -1)) {
      expect(p.property_item).toEqual({
        id: idOf('Total'),
        next_url: p.property_item.next_url,
        type: 'rollup',
        rollup: { type: 'incomplete', incomplete: {}, function: 'sum' },
      });
    }
    expect(pages.at(-1)!.property_item).toEqual({
      id: idOf('Total'),
      next_url: null,
      type: 'rollup',
      rollup: { type: 'number', number: sum(allRecipes.map(calories)), function: 'sum' },
    });
  });

  it('computes each aggregating function over every related page', async () => {
    const last = async (name: string) => (await rollup(name, 10)).pages.at(-1)!.property_item.rollup;
    expect(await last('Total')).toEqual({ type: 'number', number: 4650, function: 'sum' });
    expect(await last('Count')).toEqual({ type: 'number', number: N, function: 'count' });
    expect(await last('Values')).toEqual({ type: 'number', number: N, function: 'count_values' });
    expect(await last('Latest')).toEqual({ type: 'date', date: { start: '2024-01-30', end: null, time_zone: null }, function: 'latest_date' });
    expect(await last('Span')).toEqual({ type: 'date', date: { start: '2024-01-01', end: '2024-01-30', time_zone: null }, function: 'date_range' });
    expect(await last('Checked')).toEqual({ type: 'number', number: 0.333333333333, function: 'percent_checked' });
  });

  it('reads at most 25 related pages for the rollups of page objects', async () => {
    const props = (await getPage(server, page.id)).properties;
    expect(props.Total.rollup).toEqual({ type: 'number', number: sum(first25.map(calories)), function: 'sum' });
    expect(props.Count.rollup).toEqual({ type: 'number', number: 25, function: 'count' });
    expect(props.Latest.rollup).toEqual({ type: 'date', date: { start: '2024-01-25', end: null, time_zone: null }, function: 'latest_date' });
    expect(props.Checked.rollup).toEqual({ type: 'number', number: 0.32, function: 'percent_checked' });
    expect(props.Original.rollup.type).toBe('array');
    expect(props.Original.rollup.array).toEqual(first25.map((i) => ({ type: 'number', number: calories(i) })));
  });

  it('lists show_original rollups as the flattened values, with an empty array as the value', async () => {
    const { results, pages } = await rollup('Original', 8);
    expect(pages).toHaveLength(4);
    const caloriesId = recipeSchema.Calories.id;
    expect(results).toEqual(allRecipes.map((i) => ({ object: 'property_item', id: caloriesId, type: 'number', number: calories(i) })));
    for (const p of pages) expect(p.property_item.rollup).toEqual({ type: 'array', array: [], function: 'show_original' });

    const titles = await rollup('Titles', 7);
    expect(titles.results).toEqual(allRecipes.map((i) => ({ object: 'property_item', id: 'title', type: 'title', title: textItem(`Recipe ${pad(i)}`) })));
  });

  it('lists the values of functions the endpoint does not compute, as unsupported', async () => {
    for (const [name, fn] of [
      ['Unique', 'unique'],
      ['Median', 'median'],
      ['Shown', 'show_unique'],
    ] as const) {
      const { results, pages } = await rollup(name, 11);
      expect(results.map((r) => r.number)).toEqual(allRecipes.map(calories));
      for (const p of pages) expect(p.property_item.rollup).toEqual({ type: 'unsupported', unsupported: {}, function: fn });
    }
  });

  it('leaves related pages in the trash out of rollups, not out of the relation', async () => {
    const extra: string[] = [];
    for (const i of [1, 2, 3]) extra.push((await createRow(server, recipesSource, { Calories: { number: 100 * i } })).id);
    const row = await createRow(server, groceriesSource, { Recipes: { relation: extra.map((id) => ({ id })) } });
    expect((await server.request('PATCH', `/v1/pages/${extra[1]}`, { body: { in_trash: true } })).status).toBe(200);
    const total = await rollup('Total', undefined, row);
    expect(total.results.map((r) => r.relation.id)).toEqual([extra[0], extra[2]]);
    expect(total.pages[0]!.property_item.rollup).toEqual({ type: 'number', number: 400, function: 'sum' });
    expect((await rollup('Original', undefined, row)).results.map((r) => r.number)).toEqual([100, 300]);
    expect((await getPage(server, row.id)).properties.Total.rollup.number).toBe(400);
    expect((await collect(row.id, idOf('Recipes'))).results.map((r) => r.relation.id)).toEqual(extra);
  });

  it('computes rollups of a page with few and with no related pages', async () => {
    const few = await rollup('Checked', undefined, rollupOnly);
    expect(few.results.map((r) => r.relation.id)).toEqual([recipeIds[2], recipeIds[5], recipeIds[8]]);
    expect(few.pages[0]!.property_item.rollup).toEqual({ type: 'number', number: 1, function: 'percent_checked' });

    const none = await rollup('Total', undefined, emptyPage);
    expect(none.results).toEqual([]);
    expect(none.pages[0]!.property_item.rollup).toEqual({ type: 'number', number: 0, function: 'sum' });
    const original = await rollup('Original', undefined, emptyPage);
    expect(original.pages[0]!.property_item.rollup).toEqual({ type: 'array', array: [], function: 'show_original' });
  });
});

describe('property ids in the path', () => {
  it('accepts every id URL-encoded, as responses carry it, raw, and encoded twice', async () => {
    for (const [name, { id, type }] of Object.entries(schema)) {
      const raw = decodeURIComponent(id);
      // Encoded twice by a client: the router decodes once, leaving the form responses carry.
      for (const path of [id, raw, encodeURIComponent(id)]) {
        const res = await get(`/v1/pages/${page.id}/properties/${path}?page_size=1`);
        const item = res.body.object === 'list' ? res.body.property_item : res.body;
        expect([name, item.id, item.type]).toEqual([name, id, type]);
      }
    }
  });

  it('accepts dashless page ids and answers with the dashed one in next_url', async () => {
    const res = await get(`/v1/pages/${page.id.replace(/-/g, '')}/properties/title?page_size=5`);
    expect(new URL(res.body.property_item.next_url).pathname).toBe(`/v1/pages/${page.id}/properties/title`);
  });

  it('answers an unknown property, or a property name, with a 404', async () => {
    expectError(await server.request('GET', `/v1/pages/${page.id}/properties/nope`), 404, 'object_not_found', 'Could not find property with ID: nope.');
    expectError(await server.request('GET', `/v1/pages/${page.id}/properties/Price`), 404, 'object_not_found', 'Could not find property with ID: Price.');
    const outside = await server.request('GET', `/v1/pages/${server.info.rootPageId}/properties/${idOf('Price')}`);
    expectError(outside, 404, 'object_not_found', `Could not find property with ID: ${decodeURIComponent(idOf('Price'))}.`);
  });

  it('answers an unknown page with a 404', async () => {
    const missing = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
    expectNotFound(await server.request('GET', `/v1/pages/${missing}/properties/title`), 'page', missing);
  });
});

describe('cursors', () => {
  const invalid = (res: TestResponse, cursor: string) => expectError(res, 400, 'validation_error', `The start_cursor provided is invalid: ${cursor}`);

  it('refuses made-up cursors', async () => {
    for (const cursor of ['bogus', '25', 'MjU']) {
      invalid(await server.request('GET', itemUrl(page.id, idOf('Recipes'), `?start_cursor=${cursor}`)), cursor);
    }
  });

  it('refuses a cursor of another property or another page', async () => {
    const cursor = (await get(itemUrl(page.id, idOf('Notes'), '?page_size=5'))).body.next_cursor as string;
    invalid(await server.request('GET', itemUrl(page.id, 'title', `?start_cursor=${cursor}`)), cursor);
    invalid(await server.request('GET', itemUrl(rollupOnly.id, idOf('Notes'), `?start_cursor=${cursor}`)), cursor);
    expect((await get(itemUrl(page.id, idOf('Notes'), `?start_cursor=${cursor}&page_size=5`))).body.results[0].rich_text.plain_text).toBe('n06 ');
  });

  it('are opaque strings, not positions', async () => {
    const cursor = (await get(itemUrl(page.id, idOf('Recipes'), '?page_size=5'))).body.next_cursor as string;
    expect(cursor).not.toMatch(/^\d+$/);
    expect(cursor).not.toBe(recipeIds[5]);
  });

  it('checks page_size', async () => {
    expectError(
      await server.request('GET', itemUrl(page.id, idOf('Recipes'), '?page_size=101')),
      400,
      'validation_error',
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    // 0 is read as the default.
    expect((await get(itemUrl(page.id, idOf('Recipes'), '?page_size=0'))).body.results).toHaveLength(N);
  });
});

describe('filter_properties', () => {
  const names = (body: Json) => Object.keys(body.properties).sort();

  it('limits the properties of a retrieved page to the ids given, repeated', async () => {
    const res = await get(`/v1/pages/${page.id}?filter_properties=${idOf('Price')}&filter_properties=title`);
    expect(names(res.body)).toEqual(['Name', 'Price']);
    expect(res.body.properties.Price).toEqual(page.properties.Price);
    expect(res.body.id).toBe(page.id);
    expect(res.body.url).toBe(page.url);
  });

  it('accepts the bracket form, decoded ids and the two forms together', async () => {
    const bracket = await get(`/v1/pages/${page.id}?filter_properties[]=${idOf('Email')}&filter_properties[]=${idOf('Owners')}`);
    expect(names(bracket.body)).toEqual(['Email', 'Owners']);
    const decoded = await get(`/v1/pages/${page.id}?filter_properties=${encodeURIComponent(decodeURIComponent(idOf('Tags')))}`);
    expect(names(decoded.body)).toEqual(['Tags']);
    const both = await get(`/v1/pages/${page.id}?filter_properties=${idOf('Phone')}&filter_properties%5B%5D=${idOf('Due')}`);
    expect(names(both.body)).toEqual(['Due', 'Phone']);
  });

  it('leaves out ids that name no property', async () => {
    expect(names((await get(`/v1/pages/${page.id}?filter_properties=nope&filter_properties=${idOf('Link')}`)).body)).toEqual(['Link']);
    expect((await get(`/v1/pages/${page.id}?filter_properties=nope`)).body.properties).toEqual({});
  });

  it('returns every property without it', async () => {
    expect(names((await get(`/v1/pages/${page.id}`)).body)).toEqual(Object.keys(schema).sort());
  });

  it('applies to pages outside data sources', async () => {
    const root = server.info.rootPageId;
    expect(Object.keys((await get(`/v1/pages/${root}?filter_properties=title`)).body.properties)).toEqual(['title']);
    expect((await get(`/v1/pages/${root}?filter_properties=${idOf('Price')}`)).body.properties).toEqual({});
  });

  it('applies to the pages that create and update answer with', async () => {
    const created = await server.request('POST', `/v1/pages?filter_properties=${idOf('Price')}`, {
      body: { parent: { data_source_id: groceriesSource }, properties: { Name: { title: [text('Filtered')] }, Price: { number: 3 } } },
    });
    expect(created.status).toBe(200);
    expect(created.body.properties).toEqual({ Price: { id: idOf('Price'), type: 'number', number: 3 } });
    const updated = await server.request('PATCH', `/v1/pages/${created.body.id}?filter_properties[]=title`, { body: { properties: { Price: { number: 4 } } } });
    expect(updated.status).toBe(200);
    expect(names(updated.body)).toEqual(['Name']);
    expect((await getPage(server, created.body.id)).properties.Price.number).toBe(4);
  });
});

describe('page objects cut arrays at 25 references', () => {
  it('keeps the first 25 title and rich text items', async () => {
    const props = (await getPage(server, page.id)).properties;
    expect(props.Name.title).toEqual(range(25).map((i) => textItem(`t${pad(i)} `)));
    expect(props.Notes.rich_text).toEqual(range(25).map((i) => textItem(`n${pad(i)} `)));
  });

  it('keeps the first 25 people', async () => {
    const props = (await getPage(server, page.id)).properties;
    expect(props.Owners.people.map((u: Json) => u.id)).toEqual(userIds.slice(0, 25));
  });

  it('keeps the first 25 related pages, with has_more', async () => {
    const props = (await getPage(server, page.id)).properties;
    expect(props.Recipes).toEqual({ id: idOf('Recipes'), type: 'relation', relation: recipeIds.slice(0, 25).map((id) => ({ id })), has_more: true });
    const few = (await getPage(server, rollupOnly.id)).properties.Recipes;
    expect(few).toEqual({ id: idOf('Recipes'), type: 'relation', relation: [2, 5, 8].map((i) => ({ id: recipeIds[i] })), has_more: false });
  });

  it('cuts the title of a page outside a data source too', async () => {
    const created = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: range(N).map((i) => text(`x${i}`)) } },
    });
    expect(created.body.properties.title.title).toHaveLength(25);
    expect((await getPage(server, created.body.id)).properties.title.title).toHaveLength(25);
  });
});
