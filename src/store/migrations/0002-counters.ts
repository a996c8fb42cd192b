import type { Kysely } from 'kysely';

// Sequences that must never hand out a number twice, such as a data source's unique_id numbers.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}
