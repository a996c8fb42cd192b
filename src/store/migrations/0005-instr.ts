import { sql, type Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Text conditions (contains, starts and ends with) and search by title find a substring with
// `instr(text, needle)`, SQLite's function; PostgreSQL's is `strpos`, under this name here as a
// plain SQL function, which the planner inlines. (LIKE patterns would need their wildcards
// escaped, and SQLite refuses a pattern over 50,000 bytes.)
export async function up(db: Kysely<unknown>): Promise<void> {
  if (migrationDialect(db).engine !== 'postgres') return;
  await sql`create or replace function instr(haystack text, needle text) returns integer
    language sql immutable strict parallel safe as 'select strpos(haystack, needle)'`.execute(db);
}
