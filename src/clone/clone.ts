// `localnotion clone`: read pages, databases and data sources from a Notion API (api.notion.com,
// or anything that answers like it) and write them as an export file, or into a store in one
// transaction (docs/decisions.md, "Clone").
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { importLines } from '../emulator/export-file.js';
import type { BlobStore } from '../files/blob-store.js';
import type { Store } from '../store/store.js';
import { Journal } from './journal.js';
import { Reader, type Collected } from './read.js';
import { CloneInterrupted, Source, type SourceStats } from './source.js';
import { cloneRows, exportLines, newLocalToken, type CloneRows } from './write.js';

export const DEFAULT_SOURCE = 'https://api.notion.com';
// Data sources exist from this version on (https://developers.notion.com/docs/upgrade-guide-2025-09-03).
export const CLONE_VERSION = '2025-09-03';

export interface CloneOptions {
  baseUrl?: string;
  token: string;
  /** Page, database or data source ids; none: everything the token reaches. */
  ids?: readonly string[];
  version?: string;
  /** Requests per second (default 3, Notion's average limit). */
  rate?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** Folder of the clone's state, to resume it; none: nothing is kept between runs. */
  stateDir?: string;
  comments?: boolean;
  /** Read only: count what would come over and the requests it takes; nothing is written or downloaded. */
  dryRun?: boolean;
  /** When the clone was made (what it names as the creation of its workspace, users and uploads); now when absent. */
  clonedAt?: string;
  /** Token of the clone's integration; made up when absent. */
  localToken?: string;
  maxRequests?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onProgress?: (p: CloneProgress) => void;
}

export interface CloneProgress {
  objects: number;
  requests: number;
  replayed: number;
  elapsedMs: number;
  /** Requests sent a second, so far. */
  rate: number;
}

export interface CloneCounts {
  pages: number;
  blocks: number;
  databases: number;
  data_sources: number;
  comments: number;
  users: number;
  files: number;
  views: number;
  templates: number;
}

export interface CloneResult {
  counts: CloneCounts;
  stats: SourceStats;
  elapsedMs: number;
  /** What did not come over, and why. */
  notes: string[];
  /** Absent on a dry run. */
  rows?: CloneRows;
  write(target: { file: string } | { store: Store; blobs?: BlobStore }): Promise<{ rows: number }>;
}

function countsOf(out: Collected): CloneCounts {
  return {
    pages: out.pages.size,
    blocks: out.blocks.size,
    databases: out.databases.size,
    data_sources: out.dataSources.size,
    comments: out.comments.size,
    users: out.users.size,
    files: out.files.size,
    views: out.views.size,
    templates: out.templates.length,
  };
}

/** Read everything asked for; throws CloneInterrupted when stopped (the state keeps what was read). */
export async function runClone(options: CloneOptions): Promise<CloneResult> {
  const started = Date.now();
  const baseUrl = options.baseUrl ?? DEFAULT_SOURCE;
  const ids = [...(options.ids ?? [])];
  const journal = new Journal(options.stateDir);
  journal.claim({ baseUrl, ids, version: options.version ?? CLONE_VERSION });
  const memoryFiles = new Map<string, Buffer>();
  const source = new Source({
    baseUrl,
    token: options.token,
    version: options.version ?? CLONE_VERSION,
    rate: options.rate ?? 3,
    maxAttempts: options.maxAttempts ?? 8,
    backoffMs: options.backoffMs ?? 1000,
    journal,
    ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let objects = 0;
  const progress = () => {
    const elapsedMs = Date.now() - started;
    options.onProgress?.({
      objects,
      requests: source.stats.sent,
      replayed: source.stats.replayed,
      elapsedMs,
      rate: source.stats.sent / Math.max(elapsedMs / 1000, 0.001),
    });
  };
  const reader = new Reader(
    source,
    journal,
    { ids, comments: options.comments !== false, files: !options.dryRun, onObject: () => (objects++, progress()) },
    memoryFiles,
  );
  const out = await reader.read();
  progress();
  const now = options.clonedAt ?? new Date().toISOString();
  const rows = options.dryRun ? undefined : cloneRows(out, options.localToken ?? newLocalToken(), now);
  return {
    counts: countsOf(out),
    stats: source.stats,
    elapsedMs: Date.now() - started,
    notes: [...new Set(out.notes)],
    ...(rows ? { rows } : {}),
    async write(target) {
      if (!rows) throw new Error('a dry run writes nothing');
      const lines = exportLines(rows, journal, memoryFiles, now);
      if ('store' in target) return importLines(target.store, lines, undefined, target.blobs);
      const file = createWriteStream(target.file);
      let count = 0;
      for await (const line of lines) {
        if (line.startsWith(`{"table"`)) count += 1;
        if (!file.write(`${line}\n`)) await once(file, 'drain');
      }
      file.end();
      await once(file, 'finish');
      return { rows: count };
    },
  };
}

export { CloneInterrupted };
