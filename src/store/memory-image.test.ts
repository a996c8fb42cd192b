// In-memory stores after the first start as a copy of a freshly migrated one (src/store/store.ts):
// each must be fully migrated, and none may see another's rows.
import { describe, expect, it } from 'vitest';
import { getBlock, newBlockRow } from './blocks.js';
import { Store } from './store.js';

const row = (id: string) =>
  newBlockRow({ workspaceId: 'w', userId: 'u', now: new Date().toISOString() }, { id, type: 'paragraph', parent_type: 'workspace', parent_id: null });

describe('in-memory stores', () => {
  it('start migrated and apart from each other', async () => {
    const first = await Store.open({ sqlite: ':memory:' });
    await first.db.insertInto('blocks').values(row('written-before')).execute();
    const second = await Store.open({ sqlite: ':memory:' });
    const third = await Store.open({ sqlite: ':memory:' });
    // Nothing left to migrate, and every table there.
    expect(await second.migrate()).toEqual([]);
    expect(await third.migrate()).toEqual([]);
    const tables = async (store: Store) =>
      (
        await store.db
          .selectFrom('sqlite_master' as never)
          .select('name' as never)
          .where('type' as never, '=', 'table' as never)
          .execute()
      ).length;
    expect(await tables(second)).toBe(await tables(first));
    // What one holds, the others do not.
    await second.db.insertInto('blocks').values(row('written-after')).execute();
    expect(await getBlock(second.db, 'written-before')).toBeUndefined();
    expect(await getBlock(third.db, 'written-after')).toBeUndefined();
    expect((await getBlock(first.db, 'written-before'))?.id).toBe('written-before');
    expect(await getBlock(first.db, 'written-after')).toBeUndefined();
    for (const store of [first, second, third]) await store.close();
  });
});
