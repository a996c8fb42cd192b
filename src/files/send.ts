// Sending the bytes of an upload (https://developers.notion.com/reference/send-a-file-upload): a
// multipart/form-data body, streamed with busboy into the blob store up to the size allowed, so
// that no file is ever held whole in memory; then the part is recorded in one transaction.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import type { AppContext } from '../context.js';
import { NotionError, validationError } from '../errors.js';
import type { Actor } from '../services/access.js';
import { lockKey } from '../store/meta.js';
import type { FileUploadRow } from '../store/schema.js';
import { BlobTooLarge, type BlobStore } from './blob-store.js';
import { blobsOf } from './blobs.js';
import { essenceOf, isSupportedType } from './file-types.js';
import { MAX_SEND_BYTES, MIN_PART_BYTES, workspaceFileLimit } from './limits.js';
import { nameAndType, retrieveFileUpload, visibleUpload } from './uploads.js';
import { partsOf, putPart, updateUpload } from './upload-store.js';
import { recordEvents } from '../webhooks/record.js';

interface SentFile {
  key: string;
  size: number;
  filename: string | undefined;
  contentType: string;
}

const notMultipart = () => validationError('The request body must be multipart/form-data with a `file` part.');
const tooLarge = (limit: number) => validationError(`The file is larger than the ${limit} bytes allowed.`);
const storageFailed = () => new NotionError('conflict_error', 'The file could not be stored. Please try again.');

function notPending(row: FileUploadRow): NotionError {
  return validationError(`File upload ${row.id} is in status \`${row.status}\` and cannot accept more data.`);
}

/** Read the form: the `file` part into the blob store (at most `limit` bytes), `part_number` as text. */
function readForm(headers: IncomingHttpHeaders, body: Readable, blobs: BlobStore, limit: number): Promise<{ file?: SentFile; partNumber?: string }> {
  const contentType = headers['content-type'];
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) throw notMultipart();
  let parser: InstanceType<typeof Busboy>;
  try {
    parser = new Busboy({
      headers: { ...headers, 'content-type': contentType },
      limits: { fileSize: limit, files: 1, fields: 8, fieldSize: 1024, parts: 10 },
      isPartAFile: (name, _type, filename) => name === 'file' || filename !== undefined,
    });
  } catch {
    throw notMultipart();
  }
  return new Promise((resolve, reject) => {
    let partNumber: string | undefined;
    let stored: Promise<SentFile | undefined> = Promise.resolve(undefined);
    let failed: unknown;
    parser.on('field', (name: string, value: string) => {
      if (name === 'part_number') partNumber = value;
    });
    parser.on('file', (name: string, stream: BusboyFileStream, filename: string | undefined, _encoding: string, mimetype: string) => {
      if (name !== 'file') return void stream.resume();
      stored = blobs.put(stream, limit).then(
        async ({ key, size }) => {
          // busboy stops at the limit and drops the rest: a file cut short is one too large.
          if (stream.truncated) {
            await blobs.remove([key]);
            failed = tooLarge(limit);
            return undefined;
          }
          return { key, size, filename, contentType: mimetype };
        },
        (error: unknown) => {
          failed = error instanceof BlobTooLarge ? tooLarge(limit) : error;
          stream.resume();
          return undefined;
        },
      );
    });
    parser.on('error', () => {
      body.unpipe(parser);
      body.resume();
      void stored.then((file) => file && blobs.remove([file.key]));
      reject(notMultipart());
    });
    parser.on('finish', () => {
      void stored.then((file) => {
        if (failed !== undefined) reject(failed instanceof NotionError ? failed : storageFailed());
        else resolve({ ...(file ? { file } : {}), ...(partNumber !== undefined ? { partNumber } : {}) });
      });
    });
    body.pipe(parser);
  });
}

/** The part number a multi-part send names: an integer 1..total. */
function partNumberOf(value: string | undefined, total: number): number {
  if (value === undefined) throw validationError('body failed validation: body.part_number should be defined, instead was `undefined`.');
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > total) {
    throw validationError(`body failed validation: body.part_number should be an integer between 1 and ${total}, instead was \`${JSON.stringify(value)}\`.`);
  }
  return n;
}

/** Record the sent part inside one transaction; answers the upload and the blob it replaced. */
async function recordPart(ctx: AppContext, actor: Actor, id: string, file: SentFile, partNumber: string | undefined, limit: number) {
  return ctx.store.transaction(async (tx) => {
    // Parts of one upload sent at once take turns here (PostgreSQL; SQLite runs one transaction at a time).
    await lockKey(tx, `file_upload:${id}`);
    const row = await visibleUpload(ctx, tx, actor, id);
    if (row.status !== 'pending' || row.mode === 'external_url') throw notPending(row);
    const now = ctx.clock.now().toISOString();
    if (row.mode === 'single_part') {
      if (partNumber !== undefined) throw validationError('part_number is only supported for multi_part uploads.');
      // The form part names the file, and its type fills a type create did not give; a type this
      // server does not know (a Blob's application/octet-stream) is left to the name's extension.
      const partType = isSupportedType(file.contentType) ? essenceOf(file.contentType) : null;
      const named = row.filename === null ? nameAndType(file.filename ?? null, row.content_type ?? partType) : row;
      const replaced = await putPart(tx, { upload_id: row.id, part_number: 1, blob_key: file.key, size: file.size });
      const patch = {
        status: 'uploaded' as const,
        content_length: file.size,
        filename: named.filename,
        content_type: named.content_type,
        last_edited_time: now,
      };
      await updateUpload(tx, row.id, patch);
      await recordEvents(tx, ctx, actor, { kind: 'file_upload', action: 'completed', upload: { ...row, ...patch } });
      return { row: { ...row, ...patch }, replaced };
    }
    const total = row.number_of_parts!;
    const n = partNumberOf(partNumber, total);
    if (n < total && file.size < MIN_PART_BYTES)
      throw validationError(`Part ${n} is smaller than the ${MIN_PART_BYTES} bytes every part but the last must hold.`);
    const parts = await partsOf(tx, row.id);
    const sum = parts.filter((p) => p.part_number !== n).reduce((s, p) => s + p.size, file.size);
    if (sum > limit) throw tooLarge(limit);
    const replaced = await putPart(tx, { upload_id: row.id, part_number: n, blob_key: file.key, size: file.size });
    // A part sent again replaces the first one and is counted once.
    const patch = { parts_sent: parts.length + (replaced === undefined ? 1 : 0), last_edited_time: now };
    await updateUpload(tx, row.id, patch);
    return { row: { ...row, ...patch }, replaced };
  });
}

export async function sendFileUpload(ctx: AppContext, actor: Actor, id: string, headers: IncomingHttpHeaders, body: Readable): Promise<FileUploadRow> {
  // The upload is checked before the bytes are read, so that an unknown id is a 404 whatever was sent.
  const before = await retrieveFileUpload(ctx, actor, id);
  if (before.status !== 'pending' || before.mode === 'external_url') throw notPending(before);
  const fileLimit = await workspaceFileLimit(ctx, ctx.store.db, actor.workspaceId);
  const limit = Math.min(MAX_SEND_BYTES, fileLimit);
  const blobs = blobsOf(ctx);
  const { file, partNumber } = await readForm(headers, body, blobs, limit);
  if (!file) throw validationError('body failed validation: body.file should be defined, instead was `undefined`.');
  try {
    // The bytes a part replaced are left to the sweep (sweep.ts): a snapshot may still name them.
    return (await recordPart(ctx, actor, id, file, partNumber, fileLimit)).row;
  } catch (error) {
    await blobs.remove([file.key]);
    throw error;
  }
}
