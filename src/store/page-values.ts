// Writes of the value index (`page_values`, migration 0003); services/value-index.ts derives the
// rows, store/query.ts reads them.
import { sql } from 'kysely';
import { dataSourceRows } from './blocks.js';
import { compiledOnce } from './compiled.js';
import type { BlockRow, PageValueRow } from './schema.js';
import type { Db } from './store.js';

// SQLite binds at most 32766 parameters; 10 columns per row keeps a chunk well under that.
const INSERT_CHUNK = 1000;
const ID_CHUNK = 500;

export async function insertPageValues(db: Db, rows: PageValueRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('page_values')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

const deleteOfPage = compiledOnce((db: Db, pageId: string) => db.deleteFrom('page_values').where('page_id', 'in', [pageId]), 'write');

export async function deletePageValues(db: Db, pageIds: string[]): Promise<void> {
  // One page's (a write of its properties) is the same SQL every time.
  if (pageIds.length === 1) {
    await deleteOfPage(db, pageIds[0]!);
    return;
  }
  for (let i = 0; i < pageIds.length; i += ID_CHUNK) {
    await db
      .deleteFrom('page_values')
      .where('page_id', 'in', pageIds.slice(i, i + ID_CHUNK))
      .execute();
  }
}

/** Remove the rows of some properties of a data source (all of its rows when `propertyIds` is undefined). */
export async function deletePropertyValues(db: Db, dataSourceId: string, propertyIds?: string[]): Promise<void> {
  let q = db.deleteFrom('page_values').where('data_source_id', '=', dataSourceId);
  if (propertyIds) q = q.where('property_id', 'in', propertyIds);
  await q.execute();
}

/** Every page of a data source (trashed ones too), a chunk at a time in creation order. */
export async function forEachPageChunk(
  db: Db,
  dataSourceId: string,
  fn: (pages: Pick<BlockRow, 'id' | 'properties' | 'created_time'>[]) => Promise<void>,
): Promise<void> {
  let after: { created_time: string; id: string } | undefined;
  for (;;) {
    let q = db
      .selectFrom('blocks')
      .select(['id', 'properties', 'created_time'])
      .where('parent_id', '=', dataSourceId)
      .where(dataSourceRows())
      .where('type', '=', sql.lit('child_page'));
    // Keyset over the index blocks_created (parent_id, created_time, id).
    if (after) q = q.where((eb) => eb(eb.refTuple('created_time', 'id'), '>', eb.tuple(after!.created_time, after!.id)));
    const pages = await q.orderBy('created_time').orderBy('id').limit(INSERT_CHUNK).execute();
    if (pages.length === 0) return;
    await fn(pages);
    after = pages[pages.length - 1]!;
  }
}

export async function anyPageValues(db: Db): Promise<boolean> {
  return (await db.selectFrom('page_values').select('page_id').limit(1).executeTakeFirst()) !== undefined;
}

export async function pagesInDataSourcesExist(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('id')
    .where('parent_type', '=', sql.lit('data_source_id'))
    .where('type', '=', sql.lit('child_page'))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function allDataSourceIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('blocks').select('id').where('type', '=', sql.lit('data_source')).execute()).map((r) => r.id);
}
