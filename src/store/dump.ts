// A logical dump of every table: rows as plain JSON values, table by table in dependency order,
// read inside one transaction so that it is consistent. Snapshots, reset, export and import are
// all this dump, written back by deleting every row and inserting the dump's in one transaction.
// Plain Kysely, and the dialect's list of columns, so it works the same on every engine.
import { sql } from 'kysely';
import { compiledOnce } from './compiled.js';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import type { Db } from './store.js';

export type TableName = keyof Database;
export type DumpRow = Record<string, unknown>;

/** Tables in the order their rows may be inserted (a row's references come before it). */
export const DUMP_TABLES: readonly TableName[] = [
  'workspaces',
  'users',
  'integrations',
  'grants',
  'blocks',
  'meta',
  'counters',
  'page_values',
  'comments',
  'file_uploads',
  'file_parts',
  'custom_emojis',
  'restricted_members',
  'oauth_clients',
  'oauth_codes',
  'oauth_installations',
  'views',
  'view_queries',
  'templates',
  'async_tasks',
  'async_task_settings',
  'guests',
];

// Keyset order of each table: its primary key.
const KEYS: Record<TableName, readonly string[]> = {
  workspaces: ['id'],
  users: ['id'],
  integrations: ['id'],
  grants: ['integration_id', 'block_id'],
  blocks: ['id'],
  meta: ['key'],
  counters: ['key'],
  page_values: ['page_id', 'property_id', 'seq'],
  comments: ['id'],
  file_uploads: ['id'],
  file_parts: ['upload_id', 'part_number'],
  // Bytes are not rows of a dump: export and import carry them apart (src/emulator/export-file.ts).
  file_chunks: ['blob_key', 'chunk'],
  custom_emojis: ['id'],
  restricted_members: ['user_id'],
  oauth_clients: ['id'],
  oauth_codes: ['code'],
  oauth_installations: ['integration_id'],
  views: ['id'],
  view_queries: ['id'],
  templates: ['page_id'],
  async_tasks: ['id'],
  async_task_settings: ['id'],
  guests: ['user_id'],
};

// Integer and float columns: PostgreSQL drivers answer bigint as text; a dump holds numbers, so
// that a dump reads the same whichever engine wrote it.
const NUMERIC: Partial<Record<TableName, readonly string[]>> = {
  blocks: ['position', 'in_trash', 'is_locked'],
  counters: ['value'],
  page_values: ['seq', 'num', 'date_only'],
  workspaces: ['max_file_upload_bytes'],
  file_uploads: ['seq', 'content_length', 'number_of_parts', 'parts_sent', 'attached'],
  file_parts: ['part_number', 'size'],
  views: ['position'],
  async_tasks: ['held'],
  async_task_settings: ['holding'],
  view_queries: ['incomplete'],
  templates: ['is_default'],
};

const READ_BATCH = 1000;
// SQLite binds at most 32766 parameters; blocks has 18 columns.
const WRITE_BATCH = 500;

/** The latest migration this code applies: every store it opens is at this level. */
export async function migrationLevel(): Promise<string> {
  const names = Object.keys(await migrationProvider.getMigrations()).sort();
  return names[names.length - 1] ?? '';
}

export const isTableName = (name: string): name is TableName => (DUMP_TABLES as readonly string[]).includes(name);

function normalize(table: TableName, row: DumpRow): DumpRow {
  for (const column of NUMERIC[table] ?? []) {
    const v = row[column];
    if (typeof v === 'string' || typeof v === 'bigint') row[column] = Number(v);
  }
  return row;
}

/** A table's rows in key order, after the row whose keys are `after` (from the first without it). */
function batchAfter(db: Db, table: TableName, after: unknown[] | undefined) {
  const keys = KEYS[table];
  let q = db.selectFrom(table as 'blocks').selectAll();
  if (after) {
    q = q.where((eb) =>
      keys.length === 1
        ? eb(keys[0] as 'id', '>', after[0] as string)
        : eb(eb.refTuple(...(keys as ['id', 'id'])), '>', eb.tuple(...(after as [string, string]))),
    );
  }
  for (const key of keys) q = q.orderBy(key as 'id');
  return q;
}

