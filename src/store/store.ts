import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import { ensurePostgresSchema, openPostgres, openSqlite, type Engine, type OpenedDatabase, type PostgresOptions, type StoreHealth } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** A SQLite file path (or ':memory:'), or a PostgreSQL database. */
export type StoreOptions = { sqlite: string } | { postgres: PostgresOptions };

const commitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Run `hook` once the transaction `tx` has committed (never when it rolls back); at once when
 * `tx` is not a transaction of Store.transaction. For signals to work waiting on the write.
 */
export function afterCommit(tx: Db, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else queueMicrotask(hook);
}

/**
 * A freshly migrated in-memory store, as SQLite's image, taken the first time one is opened in this
 * process: later in-memory stores (every startLocalNotion, every test server) start as a copy of
 * it instead of running each migration's DDL again, a few milliseconds of every start. Migrations
 * are DDL only, so the copy is what running them would give.
 */
let migratedMemoryImage: Buffer | undefined;

/** The migrated in-memory image, once an in-memory store has been opened. */
export const migratedImage = (): Buffer | undefined => migratedMemoryImage;

export class Store {
  private constructor(private readonly opened: OpenedDatabase) {}

  get engine(): Engine {
    return this.opened.engine;
  }

  get db(): Db {
    return this.opened.db;
  }

  /** Open the store and bring its tables up to date. */
  static async open(options: StoreOptions, migrate = true): Promise<Store> {
    let opened: OpenedDatabase;
    if ('postgres' in options) {
      if (options.postgres.schema) await ensurePostgresSchema(options.postgres.url, options.postgres.schema);
      opened = openPostgres(options.postgres);
    } else if (options.sqlite === ':memory:' && migrate && migratedMemoryImage) {
      return new Store(openSqlite(':memory:', migratedMemoryImage));
    } else {
      if (options.sqlite !== ':memory:') mkdirSync(dirname(options.sqlite), { recursive: true });
      opened = openSqlite(options.sqlite);
    }
    const store = new Store(opened);
    if (migrate) {
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        throw error;
      }
      if ('sqlite' in options && options.sqlite === ':memory:') migratedMemoryImage ??= opened.image?.();
    }
    return store;
  }

  /** Apply the migrations not applied yet; returns their names. Instances starting together take turns. */
  async migrate(): Promise<string[]> {
    // Kysely looks for its bookkeeping tables in every schema unless told which; on PostgreSQL that
    // is the schema this store's tables live in.
    const migrationTableSchema = this.engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(this.db)).rows[0]?.s : undefined;
    const migrator = new Migrator({ db: this.db, provider: migrationProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /** Run `fn` as one transaction: every mutation of a request commits whole or not at all. */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let hooks: (() => void)[] = [];
    const result = await this.opened.transaction((tx) => {
      // A retried transaction starts its hooks again.
      hooks = [];
      commitHooks.set(tx, hooks);
      return fn(tx);
    });
    for (const hook of hooks) hook();
    return result;
  }

  /**
   * A token of the store's state: reads made between two equal tokens saw one state, and their
   * answers hold for as long as the token stays the same (dialect.ts). Immediate on SQLite, one
   * statement on PostgreSQL.
   */
  state(): number | Promise<string> {
    return this.opened.state();
  }

  /** Whether an error means the database cannot be reached right now. */
  isUnavailable(error: unknown): boolean {
    return this.opened.isUnavailable(error);
  }

  /** Whether an error means the storage cannot take writes now (read-only, full, failing). */
  isUnwritable(error: unknown): boolean {
    return this.opened.isUnwritable(error);
  }

  /** Probe the store: whether it can be read and written now, and if not, why. */
  health(): Promise<StoreHealth> {
    return this.opened.health();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
