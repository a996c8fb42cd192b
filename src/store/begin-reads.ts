// How the statements of a PostgreSQL store's transactions go out on one connection: BEGIN sent
// with the transaction's first statement, the reads most write transactions make sent with it and
// answered from there (compiled.ts, `read with begin`), and the compiled statements (named,
// prepared once per connection) by name. dialect.ts puts this on each connection of the pool.
import type { Kysely } from 'kysely';
import { registerBeginHook } from './compiled.js';
import type { Database } from './schema.js';

/** How a transaction of the store begins, and ends (Kysely's words for openPostgres's transactions). */
const BEGIN = 'start transaction isolation level read committed';
const ENDS = new Set(['commit', 'rollback']);

/**
 * The reads sent with BEGIN (in the order they were compiled: the list only grows), the tables
 * they read, and the simple query of BEGIN and the reads once a connection has prepared them.
 */
interface BeginReads {
  reads: readonly string[];
  tables: readonly string[];
  executed: string;
}

/**
 * The name under which connections prepare the `i`th read sent with BEGIN (SQL's PREPARE, apart
 * from the names pg gives the statements it prepares).
 */
const readName = (i: number) => `localnotion_begin_${i + 1}`;

/** How many of those a connection has prepared (they are prepared in order). */
const PREPARED_READS = "select count(*)::int as n from pg_prepared_statements where starts_with(name, 'localnotion_begin_')";

type Query = (...args: unknown[]) => Promise<unknown>;

/** What Kysely reads of a statement's result: its command, rows and count. */
const resultOf = (command: string) => ({ command, rows: [], rowCount: null, fields: [] });

/**
 * A statement's parameters as SQL literals, as pg sends them (text, which PostgreSQL reads as the
 * type the prepared statement gives each); undefined where one is not a value spelled safely that
 * way (a quote, a backslash, bytes, a date, an array).
 */
