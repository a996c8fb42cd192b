// Uploaded bytes in export files: before each part's row, its blob as lines of base64,
// `{"blob": "<key>", "data": "..."}`. An import writes each blob into the importing server's blob
// store under a new key and points the part row at it (docs/decisions.md, "File uploads").
import type { FilePartRow } from '../store/schema.js';
import type { BlobStore } from './blob-store.js';

// Bytes per line: a line stays well under the control API's line limit once in base64.
const LINE_BYTES = 512 * 1024;

export interface BlobLine {
  blob: string;
  data: string;
}

export const isBlobLine = (entry: object): entry is BlobLine => typeof (entry as BlobLine).blob === 'string' && typeof (entry as BlobLine).data === 'string';

/** The lines carrying a part's bytes. */
export async function* blobLines(blobs: BlobStore, part: Pick<FilePartRow, 'blob_key' | 'size'>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let size = 0;
  const line = (): string => {
    const data = Buffer.concat(pending, size).toString('base64');
    pending = [];
    size = 0;
    return JSON.stringify({ blob: part.blob_key, data });
  };
  let any = false;
  for await (const piece of blobs.read(part.blob_key, 0, part.size)) {
    let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (rest.length > 0) {
      const take = Math.min(rest.length, LINE_BYTES - size);
      pending.push(rest.subarray(0, take));
      size += take;
      rest = rest.subarray(take);
      if (size === LINE_BYTES) {
        any = true;
        yield line();
      }
    }
  }
  if (size > 0 || !any) yield line();
}

/** Collects the blob lines of an import and stores each blob before the part row that names it. */
export class BlobImporter {
  private current: { key: string; pieces: Buffer[] } | undefined;
  private readonly stored = new Map<string, string>();
  /** Keys written by this import, to remove if it fails. */
  readonly written: string[] = [];

  constructor(private readonly blobs: BlobStore) {}

  async add(line: BlobLine): Promise<void> {
    if (this.current && this.current.key !== line.blob) await this.flush();
    this.current ??= { key: line.blob, pieces: [] };
    this.current.pieces.push(Buffer.from(line.data, 'base64'));
  }

  private async flush(): Promise<void> {
    if (!this.current) return;
    const { key, pieces } = this.current;
    this.current = undefined;
    const put = await this.blobs.put([Buffer.concat(pieces)], Number.MAX_SAFE_INTEGER);
    this.written.push(put.key);
    this.stored.set(key, put.key);
  }

  /** The part row pointing at its blob as stored here; undefined when the file did not carry the blob. */
  async part<T extends { blob_key?: unknown }>(row: T): Promise<T | undefined> {
    await this.flush();
    const key = typeof row.blob_key === 'string' ? this.stored.get(row.blob_key) : undefined;
    return key === undefined ? undefined : { ...row, blob_key: key };
  }
}
