// Rows of file uploads and of the parts their bytes were sent in (both engines: plain Kysely, bound values).
import type { FilePartRow, FileUploadRow } from '../store/schema.js';
import type { Db } from '../store/store.js';

export const insertUpload = (db: Db, row: FileUploadRow) => db.insertInto('file_uploads').values(row).execute();

export async function uploadById(db: Db, id: string): Promise<FileUploadRow | undefined> {
  const row = await db.selectFrom('file_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normalize(row);
}

export const updateUpload = (db: Db, id: string, patch: Partial<FileUploadRow>) => db.updateTable('file_uploads').set(patch).where('id', '=', id).execute();

/**
 * Unattached uploads whose hour has passed become `expired`, with no expiry time; their last edit
 * is the moment they expired (https://developers.notion.com/reference/file-upload). Answers the
 * uploads this call expired: one statement, so that two transactions never both expire one.
 */
export async function expireDue(db: Db, now: string): Promise<FileUploadRow[]> {
  const rows = await db
    .updateTable('file_uploads')
    .set((eb) => ({ status: 'expired', expiry_time: null, last_edited_time: eb.ref('expiry_time') as never }))
    .where('expiry_time', '<=', now)
    .where('status', 'in', ['pending', 'uploaded'])
    .where('attached', '=', 0)
    .returningAll()
    .execute();
  return rows.map(normalize);
}

/** An integration's uploads, newest first, from `fromSeq` down; `limit` rows at most. */
export async function listUploads(
  db: Db,
  integrationId: string,
  status: string | undefined,
  fromSeq: number | undefined,
  limit: number,
): Promise<FileUploadRow[]> {
  let query = db.selectFrom('file_uploads').selectAll().where('integration_id', '=', integrationId);
  if (status !== undefined) query = query.where('status', '=', status as FileUploadRow['status']);
  if (fromSeq !== undefined) query = query.where('seq', '<=', fromSeq);
  const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(normalize);
}

/** The parts received, by part number. */
export async function partsOf(db: Db, uploadId: string): Promise<FilePartRow[]> {
  const rows = await db.selectFrom('file_parts').selectAll().where('upload_id', '=', uploadId).orderBy('part_number').execute();
  return rows.map((r) => ({ ...r, part_number: Number(r.part_number), size: Number(r.size) }));
}

/** Record a part; answers the blob of the part it replaces, if any, to remove once committed. */
export async function putPart(db: Db, part: FilePartRow): Promise<string | undefined> {
  const before = await db
    .selectFrom('file_parts')
    .select('blob_key')
    .where('upload_id', '=', part.upload_id)
    .where('part_number', '=', part.part_number)
    .executeTakeFirst();
  if (before) {
    await db
      .updateTable('file_parts')
      .set({ blob_key: part.blob_key, size: part.size })
      .where('upload_id', '=', part.upload_id)
      .where('part_number', '=', part.part_number)
      .execute();
  } else {
    await db.insertInto('file_parts').values(part).execute();
  }
  return before?.blob_key;
}

/** Whether any part row names the blob. */
export async function blobInUse(db: Db, key: string): Promise<boolean> {
  return (await db.selectFrom('file_parts').select('upload_id').where('blob_key', '=', key).limit(1).executeTakeFirst()) !== undefined;
}

// PostgreSQL answers bigint columns as text.
function normalize(row: FileUploadRow): FileUploadRow {
  return {
    ...row,
    seq: Number(row.seq),
    attached: Number(row.attached),
    parts_sent: Number(row.parts_sent),
    content_length: row.content_length === null ? null : Number(row.content_length),
    number_of_parts: row.number_of_parts === null ? null : Number(row.number_of_parts),
  };
}
