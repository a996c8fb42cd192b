import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Comments on pages and blocks (https://developers.notion.com/reference/comment-object), each in a discussion. Listed by parent in the order
// they were made; a reply finds its discussion's parent by discussion_id.
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text } = migrationDialect(db);
  await db.schema
    .createTable('comments')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('parent_type', text, (c) => c.notNull())
    .addColumn('parent_id', text, (c) => c.notNull())
    .addColumn('discussion_id', text, (c) => c.notNull())
    .addColumn('rich_text', text, (c) => c.notNull())
    .addColumn('display_name', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .addColumn('last_edited_time', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'created_time', 'id']).execute();
  await db.schema.createIndex('comments_discussion').on('comments').columns(['discussion_id', 'created_time', 'id']).execute();
}
