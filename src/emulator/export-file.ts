// The export file: the whole workspace as JSON lines. The first line is a header (format,
// version, the migration level of the store that wrote it, row counts); each further line is one
// row, `{"table": "...", "row": {...}}`, tables in dependency order. Lines stream in both
// directions, so a large workspace never has to be one string in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { BlobStore } from '../files/blob-store.js';
import { BlobImporter, blobLines, isBlobLine, type BlobLine } from '../files/transfer.js';
import type { FilePartRow } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Db } from '../store/store.js';
import {
  clearTables,
  countRows,
  DUMP_TABLES,
  insertRows,
  isTableName,
  migrationLevel,
  readTables,
  tableColumns,
  type DumpProgress,
  type DumpRow,
  type TableName,
} from '../store/dump.js';
import { migrationProvider } from '../store/migrations/index.js';
import { buildValueIndexIfMissing } from '../properties/value-index.js';
import { grantTopLevelToWorkspaces } from '../store/users.js';
import { parseJsonWithoutNul } from '../validation/nul.js';

export const EXPORT_FORMAT = 'localnotion-export';
export const EXPORT_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  /** The last migration applied to the store that wrote the file. */
  migration: string;
  exported_at: string;
  counts: Record<TableName, number>;
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export type ProgressListener = (p: DumpProgress & { phase: 'export' | 'import' }) => void;

/** One line of an export after the header. */
export interface ExportRecord {
  table: TableName;
  row: DumpRow;
}

/**
 * A source of the records an export holds: how many it has of each table (the header's counts),
 * and its lines in the order an import takes them (records, and the bytes of files), read inside
 * the export's transaction.
 */
export interface ExportSource {
  counts(tx: Db): Promise<Partial<Record<TableName, number>>>;
  lines(tx: Db, emit: (line: string) => Promise<void>, progress: (table: TableName, rows: number) => void): Promise<void>;
}

/** The rows of every dumped table, in dependency order (store/dump.ts); a file part's bytes come just before its row. */
function tableRows(blobs?: BlobStore): ExportSource {
  return {
    counts: (tx) => countRows(tx),
    lines: (tx, emit, progress) =>
      readTables(tx, async (table, rows) => {
        for (const row of rows) {
          if (table === 'file_parts' && blobs) for await (const line of blobLines(blobs, row as unknown as FilePartRow)) await emit(line);
          await emit(JSON.stringify({ table, row }));
        }
        progress(table, rows.length);
      }),
  };
}

/** What an export writes, in this order: a new kind of record is a source added here. */
export const exportSources = (blobs?: BlobStore): readonly ExportSource[] => [tableRows(blobs)];

/** Write the workspace as lines (each without its newline), read in one transaction. */
export async function writeExport(
  store: Store,
  exportedAt: string,
  write: (line: string) => void | Promise<void>,
  onProgress?: ProgressListener,
  blobs?: BlobStore,
  sources: readonly ExportSource[] = exportSources(blobs),
): Promise<ExportHeader> {
  return store.transaction(async (tx) => {
    const counts = {} as Record<TableName, number>;
    for (const source of sources) Object.assign(counts, await source.counts(tx));
    const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, migration: await migrationLevel(), exported_at: exportedAt, counts };
    await write(JSON.stringify(header));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    let done = 0;
    const progress = (table: TableName, rows: number) => {
      done += rows;
      onProgress?.({ phase: 'export', table, done, total });
    };
    for (const source of sources) await source.lines(tx, (line) => Promise.resolve(write(line)), progress);
    return header;
  });
}

/**
 * Write `text` to `out`, waiting while its buffer is full: the export reads no further than its
 * reader has taken. Fails when `out` closes first, or when it stays full for `stallMs`.
 */
async function writeWhenRead(out: Writable, text: string, stallMs = Number.POSITIVE_INFINITY): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new Error('the export was closed before it was complete');
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      out.off('drain', drained);
      out.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const drained = () => finish();
    const closed = () => finish(new Error('the export was closed before it was complete'));
    const timer = Number.isFinite(stallMs) ? setTimeout(() => finish(new Error(`the export's reader took nothing for ${stallMs} ms`)), stallMs) : undefined;
    out.on('drain', drained);
    out.on('close', closed);
  });
}

