// Before a PostgreSQL run: drop the schemas that an interrupted earlier run left behind. A test
// schema is named after the process that made it (`t_<pid>_…`, helpers/store.ts): one whose
// process still runs belongs to another run using the same database at the same time, and stays.
import pg from 'pg';
import { alive } from './processes.js';

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.LOCALNOTION_TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like 't\\_%'`);
    for (const { nspname } of rows) {
      const pid = Number(/^t_(\d+)_/.exec(nspname)?.[1] ?? 0);
      if (pid > 0 && alive(pid)) continue;
      await client.query(`drop schema if exists "${nspname}" cascade`);
    }
  } finally {
    await client.end();
  }
}
