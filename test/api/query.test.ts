// Data source queries (spec 3.4 D4, 3.5 S4, 8): every filter condition of every property type,
// compound filters and their depth limit, sorts, keyset pagination across inserts, cursors,
// version gating, trash, filter_properties, and the value index kept in step with writes.
import { beforeAll, describe, expect, it } from 'vitest';
import { insertBlocks, newBlockRow } from '../../src/store/blocks.js';
import { createPerson } from '../../src/services/workspace.js';
import { secondIntegration } from '../helpers/integrations.js';
import {
  createDatabase,
  createDataSource,
  createRow,
  expectError,
  expectNotFound,
  schemaOf,
  text,
  titled,
  updatePage,
  type Json,
} from '../helpers/builders.js';
import { sharedTestServer, startTestServer } from '../helpers/server.js';
import { durableStore } from '../helpers/store.js';

const server = sharedTestServer();
let botId: string;
let personId: string;
let tasks: string;
let tasksDatabase: string;
let projects: string;
const row: Record<string, Json> = {};
const project: Record<string, Json> = {};

const LEGACY = '2022-06-28';
const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const minute = (n: number) => new Date(T0 + n * 60_000).toISOString();

const query = (dataSourceId: string, body: unknown = {}, options: { version?: string; token?: string; search?: string } = {}) =>
  server.request('POST', `/v1/data_sources/${dataSourceId}/query${options.search ?? ''}`, { body, version: options.version, token: options.token });

const titleOf = (page: Json): string => page.properties.Name.title.map((t: Json) => t.plain_text).join('');