/** Export to a file. */
export async function exportToFile(store: Store, file: string, exportedAt: string, onProgress?: ProgressListener, blobs?: BlobStore): Promise<ExportHeader> {
  const out = createWriteStream(file);
  try {
    const header = await writeExport(store, exportedAt, (line) => writeWhenRead(out, `${line}\n`), onProgress, blobs);
    out.end();
    await once(out, 'finish');
    return header;
  } catch (error) {
    out.destroy();
    throw error;
  }
}

export interface ExportStreamOptions {
  onProgress?: ProgressListener;
  /** How long the reader may take nothing before the export is abandoned (it holds a temporary file). */
  stallMs?: number;
  /** Where the bytes of uploaded files are, to carry them in the export. */
  blobs?: BlobStore;
}

/**
 * The export as a stream of NDJSON. The store is read at its own pace into a temporary file, and
 * the stream reads that file: the export's transaction (on SQLite, the connection every request
 * shares) ends before the first byte goes out, however slowly the reader then takes it, and the
 * workspace is never one string in memory. A store that cannot be read fails before any answer
 * has begun. The file goes when the stream closes; a reader that takes nothing for `stallMs` is
 * let go (docs/decisions.md).
 */
export async function exportStream(store: Store, exportedAt: string, options: ExportStreamOptions = {}): Promise<Readable> {
  const dir = await mkdtemp(join(tmpdir(), 'localnotion-export-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, 'export.ndjson');
  try {
    await exportToFile(store, file, exportedAt, options.onProgress, options.blobs);
  } catch (error) {
    await remove();
    throw error;
  }
  const stream = createReadStream(file);
  const stallMs = options.stallMs ?? Number.POSITIVE_INFINITY;
  let read = -1;
  // The file stream reads ahead only as far as its reader takes: no progress for a whole period is a stall.
  const watch = Number.isFinite(stallMs)
    ? setInterval(() => {
        if (stream.bytesRead === read) stream.destroy(new Error(`the export's reader took nothing for ${stallMs} ms`));
        read = stream.bytesRead;
      }, stallMs)
    : undefined;
  watch?.unref();
  stream.once('close', () => {
    clearInterval(watch);
    void remove();
  });
  return stream;
}

async function checkHeader(line: string | undefined): Promise<ExportHeader> {
  let header: Partial<ExportHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<ExportHeader>;
  } catch {
    throw new ImportError(`line 1: not a ${EXPORT_FORMAT} file (the first line is not JSON)`);
  }
  if (typeof header !== 'object' || header === null || header.format !== EXPORT_FORMAT) {
    throw new ImportError(`line 1: not a ${EXPORT_FORMAT} file (the header's "format" should be "${EXPORT_FORMAT}")`);
  }
  if (typeof header.version !== 'number' || !READABLE_VERSIONS.includes(header.version)) {
    throw new ImportError(
      `line 1: export format version ${JSON.stringify(header.version)} is not supported; this localnotion reads versions ${READABLE_VERSIONS.join(' and ')}`,
    );
  }
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  if (typeof header.migration !== 'string' || !known.includes(header.migration)) {
    throw new ImportError(
      `line 1: the file was written at migration ${JSON.stringify(header.migration)}, which this localnotion does not know (it is at ${known[known.length - 1]}); import it with the version that exported it, or a later one`,
    );
  }
  return header as ExportHeader;
}

const WRITE_BATCH = 500;

/** What one line of an export holds: a record checked against the tables and their columns, or a file's bytes. */
function recordOf(line: string, lineNo: number, columns: Map<string, Set<string>>): ExportRecord | BlobLine {
  let entry: { table?: unknown; row?: unknown };
  try {
    entry = parseJsonWithoutNul(line) as typeof entry;
  } catch {
    throw new ImportError(`line ${lineNo}: not JSON`);
  }
  if (typeof entry === 'object' && entry !== null && isBlobLine(entry)) return entry;
  const table = entry.table;
  if (typeof table !== 'string' || !isTableName(table)) {
    throw new ImportError(`line ${lineNo}: "table" should be one of ${DUMP_TABLES.join(', ')}, instead was ${JSON.stringify(table)}`);
  }
  const row = entry.row;
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new ImportError(`line ${lineNo}: "row" should be an object`);
  const known = columns.get(table)!;
  for (const column of Object.keys(row)) {
    if (!known.has(column)) throw new ImportError(`line ${lineNo}: table ${table} has no column ${JSON.stringify(column)}`);
  }
  return { table, row: row as DumpRow };
}

/**
 * Lines of an export, one by one or in batches: a body read in chunks gives each chunk's lines at
 * once, so that a run of blank lines costs a loop step each rather than an await.
 */
export type ExportLines = AsyncIterable<string | readonly string[]> | Iterable<string>;

/**
 * Replace the whole workspace with the lines of an export, in one transaction: nothing changes
 * unless every line is imported. A file from an older migration level is read as long as its
 * columns still exist; what later migrations derive (the value index) is rebuilt in the same
 * transaction, so every way of importing gets it.
 */
export async function importLines(store: Store, lines: ExportLines, onProgress?: ProgressListener, blobs?: BlobStore): Promise<{ rows: number }> {
  const importer = blobs && new BlobImporter(blobs);
  try {
    return await importRows(store, lines, importer, onProgress);
  } catch (error) {
    // Bytes written for an import that failed are named by no row: they go at once.
    if (importer && blobs) await blobs.remove(importer.written);
    throw error;
  }
}

async function importRows(store: Store, lines: ExportLines, importer: BlobImporter | undefined, onProgress?: ProgressListener): Promise<{ rows: number }> {
  return store.transaction(async (tx: Db) => {
    let header: ExportHeader | undefined;
    let columns: Map<string, Set<string>> | undefined;
    let lineNo = 0;
    let rows = 0;
    let total = 0;
    let current: TableName | undefined;
    let batch: DumpRow[] = [];
    const flush = async () => {
      if (current && batch.length > 0) {
        try {
          await insertRows(tx, current, batch);
        } catch (error) {
          throw new ImportError(`line ${lineNo}: rows of ${current} could not be written: ${(error as Error).message}`);
        }
        rows += batch.length;
        onProgress?.({ phase: 'import', table: current, done: rows, total });
      }
      batch = [];
    };
    for await (const item of lines) {
      for (const raw of typeof item === 'string' ? [item] : item) {
        lineNo += 1;
        const line = raw.trim();
        if (!header) {
          header = await checkHeader(line);
          total = Object.values(header.counts ?? {}).reduce((a, b) => a + Number(b), 0);
          columns = await tableColumns(tx);
          await clearTables(tx);
          continue;
        }
        if (line === '') continue;
        const entry = recordOf(line, lineNo, columns!);
        if (!('table' in entry)) {
          if (importer) await importer.add(entry);
          continue;
        }
        const { table, row } = entry;
        if (current !== undefined && table !== current) {
          if (DUMP_TABLES.indexOf(table) < DUMP_TABLES.indexOf(current)) {
            throw new ImportError(`line ${lineNo}: rows of ${table} must come before rows of ${current} (tables in the order ${DUMP_TABLES.join(', ')})`);
          }
          await flush();
        }
        current = table;
        if (table === 'file_parts') {
          const part = importer && (await importer.part(row));
          if (!part) throw new ImportError(`line ${lineNo}: the bytes of this file part are not in the file`);
          batch.push(part);
        } else batch.push(row);
        if (batch.length >= WRITE_BATCH) await flush();
      }
    }
    if (!header) throw new ImportError('the file is empty');
    await flush();
    await buildValueIndexIfMissing(tx);
    // Before migration 0011 members saw the workspace's pages without grants; now they need them.
    if (header.migration < '0011-tokens-workspaces') await grantTopLevelToWorkspaces(tx);
    return { rows };
  });
}

/** The lines of a file, streamed. */
export async function* fileLines(file: string): AsyncIterable<string> {
  // Opened only when the iteration starts: readline reads from the moment it is created, and lines
  // it reads before anyone iterates are lost (an import waits for its transaction first).
  yield* createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
}

/** Report progress on large transfers at most every `every` rows (and at the end). */
export function throttledProgress(every: number, report: (p: DumpProgress & { phase: 'export' | 'import' }) => void): ProgressListener {
  let next = every;
  return (p) => {
    if (p.done >= next || (p.total > 0 && p.done >= p.total)) {
      next = p.done + every;
      report(p);
    }
  };
}
