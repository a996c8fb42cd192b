// Migration 0018 (src/store/migrations/0018-value-order.ts) on a store that already holds values:
// the rows it finds get their page's creation time, and so does a row inserted afterwards without
// it, as an instance of the previous version would insert it during a rolling restart.
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, storeOptions } from '../../src/config.js';
import { insertBlocks, newBlockRow } from '../../src/store/blocks.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { Store } from '../../src/store/store.js';
import { freshStore, type TestStore } from '../helpers/store.js';

const DS = '00000000-0000-4000-8000-0000000000d5';
const PAGE = '00000000-0000-4000-8000-000000000001';
const LATER = '00000000-0000-4000-8000-000000000002';

let opened: { store: Store; test: TestStore } | undefined;

afterEach(async () => {
  await opened?.store.close();
  await opened?.test.drop();
  opened = undefined;
});

/** A row as the code before migration 0018 wrote it: no page_created. */
const valueRow = (page: string, num: number) =>
  sql`insert into page_values (page_id, data_source_id, property_id, seq, num) values (${page}, ${DS}, ${'price'}, 0, ${num})`;

describe('migration 0018', () => {
  it("gives existing value rows, and rows written without it later, their page's creation time", async () => {
    const test = freshStore();
    const store = await Store.open(storeOptions(defaultConfig({ logLevel: 'silent', ...test.config })), false);
    opened = { store, test };
    const schema = store.engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s : undefined;
    const migrator = new Migrator({ db: store.db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await migrator.migrateTo('0017-row-order-indexes')).error).toBeUndefined();

    const by = { workspaceId: 'w', userId: 'u' };
    const page = (id: string, now: string) => newBlockRow({ ...by, now }, { id, type: 'child_page', parent_type: 'data_source_id', parent_id: DS });
    await insertBlocks(store.db, [page(PAGE, '2024-01-01T00:01:00.000Z'), page(LATER, '2024-01-01T00:02:00.000Z')]);
    await valueRow(PAGE, 5).execute(store.db);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await valueRow(LATER, 5).execute(store.db);
    const rows = await store.db.selectFrom('page_values').select(['page_id', 'page_created']).orderBy('page_id').execute();
    expect(rows).toEqual([
      { page_id: PAGE, page_created: '2024-01-01T00:01:00.000Z' },
      { page_id: LATER, page_created: '2024-01-01T00:02:00.000Z' },
    ]);
  });
});
