// Tasks started with `allow_async` (https://developers.notion.com/reference/retrieve-async-task).
import type { AsyncTaskRow } from './schema.js';
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
