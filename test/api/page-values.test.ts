// Pages in data sources (spec 3.2 P1/P3, 4.1, 4.3, 5.1-5.3, 6.3, 11.2): parents per version, the
// values of every property type written and read back, generated values, relations kept in step
// on both sides, and rollups. Held to the seed "Page object" examples with database parents.
import { beforeAll, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import {
  addSelfRelation,
  botUser,
  createDatabase,
  createDataSource,
  createRow,
  dashless,
  expectError,
  expectNotFound,
  getPage,
  ownerUser,
  schemaOf,
  text,
  textItem,
  titled,
  updatePage,
  type Json,
  WRITABLE,
} from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
let botId: string;

beforeAll(async () => {
  botId = (await server.request('GET', '/v1/users/me')).body.id;
});

const LEGACY = '2022-06-28';
const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';

const PAGE_KEYS = [
  'object',
  'id',
  'created_time',
  'last_edited_time',
  'created_by',
  'last_edited_by',
  'cover',
  'icon',
  'parent',
  'archived',
  'in_trash',
  'is_locked',
  'properties',
  'url',
  'public_url',
  'request_id',
];

const unionMessage = (key: string) =>
  `body failed validation. Fix one:\n${WRITABLE.map((t) => `body.properties.${key}.${t} should be defined, instead was \`undefined\`.`).join('\n')}`;

const postPage = (body: unknown, version?: string, token?: string) => server.request('POST', '/v1/pages', { body, version, token });
const patchPage = (id: string, body: unknown, version?: string, token?: string) => server.request('PATCH', `/v1/pages/${id}`, { body, version, token });
const postRow = (dataSourceId: string, properties: Record<string, unknown>) => postPage({ parent: { data_source_id: dataSourceId }, properties });

/** The number of pages (trashed or not) a data source holds. */
async function rowCount(dataSourceId: string): Promise<number> {
  const rows = await server.ctx.store.db.selectFrom('blocks').select('id').where('parent_id', '=', dataSourceId).execute();
  return rows.length;
}

const relationIds = (page: Json, name: string): string[] => page.properties[name].relation.map((r: { id: string }) => r.id);

// The database of the seed examples: Title, Due date and Status.
const SEED_SCHEMA = { Title: { title: {} }, 'Due date': { date: {} }, Status: { status: {} } };

describe('the seed page object with a database parent', () => {
  it('creates "Example 2: Creating a New Page in a Database" under 2022-06-28 and answers the page object of Example 1', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SEED_SCHEMA, { title: 'Bugs' });
    const schema = await schemaOf(server, dataSourceId);
    const inProgress = schema.Status.status.options.find((o: Json) => o.name === 'In progress');
    const res = await postPage(
      {
        parent: { type: 'database_id', database_id: databaseId },
        properties: {
          Title: { title: [{ text: { content: 'New Task' } }] },
          'Due date': { date: { start: '2023-05-15' } },
          Status: { status: { name: 'In progress' } },
        },
        icon: { type: 'emoji', emoji: '📝' },
      },
      LEGACY,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = res.body.id;
    expect(Object.keys(res.body)).toEqual(PAGE_KEYS);
    expect(res.body).toEqual({
      object: 'page',
      id,
      created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/),
      last_edited_time: res.body.created_time,
      created_by: { object: 'user', id: botId },
      last_edited_by: { object: 'user', id: botId },
      cover: null,
      icon: { type: 'emoji', emoji: '📝' },
      parent: { type: 'database_id', database_id: databaseId },
      archived: false,
      in_trash: false,
      is_locked: false,
      properties: {
        Title: { id: 'title', type: 'title', title: [textItem('New Task')] },
        'Due date': { id: schema['Due date'].id, type: 'date', date: { start: '2023-05-15', end: null, time_zone: null } },
        Status: { id: schema.Status.id, type: 'status', status: { id: inProgress.id, name: 'In progress', color: 'blue' } },
      },
      url: `https://www.notion.so/New-Task-${dashless(id)}`,
      public_url: null,
      request_id: res.headers['x-notion-request-id'],
    });
  });

  it('answers Example 1: a trashed "Bug bash" with its default status, archived and in_trash under 2022-06-28', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, SEED_SCHEMA, { title: 'Bugs' });
    const schema = await schemaOf(server, dataSourceId);
    const notStarted = schema.Status.status.options[0];
    const created = await postPage(
      {
        parent: { database_id: databaseId },
        icon: { emoji: '🐞' },
        properties: { Title: { title: [text('Bug bash')] }, 'Due date': { date: { start: '2023-02-23' } } },
      },
      LEGACY,
    );
    expect(created.status).toBe(200);
    const id = created.body.id;
    const trashed = await patchPage(id, { archived: true }, LEGACY);
    expect(trashed.status).toBe(200);
    const res = await server.request('GET', `/v1/pages/${id}`, { version: LEGACY });
    expect(Object.keys(res.body)).toEqual(PAGE_KEYS);
    expect(res.body).toMatchObject({
      object: 'page',
      id,
      cover: null,
      icon: { type: 'emoji', emoji: '🐞' },
      parent: { type: 'database_id', database_id: databaseId },
      archived: true,
      in_trash: true,
      properties: {
        'Due date': { id: schema['Due date'].id, type: 'date', date: { start: '2023-02-23', end: null, time_zone: null } },
        Status: { id: schema.Status.id, type: 'status', status: { id: notStarted.id, name: 'Not started', color: 'default' } },
        Title: { id: 'title', type: 'title', title: [textItem('Bug bash')] },
      },
      url: `https://www.notion.so/Bug-bash-${dashless(id)}`,
      public_url: null,
    });
    expect(Object.keys(res.body.properties)).toEqual(['Title', 'Due date', 'Status']);
  });
});

