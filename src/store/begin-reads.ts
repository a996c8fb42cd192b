// Reads that most write transactions of a PostgreSQL store make, sent with the transaction's BEGIN
// and answered from there (compiled.ts, `read with begin`); dialect.ts puts them on each connection.
import type { Kysely } from 'kysely';
import { registerBeginHook } from './compiled.js';
import type { Database } from './schema.js';

/** How a transaction of the store begins, and ends (Kysely's words for openPostgres's transactions). */
const BEGIN = 'start transaction isolation level read committed';
const ENDS = new Set(['commit', 'rollback']);

/** The reads sent with BEGIN, the simple query sending them, and the tables they read. */
interface BeginReads {
  reads: readonly string[];
  sql: string;
  tables: readonly string[];
}

/**
 * The reads most write transactions make (compiled.ts, `read with begin`: is there a webhook
 * subscription?) go out with the transaction's BEGIN, as one simple query, and are answered from
 * its results when the transaction asks: one round trip fewer per write (bench/RESULTS.md, "Twelfth
 * round"). An answer holds until the transaction ends or sends a statement naming a table the read
 * reads (it may have changed it). At READ COMMITTED that is what the transaction would read by a
 * statement of its own: another transaction's COMMIT during it is seen or not by each statement,
 * as it falls. For one connection: undefined for what must be sent.
 */
export function beginAnswers(query: (...args: unknown[]) => Promise<unknown>, current: () => BeginReads) {
  let answers: Map<string, unknown> | undefined;
  let tables: readonly string[] = [];
  let failed = false;
  const begin = async (text: string): Promise<unknown> => {
    const sent = current();
    try {
      const results = (await query(sent.sql)) as unknown[];
      answers = new Map(sent.reads.map((read, i) => [read, results[i + 1]]));
      tables = sent.tables;
      return results[0];
    } catch {
      // A read that fails leaves the transaction aborted: it begins again, reading as it goes, as
      // this connection's transactions do from now on.
      answers = undefined;
      failed = true;
      await query('rollback').catch(() => undefined);
      return query(text);
    }
  };
  return (text: string, values: unknown[]): Promise<unknown> | undefined => {
    if (text === BEGIN && values.length === 0 && current().reads.length > 0 && !failed) return begin(text);
    if (!answers) return undefined;
    const answer = values.length === 0 ? answers.get(text) : undefined;
    if (answer) return Promise.resolve(answer);
    if (ENDS.has(text) || tables.some((table) => text.includes(`"${table}"`))) answers = undefined;
    return undefined;
  };
}

/** The reads of `db` sent with BEGIN as they are compiled, for `beginAnswers`. */
export function readsWithBegin(db: Kysely<Database>): () => BeginReads {
  let current: BeginReads = { reads: [], sql: '', tables: [] };
  registerBeginHook(db, (text) => {
    const reads = [...current.reads, text];
    const tables = [...new Set(reads.flatMap((read) => [...read.matchAll(/ from "([^"]+)"/g)].map((m) => m[1]!)))];
    current = { reads, sql: [BEGIN, ...reads].join(';\n'), tables };
  });
  return () => current;
}
