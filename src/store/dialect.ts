// The one place where the storage engines differ, with positions.ts (where the children of a parent
// are placed). Everything else in `store/` is plain Kysely.
import SqliteDatabase from 'better-sqlite3';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, sql, type Expression, type Transaction } from 'kysely';
import { FifoSqliteDialect, sqliteCode, type SqliteHandle } from './sqlite-driver.js';
import { lockSqliteFile, type StoreLock } from './sqlite-lock.js';
import { readsWithBegin, transactionStatements } from './begin-reads.js';
import { registerCompiledHook, registerDirectReader } from './compiled.js';
import { giveBack, noteImage, takeSpare } from './spare-connections.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/** What differs between the engines once a database is open. */
export interface OpenedDatabase {
  engine: Engine;
  db: Kysely<Database>;
  /**
   * Run a transaction. PostgreSQL runs it at READ COMMITTED (the locks below keep the
   * invariants) and runs it again on a serialization failure or a deadlock; SQLite has one
   * writer, so its transactions never overlap.
   */
  transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Whether an error means the database cannot be reached (answered 503, not 500). */
  isUnavailable(error: unknown): boolean;
  /** Whether an error means the storage cannot take writes now: read-only, full, failing (503). */
  isUnwritable(error: unknown): boolean;
  /** Probe the store: can it be read, and written? */
  health(): Promise<StoreHealth>;
  /** SQLite's serialized image of the whole database (SQLite only). */
  image?(): Buffer;
  /**
   * A token of the database's state: two equal tokens taken before and after some reads mean
   * that those reads saw one state. On SQLite, how many times the database may have changed (this
   * process is its only writer: no statement needed). On PostgreSQL, the current snapshot, which
   * changes whenever any transaction of the cluster takes a transaction id or ends, and whose
   * equal values see the same data (https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-PG-SNAPSHOT).
   */
  state(): number | Promise<string>;
}

/** Prepared statements kept for reuse, least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely's SQLite dialect sees it, with prepared statements reused by SQL text.
 * Kysely prepares every query afresh, and compiling the SQL costs more than running most of ours.
 * A statement still busy (an unfinished `iterate`) is never handed out twice: a fresh one is.
 * Opened from an in-memory `image`, it takes a spare connection of that image when there is one,
 * and on close gives its own back (spare-connections.ts); once closed it reaches none.
 */
