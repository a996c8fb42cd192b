// Views of databases in tab-bar order, and the fixed result sets of their queries
// (https://developers.notion.com/reference/view).
import type { ViewQueryRow, ViewRow } from './schema.js';
import type { Db } from './store.js';

/** Tabs are integers with gaps, as sibling blocks are; a view put between two takes the middle. */
export const VIEW_POSITION_GAP = 65536;

export async function insertView(db: Db, row: ViewRow): Promise<void> {
  await db.insertInto('views').values(row).execute();
}

export async function viewById(db: Db, id: string): Promise<ViewRow | undefined> {
  const row = await db.selectFrom('views').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, position: Number(row.position) };
}

export async function updateView(db: Db, id: string, patch: Partial<ViewRow>): Promise<void> {
  await db.updateTable('views').set(patch).where('id', '=', id).execute();
}

/** Remove a view and the queries made through it. */
export async function deleteView(db: Db, id: string): Promise<void> {
  await db.deleteFrom('view_queries').where('view_id', '=', id).execute();
  await db.deleteFrom('views').where('id', '=', id).execute();
}

/** The tabs of a database, in order (widgets of dashboards are not tabs). */
export async function viewsOfDatabase(db: Db, databaseId: string): Promise<ViewRow[]> {
  const rows = await db
    .selectFrom('views')
    .selectAll()
    .where('database_id', '=', databaseId)
    .where('dashboard_view_id', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}

/** Every view, tab or widget, that reads a data source, oldest first. */
export async function viewsOfDataSource(db: Db, dataSourceId: string): Promise<ViewRow[]> {
  const rows = await db.selectFrom('views').selectAll().where('data_source_id', '=', dataSourceId).orderBy('created_time').orderBy('id').execute();
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}

/** The widgets of a dashboard view. */
export async function widgetsOf(db: Db, dashboardId: string): Promise<ViewRow[]> {
  return db.selectFrom('views').selectAll().where('dashboard_view_id', '=', dashboardId).orderBy('created_time').orderBy('id').execute();
}

export async function insertViewQuery(db: Db, row: ViewQueryRow): Promise<void> {
  await db.insertInto('view_queries').values(row).execute();
}

export async function viewQueryById(db: Db, id: string): Promise<ViewQueryRow | undefined> {
  return db.selectFrom('view_queries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteViewQuery(db: Db, id: string): Promise<void> {
  await db.deleteFrom('view_queries').where('id', '=', id).execute();
}

/** Drop the result sets that expired before `now`: they are never read again. */
export async function deleteExpiredViewQueries(db: Db, now: string): Promise<void> {
  await db.deleteFrom('view_queries').where('expires_at', '<=', now).execute();
}

/** The position after every tab of a database. */
export async function endViewPosition(db: Db, databaseId: string): Promise<number> {
  const row = await db
    .selectFrom('views')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('database_id', '=', databaseId)
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + VIEW_POSITION_GAP;
}
