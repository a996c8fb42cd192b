import { sql, type Kysely, type SqlBool } from 'kysely';

// The data sources of a workspace, by workspace. A schema change looks for the data sources whose
// schema names the one changed (relations to it, whose rollups show its property names), and
// found them by reading every block of the workspace: a third of a second at a million pages, for
// a handful of rows. Only data sources are in this index; a read uses it only when its SQL names
// the same condition as a literal (src/store/blocks.ts, `dataSourcesMentioning`).
const DATA_SOURCES = sql<SqlBool>`type = 'data_source'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('blocks_data_sources').on('blocks').column('workspace_id').where(DATA_SOURCES).execute();
}
