// Plans PostgreSQL makes for the lookups every request runs. They are prepared statements, so
// PostgreSQL soon runs them with a generic plan, made before it has statistics of a new store's
// tables: a plan that reads every child of a page there costs each request in proportion to the
// page's children (or a data source's rows).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ancestryStatement, blockByIdStatement, dataSourcesMentioningStatement } from '../../src/store/blocks.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { appendPositionsStatement } from '../../src/store/positions.js';
import { sdkClient } from '../helpers/listening.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const url = testDatabaseUrl();
const schema = testSchemaName();
let server: RunningServer;
let client: pg.Client;

beforeAll(async () => {
  server = await startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema }));
  client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await server?.close();
  await dropPostgresSchema(url, schema);
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** The nodes of the generic plan PostgreSQL runs `statement` with, as `explain analyze` gives them. */
async function genericPlan(name: string, statement: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<PlanNode[]> {
  const { sql, parameters } = statement.compile();
  await client.query('set plan_cache_mode = force_generic_plan');
  const types = parameters.map(() => 'text').join(', ');
  await client.query(`prepare ${name}(${types}) as ${sql}`);
  const literals = parameters.map((p) => client.escapeLiteral(String(p))).join(', ');
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (analyze, format json) execute ${name}(${literals})`);
  return nodesOf(rows[0]!['QUERY PLAN'][0].Plan);
}

/** No node scans the table or a bitmap of children, and no index node yields more than one row. */
function readsOneChildAtMost(nodes: PlanNode[]): void {
  expect(nodes.map((n) => n['Node Type'])).not.toContain('Seq Scan');
  expect(nodes.filter((n) => n['Node Type'].startsWith('Bitmap'))).not.toContainEqual(expect.objectContaining({ 'Index Name': 'blocks_children' }));
  expect(Math.max(...nodes.filter((n) => n['Node Type'].includes('Index')).map((n) => n['Actual Rows']))).toBeLessThanOrEqual(1);
}

/** A page under the root holding `count` paragraphs (a multiple of 100); its id. */
async function pageWithParagraphs(title: string, count: number): Promise<string> {
  const notion = sdkClient(server);
  const page = await notion.pages.create({ parent: { page_id: server.info.rootPageId }, properties: { title: { title: [{ text: { content: title } }] } } });
  const paragraph = { paragraph: { rich_text: [{ text: { content: 'x' } }] } };
  for (let i = 0; i < count / 100; i++) await notion.blocks.children.append({ block_id: page.id, children: Array.from({ length: 100 }, () => paragraph) });
  return page.id;
}

describe('the lookups of a block on PostgreSQL, with their generic plans', () => {
  let pageId: string;

  beforeAll(async () => {
    pageId = await pageWithParagraphs('Many children', 300);
  });

  it('the ancestry reads one child of a page with many to tell has_children', async () => {
    const nodes = await genericPlan('ancestry', ancestryStatement(server.ctx.store.db, pageId, pageId, 'principal', 'member'));
    // The page and the root page above it; of the page's children, the first one only.
    expect(nodes[0]!['Actual Rows']).toBe(2);
    readsOneChildAtMost(nodes);
  });

  it('a block by id does too', async () => {
    const nodes = await genericPlan('block_by_id', blockByIdStatement(server.ctx.store.db, pageId));
    expect(nodes[0]!['Actual Rows']).toBe(1);
    readsOneChildAtMost(nodes);
  });
});

describe('the lookups of a block without content children, where one parent holds most of the table', () => {
  let emptyPageId: string;
  let databaseId: string;

  beforeAll(async () => {
    const notion = sdkClient(server);
    await pageWithParagraphs('Crowded', 3000);
    emptyPageId = (
      await notion.pages.create({ parent: { page_id: server.info.rootPageId }, properties: { title: { title: [{ text: { content: 'Empty' } }] } } })
    ).id;
    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      title: [{ text: { content: 'Only a data source below' } }],
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    databaseId = database.id;
    // With statistics, PostgreSQL knows one parent holds nearly every row.
    await client.query('analyze blocks');
  });

  for (const [name, id] of [
    ['an empty page', () => emptyPageId],
    ['a database (its data source is no content child)', () => databaseId],
  ] as const) {
    it(`${name}: has_children without reading the table, in the ancestry and by id`, async () => {
      for (const [label, statement] of [
        [`ancestry_${name.length}`, ancestryStatement(server.ctx.store.db, id(), id(), 'principal', 'member')],
        [`by_id_${name.length}`, blockByIdStatement(server.ctx.store.db, id())],
      ] as const) {
        const nodes = await genericPlan(label, statement);
        expect(nodes.map((n) => n['Node Type'])).not.toContain('Seq Scan');
        expect(Math.max(...nodes.filter((n) => n['Node Type'].includes('Index')).map((n) => n['Actual Rows']))).toBeLessThanOrEqual(1);
      }
    });
  }

  it('the data sources a schema change looks through are read from their own index', async () => {
    const nodes = await genericPlan('mentioning', dataSourcesMentioningStatement(server.ctx.store.db, server.info.workspaceId, databaseId));
    expect(nodes.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(nodes.map((n) => n['Index Name'])).toContain('blocks_data_sources');
  });
});

describe('the positions of children appended on PostgreSQL', () => {
  it('are planned once per connection, not for every create', async () => {
    const parent = server.info.rootPageId;
    const { sql, parameters } = appendPositionsStatement(server.ctx.store.db, parent, parent, [0, 1, 2]).compile();
    expect(parameters).toHaveLength(3);
    await client.query('reset plan_cache_mode');
    await client.query(`prepare positions(text, text, int[]) as ${sql}`);
    for (let i = 0; i < 12; i++) {
      const { rows } = await client.query(`execute positions(${client.escapeLiteral(parent)}, ${client.escapeLiteral(parent)}, '{0,1,2}')`);
      expect(rows).toHaveLength(3);
    }
    // PostgreSQL plans a prepared statement anew for its first five runs, and then keeps a generic
    // plan unless that looks dearer than planning every time.
    const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
      `select generic_plans, custom_plans from pg_prepared_statements where name = 'positions'`,
    );
    expect(Number(rows[0]!.custom_plans)).toBeLessThanOrEqual(5);
    expect(Number(rows[0]!.generic_plans)).toBeGreaterThanOrEqual(7);
  });
});
