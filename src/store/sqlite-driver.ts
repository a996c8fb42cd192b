// Kysely's SQLite driver, with the one connection handed out first come, first served.
// better-sqlite3 has one synchronous connection, so a transaction must own it across its awaits;
// Kysely's own driver wakes every waiter on each release and lets them race for it, so under
// load some requests wait for many rounds. A queue gives each its turn in order.
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult, type SqliteDatabase as DialectDatabase } from 'kysely';

/** Direct read answers kept at most (a memo that fills up starts again empty). */
const MEMO_SIZE = 10_000;

/**
 * The memo's key of a statement's parameters, one key for one list: a lone id or token as it is,
 * anything else spelled with its type and, for text, its length (text may hold any character).
 */
function answerKey(parameters: readonly unknown[]): string {
  const only = parameters.length === 1 ? parameters[0] : undefined;
  if (typeof only === 'string' && !only.startsWith('\u0000')) return only;
  let key = '\u0000';
  for (const p of parameters) {
    if (typeof p === 'string') key += `s${p.length}:${p}`;
    else if (p instanceof Uint8Array) key += `b${Buffer.from(p).toString('base64')};`;
    else key += `${typeof p}:${String(p)};`;
  }
  return key;
}

/** The database as the driver uses it: statements, whether a transaction is open, close. */
export type SqliteHandle = DialectDatabase &
  Pick<SqliteDatabase, 'close' | 'inTransaction'> & {
    /** Close the database and open it again (a store opened read-only that can be written now). */
    reopen?(): void;
  };

/** The SQLite error code of an error (SQLITE_FULL, SQLITE_READONLY_…), if it has one. */
export const sqliteCode = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');

class SqliteConnection implements DatabaseConnection {
  /** The last error a statement raised: a rollback SQLite made by itself was caused by it. */
  lastError: unknown;

  constructor(
    private readonly db: DialectDatabase,
    /** Told before every statement that may write. */
    private readonly writing: () => void,
  ) {}

  /** Run a statement that answers no rows, at once. */
  run(compiled: CompiledQuery): void {
    this.writing();
    try {
      this.db.prepare(compiled.sql).run(compiled.parameters as unknown[]);
    } catch (error) {
      this.lastError = error;
      throw error;
    }
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return this.execute<R>(compiled);
    } catch (error) {
      this.lastError = error;
      throw error;
    }
  }

  private execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.db.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    this.writing();
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: lastInsertRowid === undefined ? undefined : BigInt(lastInsertRowid),
      rows: [],
    });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used');
  }
}

/** One hold of the connection, from acquire to release. */
class Lease implements DatabaseConnection {
  released = false;
  constructor(readonly connection: SqliteConnection) {}
  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.connection.executeQuery(compiled);
  }
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    return this.connection.streamQuery<R>();
  }
}

/** Transactions released into the open SQLite transaction, waiting for it to commit. */
interface Group {
  size: number;
  startedAt: number;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/** A group commits once it holds this many transactions or is this old, even with more waiting. */
const GROUP_MAX_SIZE = 64;
const GROUP_MAX_MS = 10;

const raw = (text: string): CompiledQuery => CompiledQuery.raw(text);

/**
 * Group commit. Each transaction runs as a savepoint inside one SQLite transaction; releasing the
 * connection to a transaction already waiting keeps that transaction open, and it commits once
 * the event loop has taken in what else arrived (or when the group is full or old). A transaction's commit answers only once the
 * group's COMMIT is done, so nothing is acknowledged before it is durable, and a failed one rolls
 * back to its savepoint alone. Under load, one COMMIT (its WAL write and any checkpoint) then
 * serves many requests instead of one.
 */
export class FifoSqliteDriver implements Driver {
  private readonly connection: SqliteConnection;
  private busy = false;
  private readonly waiting: Array<(lease: Lease) => void> = [];
  private group: Group | undefined;
  private commitScheduled = false;

  /**
   * Answers of direct reads since the last write, by SQL text and then parameters. This process is
   * the only writer of its SQLite database and every write goes through the connection, so an
   * answer stays true until the next statement that may write, which empties the memo. The rows
   * are frozen: a caller that changed one would change it for the next reader. The SQL text is
   * the outer key because it is the same string each time (compiled once), whose hash V8 keeps:
   * joined to the parameters, a new key of several hundred characters was hashed on every read.
   */
  private readonly answers = new Map<string, Map<string, readonly unknown[]>>();
  private answerCount = 0;

  /**
   * How many times the database may have changed: every statement that may write, a rollback
   * SQLite made by itself, reopening. Two reads between which it stayed the same saw one state.
   */
  writes = 0;

  constructor(private readonly db: SqliteHandle) {
    this.connection = new SqliteConnection(db, () => this.changed());
  }

