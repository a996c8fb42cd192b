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

class SqliteConnection implements DatabaseConnection {
  constructor(private readonly db: DialectDatabase) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.db.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
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

  constructor(private readonly db: DialectDatabase & Pick<SqliteDatabase, 'close'>) {
    this.connection = new SqliteConnection(db);
  }

  async init(): Promise<void> {}

  /**
   * Run a read now, when no transaction holds the connection; undefined when one does. The
   * statement runs synchronously, so nothing else can use the connection meanwhile.
   */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    if (this.busy) return undefined;
    return this.db.prepare(sql).all(parameters as unknown[]);
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
