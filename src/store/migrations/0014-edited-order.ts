import type { Kysely } from 'kysely';

// Pages of a data source in last-edited order, as blocks_created gives them in creation order: a
// query sorted by `last_edited_time`, or filtered on a range of it, reads this index from where it
// starts and stops at the page size, instead of reading and sorting every page of the data source
// (https://developers.notion.com/reference/sort-data-source-entries, src/store/query.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('blocks_edited').on('blocks').columns(['parent_id', 'last_edited_time', 'id']).execute();
}
