// Block objects (https://developers.notion.com/reference/block), rendered per version. Pages read through the blocks API are
// `child_page` blocks carrying the page's title.
import type { BlockView } from '../store/blocks.js';
import { minuteTime, parentOf, partialUser } from './common.js';
import { alwaysParagraphIcon, archivedFirst, archivedLast, hasDataSources } from '../api-version.js';
import type { View } from './view.js';

function blockParent(row: BlockView, view: View): Record<string, unknown> {
  if (row.parent_type !== 'data_source_id') return parentOf(row);
  // Shown as the page object shows it: 2022-06-28 knows pages in databases only (https://developers.notion.com/reference/parent-object).
  if (!hasDataSources(view.version)) return { type: 'database_id', database_id: row.database_id };
  return { type: 'data_source_id', data_source_id: row.parent_id, database_id: row.database_id };
}

export function presentBlock(row: BlockView, view: View): Record<string, unknown> {
  if (!view.actor.capabilities.read_content) return { object: 'block', id: row.id };
  const block: Record<string, unknown> = {
    object: 'block',
    id: row.id,
    parent: blockParent(row, view),
    created_time: minuteTime(row.created_time),
    last_edited_time: minuteTime(row.last_edited_time),
    created_by: partialUser(row.created_by),
    last_edited_by: partialUser(row.last_edited_by),
    has_children: row.has_children === 1,
  };
  if (archivedFirst(view.version)) block.archived = row.in_trash === 1;
  block.in_trash = row.in_trash === 1;
  block.type = row.type;
  const content = row.type === 'child_page' || row.type === 'child_database' ? { title: row.title ?? '' } : (JSON.parse(row.content) as Json);
  // A synced block's copy shows the original's content as its children, so Notion reports it
  // as having some even though the copy itself holds none.
  if (row.type === 'synced_block' && content.synced_from) block.has_children = true;
  block[row.type] = row.type === 'paragraph' ? paragraphContent(content, view) : content;
  // 2025-09-03 still sends the `archived` alias, after every other key (recorded key order).
  if (archivedLast(view.version)) block.archived = row.in_trash === 1;
  return block;
}

type Json = Record<string, unknown>;

/**
 * Every paragraph carries `icon` (null when none) between `rich_text` and `color` from
 * 2025-09-03 on, as recorded; 2022-06-28 shows it only where one is set (docs/decisions.md).
 */
function paragraphContent(content: Json, view: View): Json {
  const { rich_text, icon, color, ...rest } = content;
  const out: Json = { rich_text };
  if (alwaysParagraphIcon(view.version) || (icon !== undefined && icon !== null)) out.icon = icon ?? null;
  return { ...out, color, ...rest };
}
