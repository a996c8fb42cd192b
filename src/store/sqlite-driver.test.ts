import Database from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FifoSqliteDriver } from './sqlite-driver.js';

describe('direct reads memo', () => {
  const db = new Database(':memory:');
  afterEach(() => db.exec('drop table if exists t'));
  const driver = () => {
    db.exec("create table t (k, v text); insert into t values ('', 'empty'), (null, 'null'), ('1', 'text one'), (1, 'number one'), (x'00', 'blob')");
    return new FifoSqliteDriver(db);
  };
  const SQL = 'select v from t where k is ? order by v';
  const read = (d: FifoSqliteDriver, ...parameters: unknown[]) => (d.readNow(SQL, parameters) as Array<{ v: string }>).map((r) => r.v);

  it('answers each list of parameters with its own rows, however alike they print', () => {
    const d = driver();
    // Each twice: the second answer comes from the memo.
    for (let i = 0; i < 2; i++) {
      expect(read(d, '')).toEqual(['empty']);
      expect(read(d, null)).toEqual(['null']);
      expect(read(d, '1')).toEqual(['text one']);
      expect(read(d, 1)).toEqual(['number one']);
      expect(read(d, Buffer.from([0]))).toEqual(['blob']);
      expect(read(d, '\u0000s1:1')).toEqual([]);
    }
  });

  it('forgets its answers at the next statement that may write', async () => {
    const d = driver();
    expect(read(d, '1')).toEqual(['text one']);
    const lease = await d.acquireConnection();
    await lease.executeQuery(CompiledQuery.raw("update t set v = 'changed' where k = '1'"));
    await d.releaseConnection(lease);
    expect(read(d, '1')).toEqual(['changed']);
  });
});
