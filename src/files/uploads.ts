// The File Upload API (https://developers.notion.com/reference/file-upload): create an upload,
// complete a multi-part one, read and list them. Unattached uploads expire an hour after creation,
// on the server's clock. Sending bytes is in send.ts, importing from a URL in import.ts.
import type { AppContext } from '../context.js';
import { invalidCursor, objectNotFound, validationError } from '../errors.js';
import type { Actor } from '../services/access.js';
import { nextValue } from '../store/counters.js';
import type { FileUploadRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { parseUuid } from '../validation/validate.js';
import { checkImportUrl } from './import-policy.js';
import { extensionOf, extensionOfType, essenceOf, isSupportedType, typeMatches, typeOfExtension } from './file-types.js';
import { MAX_FILENAME_BYTES, UPLOAD_LIFETIME_MS } from './limits.js';
import type { CreateFileUploadBody, ListFileUploadsQuery } from './schemas.js';
import { expireUploads } from './events.js';
import { recordEvents } from '../webhooks/record.js';
import { insertUpload, listUploads, partsOf, updateUpload, uploadById } from './upload-store.js';

export const unsupportedType = () => validationError('The file type is not supported.');
export const typeMismatch = () => validationError('content_type does not match the filename extension.');

/** A name and a type that agree, completed from each other as Notion completes them. */
export function nameAndType(filename: string | null, contentType: string | null): { filename: string | null; content_type: string | null } {
  if (contentType !== null && !isSupportedType(contentType)) throw unsupportedType();
  if (filename === null) return { filename, content_type: contentType && essenceOf(contentType) };
  const extension = extensionOf(filename);
  if (extension === undefined) {
    // A name without an extension gets the one of its type (https://developers.notion.com/reference/file-upload).
    if (contentType === null) return { filename, content_type: null };
    return { filename: `${filename}.${extensionOfType(contentType)!}`, content_type: essenceOf(contentType) };
  }
  const inferred = typeOfExtension(extension);
  if (inferred === undefined) throw unsupportedType();
  if (contentType === null) return { filename, content_type: inferred };
  if (!typeMatches(extension, contentType)) throw typeMismatch();
  return { filename, content_type: essenceOf(contentType) };
}

/** The upload, when it exists and was made by this integration; expiry applied first. */
export async function visibleUpload(ctx: AppContext, db: Db, actor: Actor, id: string): Promise<FileUploadRow> {
  await expireUploads(ctx, db);
  const row = await uploadById(db, id);
  // Uploads are private to the integration that made them: another's is one Notion cannot find.
  if (!row || row.integration_id !== actor.integrationId) throw objectNotFound('file upload', id, actor);
  return row;
}

function checkCreate(ctx: AppContext, body: CreateFileUploadBody): void {
  const mode = body.mode ?? 'single_part';
  if (mode === 'multi_part' && body.number_of_parts === undefined) {
    throw validationError('body failed validation: body.number_of_parts should be defined, instead was `undefined`.');
  }
  if (mode !== 'multi_part' && body.number_of_parts !== undefined) throw validationError('number_of_parts is only supported for multi_part uploads.');
  if (mode !== 'single_part' && body.filename === undefined) throw validationError('filename is required for multi_part and external_url uploads.');
  if ((mode === 'external_url') !== (body.external_url !== undefined)) throw validationError('external_url is required when mode is external_url.');
  if (body.filename !== undefined && Buffer.byteLength(body.filename) > MAX_FILENAME_BYTES) {
    throw validationError(
      `body failed validation: body.filename.length should be ≤ \`${MAX_FILENAME_BYTES}\`, instead was \`${Buffer.byteLength(body.filename)}\`.`,
    );
  }
  if (body.external_url !== undefined) checkImportUrl(ctx.config, body.external_url);
}

export async function createFileUpload(ctx: AppContext, actor: Actor, body: CreateFileUploadBody): Promise<FileUploadRow> {
  checkCreate(ctx, body);
  const named = nameAndType(body.filename ?? null, body.content_type ?? null);
  const now = ctx.clock.now();
  const created = now.toISOString();
  return ctx.store.transaction(async (tx) => {
    const row: FileUploadRow = {
      id: ctx.ids.uuid(),
      workspace_id: actor.workspaceId,
      integration_id: actor.integrationId,
      created_by: actor.botId,
      seq: await nextValue(tx, 'file_uploads'),
      mode: body.mode ?? 'single_part',
      status: 'pending',
      ...named,
      content_length: null,
      number_of_parts: body.number_of_parts ?? null,
      parts_sent: 0,
      attached: 0,
      external_url: body.external_url ?? null,
      import_result: null,
      created_time: created,
      last_edited_time: created,
      expiry_time: new Date(now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
    };
    await insertUpload(tx, row);
    await recordEvents(tx, ctx, actor, { kind: 'file_upload', action: 'created', upload: row });
    return row;
  });
}

export async function retrieveFileUpload(ctx: AppContext, actor: Actor, id: string): Promise<FileUploadRow> {
  return ctx.store.transaction((tx) => visibleUpload(ctx, tx, actor, id));
}

export async function listFileUploads(
  ctx: AppContext,
  actor: Actor,
  query: ListFileUploadsQuery,
  pageSize: number,
): Promise<{ rows: FileUploadRow[]; nextCursor: string | null }> {
  return ctx.store.transaction(async (tx) => {
    await expireUploads(ctx, tx);
    let fromSeq: number | undefined;
    // Cursors are upload ids, and the page starts at that upload (recorded on api.notion.com).
    if (query.start_cursor !== undefined) {
      const id = parseUuid(query.start_cursor);
      const start = id && (await uploadById(tx, id));
      if (!start || start.integration_id !== actor.integrationId) throw invalidCursor(query.start_cursor);
      fromSeq = start.seq;
    }
    const rows = await listUploads(tx, actor.integrationId, query.status, fromSeq, pageSize + 1);
    const next = rows.length > pageSize ? rows[pageSize]!.id : null;
    return { rows: rows.slice(0, pageSize), nextCursor: next };
  });
}

export async function completeFileUpload(ctx: AppContext, actor: Actor, id: string): Promise<FileUploadRow> {
  return ctx.store.transaction(async (tx) => {
    const row = await visibleUpload(ctx, tx, actor, id);
    if (row.mode !== 'multi_part') throw validationError(`File upload ${row.id} is not a multi_part upload and does not need to be completed.`);
    if (row.status !== 'pending') throw validationError(`File upload ${row.id} is in status \`${row.status}\` and cannot be completed.`);
    const parts = await partsOf(tx, row.id);
    const total = row.number_of_parts!;
    if (parts.length < total) throw validationError(`Not all parts have been sent: expected ${total}, received ${parts.length}.`);
    const patch = {
      status: 'uploaded' as const,
      content_length: parts.reduce((sum, p) => sum + p.size, 0),
      last_edited_time: ctx.clock.now().toISOString(),
    };
    await updateUpload(tx, row.id, patch);
    await recordEvents(tx, ctx, actor, { kind: 'file_upload', action: 'completed', upload: { ...row, ...patch } });
    return { ...row, ...patch };
  });
}