describe('parents of pages in data sources (spec 4.3, 11.2)', () => {
  it('renders the parent per version, whichever id created the page', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    const modern = { type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId };
    const legacy = { type: 'database_id', database_id: databaseId };
    for (const [parent, version] of [
      [{ data_source_id: dataSourceId }, undefined],
      [{ type: 'database_id', database_id: databaseId }, undefined],
      [{ type: 'data_source_id', data_source_id: dataSourceId }, LEGACY],
      [{ database_id: dashless(databaseId) }, LEGACY],
      [{ data_source_id: dataSourceId }, '2026-03-11'],
    ] as const) {
      const res = await postPage({ parent, properties: titled('Row') }, version);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.parent).toEqual(version === LEGACY ? legacy : modern);
      const id = res.body.id;
      expect((await getPage(server, id)).parent).toEqual(modern);
      expect((await getPage(server, id, '2026-03-11')).parent).toEqual(modern);
      expect((await getPage(server, id, LEGACY)).parent).toEqual(legacy);
    }
  });

  it('refuses a database parent once the database has two data sources, in every version', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    const second = await createDataSource(server, databaseId, { Name: { title: {} } });
    for (const version of [undefined, LEGACY, '2026-03-11']) {
      const res = await postPage({ parent: { database_id: databaseId }, properties: titled('Row') }, version);
      expectError(res, 400, 'validation_error', 'Databases with multiple data sources are not supported in this API version.', {
        error_type: 'multiple_data_sources_for_database',
        database_id: databaseId,
        child_data_source_ids: [dataSourceId, second.id],
        minimum_api_version: '2025-09-03',
      });
    }
    // Each data source takes pages by its own id.
    const row = await createRow(server, second.id, titled('In the second'));
    expect(row.parent).toEqual({ type: 'data_source_id', data_source_id: second.id, database_id: databaseId });
    expect(await rowCount(dataSourceId)).toBe(0);
  });

  it('answers an unknown data source or database parent with a 404, and a database id as data source too', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    expectNotFound(await postPage({ parent: { data_source_id: MISSING_ID } }), 'data source', MISSING_ID);
    expectNotFound(await postPage({ parent: { database_id: MISSING_ID } }), 'database', MISSING_ID);
    expectNotFound(await postPage({ parent: { data_source_id: databaseId } }), 'data source', databaseId);
    expectNotFound(await postPage({ parent: { database_id: dataSourceId } }), 'database', dataSourceId);
  });

  it('shows a page of a data source as a child_page block with the same parent, and not among the database’s children', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, undefined);
    const row = await createRow(server, dataSourceId, titled('Row'));
    for (const [version, parent] of [
      [undefined, { type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId }],
      ['2026-03-11', { type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId }],
      [LEGACY, { type: 'database_id', database_id: databaseId }],
    ] as const) {
      const block = await server.request('GET', `/v1/blocks/${row.id}`, { version });
      expect(block.status).toBe(200);
      expect(block.body).toMatchObject({ object: 'block', id: row.id, parent, type: 'child_page', child_page: { title: 'Row' }, has_children: false });
    }
    const children = await server.request('GET', `/v1/blocks/${databaseId}/children`);
    expect(children.body.results).toEqual([]);
    // Trashing it through the blocks API answers the block with the same parent.
    const deleted = await server.request('DELETE', `/v1/blocks/${row.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.parent).toEqual({ type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId });
    expect((await getPage(server, row.id)).in_trash).toBe(true);
  });
});

// A data source with one property of every writable type, and one of every generated type.
const EVERY_TYPE = {
  Name: { title: {} },
  Notes: { rich_text: {} },
  Price: { number: { format: 'dollar' } },
  Store: { select: { options: [{ name: 'Market', color: 'yellow' }] } },
  Tags: {
    multi_select: {
      options: [
        { name: 'Leafy', color: 'green' },
        { name: 'Root', color: 'brown' },
      ],
    },
  },
  Stage: { status: {} },
  Due: { date: {} },
  Owner: { people: {} },
  Photo: { files: {} },
  'In stock': { checkbox: {} },
  Link: { url: {} },
  Mail: { email: {} },
  Phone: { phone_number: {} },
  Where: { place: {} },
  Checked: { verification: {} },
  Created: { created_time: {} },
  Creator: { created_by: {} },
  Edited: { last_edited_time: {} },
  Editor: { last_edited_by: {} },
  Ticket: { unique_id: { prefix: 'TASK' } },
  Go: { button: {} },
  Double: { formula: { expression: 'prop("Price") * 2' } },
};

describe('values of every type', () => {
  let dataSourceId: string;
  let schema: Record<string, any>;

  beforeAll(async () => {
    ({ dataSourceId } = await createDatabase(server, EVERY_TYPE, { title: 'Everything' }));
    schema = await schemaOf(server, dataSourceId);
  });

  const id = (name: string): string => schema[name].id;

  it('gives unset properties their empty values, the status its default and generated values their own', async () => {
    const page = await server.at('2024-05-06T07:08:09.123Z', () => createRow(server, dataSourceId, {}));
    const notStarted = schema.Stage.status.options[0];
    const { Double, ...properties } = page.properties;
    expect(Double).toMatchObject({ id: id('Double'), type: 'formula' });
    expect(properties).toEqual({
      Name: { id: 'title', type: 'title', title: [] },
      Notes: { id: id('Notes'), type: 'rich_text', rich_text: [] },
      Price: { id: id('Price'), type: 'number', number: null },
      Store: { id: id('Store'), type: 'select', select: null },
      Tags: { id: id('Tags'), type: 'multi_select', multi_select: [] },
      Stage: { id: id('Stage'), type: 'status', status: { id: notStarted.id, name: 'Not started', color: 'default' } },
      Due: { id: id('Due'), type: 'date', date: null },
      Owner: { id: id('Owner'), type: 'people', people: [] },
      Photo: { id: id('Photo'), type: 'files', files: [] },
      'In stock': { id: id('In stock'), type: 'checkbox', checkbox: false },
      Link: { id: id('Link'), type: 'url', url: null },
      Mail: { id: id('Mail'), type: 'email', email: null },
      Phone: { id: id('Phone'), type: 'phone_number', phone_number: null },
      Where: { id: id('Where'), type: 'place', place: null },
      Checked: { id: id('Checked'), type: 'verification', verification: { state: 'unverified', verified_by: null, date: null } },
      Created: { id: id('Created'), type: 'created_time', created_time: '2024-05-06T07:08:00.000Z' },
      Creator: { id: id('Creator'), type: 'created_by', created_by: expect.objectContaining({ object: 'user', id: botId }) },
      Edited: { id: id('Edited'), type: 'last_edited_time', last_edited_time: '2024-05-06T07:08:00.000Z' },
      Editor: { id: id('Editor'), type: 'last_edited_by', last_edited_by: expect.objectContaining({ object: 'user', id: botId }) },
      Ticket: { id: id('Ticket'), type: 'unique_id', unique_id: { prefix: 'TASK', number: expect.any(Number) } },
      Go: { id: id('Go'), type: 'button', button: {} },
    });
    expect(Object.keys(page.properties)).toEqual(Object.keys(EVERY_TYPE));
    // Retrieving answers the same.
    expect((await getPage(server, page.id)).properties).toEqual(page.properties);
  });

  it('writes a value of every writable type and reads it back exactly', async () => {
    const market = schema.Store.select.options[0];
    const [leafy, root] = schema.Tags.multi_select.options;
    const inProgress = schema.Stage.status.options[1];
    const page = await createRow(server, dataSourceId, {
      Name: {
        title: [text('Tuscan kale'), { type: 'text', text: { content: ' (fresh)', link: { url: 'https://example.com' } }, annotations: { bold: true } }],
      },
      Notes: { rich_text: [text('Keep cool')] },
      Price: { number: 2.5 },
      Store: { select: { name: 'Market' } },
      Tags: { multi_select: [{ name: 'Leafy' }, { id: root.id }] },
      Stage: { status: { name: 'In progress' } },
      Due: { date: { start: '2023-02-23', end: '2023-02-25' } },
      Owner: { people: [{ object: 'user', id: server.info.ownerId }] },
      Photo: { files: [{ name: 'kale.jpg', external: { url: 'https://example.com/kale.jpg' } }] },
      'In stock': { checkbox: true },
      Link: { url: 'https://example.com/kale' },
      Mail: { email: 'kale@example.com' },
      Phone: { phone_number: '+1 555 0100' },
      Where: { place: { lat: 48.8566, lon: 2.3522, name: 'Paris' } },
    });
    const expected = {
      Name: [
        textItem('Tuscan kale'),
        {
          type: 'text',
          text: { content: ' (fresh)', link: { url: 'https://example.com' } },
          annotations: { bold: true, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
          plain_text: ' (fresh)',
          href: 'https://example.com',
        },
      ],
      Notes: [textItem('Keep cool')],
      Price: 2.5,
      Store: { id: market.id, name: 'Market', color: 'yellow' },
      Tags: [
        { id: leafy.id, name: 'Leafy', color: 'green' },
        { id: root.id, name: 'Root', color: 'brown' },
      ],
      Stage: { id: inProgress.id, name: 'In progress', color: 'blue' },
      Due: { start: '2023-02-23', end: '2023-02-25', time_zone: null },
      Owner: [ownerUser(server)],
      Photo: [{ name: 'kale.jpg', type: 'external', external: { url: 'https://example.com/kale.jpg' } }],
      'In stock': true,
      Link: 'https://example.com/kale',
      Mail: 'kale@example.com',
      Phone: '+1 555 0100',
      Where: { lat: 48.8566, lon: 2.3522, name: 'Paris' },
    };
    const read = await getPage(server, page.id);
    for (const [name, value] of Object.entries(expected)) {
      const type = schema[name].type;
      expect(page.properties[name], name).toEqual({ id: id(name), type, [type]: value });
      expect(read.properties[name], name).toEqual({ id: id(name), type, [type]: value });
    }
    expect(page.url).toBe(`https://www.notion.so/Tuscan-kale-fresh-${dashless(page.id)}`);
  });

  it('takes the type key with an explicit matching type, and property keys by id', async () => {
    const page = await createRow(server, dataSourceId, {
      title: { type: 'title', title: [text('By id')] },
      [id('Price')]: { type: 'number', number: 7 },
      [decodeURIComponent(id('Notes'))]: { rich_text: [text('raw id')] },
    });
    expect(page.properties.Name.title).toEqual([textItem('By id')]);
    expect(page.properties.Price.number).toBe(7);
    expect(page.properties.Notes.rich_text).toEqual([textItem('raw id')]);
  });

  it('verifies a page with a timestamped date, by the integration', async () => {
    const page = await createRow(server, dataSourceId, { Checked: { verification: { state: 'verified', date: { start: '2024-01-01T00:00:00.000Z' } } } });
    expect(page.properties.Checked.verification).toEqual({
      state: 'verified',
      verified_by: expect.objectContaining({ object: 'user', id: botId }),
      date: { start: '2024-01-01T00:00:00.000Z', end: null, time_zone: null },
    });
    const res = await postRow(dataSourceId, { Checked: { verification: { state: 'verified', date: { start: '2024-01-01' } } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    const cleared = await updatePage(server, page.id, { properties: { Checked: { verification: { state: 'unverified' } } } });
    expect(cleared.properties.Checked.verification).toEqual({ state: 'unverified', verified_by: null, date: null });
  });

  it('clears every clearable value as spec 5.1 says', async () => {
    const page = await createRow(server, dataSourceId, {
      Name: { title: [text('Full')] },
      Notes: { rich_text: [text('x')] },
      Price: { number: 1 },
      Store: { select: { name: 'Market' } },
      Tags: { multi_select: [{ name: 'Leafy' }] },
      Stage: { status: { name: 'Done' } },
      Due: { date: { start: '2024-01-01' } },
      Owner: { people: [{ id: server.info.ownerId }] },
      Photo: { files: [{ name: 'a', external: { url: 'https://example.com/a' } }] },
      'In stock': { checkbox: true },
      Link: { url: 'https://example.com' },
      Mail: { email: 'a@example.com' },
      Phone: { phone_number: '1' },
      Where: { place: { lat: 1, lon: 1 } },
    });
    const cleared = await updatePage(server, page.id, {
      properties: {
        Name: { title: [] },
        Notes: { rich_text: [] },
        Price: { number: null },
        Store: { select: null },
        Tags: { multi_select: [] },
        Stage: { status: null },
        Due: { date: null },
        Owner: { people: [] },
        Photo: { files: [] },
        'In stock': { checkbox: false },
        Link: { url: null },
        Mail: { email: null },
        Phone: { phone_number: null },
        Where: { place: null },
      },
    });
    const values = Object.fromEntries(Object.entries(cleared.properties).map(([k, v]: [string, any]) => [k, v[v.type]]));
    expect(values).toMatchObject({
      Name: [],
      Notes: [],
      Price: null,
      Store: null,
      Tags: [],
      Stage: { id: schema.Stage.status.options[0].id, name: 'Not started', color: 'default' },
      Due: null,
      Owner: [],
      Photo: [],
      'In stock': false,
      Link: null,
      Mail: null,
      Phone: null,
      Where: null,
    });
    expect(cleared.url).toBe(`https://www.notion.so/${dashless(page.id)}`);
  });

  it('refuses empty strings for url, email and phone_number', async () => {
    for (const [name, type] of [
      ['Link', 'url'],
      ['Mail', 'email'],
      ['Phone', 'phone_number'],
    ]) {
      const res = await postRow(dataSourceId, { [name!]: { [type!]: '' } });
      expectError(res, 400, 'validation_error', `body failed validation: body.properties.${name}.${type}.length should be ≥ \`1\`, instead was \`0\`.`);
    }
  });

  it('refuses generated values with the union message, whatever their shape', async () => {
    const page = await createRow(server, dataSourceId, {});
    for (const [name, value] of [
      ['Created', { created_time: '2020-01-01T00:00:00.000Z' }],
      ['Creator', { created_by: { object: 'user', id: botId } }],
      ['Edited', { last_edited_time: '2020-01-01T00:00:00.000Z' }],
      ['Editor', { last_edited_by: { object: 'user', id: botId } }],
      ['Ticket', { unique_id: { prefix: 'TASK', number: 99 } }],
      ['Go', { button: {} }],
      ['Double', { formula: { type: 'number', number: 5 } }],
      // A value echoed back from a retrieved page.
      ['Ticket', page.properties.Ticket],
      ['Name', 'a bare string'],
      ['Name', null],
    ] as const) {
      expectError(await postRow(dataSourceId, { [name]: value }), 400, 'validation_error', unionMessage(name));
      expectError(await patchPage(page.id, { properties: { [name]: value } }), 400, 'validation_error', unionMessage(name));
    }
  });

  it('refuses a writable shape for a generated property as the wrong type', async () => {
    const res = await postRow(dataSourceId, { Double: { number: 5 }, Created: { date: { start: '2020-01-01' } } });
    expectError(res, 400, 'validation_error', 'Double is expected to be formula. Created is expected to be created_time.');
  });

  it('names unknown keys and wrong types, every failure joined by a space', async () => {
    expectError(await postRow(dataSourceId, { Colour: { rich_text: [] } }), 400, 'validation_error', 'Colour is not a property that exists.');
    expectError(await postRow(dataSourceId, { Stage: { select: { name: 'Done' } } }), 400, 'validation_error', 'Stage is expected to be status.');
    expectError(
      await postRow(dataSourceId, { Colour: { rich_text: [] }, Notes: { title: [] }, Price: { number: 1 }, Mail: { url: 'x' } }),
      400,
      'validation_error',
      'Colour is not a property that exists. Notes is expected to be rich_text. Mail is expected to be email.',
    );
    // The property name is used in the message even when the key is its id.
    expectError(await postRow(dataSourceId, { [id('Price')]: { rich_text: [] } }), 400, 'validation_error', 'Price is expected to be number.');
  });

  it('refuses a value of the right type that fails its schema, naming the path', async () => {
    expectError(
      await postRow(dataSourceId, { Price: { number: 'ten' } }),
      400,
      'validation_error',
      'body failed validation: body.properties.Price.number should be a number or `null`, instead was `"ten"`.',
    );
    expectError(
      await postRow(dataSourceId, { 'In stock': { checkbox: null } }),
      400,
      'validation_error',
      'body failed validation: body.properties.In stock.checkbox should be a boolean, instead was `null`.',
    );
    expectError(
      await postRow(dataSourceId, { Notes: { rich_text: [text('x')], colour: 'red' } }),
      400,
      'validation_error',
      'body failed validation: body.properties.Notes.colour should be not present, instead was `"red"`.',
    );
    expectError(
      await postRow(dataSourceId, { Where: { place: { lat: 91, lon: 0 } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.Where.place.lat should be ≤ `90`, instead was `91`.',
    );
    expectError(
      await postRow(dataSourceId, { Photo: { files: [{ external: { url: 'https://example.com/a.png' } }] } }),
      400,
      'validation_error',
      'body failed validation. Fix one:\n' +
        'body.properties.Photo.files[0].name should be defined, instead was `undefined`.\n' +
        'body.properties.Photo.files[0].file_upload should be defined, instead was `undefined`.\n' +
        'body.properties.Photo.files[0].name should be defined, instead was `undefined`.',
    );
  });
});

describe('select, multi_select and status values', () => {
  let dataSourceId: string;
  let schema: Record<string, any>;

  beforeAll(async () => {
    ({ dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Kind: { select: { options: [{ name: 'Bug', color: 'red' }] } },
      Tags: { multi_select: { options: [{ name: 'ui', color: 'blue' }] } },
      Stage: { status: {} },
    }));
    schema = await schemaOf(server, dataSourceId);
  });

  it('selects by name or by id', async () => {
    const bug = schema.Kind.select.options[0];
    for (const value of [{ name: 'Bug' }, { id: bug.id }, { id: bug.id, name: 'Bug' }]) {
      const page = await createRow(server, dataSourceId, { Kind: { select: value } });
      expect(page.properties.Kind.select).toEqual({ id: bug.id, name: 'Bug', color: 'red' });
    }
  });

  it('adds a new select or multi_select name to the schema as an option', async () => {
    const page = await createRow(server, dataSourceId, {
      Kind: { select: { name: 'Feature', color: 'purple' } },
      Tags: { multi_select: [{ name: 'ui' }, { name: 'api' }, { name: 'api' }] },
    });
    const after = await schemaOf(server, dataSourceId);
    const feature = after.Kind.select.options.find((o: Json) => o.name === 'Feature');
    expect(feature).toEqual({ id: expect.any(String), name: 'Feature', color: 'purple', description: null });
    expect(page.properties.Kind.select).toEqual({ id: feature.id, name: 'Feature', color: 'purple' });
    const api = after.Tags.multi_select.options.find((o: Json) => o.name === 'api');
    expect(api).toEqual({ id: expect.any(String), name: 'api', color: expect.any(String), description: null });
    // A name given twice is one value.
    expect(page.properties.Tags.multi_select).toEqual([
      { id: schema.Tags.multi_select.options[0].id, name: 'ui', color: 'blue' },
      { id: api.id, name: 'api', color: api.color },
    ]);
    // Names are matched exactly: the next page reuses the option.
    const next = await createRow(server, dataSourceId, { Tags: { multi_select: [{ name: 'api' }] } });
    expect(next.properties.Tags.multi_select).toEqual([{ id: api.id, name: 'api', color: api.color }]);
    expect((await schemaOf(server, dataSourceId)).Tags.multi_select.options.filter((o: Json) => o.name === 'api')).toHaveLength(1);
  });

  it('refuses a new option name with a comma', async () => {
    expectError(
      await postRow(dataSourceId, { Kind: { select: { name: 'High, really' } } }),
      400,
      'validation_error',
      'Invalid select option, commas not allowed: High, really',
    );
    expectError(
      await postRow(dataSourceId, { Tags: { multi_select: [{ name: 'a,b' }] } }),
      400,
      'validation_error',
      'Invalid select option, commas not allowed: a,b',
    );
  });

  it('refuses an option id the property does not have', async () => {
    expectError(
      await postRow(dataSourceId, { Kind: { select: { id: 'nope' } } }),
      400,
      'validation_error',
      'Select option with id nope does not exist for property Kind.',
    );
  });

  it('sets a status by name or id, never creating one; null resets it to the default', async () => {
    const [notStarted, inProgress, done] = schema.Stage.status.options;
    const byName = await createRow(server, dataSourceId, { Stage: { status: { name: 'Done' } } });
    expect(byName.properties.Stage.status).toEqual({ id: done.id, name: 'Done', color: 'green' });
    const byId = await createRow(server, dataSourceId, { Stage: { status: { id: inProgress.id } } });
    expect(byId.properties.Stage.status).toEqual({ id: inProgress.id, name: 'In progress', color: 'blue' });
    const reset = await updatePage(server, byId.id, { properties: { Stage: { status: null } } });
    expect(reset.properties.Stage.status).toEqual({ id: notStarted.id, name: 'Not started', color: 'default' });

    expectError(
      await postRow(dataSourceId, { Stage: { status: { name: 'Blocked' } } }),
      400,
      'validation_error',
      'Invalid status option. Status option "Blocked" does not exist for property Stage.',
    );
    expectError(
      await postRow(dataSourceId, { Stage: { status: { id: 'nope' } } }),
      400,
      'validation_error',
      'Status option with id nope does not exist for property Stage.',
    );
    const options = (await schemaOf(server, dataSourceId)).Stage.status.options.map((o: Json) => o.name);
    expect(options).toEqual(['Not started', 'In progress', 'Done']);
  });

  it('refuses an option color outside the palette', async () => {
    const res = await postRow(dataSourceId, { Kind: { select: { name: 'Odd', color: 'red_background' } } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^body failed validation/);
  });
});

describe('date values (spec 5.3)', () => {
  let dataSourceId: string;

  beforeAll(async () => {
    ({ dataSourceId } = await createDatabase(server, { Name: { title: {} }, When: { date: {} } }));
  });

  it('keeps dates, datetimes and ends as given', async () => {
    for (const date of [
      { start: '2023-02-23' },
      { start: '2023-02-23', end: null },
      { start: '2020-12-08T12:00:00.000+00:00' },
      { start: '2023-02-23T12:00:00Z', end: '2023-02-23T13:30:00Z' },
    ]) {
      const page = await createRow(server, dataSourceId, { When: { date } });
      const expected = { start: date.start, end: date.end ?? null, time_zone: null };
      expect(page.properties.When.date).toEqual(expected);
      expect((await getPage(server, page.id)).properties.When.date).toEqual(expected);
    }
  });

  it('answers a value given with a time zone with that zone’s offset and no time zone', async () => {
    for (const [date, expected] of [
      [
        { start: '2023-02-23T12:00:00', end: '2023-07-24T09:00:00', time_zone: 'America/Los_Angeles' },
        { start: '2023-02-23T12:00:00.000-08:00', end: '2023-07-24T09:00:00.000-07:00', time_zone: null },
      ],
      [
        { start: '2024-03-15T10:30', time_zone: 'Asia/Kolkata' },
        { start: '2024-03-15T10:30:00.000+05:30', end: null, time_zone: null },
      ],
      [
        { start: '2024-03-15T10:30:00Z', time_zone: 'Europe/Paris' },
        { start: '2024-03-15T10:30:00Z', end: null, time_zone: null },
      ],
      [
        { start: '2024-03-15', time_zone: 'Europe/Paris' },
        { start: '2024-03-15', end: null, time_zone: null },
      ],
    ] as const) {
      const page = await createRow(server, dataSourceId, { When: { date } });
      expect(page.properties.When.date).toEqual(expected);
      expect((await getPage(server, page.id)).properties.When.date).toEqual(expected);
    }
  });

  it('refuses dates that are not ISO 8601, and unknown time zones', async () => {
    for (const [key, date] of [
      ['start', { start: '2023-13-45' }],
      ['start', { start: 'yesterday' }],
      ['end', { start: '2023-02-23', end: '23/02/2023' }],
    ] as const) {
      const value = (date as Record<string, string>)[key];
      expectError(
        await postRow(dataSourceId, { When: { date } }),
        400,
        'validation_error',
        `body failed validation: body.properties.When.date.${key} should be a valid ISO 8601 date string, instead was \`"${value}"\`.`,
      );
    }
    expectError(
      await postRow(dataSourceId, { When: { date: { start: '2023-02-23T12:00:00', time_zone: 'Mars/Olympus' } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.When.date.time_zone should be a valid IANA time zone, instead was `"Mars/Olympus"`.',
    );
    expectError(
      await postRow(dataSourceId, { When: { date: { end: '2023-02-23' } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.When.date.start should be defined, instead was `undefined`.',
    );
    expectError(
      await postRow(dataSourceId, { When: { date: { start: '2023-02-23', until: '2023-02-24' } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.When.date.until should be not present, instead was `"2023-02-24"`.',
    );
  });
});

describe('people values', () => {
  it('take users of the workspace and refuse others', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Team: { people: {} } });
    const page = await createRow(server, dataSourceId, {
      Team: { people: [{ id: server.info.ownerId }, { object: 'user', id: botId }, { id: server.info.ownerId }] },
    });
    expect(page.properties.Team.people).toEqual([ownerUser(server), botUser(botId, 'localnotion')]);
    expectNotFound(await postRow(dataSourceId, { Team: { people: [{ id: MISSING_ID }] } }), 'user', MISSING_ID);
    expectError(
      await postRow(dataSourceId, { Team: { people: [{ id: 'someone' }] } }),
      400,
      'validation_error',
      'body failed validation: body.properties.Team.people[0].id should be a valid uuid, instead was `"someone"`.',
    );
  });
});

describe('relation values', () => {
  it('take pages of the related data source only', async () => {
    const target = await createDatabase(server, undefined, { title: 'Recipes' });
    const stranger = await createDatabase(server, undefined, { title: 'Elsewhere' });
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Recipes: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
    });
    const recipe = await createRow(server, target.dataSourceId, titled('Soup'));
    const page = await createRow(server, dataSourceId, { Recipes: { relation: [{ id: recipe.id }, { id: recipe.id }] } });
    expect(page.properties.Recipes).toEqual({ id: expect.any(String), type: 'relation', relation: [{ id: recipe.id }], has_more: false });

    const other = await createRow(server, stranger.dataSourceId, titled('Not a recipe'));
    for (const bad of [other.id, server.info.rootPageId, target.databaseId, MISSING_ID]) {
      const res = await postRow(dataSourceId, { Recipes: { relation: [{ id: recipe.id }, { id: bad }] } });
      expectError(
        res,
        400,
        'validation_error',
        `Relation Recipes can only link pages of its related data source (${target.dataSourceId}); ${bad} is not one of them.`,
      );
    }
    expect(await rowCount(dataSourceId)).toBe(1);
  });

  it('keep both sides of a dual relation in step on add and remove', async () => {
    const meals = await createDatabase(server, undefined, { title: 'Meals' });
    const { dataSourceId } = await createDatabase(
      server,
      { Name: { title: {} }, Meals: { relation: { data_source_id: meals.dataSourceId, dual_property: { synced_property_name: 'Groceries' } } } },
      { title: 'Groceries' },
    );
    const soup = await createRow(server, meals.dataSourceId, titled('Soup'));
    const salad = await createRow(server, meals.dataSourceId, titled('Salad'));
    const kale = await createRow(server, dataSourceId, { ...titled('Kale'), Meals: { relation: [{ id: soup.id }, { id: salad.id }] } });
    const leek = await createRow(server, dataSourceId, { ...titled('Leek'), Meals: { relation: [{ id: soup.id }] } });
    expect(relationIds(await getPage(server, soup.id), 'Groceries')).toEqual([kale.id, leek.id]);
    expect(relationIds(await getPage(server, salad.id), 'Groceries')).toEqual([kale.id]);

    // Replacing the array removes what is left out and adds what is new.
    await updatePage(server, kale.id, { properties: { Meals: { relation: [{ id: salad.id }] } } });
    expect(relationIds(await getPage(server, soup.id), 'Groceries')).toEqual([leek.id]);
    expect(relationIds(await getPage(server, salad.id), 'Groceries')).toEqual([kale.id]);

    // From the other side.
    const after = await updatePage(server, soup.id, { properties: { Groceries: { relation: [{ id: kale.id }] } } });
    expect(relationIds(after, 'Groceries')).toEqual([kale.id]);
    expect(relationIds(await getPage(server, kale.id), 'Meals')).toEqual([salad.id, soup.id]);
    expect(relationIds(await getPage(server, leek.id), 'Meals')).toEqual([]);

    // Clearing.
    await updatePage(server, kale.id, { properties: { Meals: { relation: [] } } });
    expect(relationIds(await getPage(server, soup.id), 'Groceries')).toEqual([]);
    expect(relationIds(await getPage(server, salad.id), 'Groceries')).toEqual([]);
  });

  it('leave the other side alone for a single relation', async () => {
    const target = await createDatabase(server, undefined, { title: 'Plain' });
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Link: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
    });
    const other = await createRow(server, target.dataSourceId, titled('Other'));
    await createRow(server, dataSourceId, { Link: { relation: [{ id: other.id }] } });
    expect(Object.keys((await getPage(server, other.id)).properties)).toEqual(['Name']);
  });

  it('relate pages of a data source to each other, and a page to itself', async () => {
    const { dataSourceId } = await createDatabase(server, undefined, { title: 'Tasks' });
    await addSelfRelation(server, dataSourceId, 'See also');
    await addSelfRelation(server, dataSourceId, 'Blocks', 'Blocked by');
    const schema = await schemaOf(server, dataSourceId);
    expect(Object.keys(schema)).toEqual(['Name', 'See also', 'Blocks', 'Blocked by']);
    expect(schema.Blocks.relation.dual_property).toEqual({ synced_property_id: schema['Blocked by'].id, synced_property_name: 'Blocked by' });
    expect(schema['Blocked by'].relation).toMatchObject({
      data_source_id: dataSourceId,
      dual_property: { synced_property_id: schema.Blocks.id, synced_property_name: 'Blocks' },
    });

    const a = await createRow(server, dataSourceId, titled('A'));
    const b = await createRow(server, dataSourceId, { ...titled('B'), 'See also': { relation: [{ id: a.id }] }, Blocks: { relation: [{ id: a.id }] } });
    expect(relationIds(b, 'See also')).toEqual([a.id]);
    expect(relationIds(await getPage(server, a.id), 'Blocked by')).toEqual([b.id]);
    expect(relationIds(await getPage(server, a.id), 'See also')).toEqual([]);

    // A page blocking itself is blocked by itself, in the answer to the write as on reading.
    const self = await updatePage(server, a.id, { properties: { Blocks: { relation: [{ id: a.id }] } } });
    expect(relationIds(self, 'Blocks')).toEqual([a.id]);
    expect(relationIds(self, 'Blocked by')).toEqual([b.id, a.id]);
    expect(relationIds(await getPage(server, a.id), 'Blocked by')).toEqual([b.id, a.id]);
    const created = await createRow(server, dataSourceId, titled('C'));
    const selfOnCreate = await updatePage(server, created.id, { properties: { Blocks: { relation: [{ id: created.id }] } } });
    expect(relationIds(selfOnCreate, 'Blocked by')).toEqual([created.id]);
  });

  it('show at most 25 related pages in the page object, with has_more', async () => {
    const target = await createDatabase(server, undefined, { title: 'Many' });
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Items: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
    });
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) ids.push((await createRow(server, target.dataSourceId, titled(`Item ${i}`))).id);
    const page = await createRow(server, dataSourceId, { Items: { relation: ids.map((id) => ({ id })) } });
    expect(relationIds(page, 'Items')).toEqual(ids.slice(0, 25));
    expect(page.properties.Items.has_more).toBe(true);
  });
});

describe('unique_id values', () => {
  it('number the pages of each data source 1, 2, 3, never reusing a number', async () => {
    const { dataSourceId, databaseId } = await createDatabase(server, { Name: { title: {} }, ID: { unique_id: { prefix: 'BUG' } }, Plain: { unique_id: {} } });
    const numbers = async (page: Json) => [page.properties.ID.unique_id, page.properties.Plain.unique_id];
    const first = await createRow(server, dataSourceId, titled('one'));
    expect(await numbers(first)).toEqual([
      { prefix: 'BUG', number: 1 },
      { prefix: null, number: 1 },
    ]);
    const second = await createRow(server, dataSourceId, titled('two'));
    const third = await createRow(server, dataSourceId, titled('three'));
    expect(second.properties.ID.unique_id.number).toBe(2);
    expect(third.properties.ID.unique_id.number).toBe(3);

    // Trashing keeps the number taken; a failed create takes none.
    await updatePage(server, third.id, { in_trash: true });
    expect((await postPage({ parent: { data_source_id: dataSourceId }, properties: titled('bad'), children: [{ bogus: {} }] })).status).toBe(400);
    expectError(await postRow(dataSourceId, { Nope: { rich_text: [] } }), 400, 'validation_error', 'Nope is not a property that exists.');
    const fourth = await createRow(server, dataSourceId, titled('four'));
    expect(await numbers(fourth)).toEqual([
      { prefix: 'BUG', number: 4 },
      { prefix: null, number: 4 },
    ]);
    // The number stays with the page.
    expect((await getPage(server, second.id)).properties.ID.unique_id).toEqual({ prefix: 'BUG', number: 2 });
    await updatePage(server, second.id, { properties: titled('renamed') });
    expect((await getPage(server, second.id)).properties.ID.unique_id).toEqual({ prefix: 'BUG', number: 2 });

    // Another data source counts on its own.
    const other = await createDataSource(server, databaseId, { Name: { title: {} }, ID: { unique_id: { prefix: 'OTHER' } } });
    const firstThere = await createRow(server, other.id, titled('one'));
    expect(firstThere.properties.ID.unique_id).toEqual({ prefix: 'OTHER', number: 1 });
  });
});

describe('PATCH /v1/pages/{id} in a data source', () => {
  it('changes only the values sent, and the last edit time and editor', async () => {
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Qty: { number: {} },
      Notes: { rich_text: {} },
      Created: { created_time: {} },
      Creator: { created_by: {} },
      Edited: { last_edited_time: {} },
      Editor: { last_edited_by: {} },
    });
    const page = await server.at('2024-01-01T10:00:30.000Z', () =>
      createRow(server, dataSourceId, { ...titled('Row'), Qty: { number: 1 }, Notes: { rich_text: [text('keep')] } }),
    );
    const editor = await secondIntegration(server, { name: 'Editor Bot', pages: [server.info.rootPageId] });

    const res = await server.at('2024-01-02T11:22:33.000Z', () => patchPage(page.id, { properties: { Qty: { number: 2 } } }, undefined, editor.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const updated = res.body;
    expect(updated.created_time).toBe('2024-01-01T10:00:00.000Z');
    expect(updated.last_edited_time).toBe('2024-01-02T11:22:00.000Z');
    expect(updated.created_by).toEqual({ object: 'user', id: botId });
    expect(updated.last_edited_by).toEqual({ object: 'user', id: editor.botId });
    expect(updated.properties.Qty.number).toBe(2);
    expect(updated.properties.Notes.rich_text).toEqual([textItem('keep')]);
    expect(updated.properties.Name.title).toEqual([textItem('Row')]);
    expect(updated.properties.Created.created_time).toBe('2024-01-01T10:00:00.000Z');
    expect(updated.properties.Edited.last_edited_time).toBe('2024-01-02T11:22:00.000Z');
    expect(updated.properties.Creator.created_by).toMatchObject({ object: 'user', id: botId });
    expect(updated.properties.Editor.last_edited_by).toMatchObject({ object: 'user', id: editor.botId });
    expect(await getPage(server, page.id)).toEqual({ ...updated, request_id: expect.any(String) });
  });

  it('refuses the same failures as create, and changes nothing', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Qty: { number: {} } });
    const page = await createRow(server, dataSourceId, { ...titled('Row'), Qty: { number: 1 } });
    expectError(
      await patchPage(page.id, { properties: { Qty: { number: 5 }, Colour: { rich_text: [] } } }),
      400,
      'validation_error',
      'Colour is not a property that exists.',
    );
    expect((await getPage(server, page.id)).properties.Qty.number).toBe(1);
  });

  it('refuses edits of a trashed page in a data source', async () => {
    const { dataSourceId } = await createDatabase(server, undefined);
    const page = await createRow(server, dataSourceId, titled('Row'));
    await updatePage(server, page.id, { in_trash: true });
    expectError(
      await patchPage(page.id, { properties: titled('Again') }),
      400,
      'validation_error',
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
  });
});

describe('a failed write leaves nothing behind', () => {
  it('no page, no new option, no mirror change', async () => {
    const meals = await createDatabase(server, undefined, { title: 'Meals' });
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Kind: { select: {} },
      Stage: { status: {} },
      Meals: { relation: { data_source_id: meals.dataSourceId, dual_property: { synced_property_name: 'Used in' } } },
    });
    const soup = await createRow(server, meals.dataSourceId, titled('Soup'));
    const before = await schemaOf(server, dataSourceId);

    // The select name is new and the relation valid, but the status does not exist.
    const res = await postRow(dataSourceId, {
      Kind: { select: { name: 'Fresh' } },
      Meals: { relation: [{ id: soup.id }] },
      Stage: { status: { name: 'Nope' } },
    });
    expect(res.status).toBe(400);
    expect(await rowCount(dataSourceId)).toBe(0);
    expect(await schemaOf(server, dataSourceId)).toEqual(before);
    expect(relationIds(await getPage(server, soup.id), 'Used in')).toEqual([]);

    // A failure after the values are written (the page's content) undoes them too.
    const content = await postPage({
      parent: { data_source_id: dataSourceId },
      properties: { Kind: { select: { name: 'Fresh' } }, Meals: { relation: [{ id: soup.id }] } },
      children: [{ paragraph: { rich_text: [text('x'.repeat(2001))] } }],
    });
    expect(content.status).toBe(400);
    expect(await rowCount(dataSourceId)).toBe(0);
    expect(await schemaOf(server, dataSourceId)).toEqual(before);
    expect(relationIds(await getPage(server, soup.id), 'Used in')).toEqual([]);

    // An update that fails keeps the page, the schema and the other side as they were.
    const page = await createRow(server, dataSourceId, titled('Row'));
    const patch = await patchPage(page.id, {
      properties: { Kind: { select: { name: 'Fresh' } }, Meals: { relation: [{ id: soup.id }] }, Stage: { status: { id: 'nope' } } },
    });
    expect(patch.status).toBe(400);
    expect(await schemaOf(server, dataSourceId)).toEqual(before);
    expect(relationIds(await getPage(server, soup.id), 'Used in')).toEqual([]);
    expect((await getPage(server, page.id)).properties.Kind.select).toBeNull();
  });
});

