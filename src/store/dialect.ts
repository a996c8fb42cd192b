// The one place where the storage engines differ. Everything else in `store/` is plain Kysely.
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Engine = 'sqlite';

export interface OpenedDatabase {
  engine: Engine;
  db: Kysely<Database>;
}

/** Open SQLite on a file (WAL, so readers never wait for the writer) or in memory. */
export function openSqlite(file: string | ':memory:'): OpenedDatabase {
  const sqlite = new SqliteDatabase(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only a power loss can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { engine: 'sqlite', db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}
