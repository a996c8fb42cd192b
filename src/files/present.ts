// The `file_upload` object (https://developers.notion.com/reference/file-upload), keys in the
// order api.notion.com sends them (recorded for 2025-09-03).
import { hasArchived, type ApiVersion } from '../api-version.js';
import { minuteTime } from '../present/common.js';
import type { FileUploadRow } from '../store/schema.js';

/** `origin`: this server's own origin, which `upload_url` points at. */
export function presentFileUpload(row: FileUploadRow, version: ApiVersion, origin: string): Record<string, unknown> {
  const object: Record<string, unknown> = {
    object: 'file_upload',
    id: row.id,
    created_time: minuteTime(row.created_time),
    created_by: { id: row.created_by, type: 'bot' },
    last_edited_time: minuteTime(row.last_edited_time),
    expiry_time: row.expiry_time === null ? null : minuteTime(row.expiry_time),
  };
  // Bytes may be sent while the upload is pending; Notion drops the URL once they are in.
  if (row.status === 'pending') object.upload_url = `${origin}/v1/file_uploads/${row.id}/send`;
  object.in_trash = false;
  object.status = row.status;
  object.filename = row.filename;
  object.content_type = row.content_type;
  object.content_length = row.content_length;
  if (row.mode === 'multi_part') object.number_of_parts = { total: row.number_of_parts, sent: row.parts_sent };
  if (row.import_result !== null) object.file_import_result = JSON.parse(row.import_result);
  if (hasArchived(version)) object.archived = false;
  return object;
}
