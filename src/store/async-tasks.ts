// Tasks started with `allow_async` (https://developers.notion.com/reference/retrieve-async-task).
import type { AsyncTaskRow, AsyncTaskSettingsRow } from './schema.js';
import type { Db } from './store.js';

export async function insertAsyncTask(db: Db, row: AsyncTaskRow): Promise<void> {
  await db.insertInto('async_tasks').values(row).execute();
}

export async function asyncTaskById(db: Db, id: string): Promise<AsyncTaskRow | undefined> {
  return db.selectFrom('async_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateAsyncTask(db: Db, id: string, patch: Partial<Pick<AsyncTaskRow, 'status' | 'result' | 'error'>>): Promise<void> {
  await db.updateTable('async_tasks').set(patch).where('id', '=', id).execute();
}

/** Tasks of the store, newest first. */
export async function listAsyncTasks(db: Db, limit: number): Promise<AsyncTaskRow[]> {
  return db.selectFrom('async_tasks').selectAll().orderBy('created_time', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Drop tasks made before `before`: they are no longer retrievable. */
export async function deleteAsyncTasksBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('async_tasks').where('created_time', '<', before).execute();
}

/** Move a queued task that is not held to running; false when another run (or instance) has it. */
export async function claimAsyncTask(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('async_tasks')
    .set({ status: 'running' })
    .where('id', '=', id)
    .where('held', '=', 0)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ids of held tasks, oldest first. */
export async function heldAsyncTaskIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('async_tasks').select('id').where('held', '=', 1).orderBy('created_time').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Show a held task in another waiting status; false when no such task is held. */
export async function markHeldAsyncTask(db: Db, id: string, status: 'queued' | 'running' | 'retrying'): Promise<boolean> {
  const result = await db.updateTable('async_tasks').set({ status }).where('id', '=', id).where('held', '=', 1).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Release held tasks, all or the one named, back to queued; the ids released. */
export async function releaseHeldAsyncTasks(db: Db, id?: string): Promise<string[]> {
  let select = db.selectFrom('async_tasks').select('id').where('held', '=', 1);
  if (id !== undefined) select = select.where('id', '=', id);
  const ids = (await select.orderBy('created_time').orderBy('id').execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await db.updateTable('async_tasks').set({ held: 0, status: 'queued' }).where('id', 'in', ids).where('held', '=', 1).execute();
  return ids;
}

const SETTINGS_ID = 'tasks';

export async function asyncTaskSettings(db: Db): Promise<AsyncTaskSettingsRow> {
  const row = await db.selectFrom('async_task_settings').selectAll().where('id', '=', SETTINGS_ID).executeTakeFirst();
  return row ?? { id: SETTINGS_ID, holding: 0, fail_next: null };
}

export async function setAsyncTaskSettings(db: Db, patch: Partial<Pick<AsyncTaskSettingsRow, 'holding' | 'fail_next'>>): Promise<void> {
  const current = await asyncTaskSettings(db);
  const row = { ...current, ...patch };
  await db
    .insertInto('async_task_settings')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ holding: row.holding, fail_next: row.fail_next }))
    .execute();
}

/** Take the forced failure for the next task, once: of two runs at the same time only one gets it. */
export async function takeFailNext(db: Db): Promise<string | null> {
  const { fail_next } = await asyncTaskSettings(db);
  if (fail_next === null) return null;
  const result = await db
    .updateTable('async_task_settings')
    .set({ fail_next: null })
    .where('id', '=', SETTINGS_ID)
    .where('fail_next', '=', fail_next)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? fail_next : null;
}
