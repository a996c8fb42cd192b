import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Everything a workspace holds that is a block (pages, databases and content blocks alike) lives
// in `blocks`, as in Notion's own model: a page is a block whose children are its content.
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text } = migrationDialect(db);
  await db.schema
    .createTable('workspaces')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull().references('workspaces.id'))
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('name', text)
    .addColumn('avatar_url', text)
    .addColumn('email', text)
    .addColumn('created_time', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_workspace').on('users').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('integrations')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull().references('workspaces.id'))
    .addColumn('bot_id', text, (c) => c.notNull().references('users.id'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('token', text, (c) => c.notNull().unique())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('owner_user_id', text)
    .addColumn('capabilities', text, (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('blocks')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('parent_type', text, (c) => c.notNull())
    .addColumn('parent_id', text)
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('content', text, (c) => c.notNull())
    .addColumn('properties', text)
    .addColumn('title', text)
    .addColumn('icon', text)
    .addColumn('cover', text)
    .addColumn('in_trash', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_time', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('last_edited_time', text, (c) => c.notNull())
    .addColumn('last_edited_by', text, (c) => c.notNull())
    .execute();
  // Children in document order: child listing, has_children and where a new child goes all read
  // this one index (trashed children are few, so filtering them out as it is read costs little).
  await db.schema.createIndex('blocks_children').on('blocks').columns(['parent_id', 'position']).execute();

  await db.schema
    .createTable('grants')
    .addColumn('integration_id', text, (c) => c.notNull().references('integrations.id'))
    .addColumn('block_id', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('grants_pk', ['integration_id', 'block_id'])
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('value', text, (c) => c.notNull())
    .execute();
}
