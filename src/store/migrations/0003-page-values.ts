import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// The values of pages in data sources, one row per value (per item for multi-valued properties),
// in columns that SQL can compare and index: what query filters and sorts read. The page's
// `properties` column stays the source of truth; this table is derived from it on every write.
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text, longTextInIndexes } = migrationDialect(db);
  await db.schema
    .createTable('page_values')
    .addColumn('page_id', text, (c) => c.notNull())
    .addColumn('data_source_id', text, (c) => c.notNull())
    .addColumn('property_id', text, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('txt', text)
    .addColumn('txt_lower', text)
    .addColumn('num', 'double precision')
    .addColumn('date_start', text)
    .addColumn('date_end', text)
    .addColumn('date_only', 'integer')
    .addPrimaryKeyConstraint('page_values_pk', ['page_id', 'property_id', 'seq'])
    .execute();
  await db.schema.createIndex('page_values_num').on('page_values').columns(['data_source_id', 'property_id', 'num']).execute();
  // Where text cannot be a key (PostgreSQL), text conditions read the (data source, property)
  // range of the index above instead.
  if (longTextInIndexes) {
    await db.schema.createIndex('page_values_txt').on('page_values').columns(['data_source_id', 'property_id', 'txt_lower']).execute();
  }
  await db.schema.createIndex('page_values_date').on('page_values').columns(['data_source_id', 'property_id', 'date_start']).execute();
  // Pages of a data source in creation order: the query's default order and its keyset.
  await db.schema.createIndex('blocks_created').on('blocks').columns(['parent_id', 'created_time', 'id']).execute();
}
