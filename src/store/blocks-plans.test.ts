// SQLite's plans of block lookups that must not read the whole table (PostgreSQL's: test/postgres/plans.test.ts).
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourcesMentioningStatement } from './blocks.js';
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
});
