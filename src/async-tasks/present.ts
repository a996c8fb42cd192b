// The async_task object (https://developers.notion.com/reference/retrieve-async-task), in the key
// order Notion sends: status fields before `operation` while waiting, `result` or `error` after it.
import type { AsyncTaskRow } from '../store/schema.js';

/** How long a client should wait before polling again; Notion answers 2. */
export const POLL_AFTER_SECONDS = 2;

export function presentAsyncTask(row: AsyncTaskRow, origin: string): Record<string, unknown> {
  const head = {
    object: 'async_task',
    id: row.id,
    status: row.status,
    status_url: `${origin}/v1/async_tasks/${row.id}`,
    created_time: row.created_time,
  };
  const operation = { surface: 'rest', name: row.operation };
  if (row.status === 'succeeded') return { ...head, operation, result: JSON.parse(row.result ?? '{}') as unknown };
  if (row.status === 'failed') return { ...head, operation, error: JSON.parse(row.error ?? '{}') as unknown };
  return { ...head, poll_after_seconds: POLL_AFTER_SECONDS, operation };
}
