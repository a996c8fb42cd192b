import { sql } from 'kysely';
import type { Db } from './store.js';

/** The next number of a sequence (1, 2, 3, ...); within a transaction, so a rolled-back write uses none. */
export async function nextValue(db: Db, key: string): Promise<number> {
  await db
    .insertInto('counters')
    .values({ key, value: 0 })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .updateTable('counters')
    .set({ value: sql`value + 1` })
    .where('key', '=', key)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
