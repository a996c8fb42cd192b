// Plans PostgreSQL makes for the lookups every request runs. They are prepared statements, so
// PostgreSQL soon runs them with a generic plan, made before it has statistics of a new store's
// tables: a plan that reads every child of a page there costs each request in proportion to the
// page's children (or a data source's rows).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ancestryStatement } from '../../src/store/blocks.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
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

describe('the ancestry lookup on PostgreSQL', () => {
  it('reads one child of a page with many to tell has_children, with the generic plan', async () => {
    const notion = sdkClient(server);
    const page = await notion.pages.create({
      parent: { page_id: server.info.rootPageId },
      properties: { title: { title: [{ text: { content: 'Many children' } }] } },
    });
    const paragraph = { paragraph: { rich_text: [{ text: { content: 'x' } }] } };
    for (let i = 0; i < 3; i++) await notion.blocks.children.append({ block_id: page.id, children: Array.from({ length: 100 }, () => paragraph) });

    const { sql, parameters } = ancestryStatement(server.ctx.store.db, page.id, page.id, 'principal', 'member').compile();
    await client.query('set plan_cache_mode = force_generic_plan');
    const types = parameters.map(() => 'text').join(', ');
    await client.query(`prepare ancestry(${types}) as ${sql}`);
    const literals = parameters.map((p) => client.escapeLiteral(String(p))).join(', ');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (analyze, format json) execute ancestry(${literals})`);
    const nodes = nodesOf(rows[0]!['QUERY PLAN'][0].Plan);

    // The page and the root page above it; of the page's children, the first one only.
    expect(nodes[0]!['Actual Rows']).toBe(2);
    expect(nodes.filter((n) => n['Node Type'].startsWith('Bitmap'))).not.toContainEqual(expect.objectContaining({ 'Index Name': 'blocks_children' }));
    expect(Math.max(...nodes.filter((n) => n['Node Type'].includes('Index')).map((n) => n['Actual Rows']))).toBeLessThanOrEqual(1);
  });
});
