// Where the bytes of uploads live, behind one small interface: a folder (SQLite's default, beside
// the database file, or --files-dir), memory (--in-memory), or chunked rows of the database
// (PostgreSQL's default, so that every instance over one database serves every file). A blob is
// written whole and made durable before any row names it (docs/decisions.md, "File uploads").
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { Store } from '../store/store.js';
import { DatabaseBlobs } from './database-blobs.js';
import { FolderBlobs } from './folder-blobs.js';
import { MemoryBlobs, type BlobStore } from './blob-store.js';

/** Where a server of this configuration keeps uploaded bytes. */
export function filesLocation(config: Config): { kind: 'folder'; dir: string } | { kind: 'memory' } | { kind: 'database' } {
  if (config.filesDir) return { kind: 'folder', dir: config.filesDir };
  if (config.databaseUrl) return { kind: 'database' };
  if (config.sqlite === ':memory:') return { kind: 'memory' };
  return { kind: 'folder', dir: join(dirname(config.sqlite), 'files') };
}

// One blob store per store: every context over a store shares it (a memory store lives as long as its database).
const opened = new WeakMap<Store, BlobStore>();

export function blobsOf(ctx: Pick<AppContext, 'config' | 'store'>): BlobStore {
  let blobs = opened.get(ctx.store);
  if (!blobs) {
    const where = filesLocation(ctx.config);
    blobs = where.kind === 'folder' ? new FolderBlobs(where.dir) : where.kind === 'memory' ? new MemoryBlobs() : new DatabaseBlobs(ctx.store);
    opened.set(ctx.store, blobs);
  }
  return blobs;
}
