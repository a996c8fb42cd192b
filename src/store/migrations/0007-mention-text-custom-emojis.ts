import { sql, type Kysely } from 'kysely';
import { searchableText } from '../../properties/mentions.js';
import { migrationDialect } from '../dialect.js';

type TitledRow = { id: string; type: string; parent_type: string; properties: string | null; content: string; title: string | null };
type Items = Array<{ plain_text: string }>;

/** The rich text a row's `title` column is made of: a page's title value, a database's title. */
function titleItems(row: TitledRow): Items | undefined {
  try {
    if (row.type === 'child_page') return row.properties ? (JSON.parse(row.properties) as { title?: Items }).title : undefined;
    return (JSON.parse(row.content) as { title?: Items }).title;
  } catch {
    return undefined;
  }
}

// Two changes in one step:
//
// * Titles and the value index hold what every integration may read: a mention of a page or
//   database counts as "Untitled" there, never as the title it was written with
//   (docs/decisions.md, "Searchable text of mentions"). Rows whose title holds a mention get it
//   again; when a page of a data source holds a mention, the value index is emptied, and
//   `buildValueIndexIfMissing` rebuilds it from the values when the store opens.
// * Custom emojis (https://developers.notion.com/reference/list-custom-emojis), each with a name
//   unique in its workspace, listed by name.
export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = (
    await sql<TitledRow>`select id, type, parent_type, properties, content, title from blocks
      where type in ('child_page', 'child_database', 'data_source') and (properties like ${'%"mention"%'} or content like ${'%"mention"%'})`.execute(db)
  ).rows;
  let reindex = false;
  for (const row of rows) {
    if (row.type === 'child_page' && row.parent_type === 'data_source_id') reindex = true;
    const items = titleItems(row);
    if (!Array.isArray(items)) continue;
    const title = searchableText(items);
    if (title !== row.title) await sql`update blocks set title = ${title} where id = ${row.id}`.execute(db);
  }
  if (reindex) await sql`delete from page_values`.execute(db);

  const { text } = migrationDialect(db);
  await db.schema
    .createTable('custom_emojis')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('url', text, (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_emojis_name').on('custom_emojis').columns(['workspace_id', 'name']).unique().execute();
}
