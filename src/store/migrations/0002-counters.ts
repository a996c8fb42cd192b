import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Sequences that must never hand out a number twice, such as a data source's unique_id numbers.
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text } = migrationDialect(db);
  await db.schema
    .createTable('counters')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}
