// The webhook events of file uploads (https://developers.notion.com/reference/webhooks-events-delivery):
// what a request does is told as its caller's; what the clock or an import does, as the bot of
// the integration that made the upload.
import type { AppContext } from '../context.js';
import type { FileUploadRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import type { FileUploadAction } from '../webhooks/record-more.js';
import { recordEvents } from '../webhooks/record.js';
import { expireDue } from './upload-store.js';

/** Record `action` of an upload that no request caused, inside the transaction `tx`. */
export async function recordUploadEvent(tx: Db, ctx: AppContext, action: FileUploadAction, upload: FileUploadRow): Promise<void> {
  const source = { workspaceId: upload.workspace_id, author: { id: upload.created_by, type: 'bot' as const } };
  await recordEvents(tx, ctx, source, { kind: 'file_upload', action, upload });
}

/** Expire the uploads whose hour has passed, each with its `file_upload.expired` event; answers how many. */
export async function expireUploads(ctx: AppContext, tx: Db): Promise<number> {
  const expired = await expireDue(tx, ctx.clock.now().toISOString());
  for (const upload of expired) await recordUploadEvent(tx, ctx, 'expired', upload);
  return expired.length;
}
