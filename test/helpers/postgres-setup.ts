// Before a PostgreSQL run: drop the schemas that an interrupted earlier run left behind.
import pg from 'pg';

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.LOCALNOTION_TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like 't\\_%'`);
    for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}
