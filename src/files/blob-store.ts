// The interface of a store of uploaded bytes ("blobs"), and the one kept in memory (--in-memory).
// A blob is written whole and made durable before any row names it (docs/decisions.md, "File uploads").
import { randomBytes } from 'node:crypto';

export interface BlobStore {
  readonly kind: 'folder' | 'memory' | 'database';
  /** Store the bytes under a new key, at most `limit` of them; durable when this resolves. */
  put(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limit: number): Promise<{ key: string; size: number }>;
  /** Bytes `start` (inclusive) to `end` (exclusive) of a blob, in pieces. */
  read(key: string, start: number, end: number): AsyncIterable<Uint8Array>;
  remove(keys: readonly string[]): Promise<void>;
  /** Every key stored, for the sweep of blobs no row names. */
  keys(): AsyncIterable<string>;
  /** Drop what writes cut short (by a crash) left behind, when started before `before` (ms since the epoch). */
  removeUnfinished(before: number): Promise<void>;
}

/** More bytes than the limit a put was given; nothing was kept. */
export class BlobTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/** A new blob key; it starts with its creation time, so that the sweep can leave young blobs alone. */
export const newBlobKey = (): string => `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(12).toString('hex')}`;

/** When a blob was created, in ms since the epoch (wall clock: it ages blobs, not uploads). */
export const blobCreatedAt = (key: string): number => parseInt(key.slice(0, key.indexOf('-')), 36);

export class MemoryBlobs implements BlobStore {
  readonly kind = 'memory';
  private readonly blobs = new Map<string, Buffer>();

  async put(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limit: number): Promise<{ key: string; size: number }> {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const piece of source) {
      size += piece.length;
      if (size > limit) throw new BlobTooLarge(limit);
      pieces.push(Buffer.from(piece));
    }
    const key = newBlobKey();
    this.blobs.set(key, Buffer.concat(pieces));
    return { key, size };
  }

  async *read(key: string, start: number, end: number): AsyncIterable<Uint8Array> {
    const blob = this.blobs.get(key);
    if (!blob) throw new Error(`blob ${key} is missing`);
    yield blob.subarray(start, end);
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.blobs.delete(key);
  }

  async *keys(): AsyncIterable<string> {
    yield* [...this.blobs.keys()];
  }

  async removeUnfinished(): Promise<void> {}
}
