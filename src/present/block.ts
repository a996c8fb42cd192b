// Block objects (spec 7.2), rendered per version. Pages read through the blocks API are
// `child_page` blocks carrying the page's title.
import type { BlockWithChildren } from '../store/blocks.js';
import { minuteTime, parentOf, partialUser } from './common.js';
import { hasArchived } from './version.js';
import type { View } from './view.js';

export function presentBlock(row: BlockWithChildren, view: View): Record<string, unknown> {
  if (!view.actor.capabilities.read_content) return { object: 'block', id: row.id };
  const block: Record<string, unknown> = {
    object: 'block',
    id: row.id,
    parent: parentOf(row),
    created_time: minuteTime(row.created_time),
    last_edited_time: minuteTime(row.last_edited_time),
    created_by: partialUser(row.created_by),
    last_edited_by: partialUser(row.last_edited_by),
    has_children: row.has_children === 1,
  };
  if (hasArchived(view.version)) block.archived = row.in_trash === 1;
  block.in_trash = row.in_trash === 1;
  block.type = row.type;
  block[row.type] = row.type === 'child_page' || row.type === 'child_database' ? { title: row.title ?? '' } : JSON.parse(row.content);
  return block;
}
