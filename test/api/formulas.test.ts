// Formula properties through the API: expressions checked and stored with id references when a
// schema is written, values computed in page objects and property items (through relations and
// rollups, `now()` at read time), and queries that filter and sort on formulas.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createRow, expectError, formulaRef, getPage, schemaOf, text, titled, updatePage, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
let items: string;
let orders: string;
const item: Record<string, Json> = {};
const order: Record<string, Json> = {};

const patchSchema = (dataSourceId: string, properties: Record<string, unknown>) =>
  server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { properties } });

const query = (body: unknown, dataSourceId = orders) => server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body });

const titleOf = (page: Json): string => page.properties.Name.title.map((t: Json) => t.plain_text).join('');

async function titles(body: unknown): Promise<string[]> {
  const res = await query(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results.map(titleOf);
}

const value = async (page: Json, name: string) => (await getPage(server, page.id)).properties[name].formula;

beforeAll(async () => {
  const i = await createDatabase(
    server,
    {
      Name: { title: {} },
      Price: { number: {} },
      Taxed: { formula: { expression: 'round(prop("Price") * 1.2, 2)' } },
    },
    { title: 'Items' },
  );
  items = i.dataSourceId;
  item.pen = await createRow(server, items, { ...titled('Pen'), Price: { number: 2 } });
  item.ink = await createRow(server, items, { ...titled('Ink'), Price: { number: 5.5 } });
  item.cap = await createRow(server, items, { ...titled('Cap') });

  const o = await createDatabase(
    server,
    {
      Name: { title: {} },
      Qty: { number: {} },
      Note: { rich_text: {} },
      Paid: { checkbox: {} },
      Due: { date: {} },
      Tags: { multi_select: { options: [{ name: 'rush' }, { name: 'gift' }] } },
      Items: { relation: { data_source_id: items, single_property: {} } },
      Double: { formula: { expression: 'prop("Qty") * 2' } },
      Label: { formula: { expression: 'upper(prop("Name")) + " x" + prop("Qty")' } },
      Big: { formula: { expression: 'prop("Double") > 10' } },
      Deadline: { formula: { expression: 'dateAdd(prop("Due"), 7, "days")' } },
      Age: { formula: { expression: 'dateBetween(now(), prop("Due"), "days")' } },
      Total: { formula: { expression: 'prop("Items").map(current.prop("Price")).sum() * prop("Qty")' } },
      Taxes: { formula: { expression: 'prop("Items").map(current.prop("Taxed"))' } },
      TagText: { formula: { expression: 'prop("Tags").sort().join("+")' } },
    },
    { title: 'Orders' },
  );
  orders = o.dataSourceId;
  const rows: Array<[string, Record<string, unknown>]> = [
    [
      'alpha',
      {
        Qty: { number: 3 },
        Paid: { checkbox: true },
        Due: { date: { start: '2024-05-01' } },
        Tags: { multi_select: [{ name: 'rush' }, { name: 'gift' }] },
        Items: { relation: [{ id: item.pen!.id }, { id: item.ink!.id }] },
      },
    ],
    [
      'beta',
      {
        Qty: { number: 10 },
        Note: { rich_text: [text('fragile')] },
        Due: { date: { start: '2024-04-20T12:00:00.000Z' } },
        Items: { relation: [{ id: item.cap!.id }] },
      },
    ],
    ['gamma', { Qty: { number: 6 }, Paid: { checkbox: true } }],
    ['delta', {}],
  ];
  for (const [name, properties] of rows)
    order[name] = await server.at('2024-04-01T00:00:00.000Z', () => createRow(server, orders, { ...titled(name), ...properties }));
});

describe('formulas in schemas', () => {
  it('stores expressions with id references, which follow renames', async () => {
    const schema = await schemaOf(server, orders);
    expect(schema.Double.formula).toEqual({ expression: `${formulaRef(server, schema.Qty.id)} * 2` });
    expect(schema.Total.formula.expression).toBe(
      `${formulaRef(server, schema.Items.id)}.map(current.${formulaRef(server, (await schemaOf(server, items)).Price.id, items)}).sum() * ${formulaRef(server, schema.Qty.id)}`,
    );
    const renamed = await patchSchema(orders, { Qty: { name: 'Quantity' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.properties.Double.formula).toEqual(schema.Double.formula);
    expect((await getPage(server, order.alpha!.id)).properties.Double.formula).toEqual({ type: 'number', number: 6 });
    expect((await patchSchema(orders, { Quantity: { name: 'Qty' } })).status).toBe(200);
  });

  it('accepts the stored form back', async () => {
    const schema = await schemaOf(server, orders);
    const res = await patchSchema(orders, { Triple: { formula: { expression: `${formulaRef(server, schema.Qty.id)} * 3` } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await getPage(server, order.alpha!.id)).properties.Triple.formula).toEqual({ type: 'number', number: 9 });
    expect((await patchSchema(orders, { Triple: null })).status).toBe(200);
  });

  it.each([
    ['prop("Nope") + 1', 'Invalid formula expression for property Bad: Property "Nope" does not exist [0,12]'],
    ['1 +', 'Invalid formula expression for property Bad: Unexpected end of formula [3,3]'],
    ['prop("Qty") + true', 'Invalid formula expression for property Bad: Cannot add number and boolean [0,18]'],
    [
      'prop("Items").map(current.prop("Nope"))',
      'Invalid formula expression for property Bad: Property "Nope" does not exist in the related data source [26,38]',
    ],
    ['prop("Bad")', 'Invalid formula expression for property Bad: Formulas cannot reference themselves: Bad → Bad'],
  ])('refuses %s', async (expression, message) => {
    expectError(await patchSchema(orders, { Bad: { formula: { expression } } }), 400, 'validation_error', message);
    expect((await schemaOf(server, orders)).Bad).toBeUndefined();
  });

  it('refuses a cycle through other formulas, and a formula that does not parse when a data source is created', async () => {
    await patchSchema(orders, { A: { formula: { expression: '1' } } });
    await patchSchema(orders, { B: { formula: { expression: 'prop("A") + 1' } } });
    expectError(
      await patchSchema(orders, { A: { formula: { expression: 'prop("B") + 1' } } }),
      400,
      'validation_error',
      'Invalid formula expression for property A: Formulas cannot reference themselves: A → B → A',
    );
    expect((await patchSchema(orders, { A: null, B: null })).status).toBe(200);
    const res = await server.request('POST', '/v1/databases', {
      body: {
        parent: { page_id: server.info.rootPageId },
        title: [text('Broken')],
        initial_data_source: { properties: { Name: { title: {} }, F: { formula: { expression: 'if(' } } } },
      },
    });
    expectError(res, 400, 'validation_error', 'Invalid formula expression for property F: Unexpected end of formula [3,3]');
  });
});

describe('formula values', () => {
  it('renders each result type as Notion does', async () => {
    const page = await server.at('2024-05-11T09:00:00.000Z', () => getPage(server, order.alpha!.id));
    expect(page.properties.Double).toEqual({ id: expect.any(String), type: 'formula', formula: { type: 'number', number: 6 } });
    expect(page.properties.Label.formula).toEqual({ type: 'string', string: 'ALPHA x3' });
    expect(page.properties.Big.formula).toEqual({ type: 'boolean', boolean: false });
    expect(page.properties.Deadline.formula).toEqual({ type: 'date', date: { start: '2024-05-08', end: null, time_zone: null } });
    expect(page.properties.Age.formula).toEqual({ type: 'number', number: 10 });
    expect(page.properties.Total.formula).toEqual({ type: 'number', number: 22.5 });
    expect(page.properties.Taxes.formula).toEqual({ type: 'string', string: '2.4,6.6' });
    expect(page.properties.TagText.formula).toEqual({ type: 'string', string: 'gift+rush' });
    const empty = await getPage(server, order.delta!.id);
    expect(empty.properties.Deadline.formula).toEqual({ type: 'date', date: null });
    expect(empty.properties.Total.formula).toEqual({ type: 'number', number: 0 });
    expect(empty.properties.TagText.formula).toEqual({ type: 'string', string: null });
  });

  it('evaluates now() when the page is read', async () => {
    expect((await server.at('2024-05-02T00:00:00.000Z', () => getPage(server, order.alpha!.id))).properties.Age.formula.number).toBe(1);
    expect((await server.at('2024-06-01T00:00:00.000Z', () => getPage(server, order.alpha!.id))).properties.Age.formula.number).toBe(31);
  });

  it('follows changes of inputs, of formulas read, and of related pages', async () => {
    await updatePage(server, order.gamma!.id, { properties: { Qty: { number: 7 } } });
    const gamma = await getPage(server, order.gamma!.id);
    expect(gamma.properties.Double.formula.number).toBe(14);
    expect(gamma.properties.Big.formula.boolean).toBe(true);
    await updatePage(server, item.cap!.id, { properties: { Price: { number: 1 } } });
    expect(await value(order.beta!, 'Total')).toEqual({ type: 'number', number: 10 });
    await updatePage(server, item.cap!.id, { properties: { Price: { number: null } } });
    expect(await value(order.beta!, 'Total')).toEqual({ type: 'number', number: 0 });
  });

  it('rolls up formulas, and reads rollups in formulas', async () => {
    const res = await patchSchema(orders, {
      'Sum taxed': { rollup: { function: 'sum', relation_property_name: 'Items', rollup_property_name: 'Taxed' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await patchSchema(orders, { Rolled: { formula: { expression: 'prop("Sum taxed") + 1' } } })).status).toBe(200);
    const alpha = await getPage(server, order.alpha!.id);
    expect(alpha.properties['Sum taxed'].rollup).toEqual({ type: 'number', number: 9, function: 'sum' });
    expect(alpha.properties.Rolled.formula).toEqual({ type: 'number', number: 10 });
    expect((await patchSchema(items, { Cheap: { formula: { expression: 'prop("Price") < 3' } } })).status).toBe(200);
    expect(
      (await patchSchema(orders, { 'Cheap ones': { rollup: { function: 'checked', relation_property_name: 'Items', rollup_property_name: 'Cheap' } } })).status,
    ).toBe(200);
    expect((await getPage(server, order.alpha!.id)).properties['Cheap ones'].rollup).toEqual({ type: 'number', number: 1, function: 'checked' });
    expect((await patchSchema(orders, { 'Cheap ones': null })).status).toBe(200);
    expect((await patchSchema(orders, { 'Sum taxed': null, Rolled: null })).status).toBe(200);
  });

  it('answers a formula on the property item endpoint', async () => {
    const schema = await schemaOf(server, orders);
    const res = await server.request('GET', `/v1/pages/${order.alpha!.id}/properties/${schema.Label.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: 'property_item',
      id: schema.Label.id,
      type: 'formula',
      formula: { type: 'string', string: 'ALPHA x3' },
      request_id: expect.any(String),
    });
  });
});

describe('prop() of every property type', () => {
  it('reads each type as formulas see it', async () => {
    const bot = (await server.request('GET', '/v1/users/me')).body;
    const types: Record<string, [unknown, string, unknown]> = {
      Text: [{ rich_text: {} }, 'prop("Text") + "!"', { type: 'string', string: 'Hello!' }],
      Number: [{ number: {} }, 'prop("Number") / 4', { type: 'number', number: 3 }],
      Select: [{ select: { options: [{ name: 'Done' }] } }, 'prop("Select").lower()', { type: 'string', string: 'done' }],
      Multi: [{ multi_select: { options: [{ name: 'b' }, { name: 'a' }] } }, 'prop("Multi").sort()', { type: 'string', string: 'a,b' }],
      Stage: [{ status: {} }, 'prop("Stage")', { type: 'string', string: 'Not started' }],
      When: [{ date: {} }, 'prop("When")', { type: 'date', date: { start: '2024-03-15T09:30:00.000Z', end: '2024-03-16T09:30:00.000Z', time_zone: null } }],
      Who: [{ people: {} }, 'prop("Who").map(current.name()).join("")', { type: 'string', string: bot.name }],
      Docs: [{ files: {} }, 'prop("Docs").first()', { type: 'string', string: 'spec.pdf' }],
      Flag: [{ checkbox: {} }, 'not prop("Flag")', { type: 'boolean', boolean: false }],
      Site: [{ url: {} }, 'prop("Site").length()', { type: 'number', number: 19 }],
      Mail: [{ email: {} }, 'prop("Mail").split("@").last()', { type: 'string', string: 'x.test' }],
      Phone: [{ phone_number: {} }, 'prop("Phone")', { type: 'string', string: '+1 555' }],
      Made: [{ created_time: {} }, 'prop("Made")', { type: 'date', date: { start: '2024-04-02T10:20:00.000Z', end: null, time_zone: null } }],
      Maker: [{ created_by: {} }, 'prop("Maker").name()', { type: 'string', string: bot.name }],
      Touched: [{ last_edited_time: {} }, 'year(prop("Touched"))', { type: 'number', number: 2024 }],
      Toucher: [{ last_edited_by: {} }, 'prop("Toucher")', { type: 'string', string: bot.name }],
      Ref: [{ unique_id: { prefix: 'R' } }, 'prop("Ref") + 1', { type: 'number', number: 2 }],
      Check: [{ verification: {} }, 'prop("Check")', { type: 'string', string: 'unverified' }],
    };
    const properties: Record<string, unknown> = { Name: { title: {} } };
    for (const [name, [config, expression]] of Object.entries(types)) {
      properties[name] = config;
      properties[`${name} f`] = { formula: { expression } };
    }
    properties['Name f'] = { formula: { expression: 'prop("Name")' } };
    const { dataSourceId } = await createDatabase(server, properties, { title: 'Every type' });
    const page = await server.at('2024-04-02T10:20:30.000Z', () =>
      createRow(server, dataSourceId, {
        ...titled('Kale'),
        Text: { rich_text: [text('Hello')] },
        Number: { number: 12 },
        Select: { select: { name: 'Done' } },
        Multi: { multi_select: [{ name: 'b' }, { name: 'a' }] },
        When: { date: { start: '2024-03-15T10:30:00', end: '2024-03-16T10:30:00', time_zone: 'Europe/Paris' } },
        Who: { people: [{ id: bot.id }] },
        Docs: { files: [{ name: 'spec.pdf', external: { url: 'https://files.example/spec.pdf' } }] },
        Flag: { checkbox: true },
        Site: { url: 'https://example.com' },
        Mail: { email: 'a@x.test' },
        Phone: { phone_number: '+1 555' },
      }),
    );
    expect(page.properties['Name f'].formula).toEqual({ type: 'string', string: 'Kale' });
    for (const [name, [, , expected]] of Object.entries(types)) expect([name, page.properties[`${name} f`].formula]).toEqual([name, expected]);
  });
});

describe('queries on formulas', () => {
  it('filters on each result type', async () => {
    expect(await titles({ filter: { property: 'Double', formula: { number: { greater_than: 10 } } } })).toEqual(['beta', 'gamma']);
    expect(await titles({ filter: { property: 'Double', formula: { number: { is_empty: true } } } })).toEqual([]);
    expect(await titles({ filter: { property: 'Label', formula: { string: { contains: 'ALPHA' } } } })).toEqual(['alpha']);
    expect(await titles({ filter: { property: 'TagText', formula: { string: { is_empty: true } } } })).toEqual(['beta', 'gamma', 'delta']);
    expect(await titles({ filter: { property: 'Big', formula: { checkbox: { equals: true } } } })).toEqual(['beta', 'gamma']);
    expect(await titles({ filter: { property: 'Deadline', formula: { date: { after: '2024-05-01' } } } })).toEqual(['alpha']);
    expect(await titles({ filter: { property: 'Deadline', formula: { date: { is_not_empty: true } } } })).toEqual(['alpha', 'beta']);
  });

  it('combines formula conditions with the others in and/or', async () => {
    expect(
      await titles({
        filter: {
          and: [
            { property: 'Paid', checkbox: { equals: true } },
            { property: 'Double', formula: { number: { less_than: 10 } } },
          ],
        },
      }),
    ).toEqual(['alpha']);
    expect(
      await titles({
        filter: {
          or: [
            { property: 'Note', rich_text: { contains: 'fragile' } },
            { property: 'Label', formula: { string: { starts_with: 'gam' } } },
          ],
        },
      }),
    ).toEqual(['beta', 'gamma']);
    expect(
      await titles({
        filter: {
          or: [
            {
              and: [
                { property: 'Paid', checkbox: { equals: true } },
                { property: 'Big', formula: { checkbox: { equals: true } } },
              ],
            },
            { property: 'Qty', number: { is_empty: true } },
          ],
        },
      }),
    ).toEqual(['gamma', 'delta']);
  });

  it('sorts on formulas, empty values last, with cursors', async () => {
    // An empty number counts as 0 in arithmetic: delta's Double is 0, not empty.
    expect(await titles({ sorts: [{ property: 'Double', direction: 'descending' }] })).toEqual(['beta', 'gamma', 'alpha', 'delta']);
    expect(await titles({ sorts: [{ property: 'Label', direction: 'ascending' }] })).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(
      await titles({
        sorts: [
          { property: 'Deadline', direction: 'ascending' },
          { property: 'Name', direction: 'descending' },
        ],
      }),
    ).toEqual(['beta', 'alpha', 'gamma', 'delta']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await query({ sorts: [{ property: 'Double', direction: 'ascending' }], page_size: 1, ...(cursor ? { start_cursor: cursor } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.results.map(titleOf));
      cursor = res.body.next_cursor ?? undefined;
      expect(res.body.has_more).toBe(cursor !== undefined);
    } while (cursor);
    expect(seen).toEqual(['delta', 'alpha', 'gamma', 'beta']);
  });

  it('pages through a formula filter', async () => {
    const first = await query({ filter: { property: 'Double', formula: { number: { is_not_empty: true } } }, page_size: 2 });
    expect(first.body.results.map(titleOf)).toEqual(['alpha', 'beta']);
    expect(first.body.has_more).toBe(true);
    const second = await query({
      filter: { property: 'Double', formula: { number: { is_not_empty: true } } },
      page_size: 2,
      start_cursor: first.body.next_cursor,
    });
    expect(second.body.results.map(titleOf)).toEqual(['gamma', 'delta']);
    expect(second.body.has_more).toBe(false);
  });

  it('refuses conditions on rollups of formulas, which SQL cannot compute', async () => {
    expect(
      (await patchSchema(orders, { 'Sum taxed': { rollup: { function: 'sum', relation_property_name: 'Items', rollup_property_name: 'Taxed' } } })).status,
    ).toBe(200);
    expectError(
      await query({ filter: { property: 'Sum taxed', rollup: { number: { greater_than: 1 } } } }),
      400,
      'validation_error',
      'Filters and sorts on rollups of formulas are not supported: Sum taxed.',
    );
    expect((await patchSchema(orders, { 'Sum taxed': null })).status).toBe(200);
  });

  it('refuses a condition of another type than the formula gives', async () => {
    expectError(
      await query({ filter: { property: 'Double', formula: { string: { equals: '6' } } } }),
      400,
      'validation_error',
      'The property type in the database does not match the property type of the filter provided: database property formula (number) does not match filter string',
    );
  });
});
