// In-memory SQLite connections kept when their store closes, emptied back to the state of the image
// they were opened from, and handed to the next in-memory store opened from that image. A
// connection keeps the statements it has prepared: preparing them again on a new connection was a
// tenth of a seeded `startLocalNotion` (docs/decisions.md, "Spare in-memory connections").
//
// Only a connection that is exactly the image again once its rows are deleted is kept: the same
// schema, the image's rows in the tables the image fills (the migrations' bookkeeping), nothing
// open, and not much larger than the image. Everything else a store wrote is deleted before the
// connection is kept, and the closed store can no longer reach it (dialect.ts).
import type SqliteDatabase from 'better-sqlite3';

type Connection = SqliteDatabase.Database;
type Statement = SqliteDatabase.Statement;

/** A kept connection and the statements it has prepared, by SQL text. */
export interface Spare {
  sqlite: Connection;
  statements: Map<string, Statement>;
}

/** Connections kept per image: a test process rarely has more than two stores open at once. */
const KEPT = 2;

/** Pages a connection may have beyond the image's and still be kept (8 MiB of 4 KiB pages). */
const SLACK_PAGES = 2048;

/** What a connection opened from an image holds before anything runs on it. */
interface Shape {
  schemaVersion: number;
  pages: number;
  /** Tables the image has no rows in: emptied before a connection is kept. */
  emptied: string[];
  /** The rows of the others, as JSON: a connection is kept only when they are unchanged. */
  filled: Map<string, string>;
}

const shapes = new WeakMap<Buffer, Shape>();
const spares = new WeakMap<Buffer, Spare[]>();
/** Each connection's statements that empty it, prepared once. */
const emptying = new WeakMap<Connection, Statement[]>();

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const rowsOf = (sqlite: Connection, table: string) => JSON.stringify(sqlite.prepare(`select * from ${quoted(table)}`).all());
const pragmaNumber = (sqlite: Connection, name: string) => Number(sqlite.pragma(name, { simple: true }));

/** A connection kept for this image, if there is one. */
export function takeSpare(image: Buffer): Spare | undefined {
  return spares.get(image)?.pop();
}

/** Learn what a connection just opened from `image` holds (once per image), before it is used. */
export function noteImage(image: Buffer, sqlite: Connection): void {
  if (shapes.has(image)) return;
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
  const emptied: string[] = [];
  const filled = new Map<string, string>();
  for (const table of tables) {
    const rows = rowsOf(sqlite, table);
    if (rows === '[]') emptied.push(table);
    else filled.set(table, rows);
  }
  shapes.set(image, { schemaVersion: pragmaNumber(sqlite, 'schema_version'), pages: pragmaNumber(sqlite, 'page_count'), emptied, filled });
}

/**
 * Keep a connection opened from `image` whose store is closing, emptied back to the image's
 * state; false when it is not kept, and the caller closes it.
 */
export function giveBack(image: Buffer, spare: Spare): boolean {
  const shape = shapes.get(image);
  const kept = spares.get(image) ?? [];
  const { sqlite, statements } = spare;
  if (!shape || kept.length >= KEPT || sqlite.inTransaction) return false;
  for (const statement of statements.values()) if (statement.busy) return false;
  if (pragmaNumber(sqlite, 'schema_version') !== shape.schemaVersion) return false;
  if (pragmaNumber(sqlite, 'page_count') > shape.pages + SLACK_PAGES) return false;
  for (const [table, rows] of shape.filled) if (rowsOf(sqlite, table) !== rows) return false;
  let deletes = emptying.get(sqlite);
  if (!deletes) {
    deletes = shape.emptied.map((table) => sqlite.prepare(`delete from ${quoted(table)}`));
    emptying.set(sqlite, deletes);
  }
  try {
    sqlite.exec('begin');
    // Every table ends empty, so the order of the deletes does not matter to the foreign keys.
    sqlite.exec('pragma defer_foreign_keys = on');
    for (const statement of deletes) statement.run();
    sqlite.exec('commit');
  } catch {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    return false;
  }
  kept.push(spare);
  spares.set(image, kept);
  return true;
}

/** How many connections are kept for this image now. */
export function sparesOf(image: Buffer): number {
  return spares.get(image)?.length ?? 0;
}
