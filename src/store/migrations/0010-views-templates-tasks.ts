import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Views of databases (https://developers.notion.com/reference/view), the cached result sets of view
// queries, the template pages of data sources, and tasks started with `allow_async`
// (https://developers.notion.com/reference/retrieve-async-task).
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text } = migrationDialect(db);
  await db.schema
    .createTable('views')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('database_id', text, (c) => c.notNull())
    .addColumn('data_source_id', text)
    .addColumn('dashboard_view_id', text)
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('filter', text)
    .addColumn('sorts', text)
    .addColumn('quick_filters', text)
    .addColumn('configuration', text)
    .addColumn('created_time', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('last_edited_time', text, (c) => c.notNull())
    .addColumn('last_edited_by', text, (c) => c.notNull())
    .execute();
  // The tab bar of a database, in order; the views that read a data source.
  await db.schema.createIndex('views_database').on('views').columns(['database_id', 'position', 'id']).execute();
  await db.schema.createIndex('views_data_source').on('views').columns(['data_source_id', 'id']).execute();

  await db.schema
    .createTable('view_queries')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('view_id', text, (c) => c.notNull())
    .addColumn('integration_id', text, (c) => c.notNull())
    // The ordered page ids of the result set, fixed when the query was made (JSON array).
    .addColumn('page_ids', text, (c) => c.notNull())
    .addColumn('incomplete', 'integer', (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('view_queries_view').on('view_queries').columns(['view_id']).execute();

  await db.schema
    .createTable('templates')
    .addColumn('page_id', text, (c) => c.primaryKey())
    .addColumn('data_source_id', text, (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('templates_data_source').on('templates').columns(['data_source_id', 'page_id']).execute();

  await db.schema
    .createTable('async_tasks')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('integration_id', text, (c) => c.notNull())
    .addColumn('operation', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    // What the task does (JSON), the answer it gave (JSON), or the error envelope it failed with.
    .addColumn('input', text, (c) => c.notNull())
    .addColumn('result', text)
    .addColumn('error', text)
    .execute();
}
