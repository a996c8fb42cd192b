import { sql, type Kysely, type SqlBool } from 'kysely';

// Search reads the objects that can be results (pages, databases, data sources) newest edit
// first, straight from this index. It holds every column the search filters on, so the rows
// themselves are read only for the page of results: a title word that matches few of 100,000
// pages costs one pass over the index, not 100,000 row reads. Content blocks are left out
// (the partial index's condition), and `in_trash` leads so live and trashed objects are two
// separate ranges.
// On PostgreSQL a B-tree entry is limited to about 2.7 kB, which a very long title can exceed:
// the PostgreSQL store should keep `title` out of this index (a trigram index serves substring
// search there).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('blocks_search')
    .on('blocks')
    .columns(['workspace_id', 'in_trash', 'last_edited_time', 'id', 'type', 'parent_id', 'title'])
    .where(sql<SqlBool>`type in ('child_page', 'child_database', 'data_source')`)
    .execute();
}