function withStatementCache(open: () => SqliteDatabase.Database, lock: StoreLock, image?: Buffer): SqliteHandle & { serialize(): Buffer } {
  const spare = image && takeSpare(image);
  let cache = spare ? spare.statements : new Map<string, SqliteDatabase.Statement>();
  let sqlite: SqliteDatabase.Database | undefined = spare ? spare.sqlite : open();
  if (image && !spare) noteImage(image, sqlite);
  const live = () => {
    // better-sqlite3's words for a closed connection.
    if (!sqlite) throw new TypeError('The database connection is not open');
    return sqlite;
  };
  return {
    serialize: () => live().serialize(),
    close: () => {
      const closing = live();
      sqlite = undefined;
      if (!image || !giveBack(image, { sqlite: closing, statements: cache })) closing.close();
      cache = new Map();
      lock.release();
      return closing;
    },
    reopen: () => {
      const fresh = open();
      live().close();
      cache.clear();
      sqlite = fresh;
    },
    get inTransaction() {
      return sqlite?.inTransaction ?? false;
    },
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached) {
        if (cached.busy) return live().prepare(text);
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = live().prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** One connection to the file (or to an in-memory copy of an image), set up as the store uses it. */
function connectSqlite(file: string | Buffer): SqliteDatabase.Database {
  const sqlite = new SqliteDatabase(file);
  try {
    if (typeof file === 'string' && file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only a power loss can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Up to 64 MiB of page cache (taken only as pages are read; SQLite's default is 2 MiB): enough
    // for the index pages a query walks, while the rest of a large store is read from the
    // operating system's cache, so the server's memory stays bounded (bench/RESULTS.md, scale).
    sqlite.pragma('cache_size = -65536');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/** Whether this process may write the file (or create it); false for a read-only or immutable one. */
function canWrite(file: string): boolean {
  if (file === ':memory:') return true;
  try {
    accessSync(existsSync(file) ? file : dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

// SQLite's codes for storage that cannot take a write now: a read-only file or folder, a full
// disk, an I/O error, a journal that cannot be opened (https://www.sqlite.org/rescode.html).
const SQLITE_UNWRITABLE = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN)/;

/**
 * Open SQLite on a file (WAL, so readers never wait for the writer), in memory, or in memory
 * starting as a copy of `image` (what `image()` of another gave).
 */
export function openSqlite(file: string | ':memory:', image?: Buffer): OpenedDatabase {
  // Claimed before it is opened: a second server on the file is refused before it reads a byte.
  const lock = file === ':memory:' ? { release: () => {} } : lockSqliteFile(file);
  const fromImage = file === ':memory:' ? image : undefined;
  let handle: ReturnType<typeof withStatementCache>;
  try {
    handle = withStatementCache(() => connectSqlite(fromImage ?? file), lock, fromImage);
  } catch (error) {
    lock.release();
    throw error;
  }
  const dialect = new FifoSqliteDialect(handle);
  const db = new Kysely<Database>({ dialect });
  registerDirectReader(db, (text, parameters) => dialect.driver?.readNow(text, parameters));
  const isUnwritable = (error: unknown): boolean => SQLITE_UNWRITABLE.test(sqliteCode(error));
  // A file SQLite opened read-only stays so on this connection; once the file can be written,
  // the next transaction opens it again.
  let openedReadOnly = !canWrite(file);
  const failures = writeFailures(isUnwritable);
  return {
    engine: 'sqlite',
    db,
    transaction: (fn) =>
      failures.track(async () => {
        if (openedReadOnly && canWrite(file)) {
          await dialect.driver?.reopen();
          openedReadOnly = false;
        }
        try {
          return await db.transaction().execute(fn);
        } catch (error) {
          if (/^SQLITE_READONLY/.test(sqliteCode(error))) openedReadOnly = true;
          throw error;
        }
      }),
    isUnavailable: () => false,
    isUnwritable,
    async health() {
      try {
        await sql`select count(*) as n from sqlite_master`.execute(db);
      } catch (error) {
        return { state: 'unavailable', problem: describeError(error) };
      }
      if (!canWrite(file)) return { state: 'read_only', problem: `the SQLite file ${file} cannot be written` };
      return failures.health();
    },
    image: () => handle.serialize(),
    state: () => dialect.driver?.writes ?? 0,
  };
}

/** What a store reports about itself (the control API's health, the CLI's warning at start). */
export interface StoreHealth {
  /** ok; read_only: reads answer, writes cannot be stored; unavailable: the store cannot be reached. */
  state: 'ok' | 'read_only' | 'unavailable';
  problem?: string;
}

const describeError = (error: unknown): string => {
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
};

/**
 * The last write the storage refused, until a transaction commits again: a full disk is known
 * only by a write that fails, so that is what health reports.
 */
function writeFailures(isUnwritable: (error: unknown) => boolean) {
  let last: unknown;
  return {
    async track<T>(run: () => Promise<T>): Promise<T> {
      try {
        const result = await run();
        last = undefined;
        return result;
      } catch (error) {
        if (isUnwritable(error)) last = error;
        throw error;
      }
    },
    health(): StoreHealth {
      return last === undefined ? { state: 'ok' } : { state: 'read_only', problem: `the last write failed: ${describeError(last)}` };
    },
  };
}

export interface PostgresOptions {
  /** A connection string, postgres://user:password@host:port/database. */
  url: string;
  /** Schema that holds the tables (created when missing); PostgreSQL's search_path otherwise. */
  schema?: string;
  /** Connections per server instance. */
  poolSize?: number;
  /** How long a request waits for a connection, or for a new one to open, before failing. */
  connectTimeoutMs?: number;
  /** Told about connections that fail while idle (the pool replaces them). */
  onIdleError?: (error: Error) => void;
}

// Counts and sums come back as int8 and numeric, which pg answers as strings to keep precision;
// ours (positions, counters, counts) are well inside a double's exact range.
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Transactions tried again after a serialization failure or deadlock, before giving up. */
const RETRIES = 8;

// SQLSTATE classes and codes: 40001 serialization_failure, 40P01 deadlock_detected; class 08 is a
// connection exception, 57P01-57P03 an administrator or crash shutdown or a server starting up,
// 53300 too many connections.
const RETRYABLE = new Set(['40001', '40P01']);
const UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
// Storage that cannot take writes: 25006 read_only_sql_transaction, 53000 insufficient_resources,
// 53100 disk_full, 58030 io_error (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const UNWRITABLE = new Set(['25006', '53000', '53100', '58030']);
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isPostgresUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (code && (code.startsWith('08') || UNAVAILABLE.has(code) || UNAVAILABLE_NETWORK.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  // pg's own words for a connection that dropped or never opened in time.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}

/**
 * The lookups every request makes (compiled.ts: its token, the block and its ancestors) are sent
 * as named prepared statements, so that each connection parses and plans them once instead of on
 * every request; the ancestry lookup is a recursive query whose planning costs more than its run.
 */
function prepareCompiled(pool: pg.Pool, db: Kysely<Database>): void {
  const names = new Map<string, string>();
  registerCompiledHook(db, (text) => names.set(text, `localnotion_${names.size + 1}`));
  registerDirectReader(db, async (text, parameters) => {
    const name = names.get(text);
    const result = await pool.query(name ? { name, text, values: [...parameters] } : { text, values: [...parameters] });
    return result.rows as unknown[];
  });
  const withBegin = readsWithBegin(db);
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    const statements = transactionStatements(query, withBegin, (text) => names.get(text));
    client.query = ((text: unknown, ...rest: unknown[]) =>
      typeof text === 'string' && Array.isArray(rest[0]) && rest.length === 1
        ? statements(text, rest[0] as unknown[])
        : query(text, ...rest)) as typeof client.query;
  });
}

/** The current snapshot as text, xmin:xmax:in-progress ids; prepared once per connection. */
const SNAPSHOT = { name: 'localnotion_snapshot', text: 'select pg_current_snapshot()::text as s' };

/** Open a pool on PostgreSQL, with the tables in `schema` when one is given. */
export function openPostgres(options: PostgresOptions): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  });
  // An idle connection that breaks (a restart of PostgreSQL) is dropped by the pool; without a
  // listener the error would end the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  prepareCompiled(pool, db);
  const isUnwritable = (error: unknown): boolean => UNWRITABLE.has(sqlState(error) ?? '');
  const failures = writeFailures(isUnwritable);
  return {
    engine: 'postgres',
    db,
    transaction: (fn) =>
      failures.track(async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await db.transaction().setIsolationLevel('read committed').execute(fn);
          } catch (error) {
            if (!RETRYABLE.has(sqlState(error) ?? '') || attempt >= RETRIES) throw error;
            // Back off a little, at random, so that the transactions that collided do not collide again.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
          }
        }
      }),
    isUnavailable: isPostgresUnavailable,
    isUnwritable,
    async health() {
      let row: { read_only: string; standby: boolean } | undefined;
      try {
        row = (
          await sql<{
            read_only: string;
            standby: boolean;
          }>`select current_setting('transaction_read_only') as read_only, pg_is_in_recovery() as standby`.execute(db)
        ).rows[0];
      } catch (error) {
        return { state: 'unavailable', problem: describeError(error) };
      }
      if (row?.standby) return { state: 'read_only', problem: 'the PostgreSQL server is a standby (in recovery): it cannot be written' };
      if (row?.read_only === 'on') return { state: 'read_only', problem: 'PostgreSQL transactions are read-only (default_transaction_read_only)' };
      return failures.health();
    },
    state: async () => (await pool.query<{ s: string }>(SNAPSHOT)).rows[0]!.s,
  };
}

/**
 * Hold these blocks' rows until the transaction ends, so that concurrent read-modify-writes of
 * them take turns. `share` lets others that only read them hold them too (a page created in a
 * data source reads its schema), while `update` waits for every holder. Only PostgreSQL needs
 * it: SQLite runs one transaction at a time.
 */
export async function lockBlocks(tx: Kysely<Database>, ids: readonly string[], mode: 'update' | 'share' = 'update'): Promise<void> {
  if (ids.length === 0 || engineOf(tx) !== 'postgres') return;
  // In id order, so that two transactions locking overlapping sets in one go cannot deadlock.
  const sorted = [...new Set(ids)].sort();
  await sql`select id from blocks where id in (${sql.join(sorted)}) order by id for ${sql.raw(mode)}`.execute(tx);
}

/** Hold a named lock until the transaction ends, for what has no row to lock yet (a first start). */
export async function lockKey(tx: Kysely<Database>, key: string): Promise<void> {
  if (engineOf(tx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/**
 * The columns of every table of this store. On PostgreSQL only the store's own schema is read:
 * Kysely's introspection would read every schema of the database.
 */
export async function tableColumns(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const columns = new Map<string, Set<string>>();
  if (engineOf(db) === 'postgres') {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns where table_schema = current_schema()`.execute(db);
    for (const r of rows) columns.set(r.table_name, (columns.get(r.table_name) ?? new Set()).add(r.column_name));
  } else {
    for (const t of await db.introspection.getTables()) columns.set(t.name, new Set(t.columns.map((c) => c.name)));
  }
  return columns;
}

/** Create the schema that a store keeps its tables in, when it does not exist yet. */
export async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // Instances starting together would race on the catalog: they take turns.
    await client.query('begin');
    await client.query(`select pg_advisory_xact_lock(hashtextextended('localnotion:create-schema', 0))`);
    await client.query(`create schema if not exists ${quoteIdentifier(schema)}`);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

/** Drop a schema and everything in it (tests give every server its own). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`a schema name is lower-case letters, digits and underscores: ${name}`);
  return `"${name}"`;
}

/**
 * Whether a few rows are best inserted one statement each: SQLite runs a prepared statement in
 * process, cheaper than Kysely builds a multi-row insert; on PostgreSQL every statement is a
 * round trip, and one insert of every row is the cheaper.
 */
export const insertsRowByRow = (db: { getExecutor(): { readonly adapter: object } }): boolean => engineOf(db) === 'sqlite';

export function engineOf(db: { getExecutor(): { readonly adapter: object } }): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** What the migrations write differently per engine. */
export interface MigrationDialect {
  /**
   * The type of text columns. PostgreSQL compares text by the database's locale unless told
   * otherwise; "C" compares by code point, as SQLite does, so sorts and cursors agree on both.
   */
  text: 'text' | Expression<unknown>;
  /**
   * Whether long text may be an index key. A PostgreSQL B-tree entry is limited to about 2.7 kB,
   * less than a long title or rich text value, so there text stays out of index keys.
   */
  longTextInIndexes: boolean;
  engine: Engine;
}

export function migrationDialect(db: Kysely<unknown>): MigrationDialect {
  return engineOf(db) === 'postgres'
    ? { text: sql`text collate "C"`, longTextInIndexes: false, engine: 'postgres' }
    : { text: 'text', longTextInIndexes: true, engine: 'sqlite' };
}

/**
 * Take rows for this instance alone: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so that instances
 * sharing the database claim different rows without waiting for one another; SQLite has one
 * writer, whose transactions never overlap.
 */
export function claimRows<Q extends { forUpdate(): Q; skipLocked(): Q }>(db: { getExecutor(): { readonly adapter: object } }, query: Q): Q {
  return engineOf(db) === 'postgres' ? query.forUpdate().skipLocked() : query;
}
