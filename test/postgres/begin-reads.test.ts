// Reads that most write transactions make go out with their BEGIN on PostgreSQL and are answered
// from there (src/store/begin-reads.ts): one round trip fewer, and never an answer the transaction
// should not get (its own writes, another transaction's, a read that fails).
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/store/compiled.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { Store, type Db } from '../../src/store/store.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const url = testDatabaseUrl();
const schema = testSchemaName();
let store: Store;

// Every statement a client of the store sends (the store's clients call this through their wrapper).
const sent: string[] = [];
const send = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  sent.push(typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? ''));
  return send.apply(this, args);
} as typeof pg.Client.prototype.query;

const probe = compiledOnce((db: Db) => db.selectFrom('meta').select('key').where('key', 'like', sql.lit('probe:%')).limit(sql.lit(1)), 'read with begin');

beforeAll(async () => {
  store = await Store.open({ postgres: { url, schema, poolSize: 1 } });
  // Compiled on its first use; transactions send it with their BEGIN from then on.
  expect(await probe(store.db)).toEqual([]);
});

afterAll(async () => {
  pg.Client.prototype.query = send as typeof pg.Client.prototype.query;
  await store?.close();
  await dropPostgresSchema(url, schema);
});

describe('reads sent with BEGIN on PostgreSQL', () => {
  it('are answered without a statement of their own', async () => {
    sent.length = 0;
    const rows = await store.transaction((tx) => probe(tx));
    expect(rows).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^start transaction isolation level read committed;\nselect "key" from "meta"/);
    expect(sent[1]).toBe('commit');
  });

  it('see what another transaction committed before, and the transaction’s own writes', async () => {
    const other = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await other.connect();
    await other.query(`insert into meta (key, value) values ('probe:other', '1')`);
    await other.end();
    const seen = await store.transaction(async (tx) => {
      const before = await probe(tx);
      await tx.deleteFrom('meta').where('key', 'like', 'probe:%').execute();
      const after = await probe(tx);
      await tx.insertInto('meta').values({ key: 'probe:own', value: '2' }).execute();
      return { before, after, own: await probe(tx) };
    });
    expect(seen).toEqual({ before: [{ key: 'probe:other' }], after: [], own: [{ key: 'probe:own' }] });
    // A later transaction reads afresh.
    expect(await store.transaction((tx) => probe(tx))).toEqual([{ key: 'probe:own' }]);
  });

  it('leave a transaction whose BEGIN read fails to run as it would without them', async () => {
    const broken = compiledOnce(
      (db: Db) =>
        db
          .selectFrom('meta')
          .select(sql.lit(1).as('x'))
          .where(sql<boolean>`1 / 0 = 1`),
      'read with begin',
    );
    // Compiled (and so sent with every BEGIN from now on), its error kept out of the transaction.
    await expect(broken(store.db)).rejects.toThrow(/division by zero/);
    const rows = await store.transaction(async (tx) => {
      await tx.insertInto('meta').values({ key: 'probe:after-failure', value: '3' }).execute();
      return probe(tx);
    });
    expect(rows.length).toBe(1);
    expect(await store.db.selectFrom('meta').select('key').where('key', '=', 'probe:after-failure').execute()).toHaveLength(1);
  });
});
