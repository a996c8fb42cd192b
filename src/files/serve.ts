// The bytes of an attached upload, part after part, for the hosted-file route: a byte range of
// the whole file maps onto the parts it spans, each read from the blob store as a stream.
import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { FilePartRow, FileUploadRow } from '../store/schema.js';
import { blobsOf } from './blobs.js';
import { signingKey, validSignature } from './hosted-url.js';
import { partsOf, uploadById } from './upload-store.js';

export type HostedFile = { file: FileUploadRow; parts: FilePartRow[]; size: number } | { refused: 403 | 404; reason: string };

/** The upload a signed link names, when the signature is this store's and the link still valid. */
export async function hostedFile(ctx: AppContext, id: string, expires: number, signature: string | undefined): Promise<HostedFile> {
  const key = await signingKey(ctx.store.db);
  if (!Number.isSafeInteger(expires) || typeof signature !== 'string' || !validSignature(key, id, expires, signature)) {
    return { refused: 403, reason: 'The request signature is not valid.' };
  }
  if (ctx.clock.now().getTime() > expires) return { refused: 403, reason: 'The link has expired.' };
  const file = await uploadById(ctx.store.db, id);
  if (!file || file.attached !== 1 || file.status !== 'uploaded') return { refused: 404, reason: 'Not found.' };
  const parts = await partsOf(ctx.store.db, id);
  return { file, parts, size: parts.reduce((sum, p) => sum + p.size, 0) };
}

/** Bytes `start` (inclusive) to `end` (exclusive) of the file, as one stream. */
export function fileBytes(ctx: AppContext, parts: readonly FilePartRow[], start: number, end: number): Readable {
  const blobs = blobsOf(ctx);
  async function* pieces(): AsyncGenerator<Uint8Array> {
    let base = 0;
    for (const part of parts) {
      const from = Math.max(start, base);
      const to = Math.min(end, base + part.size);
      if (from < to) yield* blobs.read(part.blob_key, from - base, to - base);
      base += part.size;
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}
