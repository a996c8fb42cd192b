// Attaching uploads (https://developers.notion.com/reference/file-upload): a
// `{type: "file_upload", file_upload: {id}}` reference in a request body is checked and made
// permanent inside the request's own transaction, and rewritten in place to an internal link to
// the upload, which the block, page, property and comment code then stores like any other link.
// Responses turn that link into a fresh signed URL (hosted.ts).
import type { AppContext } from '../context.js';
import { objectNotFound, validationError } from '../errors.js';
import type { Actor } from '../services/access.js';
import type { FileUploadRow } from '../store/schema.js';
import type { Tx } from '../store/store.js';
import { expireUploads } from './events.js';
import { updateUpload, uploadById } from './upload-store.js';

/** The stored form of an attached upload: a link no client can send (its scheme is this server's). */
export const ATTACHED_SCHEME = 'localnotion-file:';

interface Ref {
  holder: Record<string, unknown>;
  id: string;
  /** The key the holder sits under (a block type, `icon`, `files`...). */
  key: string | undefined;
  inProperties: boolean;
}

const MEDIA_BLOCKS: Record<string, (type: string) => boolean> = {
  image: (t) => t.startsWith('image/'),
  video: (t) => t.startsWith('video/'),
  audio: (t) => t.startsWith('audio/') || t === 'video/mp4',
  pdf: (t) => t === 'application/pdf',
};

// References rewritten by an attempt of the transaction: PostgreSQL may run it again after a
// serialization failure, and the attach must then be made again.
const rewritten = new WeakSet<object>();

function findRefs(value: unknown, key: string | undefined, inProperties: boolean, out: Ref[]): void {
  if (Array.isArray(value)) {
    for (const item of value) findRefs(item, key, inProperties, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const o = value as Record<string, unknown>;
  const ref = o.file_upload as { id?: unknown } | undefined;
  if (typeof ref === 'object' && ref !== null && typeof ref.id === 'string' && (o.type === undefined || o.type === 'file_upload')) {
    out.push({ holder: o, id: ref.id, key, inProperties });
    return;
  }
  const url = (o.external as { url?: unknown } | undefined)?.url;
  if (rewritten.has(o) && typeof url === 'string') {
    out.push({ holder: o, id: url.slice(ATTACHED_SCHEME.length), key, inProperties });
    return;
  }
  // The internal link is this server's to write: a client sending one would reach another's file.
  if (typeof url === 'string' && url.toLowerCase().startsWith(ATTACHED_SCHEME)) {
    throw validationError(`body failed validation: ${key ?? 'body'}.external.url should be a valid URL, instead was \`${JSON.stringify(url)}\`.`);
  }
  // (for..in over a parsed body's own keys: Object.entries made an array per object walked.)
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'object' && v !== null) findRefs(v, k, inProperties || k === 'properties', out);
  }
}

/** Check that each upload may be attached (uploaded, the caller's own) and make it permanent. */
async function attachUploads(ctx: AppContext, tx: Tx, actor: Actor, ids: readonly string[]): Promise<Map<string, FileUploadRow>> {
  await expireUploads(ctx, tx);
  const found = new Map<string, FileUploadRow>();
  for (const id of ids) {
    if (found.has(id)) continue;
    const row = await uploadById(tx, id);
    if (!row || row.integration_id !== actor.integrationId) throw objectNotFound('file upload', id, actor);
    if (row.status === 'pending') throw validationError(`File upload ${id} has not been uploaded yet.`);
    if (row.status === 'expired') throw validationError(`File upload ${id} has expired.`);
    if (row.status === 'failed') throw validationError(`File upload ${id} failed to import and cannot be attached.`);
    // The first attach makes the upload permanent; later ones are allowed as they are.
    if (row.attached === 0) await updateUpload(tx, id, { attached: 1, expiry_time: null, last_edited_time: ctx.clock.now().toISOString() });
    found.set(id, row);
  }
  return found;
}

/**
 * Attach every upload a request body names, inside the request's transaction `tx`, and rewrite
 * its references in place to the stored form. Answers whether the body named any.
 */
export async function attachFileUploads(ctx: AppContext, tx: Tx, actor: Actor, body: unknown): Promise<boolean> {
  const refs: Ref[] = [];
  findRefs(body, undefined, false, refs);
  if (refs.length === 0) return false;
  const rows = await attachUploads(
    ctx,
    tx,
    actor,
    refs.map((r) => r.id),
  );
  for (const { holder, id, key, inProperties } of refs) {
    const row = rows.get(id)!;
    const fits = key === undefined || inProperties ? undefined : MEDIA_BLOCKS[key];
    // A media block takes files of its kind; a file block takes any (https://developers.notion.com/reference/block).
    if (fits && !fits(row.content_type ?? ''))
      throw validationError(`File upload ${id} holds a ${row.content_type ?? 'file'} file, which an ${key} block cannot show.`);
    if (rewritten.has(holder)) continue;
    rewritten.add(holder);
    const hadType = holder.type !== undefined;
    delete holder.file_upload;
    if (hadType) holder.type = 'external';
    holder.external = { url: `${ATTACHED_SCHEME}${id}` };
    // A file block and a files value are named after the upload unless the request names them.
    if (holder.name === undefined && (key === 'file' || key === 'files')) holder.name = row.filename ?? 'file';
  }
  return true;
}

// A comment attachment's category from the file's type (https://developers.notion.com/reference/comment-object).
function categoryOf(contentType: string | null): string {
  const type = contentType ?? '';
  if (type === 'application/pdf') return 'pdf';
  for (const category of ['image', 'video', 'audio']) if (type.startsWith(`${category}/`)) return category;
  return 'productivity';
}

/** Attach a comment's uploads inside its transaction; answers the attachments as the comment stores them (JSON). */
export async function attachCommentFiles(ctx: AppContext, tx: Tx, actor: Actor, ids: readonly string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const rows = await attachUploads(ctx, tx, actor, ids);
  return JSON.stringify(ids.map((id) => ({ category: categoryOf(rows.get(id)!.content_type), external: { url: `${ATTACHED_SCHEME}${id}` } })));
}
