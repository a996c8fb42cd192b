// Kysely's SQLite driver, with the one connection handed out first come, first served.
// better-sqlite3 has one synchronous connection, so a transaction must own it across its awaits;
// Kysely's own driver wakes every waiter on each release and lets them race for it, so under
// load some requests wait for many rounds. A queue gives each its turn in order.
import type { Database as SqliteDatabase } from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase as DialectDatabase,
} from 'kysely';

/** Direct read answers kept at most (a memo that fills up starts again empty). */
const MEMO_SIZE = 10_000;

class SqliteConnection implements DatabaseConnection {
  constructor(
    private readonly db: DialectDatabase,
    /** Told before every statement that may write. */
    private readonly writing: () => void,
  ) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
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

export class FifoSqliteDriver implements Driver {
  private readonly connection: SqliteConnection;
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  /**
   * Answers of direct reads since the last write, by SQL text and parameters. This process is
   * the only writer of its SQLite database and every write goes through the connection, so an
   * answer stays true until the next statement that may write, which empties the memo. The rows
   * are frozen: a caller that changed one would change it for the next reader.
   */
  private readonly answers = new Map<string, readonly unknown[]>();

  constructor(private readonly db: DialectDatabase & Pick<SqliteDatabase, 'close'>) {
    this.connection = new SqliteConnection(db, () => this.answers.clear());
  }

  async init(): Promise<void> {}

  /**
   * Run a read now, when no transaction holds the connection; undefined when one does. The
   * statement runs synchronously, so nothing else can use the connection meanwhile.
   */
  readNow(sql: string, parameters: readonly unknown[]): readonly unknown[] | undefined {
    if (this.busy) return undefined;
    const key = `${sql}\u0000${parameters.join('\u0000')}`;
    const known = this.answers.get(key);
    if (known) return known;
    const rows = this.db.prepare(sql).all(parameters as unknown[]) as object[];
    for (const row of rows) Object.freeze(row);
    if (this.answers.size >= MEMO_SIZE) this.answers.clear();
    this.answers.set(key, Object.freeze(rows));
    return rows;
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.connection);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.connection)));
  }

  async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.db.close();
  }
}

/** Kysely's SQLite dialect over our driver. */
export class FifoSqliteDialect extends SqliteDialect {
  constructor(private readonly database: DialectDatabase & Pick<SqliteDatabase, 'close'>) {
    super({ database });
  }

  /** The driver, once Kysely has asked for it. */
  driver: FifoSqliteDriver | undefined;

  override createDriver(): Driver {
    this.driver = new FifoSqliteDriver(this.database);
    return this.driver;
  }
}
