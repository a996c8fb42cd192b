// The store the suite runs on: in-memory SQLite by default, PostgreSQL in the `postgres` project
// (LOCALNOTION_TEST_STORE=postgres with LOCALNOTION_TEST_DATABASE_URL). Every server gets a store
// of its own: on PostgreSQL a fresh schema, dropped when the server closes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../src/config.js';
import { dropPostgresSchema, type Engine } from '../../src/store/dialect.js';

export const TEST_ENGINE: Engine = process.env.LOCALNOTION_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export function testDatabaseUrl(): string {
  const url = process.env.LOCALNOTION_TEST_DATABASE_URL;
  if (!url) throw new Error('LOCALNOTION_TEST_STORE=postgres needs LOCALNOTION_TEST_DATABASE_URL (postgres://...)');
  return url;
}

export interface TestStore {
  /** What to put in the server's config to open this store. */
  config: Partial<Config>;
  /** Remove the store and everything in it. */
  drop(): Promise<void>;
}

/** A schema name no other test server uses (the prefix lets a run clear what an aborted run left). */
export function testSchemaName(): string {
  return `t_${process.pid}_${randomBytes(6).toString('hex')}`;
}

function postgresStore(): TestStore {
  const url = testDatabaseUrl();
  const schema = testSchemaName();
  return { config: { databaseUrl: url, databaseSchema: schema, poolSize: 4 }, drop: () => dropPostgresSchema(url, schema) };
}

/** An empty store of the engine under test, for one server. */
export function freshStore(): TestStore {
  if (TEST_ENGINE === 'postgres') return postgresStore();
  return { config: { sqlite: ':memory:' }, drop: async () => {} };
}

/** An empty store that outlives its server, so that a second server can open it again. */
export function durableStore(): TestStore {
  if (TEST_ENGINE === 'postgres') return postgresStore();
  const dir = mkdtempSync(join(tmpdir(), 'localnotion-store-'));
  return { config: { sqlite: join(dir, 'workspace.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Make the store fail every `event` on `table` whose row matches `when` (SQL over `new`), as a
 * disk or constraint failure would, on either engine.
 */
export async function failWrites(db: Kysely<any>, name: string, event: 'insert' | 'update', table: string, when = 'true'): Promise<void> {
  if (TEST_ENGINE === 'postgres') {
    await sql`create function ${sql.id(name)}() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db);
    await sql`create trigger ${sql.id(name)} before ${sql.raw(event)} on ${sql.id(table)} for each row when (${sql.raw(when)}) execute function ${sql.id(name)}()`.execute(
      db,
    );
  } else {
    await sql`create trigger ${sql.id(name)} before ${sql.raw(event)} on ${sql.id(table)} when ${sql.raw(when)}
      begin select raise(abort, 'injected failure'); end`.execute(db);
  }
}