function literals(values: readonly unknown[]): string | undefined {
  const out: string[] = [];
  for (const value of values) {
    if (value === null || value === undefined) out.push('null');
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') out.push(`'${String(value)}'`);
    else if (typeof value === 'string' && !/['\\\0]/.test(value)) out.push(`'${value}'`);
    else return undefined;
  }
  return out.join(', ');
}

/**
 * The statements of one connection, `text` and `values` as Kysely sends them. Each saves round trips to PostgreSQL on a write (bench/RESULTS.md,
 * "Twelfth round" and "Thirteenth round"):
 *
 * - BEGIN waits for the transaction's first statement and goes out with it, as one simple query;
 *   a compiled statement this connection has prepared goes as `EXECUTE` of it with its parameters
 *   spelled out (a transaction that sends nothing sends no BEGIN nor COMMIT). At READ COMMITTED
 *   each statement takes its own snapshot, so a BEGIN sent later begins the same transaction.
 * - The reads most write transactions make (is there a webhook subscription?) go out with the
 *   BEGIN, before that statement, and are answered from its results when the transaction asks.
 *   An answer holds until the transaction ends or sends a statement naming a table the read reads
 *   (it may have changed it). Another transaction's COMMIT during it is seen or not by each
 *   statement, as it falls, as it would be by a statement of its own.
 *
 * When that simple query fails, the transaction is rolled back and begun again plainly, and the
 * statement runs alone: its own error is the transaction's; if it then succeeds, the reads were
 * at fault, and this connection's transactions send them no more.
 */
export function transactionStatements(query: Query, current: () => BeginReads, nameOf: (text: string) => string | undefined) {
  let pending = false;
  let answers: Map<string, unknown> | undefined;
  let tables: readonly string[] = [];
  let failed = false;
  /** The compiled statements this connection has prepared, and how many of the reads sent with BEGIN. */
  const prepared = new Set<string>();
  let readsPrepared = 0;

  /** Whether a statement names a table the reads sent with BEGIN read (it may have changed it). */
  const touchesReads = (text: string) => tables.some((table) => text.includes(`"${table}"`));

  const send = async (text: string, values: unknown[]): Promise<unknown> => {
    const name = nameOf(text);
    if (!name) return query(text, values);
    const result = await query({ name, text, values });
    prepared.add(name);
    return result;
  };

  /** A statement of the open transaction, answered from the BEGIN's reads when it is one of them. */
  const inTransaction = (text: string, values: unknown[]): Promise<unknown> => {
    if (answers) {
      const answer = values.length === 0 ? answers.get(text) : undefined;
      if (answer) return Promise.resolve(answer);
      if (ENDS.has(text) || touchesReads(text)) answers = undefined;
    }
    return send(text, values);
  };

  /**
   * The transaction's BEGIN, its reads and, when it can go by name, its first statement. The reads
   * go as EXECUTE of statements this connection prepared with its first BEGIN that sent them, so
   * that PostgreSQL plans them once per connection rather than at every BEGIN.
   */
  const beginWith = async (text: string, values: unknown[]): Promise<unknown> => {
    const sent = current();
    const name = nameOf(text);
    const spelled = name && prepared.has(name) ? literals(values) : undefined;
    const preparing = readsPrepared < sent.reads.length;
    let statements = preparing ? beginPreparing(sent.reads, readsPrepared) : sent.executed;
    if (spelled !== undefined) statements += values.length > 0 ? `;\nexecute ${name}(${spelled})` : `;\nexecute ${name}`;
    let results: unknown[];
    try {
      const answer = await query(statements);
      results = Array.isArray(answer) ? answer : [answer];
      if (preparing) results = results.filter((result) => (result as { command?: string }).command !== 'PREPARE');
    } catch {
      answers = undefined;
      await query('rollback').catch(() => undefined);
      // The reads prepared before the failure stay prepared (PREPARE outlives a rollback).
      if (preparing) readsPrepared = ((await query(PREPARED_READS)) as { rows: Array<{ n: number }> }).rows[0]!.n;
      await query(BEGIN);
      // Without the statement, the reads failed; with it, they did if it now succeeds alone.
      if (spelled === undefined) failed = true;
      const alone = await send(text, values);
      failed = true;
      return alone;
    }
    readsPrepared = sent.reads.length;
    answers = new Map(sent.reads.map((read, i) => [read, results[i + 1]]));
    tables = sent.tables;
    if (spelled === undefined) return inTransaction(text, values);
    if (touchesReads(text)) answers = undefined;
    return results[results.length - 1];
  };

  return (text: string, values: unknown[]): Promise<unknown> => {
    if (text === BEGIN && values.length === 0) {
      answers = undefined;
      if (failed) return query(text, values);
      pending = true;
      return Promise.resolve(resultOf('START'));
    }
    if (pending) {
      pending = false;
      if (ENDS.has(text)) return Promise.resolve(resultOf(text.toUpperCase()));
      return beginWith(text, values);
    }
    return inTransaction(text, values);
  };
}

/** BEGIN and the reads, those from `from` on prepared first (a connection's first BEGIN sending them). */
function beginPreparing(reads: readonly string[], from: number): string {
  return [BEGIN, ...reads.flatMap((read, i) => (i < from ? [] : [`prepare ${readName(i)} as ${read}`])), ...reads.map((_, i) => `execute ${readName(i)}`)].join(
    ';\n',
  );
}

/** The reads of `db` sent with BEGIN as they are compiled, for `transactionStatements`. */
export function readsWithBegin(db: Kysely<Database>): () => BeginReads {
  let current: BeginReads = { reads: [], tables: [], executed: BEGIN };
  registerBeginHook(db, (text) => {
    const reads = [...current.reads, text];
    const tables = [...new Set(reads.flatMap((read) => [...read.matchAll(/ from "([^"]+)"/g)].map((m) => m[1]!)))];
    current = { reads, tables, executed: [BEGIN, ...reads.map((_, i) => `execute ${readName(i)}`)].join(';\n') };
  });
  return () => current;
}
