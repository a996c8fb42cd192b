// The one place where the storage engines differ. Everything else in `store/` is plain Kysely.
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type SqliteDatabase as DialectDatabase } from 'kysely';
import { FifoSqliteDialect } from './sqlite-driver.js';
import { registerDirectReader } from './compiled.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite';

export interface OpenedDatabase {
  engine: Engine;
  db: Kysely<Database>;
}

/** Prepared statements kept for reuse, least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely's SQLite dialect sees it, with prepared statements reused by SQL text.
 * Kysely prepares every query afresh, and compiling the SQL costs more than running most of ours.
 * A statement still busy (an unfinished `iterate`) is never handed out twice: a fresh one is.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): DialectDatabase & Pick<SqliteDatabase.Database, 'close'> {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached) {
        if (cached.busy) return sqlite.prepare(text);
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** Open SQLite on a file (WAL, so readers never wait for the writer) or in memory. */
export function openSqlite(file: string | ':memory:'): OpenedDatabase {
  const sqlite = new SqliteDatabase(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only a power loss can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Up to 256 MiB of page cache (taken only as pages are read): at 100,000 pages the query indexes
  // are read from it instead of from the operating system (SQLite's default is 2 MiB).
  sqlite.pragma('cache_size = -262144');
  const dialect = new FifoSqliteDialect(withStatementCache(sqlite));
  const db = new Kysely<Database>({ dialect });
  registerDirectReader(db, (text, parameters) => dialect.driver?.readNow(text, parameters));
  return { engine: 'sqlite', db };
}
