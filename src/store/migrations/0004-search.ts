import { sql, type Kysely, type SqlBool } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Search reads the objects that can be results (pages, databases, data sources) newest edit
// first, straight from this index. It holds every column the search filters on, so the rows
// themselves are read only for the page of results: a title word that matches few of 100,000
// pages costs one pass over the index, not 100,000 row reads. Content blocks are left out
// (the partial index's condition), and `in_trash` leads so live and trashed objects are two
// separate ranges.
// Where a long title cannot be an index key (PostgreSQL), the index leaves it out and the title
// is read from the row.
export async function up(db: Kysely<unknown>): Promise<void> {
  const columns = ['workspace_id', 'in_trash', 'last_edited_time', 'id', 'type', 'parent_id'];
  if (migrationDialect(db).longTextInIndexes) columns.push('title');
  await db.schema
    .createIndex('blocks_search')
    .on('blocks')
    .columns(columns)
    .where(sql<SqlBool>`type in ('child_page', 'child_database', 'data_source')`)
    .execute();
}
