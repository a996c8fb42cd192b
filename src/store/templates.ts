// Template pages of data sources (https://developers.notion.com/reference/list-data-source-templates):
// pages under a data source that are flagged as templates, so that queries and search pass them by.
import type { TemplateRow } from './schema.js';
import type { Db } from './store.js';

export interface TemplateEntry {
  id: string;
  name: string;
  is_default: number;
}

export async function insertTemplate(db: Db, row: TemplateRow): Promise<void> {
  await db.insertInto('templates').values(row).execute();
}

export async function templateById(db: Db, pageId: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('page_id', '=', pageId).executeTakeFirst();
}

/** The live templates of a data source, in the order they were made. */
export async function templatesOf(db: Db, dataSourceId: string): Promise<TemplateEntry[]> {
  const rows = await db
    .selectFrom('templates as t')
    .innerJoin('blocks as b', 'b.id', 't.page_id')
    .select(['t.page_id as id', 'b.title as name', 't.is_default'])
    .where('t.data_source_id', '=', dataSourceId)
    .where('b.in_trash', '=', 0)
    .orderBy('b.created_time')
    .orderBy('b.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name ?? '', is_default: Number(r.is_default) }));
}

/** Make `pageId` the one default template of its data source (or none default, with null). */
export async function setDefaultTemplate(db: Db, dataSourceId: string, pageId: string | null): Promise<void> {
  await db.updateTable('templates').set({ is_default: 0 }).where('data_source_id', '=', dataSourceId).execute();
  if (pageId) await db.updateTable('templates').set({ is_default: 1 }).where('page_id', '=', pageId).execute();
}
