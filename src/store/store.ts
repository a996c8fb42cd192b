import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Migrator, type Kysely, type Transaction } from 'kysely';
import { openSqlite, type Engine } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface StoreOptions {
  /** A SQLite file path, or ':memory:'. */
  sqlite: string;
}

export class Store {
  private constructor(
    readonly engine: Engine,
    readonly db: Db,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    if (options.sqlite !== ':memory:') mkdirSync(dirname(options.sqlite), { recursive: true });
    const { engine, db } = openSqlite(options.sqlite);
    const store = new Store(engine, db);
    await store.migrate();
    return store;
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  }

  /** Run `fn` as one transaction: every mutation of a request commits whole or not at all. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
