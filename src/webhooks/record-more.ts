// Events of file uploads, views and sharing, beside those of blocks in record.ts. Payloads as the
// SDK types them (`api-endpoints/webhooks.d.ts`): a file upload's events carry no `data` but an
// import's failure; a view's carry its database as `parent`.
import type { FileUploadRow, ViewRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import type { EventSource, RecordedEvent } from './record.js';

export type FileUploadAction = 'created' | 'completed' | 'expired' | 'upload_failed';
export type ViewAction = 'created' | 'updated' | 'deleted';

/**
 * A file upload's event. Uploads are private to the integration that made them
 * (https://developers.notion.com/reference/retrieve-a-file-upload): only its subscriptions hear of them.
 */
export function fileUploadEvents(action: FileUploadAction, upload: FileUploadRow): RecordedEvent[] {
  const data = action === 'upload_failed' ? { file_import_result: JSON.parse(upload.import_result ?? 'null') as unknown } : null;
  return [{ type: `file_upload.${action}`, entity: { id: upload.id, type: 'file_upload' }, reachId: upload.integration_id, parent: null, data }];
}

/** The fields of a view an update changed, among those Notion names; quick filters are filters. */
function updatedFields(before: ViewRow, after: ViewRow): string[] {
  const fields: string[] = [];
  if (before.name !== after.name) fields.push('name');
  if (before.filter !== after.filter || before.quick_filters !== after.quick_filters) fields.push('filter');
  if (before.sorts !== after.sorts) fields.push('sorts');
  if (before.configuration !== after.configuration) fields.push('configuration');
  return fields;
}

export function viewEvents(action: ViewAction, view: ViewRow, before?: ViewRow): RecordedEvent[] {
  const base = { type: `view.${action}`, entity: { id: view.id, type: 'view' as const }, reachId: view.database_id };
  const parent = { type: 'database_id' as const, id: view.database_id };
  if (action === 'created') return [{ ...base, parent, data: { view_type: view.type } }];
  if (action === 'deleted') return [{ ...base, parent, data: {} }];
  const fields = before ? updatedFields(before, view) : [];
  return fields.length === 0 ? [] : [{ ...base, parent, data: { updated_fields: fields } }];
}

/** `page.permissions_updated`: told to whoever reaches the page once the change is made. */
export async function permissionEvents(db: Db, pageId: string): Promise<RecordedEvent[]> {
  const row = await db.selectFrom('blocks').select(['id', 'type', 'parent_type', 'parent_id']).where('id', '=', pageId).executeTakeFirst();
  if (!row || row.type !== 'child_page') return [];
  return [
    {
      type: 'page.permissions_updated',
      entity: { id: row.id, type: 'page' },
      reachId: row.id,
      parent: { type: row.parent_type, id: row.parent_id },
      data: {},
    },
  ];
}

/**
 * Changes made through the control API are told as the workspace's owner's, the person who
 * shares pages in Notion's own interface (docs/decisions.md, "Webhook events and authors").
 */
export async function ownerSource(db: Db, workspaceId: string): Promise<EventSource | undefined> {
  const owner = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', 'person')
    .orderBy('created_time')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return owner && { workspaceId, author: { id: owner.id, type: 'person' } };
}
