import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// File uploads (https://developers.notion.com/reference/file-upload), the parts their bytes were
// sent in, and those bytes when the store keeps them in the database (chunked rows, so that no
// value holds a whole file). A part names its bytes by a key written before the part's row, so a
// row never points at bytes that are not there (docs/decisions.md, "File uploads").
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text, engine } = migrationDialect(db);
  await db.schema
    .createTable('file_uploads')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('integration_id', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('mode', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('filename', text)
    .addColumn('content_type', text)
    .addColumn('content_length', 'bigint')
    .addColumn('number_of_parts', 'integer')
    .addColumn('parts_sent', 'integer', (c) => c.notNull())
    .addColumn('attached', 'integer', (c) => c.notNull())
    .addColumn('external_url', text)
    .addColumn('import_result', text)
    .addColumn('created_time', text, (c) => c.notNull())
    .addColumn('last_edited_time', text, (c) => c.notNull())
    .addColumn('expiry_time', text)
    .execute();
  await db.schema.createIndex('file_uploads_listing').on('file_uploads').columns(['integration_id', 'seq']).execute();
  await db.schema.createIndex('file_uploads_expiry').on('file_uploads').columns(['expiry_time']).execute();
  await db.schema
    .createTable('file_parts')
    .addColumn('upload_id', text, (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('blob_key', text, (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_parts_pk', ['upload_id', 'part_number'])
    .execute();
  await db.schema.createIndex('file_parts_blob').on('file_parts').columns(['blob_key']).execute();
  await db.schema
    .createTable('file_chunks')
    .addColumn('blob_key', text, (c) => c.notNull())
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('data', engine === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_chunks_pk', ['blob_key', 'chunk'])
    .execute();
  // A comment's attachments (JSON), null when it has none.
  await db.schema.alterTable('comments').addColumn('attachments', text).execute();
  // The workspace's largest file, in bytes; null: the server's setting (--max-file-upload-size).
  await db.schema.alterTable('workspaces').addColumn('max_file_upload_bytes', 'bigint').execute();
}
