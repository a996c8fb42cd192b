// SQLite's plans of block lookups that must not read the whole table (PostgreSQL's: test/postgres/plans.test.ts).
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ancestryStatement, dataSourcesMentioningStatement } from './blocks.js';
import { Store } from './store.js';

let store: Store;
beforeAll(async () => {
  store = await Store.open({ sqlite: ':memory:' });
});
afterAll(() => store.close());

describe('SQLite plans', () => {
  it('reads the data sources of a workspace from their own index', async () => {
    const { sql, parameters } = dataSourcesMentioningStatement(store.db, 'workspace', 'data-source').compile();
    const plan = (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]))).rows.map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH blocks USING INDEX blocks_data_sources \(workspace_id=\?\)/);
  });

  it('tests the grants of each ancestor by key, building no table of the two principals on each', async () => {
    const { sql, parameters } = ancestryStatement(store.db, 'block', 'block', 'integration', 'member').compile();
    const program = (await store.db.executeQuery<{ opcode: string }>(CompiledQuery.raw(`explain ${sql}`, [...parameters]))).rows.map((r) => r.opcode);
    // The recursive query's queue; a list `in (?, ?)` would add a second.
    expect(program.filter((op) => op === 'OpenEphemeral')).toHaveLength(1);
    const plan = (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]))).rows.map((r) => r.detail);
    expect(plan.filter((d) => /SEARCH g USING COVERING INDEX sqlite_autoindex_grants_1 \(integration_id=\? AND block_id=\?\)/.test(d))).toHaveLength(2);
  });
});
