import { sql, type Kysely, type SqlBool } from 'kysely';

// The two order indexes of data source rows (blocks_created, migration 0003; blocks_edited,
// migration 0014) only ever serve reads of a data source's pages, yet every block went into them:
// a page created with three blocks of content wrote eight entries no read would use. They now hold
// the rows of data sources alone. A read uses them only when its SQL names the same condition as a
// literal (`parent_type = 'data_source_id'`: src/store/query.ts, src/store/blocks.ts,
// src/store/page-values.ts); SQLite and PostgreSQL both require that of a partial index.
const ROWS = sql<SqlBool>`parent_type = 'data_source_id'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('blocks_created').execute();
  await db.schema.createIndex('blocks_created').on('blocks').columns(['parent_id', 'created_time', 'id']).where(ROWS).execute();
  await db.schema.dropIndex('blocks_edited').execute();
  await db.schema.createIndex('blocks_edited').on('blocks').columns(['parent_id', 'last_edited_time', 'id']).where(ROWS).execute();
}
