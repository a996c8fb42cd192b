// Blobs as chunked rows of the database, so that every instance over one PostgreSQL database
// serves every file. Chunks are committed as they arrive (a large file never sits whole in memory
// or in one transaction); the part row naming the blob is written after the last one.
import { BlobTooLarge, newBlobKey, type BlobStore } from './blob-store.js';
import type { Store } from '../store/store.js';

// Bytes per row: small enough for any driver to move at once, large enough to keep rows few.
export const CHUNK_BYTES = 1024 * 1024;

export class DatabaseBlobs implements BlobStore {
  readonly kind = 'database';

  constructor(private readonly store: Store) {}

  async put(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limit: number): Promise<{ key: string; size: number }> {
    const key = newBlobKey();
    let size = 0;
    let chunk = 0;
    let pending: Buffer[] = [];
    let pendingSize = 0;
    const flush = async (): Promise<void> => {
      const data = Buffer.concat(pending, pendingSize);
      await this.store.db.insertInto('file_chunks').values({ blob_key: key, chunk, data }).execute();
      chunk += 1;
      pending = [];
      pendingSize = 0;
    };
    try {
      for await (const piece of source) {
        size += piece.length;
        if (size > limit) throw new BlobTooLarge(limit);
        let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        while (rest.length > 0) {
          const take = Math.min(rest.length, CHUNK_BYTES - pendingSize);
          pending.push(Buffer.from(rest.subarray(0, take)));
          pendingSize += take;
          rest = rest.subarray(take);
          if (pendingSize === CHUNK_BYTES) await flush();
        }
      }
      if (pendingSize > 0 || chunk === 0) await flush();
    } catch (error) {
      await this.remove([key]);
      throw error;
    }
    return { key, size };
  }

  async *read(key: string, start: number, end: number): AsyncIterable<Uint8Array> {
    for (let chunk = Math.floor(start / CHUNK_BYTES); chunk * CHUNK_BYTES < end; chunk++) {
      const row = await this.store.db.selectFrom('file_chunks').select('data').where('blob_key', '=', key).where('chunk', '=', chunk).executeTakeFirst();
      if (!row) throw new Error(`chunk ${chunk} of blob ${key} is missing`);
      const base = chunk * CHUNK_BYTES;
      const data = Buffer.from(row.data);
      yield data.subarray(Math.max(0, start - base), Math.min(data.length, end - base));
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.store.db.deleteFrom('file_chunks').where('blob_key', 'in', keys).execute();
  }

  async *keys(): AsyncIterable<string> {
    const rows = await this.store.db.selectFrom('file_chunks').select('blob_key').distinct().execute();
    for (const row of rows) yield row.blob_key;
  }

  // Chunks of an interrupted write are blobs no part names: keys() finds them.
  async removeUnfinished(): Promise<void> {}
}
