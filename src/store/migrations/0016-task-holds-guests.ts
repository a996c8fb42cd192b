import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Async tasks held by the emulator's controls are kept in the store, not in one process's memory:
// a held task survives a restart and any instance on the same database may release it. `held`
// marks a task waiting to be released; one row of `async_task_settings` says whether new tasks are
// held and the failure the next task to run is given (docs/decisions.md, "Views, templates, async
// tasks and tokens: the rest").
//
// Guests: people invited to some pages who are not members of the workspace. They see what is
// given to them, as restricted members do, and `users.list` leaves them out
// (https://developers.notion.com/reference/get-users).
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text } = migrationDialect(db);
  await db.schema
    .alterTable('async_tasks')
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('async_task_settings')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('holding', 'integer', (c) => c.notNull())
    .addColumn('fail_next', text)
    .execute();
  await db.schema
    .createTable('guests')
    .addColumn('user_id', text, (c) => c.primaryKey())
    .execute();
}
