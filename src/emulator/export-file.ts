// The export file: the whole workspace as JSON lines. The first line is a header (format,
// version, the migration level of the store that wrote it, row counts); each further line is one
// row, `{"table": "...", "row": {...}}`, tables in dependency order. Lines stream in both
// directions, so a large workspace never has to be one string in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
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
import { grantTopLevelToWorkspaces } from '../store/users.js';
import { parseJsonWithoutNul } from '../validation/nul.js';

export const EXPORT_FORMAT = 'localnotion-export';
export const EXPORT_VERSION = 1;

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

/** Write the workspace as lines (each without its newline), read in one transaction. */
export async function writeExport(
  store: Store,
  exportedAt: string,
  write: (line: string) => void | Promise<void>,
  onProgress?: ProgressListener,
): Promise<ExportHeader> {
  return store.transaction(async (tx) => {
    const counts = await countRows(tx);
    const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, migration: await migrationLevel(), exported_at: exportedAt, counts };
    await write(JSON.stringify(header));
    await readTables(
      tx,
      async (table, rows) => {
        for (const row of rows) await write(JSON.stringify({ table, row }));
      },
      { counts, onProgress: onProgress && ((p) => onProgress({ ...p, phase: 'export' })) },
    );
    return header;
  });
}

/** Export to a file. */
export async function exportToFile(store: Store, file: string, exportedAt: string, onProgress?: ProgressListener): Promise<ExportHeader> {
  const out = createWriteStream(file);
  try {
    const header = await writeExport(
      store,
      exportedAt,
      async (line) => {
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      },
      onProgress,
    );
    out.end();
    await once(out, 'finish');
    return header;
  } catch (error) {
    out.destroy();
    throw error;
  }
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
  if (header.version !== EXPORT_VERSION) {
    throw new ImportError(`line 1: export format version ${JSON.stringify(header.version)} is not supported; this localnotion reads version ${EXPORT_VERSION}`);
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

/**
 * Lines of an export, one by one or in batches: a body read in chunks gives each chunk's lines at
 * once, so that a run of blank lines costs a loop step each rather than an await.
 */
export type ExportLines = AsyncIterable<string | readonly string[]> | Iterable<string>;

/**
 * Replace the whole workspace with the lines of an export, in one transaction: nothing changes
 * unless every line is imported. A file from an older migration level is read as long as its
 * columns still exist; what later migrations derive (the value index) is rebuilt afterwards by
 * the caller.
 */
export async function importLines(store: Store, lines: ExportLines, onProgress?: ProgressListener): Promise<{ rows: number }> {
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
        let entry: { table?: unknown; row?: unknown };
        try {
          entry = parseJsonWithoutNul(line) as typeof entry;
        } catch {
          throw new ImportError(`line ${lineNo}: not JSON`);
        }
        const table = entry.table;
        if (typeof table !== 'string' || !isTableName(table)) {
          throw new ImportError(`line ${lineNo}: "table" should be one of ${DUMP_TABLES.join(', ')}, instead was ${JSON.stringify(table)}`);
        }
        const row = entry.row;
        if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new ImportError(`line ${lineNo}: "row" should be an object`);
        const known = columns!.get(table)!;
        for (const column of Object.keys(row)) {
          if (!known.has(column)) throw new ImportError(`line ${lineNo}: table ${table} has no column ${JSON.stringify(column)}`);
        }
        if (current !== undefined && table !== current) {
          if (DUMP_TABLES.indexOf(table) < DUMP_TABLES.indexOf(current)) {
            throw new ImportError(`line ${lineNo}: rows of ${table} must come before rows of ${current} (tables in the order ${DUMP_TABLES.join(', ')})`);
          }
          await flush();
        }
        current = table;
        batch.push(row as DumpRow);
        if (batch.length >= WRITE_BATCH) await flush();
      }
    }
    if (!header) throw new ImportError('the file is empty');
    await flush();
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
