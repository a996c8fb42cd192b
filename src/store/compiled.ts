// Queries compiled once and then run with new parameters.
import { CompiledQuery, type Compilable } from 'kysely';
import type { Db } from './store.js';

/**
 * Runs a read outside a transaction without Kysely's executor: at once on SQLite when the
 * connection is free (undefined when it is not), on PostgreSQL straight through the pool.
 */
export type DirectReader = (sql: string, parameters: readonly unknown[]) => readonly unknown[] | Promise<readonly unknown[]> | undefined;

const directReaders = new WeakMap<object, DirectReader>();

/** Let the lookups below skip Kysely's connection handling on this database. */
export function registerDirectReader(db: Db, reader: DirectReader): void {
  directReaders.set(db.getExecutor().adapter, reader);
}

const compiledHooks = new WeakMap<object, (text: string) => void>();

/** Be told the SQL of each query below once it is compiled (PostgreSQL prepares them by name). */
export function registerCompiledHook(db: Db, hook: (text: string) => void): void {
  compiledHooks.set(db.getExecutor().adapter, hook);
}

const beginHooks = new WeakMap<object, (text: string) => void>();

/** Be told the SQL of each read below that most write transactions make (PostgreSQL sends it with BEGIN). */
export function registerBeginHook(db: Db, hook: (text: string) => void): void {
  beginHooks.set(db.getExecutor().adapter, hook);
}

/**
 * A query whose SQL is built and compiled on first use only. Building and compiling a Kysely query
 * costs more than SQLite takes to run a lookup by key, and the lookups every request makes (its
 * token, the page and its ancestors) are the same SQL every time.
 *
 * `build` must pass each argument into the query as one parameter, in order (an argument the SQL
 * needs twice is passed twice). That is checked on first use with a placeholder per argument, and
 * a query that breaks the rule throws there: run with other parameters, its SQL would be wrong.
 *
 * A `read with begin` is a read without arguments that most write transactions make: on
 * PostgreSQL it is sent with the BEGIN of every transaction of the store, and answered from there
 * (begin-reads.ts). A `read of rows to change` is never answered from the direct reads' memo,
 * whose rows are frozen and shared: its caller gets rows of its own.
 */
export function compiledOnce<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
  kind: 'read' | 'read of rows to change' | 'write' | 'read with begin' = 'read',
): (db: Db, ...args: A) => Promise<R[]> {
  // SQL text differs between engines only, so it is kept per dialect adapter's class: compiled once
  // per process, not once per store (every `startLocalNotion` opens one). Each store's hooks are
  // told of it on its first use there.
  const texts = new WeakMap<object, string>();
  const told = new WeakSet<object>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let text = texts.get(adapter.constructor);
    if (text === undefined) {
      const placeholders = args.map((_, i) => ({ placeholder: i }));
      const probe = build(db, ...(placeholders as unknown as A)).compile();
      const exact = probe.parameters.length === placeholders.length && probe.parameters.every((p, i) => p === placeholders[i]);
      if (!exact) throw new Error(`compiledOnce: the parameters of ${probe.sql} are not its arguments, each once and in order`);
      if (kind === 'read with begin' && args.length > 0) throw new Error(`compiledOnce: a read with begin takes no arguments: ${probe.sql}`);
      text = probe.sql;
      texts.set(adapter.constructor, text);
    }
    if (!told.has(adapter)) {
      told.add(adapter);
      compiledHooks.get(adapter)?.(text);
      if (kind === 'read with begin') beginHooks.get(adapter)?.(text);
    }
    if ((kind === 'read' || kind === 'read with begin') && !db.isTransaction) {
      // The lookups every request makes are reads of one statement: on SQLite they run directly
      // when the connection is free, on PostgreSQL through the pool, which saves Kysely's
      // connection handling.
      const rows = directReaders.get(adapter)?.(text, args);
      if (rows) return rows as R[] | Promise<R[]>;
    }
    return (await db.executeQuery(CompiledQuery.raw(text, args) as CompiledQuery<R>)).rows;
  };
}
