// Sizes Notion allows (https://developers.notion.com/docs/sending-larger-files,
// https://developers.notion.com/docs/working-with-files-and-media): one send carries at most
// 20 MiB; every part of a multi-part upload but the last at least 5 MiB; a file at most the
// workspace's `max_file_upload_size_in_bytes`.
import type { AppContext } from '../context.js';
import type { Db } from '../store/store.js';

export const MAX_SEND_BYTES = 20 * 1024 * 1024;
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 1000;
export const MAX_FILENAME_BYTES = 900;
/** Unattached uploads expire an hour after creation (https://developers.notion.com/reference/file-upload). */
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

/** The largest file the workspace allows: its own setting, or the server's. */
export async function workspaceFileLimit(ctx: Pick<AppContext, 'config'>, db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('workspaces').select('max_file_upload_bytes').where('id', '=', workspaceId).executeTakeFirst();
  const own = row?.max_file_upload_bytes;
  return own === null || own === undefined ? ctx.config.maxFileUploadBytes : Number(own);
}