// ---- rollups (spec 5.2, 6.3) ----

describe('rollups', () => {
  let itemsId: string;
  let ordersId: string;
  const items: Record<string, Json> = {};
  let order: Json;

  const FUNCTIONS: Array<[string, string, string]> = [
    // [rollup property, function, rolled-up property]
    ['count', 'count', 'Qty'],
    ['count_values', 'count_values', 'Tags'],
    ['empty', 'empty', 'Qty'],
    ['not_empty', 'not_empty', 'Qty'],
    ['unique', 'unique', 'Qty'],
    ['show_unique', 'show_unique', 'Qty'],
    ['percent_empty', 'percent_empty', 'Qty'],
    ['percent_not_empty', 'percent_not_empty', 'Qty'],
    ['sum', 'sum', 'Qty'],
    ['average', 'average', 'Qty'],
    ['median', 'median', 'Qty'],
    ['min', 'min', 'Qty'],
    ['max', 'max', 'Qty'],
    ['range', 'range', 'Qty'],
    ['earliest_date', 'earliest_date', 'When'],
    ['latest_date', 'latest_date', 'When'],
    ['date_range', 'date_range', 'When'],
    ['checked', 'checked', 'Done'],
    ['unchecked', 'unchecked', 'Done'],
    ['percent_checked', 'percent_checked', 'Done'],
    ['percent_unchecked', 'percent_unchecked', 'Done'],
    ['show_original', 'show_original', 'Qty'],
    ['show_original titles', 'show_original', 'Name'],
    ['count_per_group', 'count_per_group', 'Kind'],
  ];

  beforeAll(async () => {
    ({ dataSourceId: itemsId } = await createDatabase(
      server,
      { Name: { title: {} }, Qty: { number: {} }, When: { date: {} }, Done: { checkbox: {} }, Kind: { select: {} }, Tags: { multi_select: {} } },
      { title: 'Items' },
    ));
    const rows: Array<[string, Record<string, unknown>]> = [
      [
        'A',
        {
          Qty: { number: 1 },
          When: { date: { start: '2024-01-10' } },
          Done: { checkbox: true },
          Kind: { select: { name: 'x' } },
          Tags: { multi_select: [{ name: 'p' }, { name: 'q' }] },
        },
      ],
      [
        'B',
        {
          Qty: { number: 3 },
          When: { date: { start: '2024-03-05' } },
          Done: { checkbox: false },
          Kind: { select: { name: 'y' } },
          Tags: { multi_select: [{ name: 'p' }] },
        },
      ],
      ['C', { Qty: { number: 3 }, Done: { checkbox: true }, Kind: { select: { name: 'x' } } }],
      ['D', { When: { date: { start: '2023-12-31' } } }],
    ];
    for (const [name, values] of rows) items[name] = await createRow(server, itemsId, { ...titled(name), ...values });
    const properties: Record<string, unknown> = { Name: { title: {} }, Items: { relation: { data_source_id: itemsId, single_property: {} } } };
    for (const [name, fn, rolled] of FUNCTIONS) properties[name] = { rollup: { function: fn, relation_property_name: 'Items', rollup_property_name: rolled } };
    ({ dataSourceId: ordersId } = await createDatabase(server, properties, { title: 'Orders' }));
    order = await createRow(server, ordersId, { ...titled('Order'), Items: { relation: ['A', 'B', 'C', 'D'].map((n) => ({ id: items[n]!.id })) } });
  });

  const rollup = (page: Json, name: string) => page.properties[name].rollup;
  const number = (fn: string, n: number | null) => ({ type: 'number', number: n, function: fn });
  const date = (fn: string, start: string | null, end: string | null = null) => ({
    type: 'date',
    date: start === null ? null : { start, end, time_zone: null },
    function: fn,
  });

  it('computes every function from the related pages', async () => {
    const page = await getPage(server, order.id);
    const expected: Record<string, unknown> = {
      count: number('count', 4),
      count_values: number('count_values', 3),
      empty: number('empty', 1),
      not_empty: number('not_empty', 3),
      unique: number('unique', 2),
      show_unique: {
        type: 'array',
        array: [
          { type: 'number', number: 1 },
          { type: 'number', number: 3 },
          { type: 'number', number: null },
        ],
        function: 'show_unique',
      },
      percent_empty: number('percent_empty', 0.25),
      percent_not_empty: number('percent_not_empty', 0.75),
      sum: number('sum', 7),
      average: number('average', 2.333333333333),
      median: number('median', 3),
      min: number('min', 1),
      max: number('max', 3),
      range: number('range', 2),
      earliest_date: date('earliest_date', '2023-12-31'),
      latest_date: date('latest_date', '2024-03-05'),
      date_range: date('date_range', '2023-12-31', '2024-03-05'),
      checked: number('checked', 2),
      unchecked: number('unchecked', 2),
      percent_checked: number('percent_checked', 0.5),
      percent_unchecked: number('percent_unchecked', 0.5),
      show_original: {
        type: 'array',
        array: [
          { type: 'number', number: 1 },
          { type: 'number', number: 3 },
          { type: 'number', number: 3 },
          { type: 'number', number: null },
        ],
        function: 'show_original',
      },
      'show_original titles': {
        type: 'array',
        array: ['A', 'B', 'C', 'D'].map((n) => ({ type: 'title', title: [textItem(n)] })),
        function: 'show_original',
      },
      count_per_group: { type: 'unsupported', unsupported: {}, function: 'count_per_group' },
    };
    for (const [name, value] of Object.entries(expected)) {
      expect(page.properties[name], name).toEqual({ id: expect.any(String), type: 'rollup', rollup: value });
    }
    // The create answer carries the same values.
    for (const name of Object.keys(expected)) expect(rollup(order, name), name).toEqual(rollup(page, name));
  });

  it('rolls up nothing for a page without related pages', async () => {
    const empty = await createRow(server, ordersId, titled('Empty'));
    expect(rollup(empty, 'count')).toEqual(number('count', 0));
    expect(rollup(empty, 'sum')).toEqual(number('sum', 0));
    expect(rollup(empty, 'average')).toEqual(number('average', null));
    expect(rollup(empty, 'percent_checked')).toEqual(number('percent_checked', 0));
    expect(rollup(empty, 'earliest_date')).toEqual(date('earliest_date', null));
    expect(rollup(empty, 'show_original')).toEqual({ type: 'array', array: [], function: 'show_original' });
  });

  it('follows changes of the related pages and of the relation, and leaves trashed pages out', async () => {
    const page = await createRow(server, ordersId, { ...titled('Live'), Items: { relation: [{ id: items.A!.id }, { id: items.B!.id }] } });
    expect(rollup(page, 'sum')).toEqual(number('sum', 4));
    const extra = await createRow(server, itemsId, { ...titled('E'), Qty: { number: 10 } });
    const related = await updatePage(server, page.id, { properties: { Items: { relation: [{ id: items.A!.id }, { id: items.B!.id }, { id: extra.id }] } } });
    expect(rollup(related, 'sum')).toEqual(number('sum', 14));
    await updatePage(server, extra.id, { properties: { Qty: { number: 20 } } });
    expect(rollup(await getPage(server, page.id), 'sum')).toEqual(number('sum', 24));
    await updatePage(server, extra.id, { in_trash: true });
    const after = await getPage(server, page.id);
    expect(rollup(after, 'sum')).toEqual(number('sum', 4));
    expect(rollup(after, 'count')).toEqual(number('count', 2));
  });

  it('cannot be written', async () => {
    const res = await postRow(ordersId, { sum: { rollup: { type: 'number', number: 1, function: 'sum' } } });
    expectError(res, 400, 'validation_error', unionMessage('sum'));
  });
});

describe('pages of a data source under 2022-06-28', () => {
  it('are created with a database_id parent and read back with their values', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} }, Qty: { number: {} } }, { version: LEGACY });
    const res = await postPage({ parent: { database_id: databaseId }, properties: { ...titled('Old'), Qty: { number: 3 } } }, LEGACY);
    expect(res.status).toBe(200);
    expect(res.body.parent).toEqual({ type: 'database_id', database_id: databaseId });
    expect(res.body.properties.Qty).toMatchObject({ type: 'number', number: 3 });
    expect((await getPage(server, res.body.id)).parent).toEqual({ type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId });
  });
});
