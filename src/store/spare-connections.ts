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
  /**
   * Tables the image has no rows in, emptied before a connection is kept: each before the tables
   * its foreign keys name, so that no delete breaks one.
   */
  emptied: string[];
  /** The rows of the others, as JSON: a connection is kept only when they are unchanged. */
  filled: Map<string, string>;
}

const shapes = new WeakMap<Buffer, Shape>();
const spares = new WeakMap<Buffer, Spare[]>();
/** Each connection's statements that check and empty it, prepared once. */
const emptying = new WeakMap<Connection, { reads: Map<string, Statement>; deletes: Statement[] }>();

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const readOf = (sqlite: Connection, table: string) => sqlite.prepare(`select * from ${quoted(table)}`);
const pragmaNumber = (sqlite: Connection, name: string) => Number(sqlite.pragma(name, { simple: true }));

/** A connection kept for this image, if there is one. */
export function takeSpare(image: Buffer): Spare | undefined {
  return spares.get(image)?.pop();
}

/**
 * Tables in an order where each comes before the tables its foreign keys name; undefined when
 * their keys form a cycle.
 */
function childrenFirst(sqlite: Connection, tables: string[]): string[] | undefined {
  const links = sqlite
    .prepare(`select m.name as child, f."table" as parent from sqlite_master m join pragma_foreign_key_list(m.name) f where m.type = 'table'`)
    .all() as { child: string; parent: string }[];
  const order: string[] = [];
  const left = new Set(tables);
  while (left.size > 0) {
    // A table goes once no table left names it (a table naming itself does not hold itself back).
    const ready = [...left].filter((table) => !links.some((l) => l.parent === table && l.child !== table && left.has(l.child)));
    if (ready.length === 0) return undefined;
    for (const table of ready) {
      order.push(table);
      left.delete(table);
    }
  }
  return order;
}

/** Learn what a connection just opened from `image` holds (once per image), before it is used. */
export function noteImage(image: Buffer, sqlite: Connection): void {
  if (shapes.has(image)) return;
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
  const empty: string[] = [];
  const filled = new Map<string, string>();
  for (const table of tables) {
    const rows = JSON.stringify(readOf(sqlite, table).all());
    if (rows === '[]') empty.push(table);
    else filled.set(table, rows);
  }
  const emptied = childrenFirst(sqlite, empty);
  // Without such an order, connections of this image are never kept.
  if (emptied) shapes.set(image, { schemaVersion: pragmaNumber(sqlite, 'schema_version'), pages: pragmaNumber(sqlite, 'page_count'), emptied, filled });
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
  let own = emptying.get(sqlite);
  if (!own) {
    own = {
      reads: new Map([...shape.filled.keys()].map((table) => [table, readOf(sqlite, table)])),
      deletes: shape.emptied.map((table) => sqlite.prepare(`delete from ${quoted(table)}`)),
    };
    emptying.set(sqlite, own);
  }
  for (const [table, rows] of shape.filled) if (JSON.stringify(own.reads.get(table)!.all()) !== rows) return false;
  // No pragma here: setting one (defer_foreign_keys, foreign_keys) expires every statement the
  // connection has prepared, which are what keeping it is for.
  try {
    sqlite.exec('begin');
    for (const statement of own.deletes) statement.run();
    sqlite.exec('commit');
  } catch {
    try {
      if (sqlite.inTransaction) sqlite.exec('rollback');
    } catch {
      // The connection is closed next either way.
    }
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