/**
 * The first batch of each table: the same SQL every time, so it is built and compiled once per
 * store (a seeded start takes two dumps, before and after seeding, of mostly empty tables).
 */
const firstBatch = Object.fromEntries(
  DUMP_TABLES.map((table) => [table, compiledOnce((db: Db, limit: number) => batchAfter(db, table, undefined).limit(limit))]),
) as Record<TableName, (db: Db, limit: number) => Promise<unknown[]>>;

/**
 * The tables that hold rows, in one statement: most of a test's snapshot is empty tables, each a
 * statement to learn so (a seeded start takes two dumps).
 */
const tablesWithRows = compiledOnce((db: Db) => {
  const probes = DUMP_TABLES.map((table) => sql`select ${sql.lit(table)} as name where exists (select 1 from ${sql.table(table)})`);
  const query = sql<{ name: TableName }>`${sql.join(probes, sql` union all `)}`;
  return { compile: () => query.compile(db) };
});

export interface DumpProgress {
  table: TableName;
  /** Rows done so far, over all tables. */
  done: number;
  total: number;
}

export async function countRows(db: Db): Promise<Record<TableName, number>> {
  const counts = {} as Record<TableName, number>;
  for (const table of DUMP_TABLES) {
    const row = await db
      .selectFrom(table as 'meta')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Read every table in dependency order, a batch at a time, inside the transaction `db` must be.
 * `visit` gets each batch; `counts` (from countRows in the same transaction) gives the total for
 * progress reports.
 */
export async function readTables(
  db: Db,
  visit: (table: TableName, rows: DumpRow[]) => void | Promise<void>,
  options: { counts?: Record<TableName, number>; onProgress?: (p: DumpProgress) => void } = {},
): Promise<void> {
  const total = options.counts ? Object.values(options.counts).reduce((a, b) => a + b, 0) : 0;
  let done = 0;
  const filled = new Set((await tablesWithRows(db)).map((row) => row.name));
  for (const table of DUMP_TABLES) {
    if (!filled.has(table)) continue;
    const keys = KEYS[table];
    let after: unknown[] | undefined;
    for (;;) {
      const rows = (after ? await batchAfter(db, table, after).limit(READ_BATCH).execute() : await firstBatch[table](db, READ_BATCH)) as DumpRow[];
      if (rows.length === 0) break;
      await visit(
        table,
        rows.map((r) => normalize(table, r)),
      );
      done += rows.length;
      options.onProgress?.({ table, done, total });
      if (rows.length < READ_BATCH) break;
      const lastRow = rows[rows.length - 1]!;
      after = keys.map((k) => lastRow[k]);
    }
  }
}

/** A whole dump in memory: what snapshots and the reset baseline hold. */
export interface Dump {
  migration: string;
  tables: Record<TableName, DumpRow[]>;
}

export async function dumpAll(db: Db): Promise<Dump> {
  const tables = Object.fromEntries(DUMP_TABLES.map((t) => [t, [] as DumpRow[]])) as Record<TableName, DumpRow[]>;
  await readTables(db, (table, rows) => {
    tables[table].push(...rows);
  });
  return { migration: await migrationLevel(), tables };
}

/** Remove every row of every dumped table, dependents first. */
export async function clearTables(db: Db): Promise<void> {
  for (const table of [...DUMP_TABLES].reverse()) await db.deleteFrom(table).execute();
}

/** Insert rows of one table, in batches. Rows must have the table's columns. */
export async function insertRows(db: Db, table: TableName, rows: readonly DumpRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    await db
      .insertInto(table as 'blocks')
      .values(rows.slice(i, i + WRITE_BATCH) as never)
      .execute();
  }
}

/** Replace everything with the dump, inside the transaction `db` must be. */
export async function restoreAll(db: Db, dump: Dump): Promise<void> {
  await clearTables(db);
  for (const table of DUMP_TABLES) await insertRows(db, table, dump.tables[table] ?? []);
}

/** The columns of each dumped table in this store, read from the database itself. */
export { tableColumns } from './dialect.js';
