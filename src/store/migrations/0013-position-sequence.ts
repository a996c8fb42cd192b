import { sql, type Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// On PostgreSQL, positions at the end of a parent's children come from a sequence, so that
// concurrent creates under one parent do not wait for each other's COMMIT (src/store/positions.ts,
// appendPositions). It starts 2^32 past every position already stored, so that the children of a
// new page, numbered from POSITION_GAP in the page's own insert, stay below it; its step is POSITION_GAP.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (migrationDialect(db).engine !== 'postgres') return;
  await sql`create sequence block_positions as bigint increment by 65536 minvalue 1`.execute(db);
  await sql`select setval('block_positions', greatest(coalesce((select max(position) from blocks), 0), 0) + 4294967296, false)`.execute(db);
}
