// Blobs as files of a folder. Each is written under a temporary name, flushed to disk, then renamed
// into place and the folder flushed, so that a crash leaves either the whole blob or none of it.
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { blobCreatedAt, BlobTooLarge, newBlobKey, type BlobStore } from './blob-store.js';

const KEY = /^[0-9a-z]+-[0-9a-f]+$/;

export class FolderBlobs implements BlobStore {
  readonly kind = 'folder';
  private ready: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  private get blobDir(): string {
    return join(this.dir, 'blobs');
  }

  private get tmpDir(): string {
    return join(this.dir, 'tmp');
  }

  private prepare(): Promise<void> {
    this.ready ??= Promise.all([mkdir(this.blobDir, { recursive: true }), mkdir(this.tmpDir, { recursive: true })]).then(() => undefined);
    return this.ready;
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a blob key: ${key}`);
    return join(this.blobDir, key);
  }

  async put(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limit: number): Promise<{ key: string; size: number }> {
    await this.prepare();
    const key = newBlobKey();
    const tmp = join(this.tmpDir, key);
    const file = await open(tmp, 'wx');
    let size = 0;
    try {
      for await (const piece of source) {
        size += piece.length;
        if (size > limit) throw new BlobTooLarge(limit);
        await file.write(piece);
      }
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(tmp, { force: true });
      throw error;
    }
    await file.close();
    await rename(tmp, this.pathOf(key));
    await syncDir(this.blobDir);
    return { key, size };
  }

  async *read(key: string, start: number, end: number): AsyncIterable<Uint8Array> {
    if (end <= start) return;
    yield* createReadStream(this.pathOf(key), { start, end: end - 1 }) as AsyncIterable<Buffer>;
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) await rm(this.pathOf(key), { force: true });
  }

  async *keys(): AsyncIterable<string> {
    await this.prepare();
    for (const name of await readdir(this.blobDir)) if (KEY.test(name)) yield name;
  }

  async removeUnfinished(before: number): Promise<void> {
    await this.prepare();
    for (const name of await readdir(this.tmpDir)) if (KEY.test(name) && blobCreatedAt(name) < before) await rm(join(this.tmpDir, name), { force: true });
  }
}

// A rename is durable once the folder holding it is flushed.
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
