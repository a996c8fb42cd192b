// A transaction's BEGIN goes out with its first statement on PostgreSQL, and the reads that most
// write transactions make go with it and are answered from there (src/store/begin-reads.ts): round
// trips fewer, and never an answer the transaction should not get (its own writes, another
// transaction's, a read that fails), nor an error other than its own.
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
  it('are answered without a statement of their own, prepared by the first BEGIN of a connection', async () => {
    sent.length = 0;
    expect(await store.transaction((tx) => probe(tx))).toEqual([]);
    expect(await store.transaction((tx) => probe(tx))).toEqual([]);
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatch(
      /^start transaction isolation level read committed;\nprepare localnotion_begin_1 as select "key" from "meta"[^;]*;\nexecute localnotion_begin_1$/,
    );
    expect(sent[1]).toBe('commit');
    expect(sent[2]).toBe('start transaction isolation level read committed;\nexecute localnotion_begin_1');
    expect(sent[3]).toBe('commit');
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

  it('send BEGIN with the first statement, by name once the connection has prepared it', async () => {
    const byKey = compiledOnce((db: Db, key: string) => db.selectFrom('meta').select(['key', 'value']).where('key', '=', key));
    await store.db.insertInto('meta').values({ key: 'probe:named', value: 'n' }).execute();
    await store.transaction((tx) => byKey(tx, 'probe:named'));
    sent.length = 0;
    const rows = await store.transaction(async (tx) => {
      const found = await byKey(tx, 'probe:named');
      await tx.updateTable('meta').set({ value: 'm' }).where('key', '=', 'probe:named').execute();
      return [...found, ...(await byKey(tx, 'probe:named'))];
    });
    expect(rows).toEqual([
      { key: 'probe:named', value: 'n' },
      { key: 'probe:named', value: 'm' },
    ]);
    expect(sent[0]).toMatch(/;\nexecute localnotion_\d+\('probe:named'\)$/);
    expect(sent.slice(1)).toEqual([expect.stringMatching(/^update "meta"/), expect.stringMatching(/^select "key", "value" from "meta"/), 'commit']);

    // A value that cannot be spelled safely goes as a parameter, after BEGIN.
    sent.length = 0;
    expect(await store.transaction((tx) => byKey(tx, "probe:it's"))).toEqual([]);
    expect(sent).toEqual([
      expect.stringMatching(/^start transaction isolation level read committed;\nexecute localnotion_begin_1$/),
      expect.stringMatching(/^select "key"/),
      'commit',
    ]);

    // A transaction that sends nothing sends neither BEGIN nor COMMIT.
    sent.length = 0;
    expect(await store.transaction(async () => 'nothing')).toBe('nothing');
    expect(sent).toEqual([]);
  });

  it('leave a first statement that fails with its own error, and the connection working', async () => {
    const failing = compiledOnce((db: Db, divisor: number) =>
      db
        .selectFrom('meta')
        .select(sql<number>`1 / ${divisor}`.as('x'))
        .limit(sql.lit(1)),
    );
    expect(await store.transaction((tx) => failing(tx, 1))).toEqual([{ x: 1 }]);
    sent.length = 0;
    await expect(store.transaction((tx) => failing(tx, 0))).rejects.toThrow(/division by zero/);
    // Sent with BEGIN, then alone in a transaction begun again: the error is its own.
    expect(sent[0]).toMatch(/;\nexecute localnotion_\d+\('0'\)$/);
    expect(sent).toContain('rollback');
    sent.length = 0;
    expect(await store.transaction((tx) => failing(tx, 1))).toEqual([{ x: 1 }]);
    expect(sent[0]).toMatch(/;\nexecute localnotion_\d+\('1'\)$/);
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
