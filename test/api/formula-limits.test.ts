// Formulas cannot stall or crash the server: a formula that builds too much, or whose regular
// expression would backtrack, reads as an empty value at once (in page objects, queries, search
// and property items) while other requests keep being answered; nesting too deep and expressions
// too long are refused when the schema is written; chains of formulas reading formulas stop at
// Notion's reference chain limit. Elapsed times are generous bounds on what once took 25 seconds
// or killed the process, not benchmarks.
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/formula/limits.js';
import { REFERENCE_CHAIN } from '../../src/properties/formula-catalog.js';
import { createDatabase, createRow, expectError, getPage, titled, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
const BOUND_MS = 5_000;
const TITLE = `${'a'.repeat(30)}!`;
let dataSourceId: string;
let page: Json;

beforeAll(async () => {
  const db = await createDatabase(
    server,
    {
      Name: { title: {} },
      // Once out of memory on the first read of any page of the data source.
      Huge: { formula: { expression: 'repeat("x", 400000000).length()' } },
      // Once 25 seconds of every request stalled.
      Slow: { formula: { expression: 'repeat("x", 1e8).length()' } },
      // Once 26 to 50 seconds of a blocked event loop on a 30-character title.
      Backtrack: { formula: { expression: 'test(prop("Name"), "(a+)+$")' } },
      Fine: { formula: { expression: 'prop("Name").length()' } },
    },
    { title: 'Hostile formulas' },
  );
  dataSourceId = db.dataSourceId;
  page = await createRow(server, dataSourceId, titled(TITLE));
});

describe('formulas past a bound', () => {
  it('read as empty values promptly, while other requests are answered', async () => {
    const started = performance.now();
    const [read, me] = await Promise.all([server.request('GET', `/v1/pages/${page.id}`), server.request('GET', '/v1/users/me')]);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(me.status).toBe(200);
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.properties.Huge.formula).toEqual({ type: 'number', number: null });
    expect(read.body.properties.Slow.formula).toEqual({ type: 'number', number: null });
    expect(read.body.properties.Backtrack.formula).toEqual({ type: 'boolean', boolean: false });
    expect(read.body.properties.Fine.formula).toEqual({ type: 'number', number: 31 });
  });

  it('read as empty values in queries, search and property items', async () => {
    const started = performance.now();
    const query = await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, {
      body: { filter: { property: 'Huge', formula: { number: { is_empty: true } } } },
    });
    expect(query.status, JSON.stringify(query.body)).toBe(200);
    expect(query.body.results.map((r: Json) => r.id)).toEqual([page.id]);
    const search = await server.request('POST', '/v1/search', { body: { query: TITLE } });
    expect(search.status, JSON.stringify(search.body)).toBe(200);
    expect(search.body.results.find((r: Json) => r.id === page.id)?.properties.Slow.formula).toEqual({ type: 'number', number: null });
    const item = await server.request('GET', `/v1/pages/${page.id}/properties/${encodeURIComponent(read(page, 'Huge'))}`);
    expect(item.status, JSON.stringify(item.body)).toBe(200);
    expect(item.body.formula).toEqual({ type: 'number', number: null });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  });
});

const read = (p: Json, name: string): string => p.properties[name].id;

describe('expressions refused when written', () => {
  it('refuses nesting deeper than the parser and evaluator go', async () => {
    const deep = `${'('.repeat(300)}1${')'.repeat(300)}`;
    const res = await server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { properties: { Deep: { formula: { expression: deep } } } } });
    expectError(
      res,
      400,
      'validation_error',
      `Invalid formula expression for property Deep: Formula is nested too deeply: more than ${LIMITS.depth} levels [200,201]`,
    );
    const chain = `${Array.from({ length: 250 }, (_, i) => `let(v${i}, ${i}, `).join('')}0${')'.repeat(250)}`;
    const lets = await server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { properties: { Deep: { formula: { expression: chain } } } } });
    expect(lets.status).toBe(400);
    expect(lets.body.message).toContain('Formula is nested too deeply');
  });

  it('refuses an expression longer than an expression may be', async () => {
    const long = `1${' '.repeat(LIMITS.expression)}`;
    const res = await server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { properties: { Long: { formula: { expression: long } } } } });
    // A property update is a union (a new property, or a rename): Notion lists what would fix either.
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation. Fix one:\n' +
        `body.properties.Long.formula.expression.length should be ≤ \`${LIMITS.expression}\`, instead was \`${LIMITS.expression + 1}\`.\n` +
        'body.properties.Long.name should be defined, instead was `undefined`.',
    );
  });
});

describe('chains of formulas reading formulas', () => {
  it('stop at the reference chain limit, whichever value is read first', async () => {
    const properties: Record<string, unknown> = { Name: { title: {} }, F0: { formula: { expression: '1' } } };
    for (let i = 1; i < 20; i++) properties[`F${i}`] = { formula: { expression: `prop("F${i - 1}") + 1` } };
    const db = await createDatabase(server, properties, { title: 'Chain' });
    const row = await createRow(server, db.dataSourceId, titled('chain'));
    // Read alone first: the longest chain, counted from the value asked for.
    const item = await server.request('GET', `/v1/pages/${row.id}/properties/${encodeURIComponent(read(row, 'F19'))}`);
    expect(item.body.formula).toEqual({ type: 'number', number: REFERENCE_CHAIN });
    const whole = await getPage(server, row.id);
    for (let i = 0; i < 20; i++) expect(whole.properties[`F${i}`].formula, `F${i}`).toEqual({ type: 'number', number: Math.min(i + 1, REFERENCE_CHAIN) });
  });
});
