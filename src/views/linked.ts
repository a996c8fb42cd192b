// What a linked database block keeps: a `child_database` block that holds no data source of its
// own and shows views of one kept elsewhere (https://developers.notion.com/reference/create-view).
import type { RichTextItem } from '../rich-text.js';
import type { BlockRow } from '../store/schema.js';

/** What a linked database block keeps in `content`: a database's fields and the data source it shows. */
export interface LinkedDatabaseContent {
  title: RichTextItem[];
  description: RichTextItem[];
  is_inline: boolean;
  linked_data_source_id: string;
}

/** The data source a linked database block shows; undefined for a database that holds its own. */
export function linkedSourceOf(row: Pick<BlockRow, 'type' | 'content'>): string | undefined {
  if (row.type !== 'child_database') return undefined;
  return (JSON.parse(row.content) as Partial<LinkedDatabaseContent>).linked_data_source_id;
}
