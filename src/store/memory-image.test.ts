// In-memory stores after the first start as a copy of a freshly migrated one (src/store/store.ts):
// each must be fully migrated, and none may see another's rows.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getBlock, newBlockRow } from './blocks.js';
import { dumpAll } from './dump.js';
import { sparesOf } from './spare-connections.js';
import { Store, migratedImage } from './store.js';

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

  it("take a closed store's connection emptied of everything it wrote, and the closed one reaches it no more", async () => {
    const seeded = await Store.open({ sqlite: ':memory:' });
    const image = migratedImage()!;
    const fresh = await Store.open({ sqlite: ':memory:' });
    const empty = await fresh.transaction((tx) => dumpAll(tx));
    await seeded.db.insertInto('blocks').values(row('written-then-closed')).execute();
    await seeded.db.insertInto('meta').values({ key: 'k', value: 'v' }).execute();
    await seeded.db.insertInto('grants').values({ integration_id: 'i', block_id: 'written-then-closed' }).execute();
    // Rows that foreign keys tie: the user must go before its workspace.
    await seeded.db.insertInto('workspaces').values({ id: 'w', name: 'W', created_time: '2026-01-01T00:00:00.000Z' }).execute();
    const user = { id: 'u', workspace_id: 'w', type: 'person', name: 'U', avatar_url: null, email: null, created_time: '2026-01-01T00:00:00.000Z' } as const;
    await seeded.db.insertInto('users').values(user).execute();
    const kept = sparesOf(image);
    await seeded.close();
    expect(sparesOf(image)).toBe(kept + 1);
    // Neither through Kysely nor through the lookups that skip it (compiled.ts).
    await expect(seeded.db.selectFrom('blocks').selectAll().execute()).rejects.toThrow();
    await expect(getBlock(seeded.db, 'written-then-closed')).rejects.toThrow('The database connection is not open');
    const next = await Store.open({ sqlite: ':memory:' });
    expect(sparesOf(image)).toBe(kept);
    expect(await next.transaction((tx) => dumpAll(tx))).toEqual(empty);
    await next.db.insertInto('blocks').values(row('written-then-closed')).execute();
    expect((await getBlock(next.db, 'written-then-closed'))?.id).toBe('written-then-closed');
    for (const store of [fresh, next]) await store.close();
  });

  it('close a connection whose schema changed or which grew, rather than keep it', async () => {
    await (await Store.open({ sqlite: ':memory:' })).close();
    const image = migratedImage()!;
    const altered = await Store.open({ sqlite: ':memory:' });
    await sql`create table extra (x)`.execute(altered.db);
    const before = sparesOf(image);
    await altered.close();
    expect(sparesOf(image)).toBe(before);
    const grown = await Store.open({ sqlite: ':memory:' });
    await grown.db
      .insertInto('meta')
      .values({ key: 'big', value: 'x'.repeat(12 * 1024 * 1024) })
      .execute();
    await grown.close();
    expect(sparesOf(image)).toBe(before);
    const next = await Store.open({ sqlite: ':memory:' });
    expect(await sql`select name from sqlite_master where name = 'extra'`.execute(next.db).then((r) => r.rows)).toEqual([]);
    await next.close();
  });
});
