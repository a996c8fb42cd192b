// The lookups that read SQLite directly must never see a transaction in progress, nor an answer
// that a later write made untrue.
import { describe, expect, it } from 'vitest';
import { getBlock, newBlockRow } from './blocks.js';
import { Store } from './store.js';

describe('direct reads', () => {
  it('wait for a transaction in progress instead of reading its uncommitted rows', async () => {
    const store = await Store.open({ sqlite: ':memory:' });
    const row = newBlockRow(
      { workspaceId: 'w', userId: 'u', now: new Date().toISOString() },
      { id: 'b1', type: 'paragraph', parent_type: 'workspace', parent_id: null },
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.insertInto('blocks').values(row).execute();
      await held;
      throw new Error('roll back');
    });
    // Let the transaction take the connection and insert before reading.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const reading = getBlock(store.db, 'b1');
    release();
    await expect(writing).rejects.toThrow('roll back');
    expect(await reading).toBeUndefined();
    // Outside any transaction the direct path answers, and sees committed rows.
    await store.db.insertInto('blocks').values(row).execute();
    expect((await getBlock(store.db, 'b1'))?.id).toBe('b1');
    await store.close();
  });

  it('remember an answer only until the next write', async () => {
    const store = await Store.open({ sqlite: ':memory:' });
    const row = newBlockRow(
      { workspaceId: 'w', userId: 'u', now: new Date().toISOString() },
      { id: 'b2', type: 'paragraph', parent_type: 'workspace', parent_id: null },
    );
    expect(await getBlock(store.db, 'b2')).toBeUndefined();
    await store.db.insertInto('blocks').values(row).execute();
    const first = await getBlock(store.db, 'b2');
    expect(first?.content).toBe('{}');
    // The same read again is the remembered answer, which nobody can change.
    expect(await getBlock(store.db, 'b2')).toBe(first);
    expect(() => Object.assign(first!, { content: 'changed' })).toThrow(TypeError);
    await store.transaction((tx) => tx.updateTable('blocks').set({ content: '{"a":1}' }).where('id', '=', 'b2').execute());
    expect((await getBlock(store.db, 'b2'))?.content).toBe('{"a":1}');
    // A write that rolls back forgets answers too, and the rows read afterwards are the committed ones.
    await expect(
      store.transaction(async (tx) => {
        await tx.updateTable('blocks').set({ content: '{"b":2}' }).where('id', '=', 'b2').execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await getBlock(store.db, 'b2'))?.content).toBe('{"a":1}');
    await store.close();
  });
});