  private changed(): void {
    this.writes++;
    if (this.answerCount === 0) return;
    this.answers.clear();
    this.answerCount = 0;
  }

  async init(): Promise<void> {}

  /**
   * Run a read now, when nobody holds the connection; undefined when someone does. The
   * statement runs synchronously, so nothing else can use the connection meanwhile. Inside an
   * open group it sees the group's writes, as the next transaction would.
   */
  readNow(sql: string, parameters: readonly unknown[]): readonly unknown[] | undefined {
    if (this.busy) return undefined;
    const key = answerKey(parameters);
    let bySql = this.answers.get(sql);
    const known = bySql?.get(key);
    if (known) return known;
    const rows = this.db.prepare(sql).all(parameters as unknown[]) as object[];
    for (const row of rows) Object.freeze(row);
    if (this.answerCount >= MEMO_SIZE) {
      this.answers.clear();
      this.answerCount = 0;
      bySql = undefined;
    }
    if (!bySql) this.answers.set(sql, (bySql = new Map()));
    bySql.set(key, Object.freeze(rows));
    this.answerCount++;
    return rows;
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(new Lease(this.connection));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.released) return;
    lease.released = true;
    this.handOver();
  }

  /**
   * Give the connection to the next in line. The open group commits now when it is full or old,
   * and otherwise once the event loop has taken in what else has arrived (setImmediate runs after
   * the pending I/O), so that the requests of one turn share one COMMIT.
   */
  private handOver(): void {
    const next = this.waiting.shift();
    const group = this.group;
    if (group && (group.size >= GROUP_MAX_SIZE || Date.now() - group.startedAt >= GROUP_MAX_MS)) this.commitGroup();
    if (next) {
      next(new Lease(this.connection));
      return;
    }
    this.busy = false;
    if (this.group && !this.commitScheduled) {
      this.commitScheduled = true;
      setImmediate(() => {
        this.commitScheduled = false;
        // A holder of the connection commits the group when it lets go.
        if (!this.busy && this.group) this.commitGroup();
      });
    }
  }

  private commitGroup(): void {
    const group = this.group!;
    this.group = undefined;
    try {
      if (this.db.inTransaction) this.connection.run(raw('commit'));
    } catch (error) {
      try {
        if (this.db.inTransaction) this.connection.run(raw('rollback'));
      } catch {
        // SQLite has rolled back already, or cannot: either way nothing of the group is kept.
      }
      // What was read inside the group is gone with it, however it was rolled back.
      this.changed();
      for (const waiter of group.waiters) waiter.reject(error);
      return;
    }
    for (const waiter of group.waiters) waiter.resolve();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.db.inTransaction) {
      this.connection.run(raw('begin'));
      this.group = { size: 0, startedAt: Date.now(), waiters: [] };
    }
    await connection.executeQuery(raw('savepoint tx'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw('release tx'));
    const group = this.group!;
    group.size += 1;
    const durable = new Promise<void>((resolve, reject) => group.waiters.push({ resolve, reject }));
    // The connection goes on now (Kysely's release afterwards is then a no-op): waiting for the
    // group while holding it would keep the group from ever committing.
    await this.releaseConnection(connection);
    await durable;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // Some failures (a full disk, I/O errors) make SQLite roll back the whole transaction; the
    // transactions of the group that were waiting for it are then lost, and told so.
    if (!this.db.inTransaction) {
      const group = this.group;
      this.group = undefined;
      this.changed();
      // With the cause's code, so that a full disk is still told apart from a bug.
      const cause = this.connection.lastError;
      const code = sqliteCode(cause);
      const error = Object.assign(new Error('the transaction was rolled back by SQLite', { cause }), code ? { code } : {});
      for (const waiter of group?.waiters ?? []) waiter.reject(error);
      return;
    }
    await connection.executeQuery(raw('rollback to tx'));
    await connection.executeQuery(raw('release tx'));
  }

  /**
   * Open the database again, once nobody holds the connection (an open group commits first).
   * SQLite keeps a file it opened read-only so until it is closed, even once it can be written.
   */
  async reopen(): Promise<void> {
    const lease = (await this.acquireConnection()) as Lease;
    try {
      if (this.group) this.commitGroup();
      this.db.reopen?.();
      this.changed();
    } finally {
      await this.releaseConnection(lease);
    }
  }

  async destroy(): Promise<void> {
    if (this.group) this.commitGroup();
    this.db.close();
  }
}

/** Kysely's SQLite dialect over our driver. */
export class FifoSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SqliteHandle) {
    super({ database });
  }

  /** The driver, once Kysely has asked for it. */
  driver: FifoSqliteDriver | undefined;

  override createDriver(): Driver {
    this.driver = new FifoSqliteDriver(this.database);
    return this.driver;
  }
}