/** The titles a query answers, in order. */
async function titles(body: unknown, dataSourceId = tasks): Promise<string[]> {
  const res = await query(dataSourceId, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results.map(titleOf);
}

/** The titles a filter lets through, in the default order. */
const where = (filter: unknown) => titles({ filter });

const A = 'Alpha task';
const B = 'beta task';
const G = 'Gamma Ray';
const D = 'delta';
const E = 'Épsilon';
const ALL = [A, B, G, D, E];

beforeAll(async () => {
  botId = (await server.request('GET', '/v1/users/me')).body.id;
  personId = await createPerson(server.ctx, server.info.workspaceId, 'Ada Lovelace', 'ada@example.com');

  const p = await createDatabase(server, { Name: { title: {} }, Score: { number: {} }, Active: { checkbox: {} }, Start: { date: {} } }, { title: 'Projects' });
  projects = p.dataSourceId;
  project.apollo = await createRow(server, projects, {
    ...titled('Apollo'),
    Score: { number: 10 },
    Active: { checkbox: true },
    Start: { date: { start: '2024-01-01' } },
  });
  project.borealis = await createRow(server, projects, { ...titled('Borealis'), Score: { number: 20 }, Start: { date: { start: '2024-03-01' } } });
  project.cygnus = await createRow(server, projects, { ...titled('Cygnus'), Score: { number: 5 }, Active: { checkbox: true } });

  const t = await createDatabase(
    server,
    {
      Name: { title: {} },
      Notes: { rich_text: {} },
      Link: { url: {} },
      Mail: { email: {} },
      Phone: { phone_number: {} },
      Count: { number: {} },
      Done: { checkbox: {} },
      Kind: { select: { options: [{ name: 'Alpha' }, { name: 'Beta' }, { name: 'Gamma' }] } },
      Tags: { multi_select: { options: [{ name: 'red' }, { name: 'green' }, { name: 'blue' }] } },
      Stage: { status: {} },
      Due: { date: {} },
      Owner: { people: {} },
      Files: { files: {} },
      Project: { relation: { data_source_id: projects, single_property: {} } },
      Created: { created_time: {} },
      Creator: { created_by: {} },
      Edited: { last_edited_time: {} },
      Editor: { last_edited_by: {} },
      Ticket: { unique_id: { prefix: 'T' } },
      Calc: { formula: { expression: 'prop("Count") * 2' } },
    },
    { title: 'Tasks' },
  );
  tasks = t.dataSourceId;
  tasksDatabase = t.databaseId;
  // Rollups name the relation, which the create request above adds.
  const rollups = await server.request('PATCH', `/v1/data_sources/${tasks}`, {
    body: {
      properties: {
        Total: { rollup: { function: 'sum', relation_property_name: 'Project', rollup_property_name: 'Score' } },
        'Project names': { rollup: { function: 'show_original', relation_property_name: 'Project', rollup_property_name: 'Name' } },
        Actives: { rollup: { function: 'show_original', relation_property_name: 'Project', rollup_property_name: 'Active' } },
        Earliest: { rollup: { function: 'earliest_date', relation_property_name: 'Project', rollup_property_name: 'Start' } },
        Linked: { rollup: { function: 'count', relation_property_name: 'Project', rollup_property_name: 'Name' } },
      },
    },
  });
  expect(rollups.status, JSON.stringify(rollups.body)).toBe(200);

  const rows: Array<[string, Record<string, unknown>]> = [
    [
      A,
      {
        Notes: { rich_text: [text('Hello World')] },
        Link: { url: 'https://alpha.example/path' },
        Mail: { email: 'alpha@example.com' },
        Phone: { phone_number: '+1 555 0100' },
        Count: { number: 10 },
        Done: { checkbox: true },
        Kind: { select: { name: 'Alpha' } },
        Tags: { multi_select: [{ name: 'red' }, { name: 'green' }] },
        Stage: { status: { name: 'In progress' } },
        Due: { date: { start: '2024-05-01' } },
        Owner: { people: [{ id: personId }] },
        Files: { files: [{ name: 'spec.pdf', external: { url: 'https://files.example/spec.pdf' } }] },
        Project: { relation: [{ id: project.apollo!.id }, { id: project.borealis!.id }] },
      },
    ],
    [
      B,
      {
        Notes: { rich_text: [text('hello there')] },
        Count: { number: 5 },
        Kind: { select: { name: 'Beta' } },
        Tags: { multi_select: [{ name: 'green' }] },
        Due: { date: { start: '2024-05-02T10:00:00.000Z' } },
        Owner: { people: [{ id: botId }] },
        Project: { relation: [{ id: project.apollo!.id }] },
      },
    ],
    [
      G,
      {
        Notes: { rich_text: [text('ÉCOLE 50%_off')] },
        Count: { number: -3.5 },
        Kind: { select: { name: 'Gamma' } },
        Tags: { multi_select: [{ name: 'blue' }] },
        Stage: { status: { name: 'Done' } },
        // 23:30 in New York is 03:30 the next day in UTC.
        Due: { date: { start: '2024-05-02T23:30:00', time_zone: 'America/New_York' } },
        Project: { relation: [{ id: project.cygnus!.id }] },
      },
    ],
    [D, {}],
    [
      E,
      {
        Notes: { rich_text: [text('mixed CASE')] },
        Link: { url: 'https://other.example' },
        Count: { number: 0 },
        Due: { date: { start: '2024-04-20', end: '2024-05-10' } },
      },
    ],
  ];
  for (const [i, [name, properties]] of rows.entries()) {
    row[name] = await server.at(minute(i), () => createRow(server, tasks, { ...titled(name), ...properties }));
  }
});

describe('the query endpoint', () => {
  it('answers every page of the data source in creation order, in the list envelope', async () => {
    const res = await query(tasks);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['object', 'results', 'next_cursor', 'has_more', 'type', 'page_or_data_source', 'request_id']);
    expect(res.body).toMatchObject({ object: 'list', next_cursor: null, has_more: false, type: 'page_or_data_source', page_or_data_source: {} });
    expect(res.body.results.map(titleOf)).toEqual(ALL);
    // Results are the page objects retrieve answers.
    const retrieved = await server.request('GET', `/v1/pages/${row[A]!.id}`);
    const { request_id: _ignored, ...page } = retrieved.body;
    expect(res.body.results[0]).toEqual(page);
  });

  it('is 404 for a data source that is unknown or not shared, 403 without read content', async () => {
    expectNotFound(await query('5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11'), 'data source', '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11');
    const other = await secondIntegration(server, { name: 'Other' });
    expectNotFound(await query(tasks, {}, { token: other.token }), 'data source', tasks, 'Other');
    const blind = await secondIntegration(server, { name: 'Blind', capabilities: { read_content: false }, pages: [server.info.rootPageId] });
    expectError(await query(tasks, {}, { token: blind.token }), 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  });

  it('is gated by version: data sources from 2025-09-03, databases under 2022-06-28', async () => {
    expectError(await query(tasks, {}, { version: LEGACY }), 400, 'invalid_request_url', 'Invalid request URL.');
    expectError(await server.request('POST', `/v1/databases/${tasksDatabase}/query`, { body: {} }), 400, 'invalid_request_url', 'Invalid request URL.');
    expectError(
      await server.request('POST', `/v1/databases/${tasksDatabase}/query`, { body: {}, version: '2026-03-11' }),
      400,
      'invalid_request_url',
      'Invalid request URL.',
    );
    const legacy = await server.request('POST', `/v1/databases/${tasksDatabase}/query`, {
      body: { filter: { property: 'Count', number: { greater_than: 0 } } },
      version: LEGACY,
    });
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ type: 'page_or_database', page_or_database: {}, has_more: false });
    expect(legacy.body.results.map(titleOf)).toEqual([A, B]);
    expect(legacy.body.results[0].parent).toEqual({ type: 'database_id', database_id: tasksDatabase });
    const current = await query(tasks, {}, { version: '2026-03-11' });
    expect(current.body.results[0].parent).toEqual({ type: 'data_source_id', data_source_id: tasks, database_id: tasksDatabase });
  });

  it('refuses a database with several data sources under 2022-06-28', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Two' });
    const second = await createDataSource(server, databaseId, { Name: { title: {} } });
    const res = await server.request('POST', `/v1/databases/${databaseId}/query`, { body: {}, version: LEGACY });
    expectError(res, 400, 'validation_error', 'Databases with multiple data sources are not supported in this API version.', {
      error_type: 'multiple_data_sources_for_database',
      database_id: databaseId,
      child_data_source_ids: [dataSourceId, second.id],
      minimum_api_version: '2025-09-03',
    });
  });

  it('checks the body in the validation grammar', async () => {
    expectError(
      await query(tasks, { page_size: 101 }),
      400,
      'validation_error',
      'body failed validation: body.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    expectError(
      await query(tasks, { page_size: 'ten' }),
      400,
      'validation_error',
      'body failed validation: body.page_size should be a number or `undefined`, instead was `"ten"`.',
    );
    expectError(
      await query(tasks, { colour: 'red' }),
      400,
      'validation_error',
      'body failed validation: body.colour should be not present, instead was `"red"`.',
    );
    expectError(
      await query(tasks, { sorts: [{ property: 'Count', direction: 'up' }] }),
      400,
      'validation_error',
      'body failed validation: body.sorts[0].direction should be `"ascending"` or `"descending"`, instead was `"up"`.',
    );
    expectError(
      await query(tasks, { filter: { property: 'Count', number: { equals: '5' } } }),
      400,
      'validation_error',
      'body failed validation: body.filter.number.equals should be a number, instead was `"5"`.',
    );
    expectError(
      await query(tasks, { filter: { property: 'Count', number: { is_empty: false } } }),
      400,
      'validation_error',
      'body failed validation: body.filter.number.is_empty should be `true`, instead was `false`.',
    );
    expectError(
      await query(tasks, { filter: { property: 'Owner', people: { contains: 'someone' } } }),
      400,
      'validation_error',
      'body failed validation: body.filter.people.contains should be a valid uuid or `"me"`, instead was `"someone"`.',
    );
    expectError(
      await query(tasks, { filter: { property: 'Due', date: { past_week: { days: 3 } } } }),
      400,
      'validation_error',
      'body failed validation: body.filter.date.past_week.days should be not present, instead was `3`.',
    );
    expectError(
      await query(tasks, { filter: { property: 'Due', date: { equals: 'next tuesday' } } }),
      400,
      'validation_error',
      'body failed validation: body.filter.date.equals should be a valid ISO 8601 date string or a relative date such as `"today"`, instead was `"next tuesday"`.',
    );
    const archived = await query(tasks, { archived: false }, { version: '2026-03-11' });
    expectError(archived, 400, 'validation_error', 'body failed validation: body.archived should be not present, instead was `false`.');
  });

  it('lists the filter types Notion lists for a filter of none of them', async () => {
    const types = [
      'or',
      'and',
      'title',
      'rich_text',
      'number',
      'checkbox',
      'select',
      'multi_select',
      'status',
      'date',
      'people',
      'files',
      'url',
      'email',
      'phone_number',
      'relation',
      'created_by',
      'created_time',
      'last_edited_by',
      'last_edited_time',
      'formula',
      'unique_id',
      'rollup',
      'verification',
    ];
    const res = await query(tasks, { filter: { orr: [{ property: 'Done', checkbox: { equals: true } }] } });
    expectError(
      res,
      400,
      'validation_error',
      `body failed validation. Fix one:\n${types.map((t) => `body.filter.${t} should be defined, instead was \`undefined\`.`).join('\n')}`,
    );
  });
});

describe('filter errors', () => {
  it('name an unknown property, a mismatched type and an unknown sort property as Notion does', async () => {
    expectError(
      await query(tasks, { filter: { property: 'Colour', select: { equals: 'red' } } }),
      400,
      'validation_error',
      'Could not find property with name or id: Colour',
    );
    expectError(
      await query(tasks, { filter: { property: 'Count', rich_text: { contains: '1' } } }),
      400,
      'validation_error',
      'The property type in the database does not match the property type of the filter provided: database property number does not match filter rich_text',
    );
    expectError(
      await query(tasks, { filter: { and: [{ property: 'Name', checkbox: { equals: true } }] } }),
      400,
      'validation_error',
      'The property type in the database does not match the property type of the filter provided: database property title does not match filter checkbox',
    );
    expectError(
      await query(tasks, { sorts: [{ property: 'Colour', direction: 'ascending' }] }),
      400,
      'validation_error',
      'Could not find sort property with name or id: Colour',
    );
  });

  it('refuse a property on a timestamp filter', async () => {
    const res = await query(tasks, { filter: { timestamp: 'created_time', property: 'Created', created_time: { past_week: {} } } });
    expectError(res, 400, 'validation_error', 'body failed validation: body.filter.property should be not present, instead was `"Created"`.');
  });
});

describe('compound filters', () => {
  const done = { property: 'Done', checkbox: { equals: true } };
  const positive = { property: 'Count', number: { greater_than: 0 } };
  const green = { property: 'Tags', multi_select: { contains: 'green' } };
  const noCount = { property: 'Count', number: { is_empty: true } };

  it('combine with and/or, nested one level', async () => {
    expect(await where({ and: [positive, green] })).toEqual([A, B]);
    expect(await where({ or: [done, noCount] })).toEqual([A, D]);
    expect(await where({ and: [{ or: [done, noCount] }, { or: [green, noCount] }] })).toEqual([A, D]);
    expect(await where({ or: [{ and: [positive, { property: 'Kind', select: { equals: 'Beta' } }] }, noCount] })).toEqual([B, D]);
    expect(await where({ and: [] })).toEqual(ALL);
  });

  it('refuse a third level, as Notion does ("Nesting is supported up to two levels deep")', async () => {
    const res = await query(tasks, { filter: { and: [{ or: [{ and: [done] }] }] } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(
      /^body failed validation\. Fix one:\nbody\.filter\.and\[0\]\.or\[0\]\.title should be defined, instead was `undefined`\.\n/,
    );
  });

  it('take at most 100 members', async () => {
    const res = await query(tasks, { filter: { or: Array.from({ length: 101 }, () => done) } });
    expectError(res, 400, 'validation_error', 'body failed validation: body.filter.or.length should be ≤ `100`, instead was `101`.');
  });
});

describe('text conditions (title, rich_text, url, email, phone_number)', () => {
  it('match without regard to case, on the plain text', async () => {
    expect(await where({ property: 'Name', title: { equals: 'ALPHA TASK' } })).toEqual([A]);
    expect(await where({ property: 'Name', title: { does_not_equal: 'alpha task' } })).toEqual([B, G, D, E]);
    expect(await where({ property: 'Name', title: { contains: 'TASK' } })).toEqual([A, B]);
    expect(await where({ property: 'Name', title: { does_not_contain: 'task' } })).toEqual([G, D, E]);
    expect(await where({ property: 'Name', title: { starts_with: 'gam' } })).toEqual([G]);
    expect(await where({ property: 'Name', title: { ends_with: 'RAY' } })).toEqual([G]);
    expect(await where({ property: 'Name', title: { contains: 'ÉPS' } })).toEqual([E]);
    expect(await where({ property: 'Name', title: { is_empty: true } })).toEqual([]);
    expect(await where({ property: 'title', title: { is_not_empty: true } })).toEqual(ALL);
  });

  it('rich_text: empty values count as not equal and not containing', async () => {
    expect(await where({ property: 'Notes', rich_text: { contains: 'hello' } })).toEqual([A, B]);
    expect(await where({ property: 'Notes', rich_text: { does_not_contain: 'hello' } })).toEqual([G, D, E]);
    expect(await where({ property: 'Notes', rich_text: { does_not_equal: 'hello there' } })).toEqual([A, G, D, E]);
    expect(await where({ property: 'Notes', rich_text: { equals: 'école 50%_OFF' } })).toEqual([G]);
    expect(await where({ property: 'Notes', rich_text: { starts_with: 'MIXED' } })).toEqual([E]);
    expect(await where({ property: 'Notes', rich_text: { ends_with: 'world' } })).toEqual([A]);
    expect(await where({ property: 'Notes', rich_text: { is_empty: true } })).toEqual([D]);
    expect(await where({ property: 'Notes', rich_text: { is_not_empty: true } })).toEqual([A, B, G, E]);
  });

  it('treat % and _ literally', async () => {
    expect(await where({ property: 'Notes', rich_text: { contains: '%' } })).toEqual([G]);
    expect(await where({ property: 'Notes', rich_text: { contains: '0%_o' } })).toEqual([G]);
    expect(await where({ property: 'Notes', rich_text: { contains: 'l_o' } })).toEqual([]);
  });

  it('count characters, not bytes, at either end', async () => {
    expect(await where({ property: 'Notes', rich_text: { starts_with: 'ÉCO' } })).toEqual([G]);
    expect(await where({ property: 'Notes', rich_text: { ends_with: 'E 50%_OFF' } })).toEqual([G]);
    expect(await where({ property: 'Notes', rich_text: { ends_with: 'x école 50%_off' } })).toEqual([]);
  });

  it('take a text longer than any value, and match nothing', async () => {
    const long = 'hello '.repeat(12_000);
    for (const name of ['contains', 'starts_with', 'ends_with', 'equals']) {
      expect(await where({ property: 'Notes', rich_text: { [name]: long } })).toEqual([]);
    }
    expect(await where({ property: 'Notes', rich_text: { does_not_contain: long } })).toEqual([A, B, G, D, E]);
  });

  it('url, email and phone_number', async () => {
    expect(await where({ property: 'Link', url: { contains: 'EXAMPLE' } })).toEqual([A, E]);
    expect(await where({ property: 'Link', url: { equals: 'https://other.example' } })).toEqual([E]);
    expect(await where({ property: 'Link', url: { ends_with: '/path' } })).toEqual([A]);
    expect(await where({ property: 'Link', url: { is_empty: true } })).toEqual([B, G, D]);
    expect(await where({ property: 'Mail', email: { equals: 'ALPHA@example.com' } })).toEqual([A]);
    expect(await where({ property: 'Mail', email: { does_not_contain: 'alpha' } })).toEqual([B, G, D, E]);
    expect(await where({ property: 'Phone', phone_number: { starts_with: '+1' } })).toEqual([A]);
    expect(await where({ property: 'Phone', phone_number: { is_not_empty: true } })).toEqual([A]);
  });
});

describe('number and unique_id conditions', () => {
  it('compare numbers as numbers; does_not_equal holds for empty values', async () => {
    expect(await where({ property: 'Count', number: { equals: 5 } })).toEqual([B]);
    expect(await where({ property: 'Count', number: { does_not_equal: 5 } })).toEqual([A, G, D, E]);
    expect(await where({ property: 'Count', number: { greater_than: 0 } })).toEqual([A, B]);
    expect(await where({ property: 'Count', number: { less_than: 0 } })).toEqual([G]);
    expect(await where({ property: 'Count', number: { greater_than_or_equal_to: 0 } })).toEqual([A, B, E]);
    expect(await where({ property: 'Count', number: { less_than_or_equal_to: -3.5 } })).toEqual([G]);
    expect(await where({ property: 'Count', number: { is_empty: true } })).toEqual([D]);
    expect(await where({ property: 'Count', number: { is_not_empty: true } })).toEqual([A, B, G, E]);
  });

  it('unique_id compares the number part', async () => {
    expect(await where({ property: 'Ticket', unique_id: { equals: 3 } })).toEqual([G]);
    expect(await where({ property: 'Ticket', unique_id: { greater_than: 3 } })).toEqual([D, E]);
    expect(await where({ property: 'Ticket', unique_id: { less_than_or_equal_to: 2 } })).toEqual([A, B]);
    expect(await where({ property: 'Ticket', unique_id: { does_not_equal: 1 } })).toEqual([B, G, D, E]);
    expect(await where({ property: 'Ticket', unique_id: { is_empty: true } })).toEqual([]);
  });
});

describe('checkbox, select, multi_select and status conditions', () => {
  it('checkbox', async () => {
    expect(await where({ property: 'Done', checkbox: { equals: true } })).toEqual([A]);
    expect(await where({ property: 'Done', checkbox: { equals: false } })).toEqual([B, G, D, E]);
    expect(await where({ property: 'Done', checkbox: { does_not_equal: true } })).toEqual([B, G, D, E]);
    expect(await where({ property: 'Done', checkbox: { does_not_equal: false } })).toEqual([A]);
  });

  it('select, by option name without regard to case, or any of several', async () => {
    expect(await where({ property: 'Kind', select: { equals: 'beta' } })).toEqual([B]);
    expect(await where({ property: 'Kind', select: { equals: ['Alpha', 'Gamma'] } })).toEqual([A, G]);
    expect(await where({ property: 'Kind', select: { does_not_equal: 'Beta' } })).toEqual([A, G, D, E]);
    expect(await where({ property: 'Kind', select: { equals: 'Nope' } })).toEqual([]);
    expect(await where({ property: 'Kind', select: { is_empty: true } })).toEqual([D, E]);
    expect(await where({ property: 'Kind', select: { is_not_empty: true } })).toEqual([A, B, G]);
  });

  it('multi_select', async () => {
    expect(await where({ property: 'Tags', multi_select: { contains: 'GREEN' } })).toEqual([A, B]);
    expect(await where({ property: 'Tags', multi_select: { contains: ['red', 'blue'] } })).toEqual([A, G]);
    expect(await where({ property: 'Tags', multi_select: { does_not_contain: 'green' } })).toEqual([G, D, E]);
    expect(await where({ property: 'Tags', multi_select: { is_empty: true } })).toEqual([D, E]);
    expect(await where({ property: 'Tags', multi_select: { is_not_empty: true } })).toEqual([A, B, G]);
  });

  it('status: every page has one', async () => {
    expect(await where({ property: 'Stage', status: { equals: 'not started' } })).toEqual([B, D, E]);
    expect(await where({ property: 'Stage', status: { does_not_equal: 'Done' } })).toEqual([A, B, D, E]);
    expect(await where({ property: 'Stage', status: { equals: ['In progress', 'Done'] } })).toEqual([A, G]);
    expect(await where({ property: 'Stage', status: { is_empty: true } })).toEqual([]);
  });
});

describe('date conditions', () => {
  it('compare the start as an instant; a date means its whole UTC day', async () => {
    expect(await where({ property: 'Due', date: { equals: '2024-05-02' } })).toEqual([B]);
    expect(await where({ property: 'Due', date: { equals: '2024-05-03' } })).toEqual([G]);
    expect(await where({ property: 'Due', date: { before: '2024-05-02' } })).toEqual([A, E]);
    expect(await where({ property: 'Due', date: { after: '2024-05-02' } })).toEqual([G]);
    expect(await where({ property: 'Due', date: { on_or_before: '2024-05-02' } })).toEqual([A, B, E]);
    expect(await where({ property: 'Due', date: { on_or_after: '2024-05-02' } })).toEqual([B, G]);
    expect(await where({ property: 'Due', date: { is_empty: true } })).toEqual([D]);
    expect(await where({ property: 'Due', date: { is_not_empty: true } })).toEqual([A, B, G, E]);
  });

  it('read date-times with their offset, and without one in UTC', async () => {
    expect(await where({ property: 'Due', date: { equals: '2024-05-02T10:00:00.000Z' } })).toEqual([B]);
    expect(await where({ property: 'Due', date: { equals: '2024-05-02T12:00:00+02:00' } })).toEqual([B]);
    expect(await where({ property: 'Due', date: { before: '2024-05-02T10:00:00' } })).toEqual([A, E]);
    expect(await where({ property: 'Due', date: { on_or_before: '2024-05-02T10:00:00' } })).toEqual([A, B, E]);
    expect(await where({ property: 'Due', date: { after: '2024-05-02T23:30:00-04:00' } })).toEqual([]);
    expect(await where({ property: 'Due', date: { on_or_after: '2024-05-02T23:30:00-04:00' } })).toEqual([G]);
    expect(await where({ property: 'Due', date: { equals: '2024-05-03T03:30:00Z' } })).toEqual([G]);
  });

  it('evaluate relative dates and ranges against the current UTC date', async () => {
    // Thursday 2 May 2024: its week runs from Sunday 28 April to Saturday 4 May.
    await server.at('2024-05-02T12:00:00.000Z', async () => {
      expect(await where({ property: 'Due', date: { past_week: {} } })).toEqual([A, B]);
      expect(await where({ property: 'Due', date: { next_week: {} } })).toEqual([B, G]);
      expect(await where({ property: 'Due', date: { this_week: {} } })).toEqual([A, B, G]);
      expect(await where({ property: 'Due', date: { past_month: {} } })).toEqual([A, B, E]);
      expect(await where({ property: 'Due', date: { next_month: {} } })).toEqual([B, G]);
      expect(await where({ property: 'Due', date: { past_year: {} } })).toEqual([A, B, E]);
      expect(await where({ property: 'Due', date: { next_year: {} } })).toEqual([B, G]);
      expect(await where({ property: 'Due', date: { equals: 'today' } })).toEqual([B]);
      expect(await where({ property: 'Due', date: { equals: 'yesterday' } })).toEqual([A]);
      expect(await where({ property: 'Due', date: { equals: 'tomorrow' } })).toEqual([G]);
      expect(await where({ property: 'Due', date: { before: 'one_week_ago' } })).toEqual([E]);
      expect(await where({ property: 'Due', date: { on_or_after: 'one_week_from_now' } })).toEqual([]);
      expect(await where({ property: 'Due', date: { after: 'one_month_ago' } })).toEqual([A, B, G, E]);
      expect(await where({ property: 'Due', date: { before: 'one_month_from_now' } })).toEqual([A, B, G, E]);
    });
  });
});

describe('people, files and relation conditions', () => {
  it('people, with "me" for the integration', async () => {
    expect(await where({ property: 'Owner', people: { contains: personId } })).toEqual([A]);
    expect(await where({ property: 'Owner', people: { contains: 'me' } })).toEqual([B]);
    expect(await where({ property: 'Owner', people: { does_not_contain: 'me' } })).toEqual([A, G, D, E]);
    expect(await where({ property: 'Owner', people: { is_empty: true } })).toEqual([G, D, E]);
    expect(await where({ property: 'Owner', people: { is_not_empty: true } })).toEqual([A, B]);
  });

  it('created_by and last_edited_by', async () => {
    expect(await where({ property: 'Creator', created_by: { contains: 'me' } })).toEqual(ALL);
    expect(await where({ property: 'Creator', created_by: { contains: personId } })).toEqual([]);
    expect(await where({ property: 'Creator', created_by: { does_not_contain: botId } })).toEqual([]);
    expect(await where({ property: 'Editor', last_edited_by: { contains: botId } })).toEqual(ALL);
    expect(await where({ property: 'Editor', last_edited_by: { is_empty: true } })).toEqual([]);
    expect(await where({ property: 'Editor', last_edited_by: { is_not_empty: true } })).toEqual(ALL);
  });

  it('files', async () => {
    expect(await where({ property: 'Files', files: { is_empty: true } })).toEqual([B, G, D, E]);
    expect(await where({ property: 'Files', files: { is_not_empty: true } })).toEqual([A]);
  });

  it('relation', async () => {
    expect(await where({ property: 'Project', relation: { contains: project.apollo!.id } })).toEqual([A, B]);
    expect(await where({ property: 'Project', relation: { contains: project.apollo!.id.replace(/-/g, '') } })).toEqual([A, B]);
    expect(await where({ property: 'Project', relation: { does_not_contain: project.apollo!.id } })).toEqual([G, D, E]);
    expect(await where({ property: 'Project', relation: { is_empty: true } })).toEqual([D, E]);
    expect(await where({ property: 'Project', relation: { is_not_empty: true } })).toEqual([A, B, G]);
  });
});

describe('timestamp conditions', () => {
  it('filter created_time and last_edited_time as timestamps or properties, to the minute shown', async () => {
    expect(await where({ timestamp: 'created_time', created_time: { before: minute(2) } })).toEqual([A, B]);
    expect(await where({ timestamp: 'created_time', created_time: { equals: minute(2) } })).toEqual([G]);
    expect(await where({ property: 'Created', created_time: { on_or_after: minute(2) } })).toEqual([G, D, E]);
    expect(await where({ property: 'Created', created_time: { on_or_before: '2024-05-01T10:01:59Z' } })).toEqual([A, B]);
    expect(await where({ timestamp: 'last_edited_time', last_edited_time: { after: minute(3) } })).toEqual([E]);
    expect(await where({ property: 'Edited', last_edited_time: { equals: '2024-05-01' } })).toEqual(ALL);
    expect(await where({ timestamp: 'created_time', created_time: { is_empty: true } })).toEqual([]);
    await server.at('2024-05-05T00:00:00.000Z', async () => {
      expect(await where({ timestamp: 'created_time', created_time: { past_week: {} } })).toEqual(ALL);
      expect(await where({ timestamp: 'created_time', created_time: { next_week: {} } })).toEqual([]);
    });
  });
});

describe('rollup conditions', () => {
  it('any, every and none test the related pages', async () => {
    expect(await where({ property: 'Project names', rollup: { any: { rich_text: { contains: 'apo' } } } })).toEqual([A, B]);
    // Pages without related pages pass "every" and "none".
    expect(await where({ property: 'Project names', rollup: { every: { rich_text: { contains: 'o' } } } })).toEqual([A, B, D, E]);
    expect(await where({ property: 'Project names', rollup: { none: { rich_text: { contains: 'cyg' } } } })).toEqual([A, B, D, E]);
    expect(await where({ property: 'Actives', rollup: { any: { checkbox: { equals: false } } } })).toEqual([A]);
    expect(await where({ property: 'Actives', rollup: { every: { checkbox: { equals: true } } } })).toEqual([B, G, D, E]);
  });

  it('number and date forms test the result', async () => {
    expect(await where({ property: 'Total', rollup: { number: { greater_than: 10 } } })).toEqual([A]);
    expect(await where({ property: 'Total', rollup: { number: { equals: 0 } } })).toEqual([D, E]);
    expect(await where({ property: 'Linked', rollup: { number: { greater_than_or_equal_to: 1 } } })).toEqual([A, B, G]);
    expect(await where({ property: 'Earliest', rollup: { date: { before: '2024-02-01' } } })).toEqual([A, B]);
    expect(await where({ property: 'Earliest', rollup: { date: { is_empty: true } } })).toEqual([G, D, E]);
  });

  it('refuse a condition that does not fit the rolled-up values', async () => {
    const res = await query(tasks, { filter: { property: 'Project names', rollup: { any: { number: { equals: 1 } } } } });
    expectError(
      res,
      400,
      'validation_error',
      'The property type in the database does not match the property type of the filter provided: database property rich_text does not match filter number',
    );
  });
});

describe('sorts', () => {
  it('sort by property, empty values last in either direction', async () => {
    expect(await titles({ sorts: [{ property: 'Count', direction: 'ascending' }] })).toEqual([G, E, B, A, D]);
    expect(await titles({ sorts: [{ property: 'Count', direction: 'descending' }] })).toEqual([A, B, E, G, D]);
    expect(await titles({ sorts: [{ property: 'Due', direction: 'ascending' }] })).toEqual([E, A, B, G, D]);
  });

  it('sort text without regard to case', async () => {
    expect(await titles({ sorts: [{ property: 'Name', direction: 'ascending' }] })).toEqual([A, B, D, G, E]);
    expect(await titles({ sorts: [{ property: 'Name', direction: 'descending' }] })).toEqual([E, G, D, B, A]);
  });

  it('sort options in the order the property lists them', async () => {
    expect(await titles({ sorts: [{ property: 'Kind', direction: 'ascending' }] })).toEqual([A, B, G, D, E]);
    // Ties (here the empty values) go by id in the direction of the last sort.
    expect(await titles({ sorts: [{ property: 'Kind', direction: 'descending' }] })).toEqual([G, B, A, E, D]);
    expect(await titles({ sorts: [{ property: 'Stage', direction: 'ascending' }] })).toEqual([B, D, E, A, G]);
  });

  it('apply several sorts, earlier ones first, and timestamps', async () => {
    expect(
      await titles({
        sorts: [
          { property: 'Done', direction: 'descending' },
          { property: 'Count', direction: 'ascending' },
        ],
      }),
    ).toEqual([A, G, E, B, D]);
    expect(await titles({ sorts: [{ timestamp: 'created_time', direction: 'descending' }] })).toEqual([E, D, G, B, A]);
    expect(
      await titles({
        sorts: [
          { property: 'Total', direction: 'descending' },
          { property: 'Name', direction: 'ascending' },
        ],
      }),
    ).toEqual([A, B, G, D, E]);
  });
});

describe('pagination', () => {
  /** Every page of a query, following next_cursor, with `between` run after each page. */
  async function pages(dataSourceId: string, body: Record<string, unknown>, between: (n: number) => Promise<void> = async () => {}): Promise<string[][]> {
    const out: string[][] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 50; n++) {
      const res = await query(dataSourceId, { ...body, start_cursor: cursor });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      out.push(res.body.results.map(titleOf));
      expect(res.body.has_more).toBe(res.body.next_cursor !== null);
      if (!res.body.has_more) return out;
      cursor = res.body.next_cursor;
      await between(n);
    }
    throw new Error('too many pages');
  }

  it('pages through results in the order of the sorts', async () => {
    expect(await pages(tasks, { page_size: 2 })).toEqual([[A, B], [G, D], [E]]);
    expect(await pages(tasks, { page_size: 2, sorts: [{ property: 'Count', direction: 'descending' }] })).toEqual([[A, B], [E, G], [D]]);
    expect(await pages(tasks, { page_size: 3, sorts: [{ property: 'Kind', direction: 'descending' }] })).toEqual([
      [G, B, A],
      [E, D],
    ]);
    expect(
      (
        await pages(tasks, {
          page_size: 1,
          filter: { property: 'Count', number: { is_not_empty: true } },
          sorts: [{ property: 'Name', direction: 'descending' }],
        })
      ).flat(),
    ).toEqual([E, G, B, A]);
  });

  it('reads page_size 0 as the default of 100', async () => {
    const res = await query(tasks, { page_size: 0 });
    expect(res.body.results).toHaveLength(5);
  });

  it('gives every page once and none twice while pages are inserted between calls', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Rank: { number: {} } }, { title: 'Ranks' });
    const ranks = [5, 3, 8, 1, 9, 2, 7];
    for (const [i, rank] of ranks.entries())
      await server.at(minute(i), () => createRow(server, dataSourceId, { ...titled(`r${rank}`), Rank: { number: rank } }));
    const before = [...ranks].sort((a, b) => a - b).map((r) => `r${r}`);
    const inserted: string[] = [];
    const seen = await pages(dataSourceId, { page_size: 2, sorts: [{ property: 'Rank', direction: 'ascending' }] }, async (n) => {
      // One insert before the cursor (never shown), one after it (shown once), one without a rank (last).
      for (const rank of [0.5 + n, 100 + n]) {
        await createRow(server, dataSourceId, { ...titled(`new${rank}`), Rank: { number: rank } });
        inserted.push(`new${rank}`);
      }
      await createRow(server, dataSourceId, titled(`unranked${n}`));
    });
    const flat = seen.flat();
    expect(new Set(flat).size).toBe(flat.length);
    for (const name of before) expect(flat).toContain(name);
    expect(flat.filter((t) => t.startsWith('r'))).toEqual(before);
    for (const n of [0, 1, 2]) expect(flat).toContain(`new${100 + n}`);
    expect(flat[flat.length - 1]).toMatch(/^unranked/);

    // The default order (creation) shows every page inserted meanwhile, once.
    const created = (await pages(dataSourceId, { page_size: 3 }, async (n) => void (await createRow(server, dataSourceId, titled(`late${n}`))))).flat();
    expect(new Set(created).size).toBe(created.length);
    expect(created.filter((t) => t.startsWith('late'))).toHaveLength(created.filter((t) => t.startsWith('late')).length);
    expect(created.slice(-1)[0]).toMatch(/^late/);
  });

  it('refuses a cursor that is not one of this query', async () => {
    expectError(await query(tasks, { start_cursor: 'bogus' }), 400, 'validation_error', 'The start_cursor provided is invalid: bogus');
    const first = await query(tasks, { page_size: 1 });
    const cursor = first.body.next_cursor as string;
    expect(typeof cursor).toBe('string');
    expectError(
      await query(tasks, { start_cursor: cursor, sorts: [{ property: 'Count', direction: 'ascending' }] }),
      400,
      'validation_error',
      `The start_cursor provided is invalid: ${cursor}`,
    );
    expectError(await query(projects, { start_cursor: cursor }), 400, 'validation_error', `The start_cursor provided is invalid: ${cursor}`);
    expectError(await query(tasks, { start_cursor: row[A]!.id }), 400, 'validation_error', `The start_cursor provided is invalid: ${row[A]!.id}`);
    // A null cursor is the first page (the SDK types allow it).
    expect((await query(tasks, { start_cursor: null, page_size: 1 })).body.results.map(titleOf)).toEqual([A]);
  });
});

describe('trash', () => {
  it('leaves trashed pages out unless in_trash asks for them', async () => {
    const { dataSourceId, databaseId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Bin' });
    const keep = await createRow(server, dataSourceId, titled('keep'));
    const gone = await createRow(server, dataSourceId, titled('gone'));
    await updatePage(server, gone.id, { in_trash: true });
    expect(await titles({}, dataSourceId)).toEqual(['keep']);
    expect(await titles({ in_trash: true }, dataSourceId)).toEqual(['gone']);
    const legacy = await server.request('POST', `/v1/databases/${databaseId}/query`, { body: { archived: true }, version: LEGACY });
    expect(legacy.body.results.map((p: Json) => p.id)).toEqual([gone.id]);
    expect(legacy.body.results[0].archived).toBe(true);
    await updatePage(server, gone.id, { in_trash: false });
    expect(await titles({}, dataSourceId)).toEqual(['keep', 'gone']);
    expect(keep.id).toBeDefined();
  });
});

describe('filter_properties', () => {
  it('limits the properties of each result, in either query-string form', async () => {
    const schema = await schemaOf(server, tasks);
    const countId = schema.Count.id as string;
    const res = await query(
      tasks,
      { filter: { property: 'Count', number: { equals: 5 } } },
      { search: `?filter_properties=title&filter_properties=${encodeURIComponent(countId)}` },
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.results[0].properties).sort()).toEqual(['Count', 'Name']);
    const bracket = await query(tasks, { page_size: 1 }, { search: `?filter_properties[]=${encodeURIComponent(countId)}` });
    expect(Object.keys(bracket.body.results[0].properties)).toEqual(['Count']);
  });
});

describe('the value index follows every write', () => {
  it('follows page updates', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, N: { number: {} } }, { title: 'Edits' });
    const page = await createRow(server, dataSourceId, { ...titled('one'), N: { number: 1 } });
    await updatePage(server, page.id, { properties: { ...titled('uno'), N: { number: 2 } } });
    expect(await titles({ filter: { property: 'N', number: { equals: 2 } } }, dataSourceId)).toEqual(['uno']);
    expect(await titles({ filter: { property: 'Name', title: { equals: 'one' } } }, dataSourceId)).toEqual([]);
    await updatePage(server, page.id, { properties: { N: { number: null } } });
    expect(await titles({ filter: { property: 'N', number: { is_empty: true } } }, dataSourceId)).toEqual(['uno']);
  });

  it('follows the other side of dual relations', async () => {
    const meals = await createDatabase(server, { Name: { title: {} } }, { title: 'Meals' });
    const soup = await createRow(server, meals.dataSourceId, titled('Soup'));
    const { dataSourceId } = await createDatabase(
      server,
      { Name: { title: {} }, Meals: { relation: { data_source_id: meals.dataSourceId, dual_property: { synced_property_name: 'Groceries' } } } },
      { title: 'Groceries' },
    );
    const kale = await createRow(server, dataSourceId, { ...titled('Kale'), Meals: { relation: [{ id: soup.id }] } });
    expect(await titles({ filter: { property: 'Groceries', relation: { contains: kale.id } } }, meals.dataSourceId)).toEqual(['Soup']);
    await updatePage(server, kale.id, { properties: { Meals: { relation: [] } } });
    expect(await titles({ filter: { property: 'Groceries', relation: { is_empty: true } } }, meals.dataSourceId)).toEqual(['Soup']);
  });

  it('follows schema updates: renames, option renames, retyping and removal', async () => {
    const { dataSourceId } = await createDatabase(
      server,
      { Name: { title: {} }, Level: { select: { options: [{ name: 'Low' }, { name: 'High' }] } }, Score: { number: {} }, Flag: { checkbox: {} } },
      { title: 'Schema' },
    );
    await createRow(server, dataSourceId, { ...titled('x'), Level: { select: { name: 'High' } }, Score: { number: 42 } });
    await createRow(server, dataSourceId, { ...titled('y'), Level: { select: { name: 'Low' } } });
    const patch = (properties: Record<string, unknown>) => server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { properties } });
    const schema = await schemaOf(server, dataSourceId);

    expect((await patch({ Level: { name: 'Priority' } })).status).toBe(200);
    expect(await titles({ filter: { property: 'Priority', select: { equals: 'High' } } }, dataSourceId)).toEqual(['x']);

    const options = schema.Level.select.options as Array<{ id: string; name: string }>;
    const renamed = await patch({
      Priority: {
        select: {
          options: [
            { id: options[1]!.id, name: 'Urgent' },
            { id: options[0]!.id, name: 'Low' },
          ],
        },
      },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await titles({ filter: { property: 'Priority', select: { equals: 'urgent' } } }, dataSourceId)).toEqual(['x']);
    // Options now sort Urgent first.
    expect(await titles({ sorts: [{ property: 'Priority', direction: 'ascending' }] }, dataSourceId)).toEqual(['x', 'y']);

    expect((await patch({ Score: { rich_text: {} } })).status).toBe(200);
    expect(await titles({ filter: { property: 'Score', rich_text: { equals: '42' } } }, dataSourceId)).toEqual(['x']);

    expect((await patch({ Flag: null })).status).toBe(200);
    expectError(
      await query(dataSourceId, { filter: { property: 'Flag', checkbox: { equals: false } } }),
      400,
      'validation_error',
      'Could not find property with name or id: Flag',
    );

    // A property added later has values for the pages already there.
    expect((await patch({ Check: { checkbox: {} }, Seq: { unique_id: {} } })).status).toBe(200);
    expect(await titles({ filter: { property: 'Check', checkbox: { equals: false } } }, dataSourceId)).toEqual(['x', 'y']);
    expect(await titles({ filter: { property: 'Seq', unique_id: { greater_than: 1 } } }, dataSourceId)).toEqual(['y']);
  });
});

describe('the 10,000 result cap', () => {
  it('ends a query at 10,000 results, the last page saying the cap was reached', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Huge' });
    // Written straight to the store: 10,001 pages through the API would take long.
    const rows = Array.from({ length: 10_001 }, (_, i) =>
      newBlockRow(
        { workspaceId: server.info.workspaceId, userId: botId, now: new Date(T0 + i * 1000).toISOString() },
        { id: server.ctx.ids.uuid(), type: 'child_page', parent_type: 'data_source_id', parent_id: dataSourceId, properties: '{}', title: '' },
      ),
    );
    await server.ctx.store.transaction((tx) => insertBlocks(tx, rows));
    let cursor: string | undefined;
    let total = 0;
    for (let n = 1; ; n++) {
      const res = await query(dataSourceId, { start_cursor: cursor }, { search: '?filter_properties=none' });
      total += res.body.results.length;
      if (!res.body.has_more) {
        expect(n).toBe(100);
        expect(res.body.next_cursor).toBeNull();
        expect(res.body.request_status).toEqual({ type: 'incomplete', incomplete_reason: 'query_result_limit_reached' });
        break;
      }
      expect(res.body.request_status).toBeUndefined();
      cursor = res.body.next_cursor;
    }
    expect(total).toBe(10_000);
    // A narrower query has its own budget.
    const rest = await query(dataSourceId, { filter: { timestamp: 'created_time', created_time: { on_or_after: new Date(T0 + 9_960_000).toISOString() } } });
    expect(rest.body.results).toHaveLength(41);
    expect(rest.body.request_status).toBeUndefined();
  });
});

describe('a store written before the value index', () => {
  it('gets its index on the next start', async () => {
    const store = durableStore();
    try {
      const first = await startTestServer(store.config);
      const { dataSourceId } = await createDatabase(first, { Name: { title: {} }, N: { number: {} } }, { title: 'Old' });
      await createRow(first, dataSourceId, { ...titled('kept'), N: { number: 7 } });
      await first.ctx.store.db.deleteFrom('page_values').execute();
      await first.close();
      const second = await startTestServer(store.config);
      try {
        const res = await second.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body: { filter: { property: 'N', number: { equals: 7 } } } });
        expect(res.body.results.map(titleOf)).toEqual(['kept']);
      } finally {
        await second.close();
      }
    } finally {
      await store.drop();
    }
  });
});
