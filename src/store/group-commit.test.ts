// Transactions on SQLite commit in groups: each is acknowledged only once a COMMIT holding it is
// done, and each fails or succeeds on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './store.js';

let dir: string;
let store: Store;
/** A second connection to the same file: it sees only what is committed. */
let observer: SqliteDatabase.Database;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'localnotion-group-'));
  const file = join(dir, 'store.db');
  store = await Store.open({ sqlite: file });
  await sql`create table items (id text primary key, ref text references items (id) deferrable initially deferred)`.execute(store.db);
  observer = new SqliteDatabase(file, { readonly: true });
});

afterEach(async () => {
  observer.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The store's state token: on SQLite, a count of possible changes. */
const state = () => store.state() as number;
const committed = (): string[] => (observer.prepare('select id from items order by id').all() as Array<{ id: string }>).map((r) => r.id);
const insert = (id: string, ref: string | null = null) =>
  store.transaction(async (tx) => {
    await tx
      .insertInto('items' as never)
      .values({ id, ref } as never)
      .execute();
  });

describe('group commit (SQLite)', () => {
  it('answers a transaction only once its writes are committed, several sharing one COMMIT', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `i${String(i).padStart(2, '0')}`);
    const seenAtAnswer: number[] = [];
    await Promise.all(
      ids.map((id) =>
        insert(id).then(() => {
          expect(committed()).toContain(id);
          seenAtAnswer.push(committed().length);
        }),
      ),
    );
    expect(committed()).toEqual(ids);
    // Begun in the same turn, they were committed together, not one by one.
    expect(seenAtAnswer[0]).toBeGreaterThan(1);
  });

  it('rolls back a failed transaction alone, keeping the others of its group', async () => {
    const results = await Promise.allSettled([
      insert('a'),
      store.transaction(async (tx) => {
        await tx
          .insertInto('items' as never)
          .values({ id: 'b', ref: null } as never)
          .execute();
        throw new Error('rolled back');
      }),
      insert('a'), // a constraint failure inside SQLite
      insert('c'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(committed()).toEqual(['a', 'c']);
    // The connection goes on as before.
    await insert('d');
    expect(committed()).toEqual(['a', 'c', 'd']);
  });

  it('fails every transaction of a group whose COMMIT fails, and leaves none of them behind', async () => {
    // The dangling reference is only checked at COMMIT, so the whole group's COMMIT fails.
    const results = await Promise.allSettled([insert('x'), insert('y', 'missing')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committed()).toEqual([]);
    await insert('z');
    expect(committed()).toEqual(['z']);
  });

  it('counts a possible change for every write and every group rolled back, none for a read', async () => {
    const start = state();
    await sql`select count(*) from items`.execute(store.db);
    expect(state()).toBe(start);
    await insert('a');
    const written = state();
    expect(written).toBeGreaterThan(start);
    await Promise.allSettled([insert('b'), insert('c', 'missing')]);
    // The rollback of the group is a change too: what was read inside it is gone.
    const rolledBack = state();
    expect(rolledBack).toBeGreaterThan(written);
    await sql`select count(*) from items`.execute(store.db);
    expect(state()).toBe(rolledBack);
  });
});
