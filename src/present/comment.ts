// The comment object (https://developers.notion.com/reference/comment-object).
import type { CommentRow } from '../store/schema.js';
import { minuteTime, partialUser } from './common.js';

export function presentComment(row: CommentRow): Record<string, unknown> {
  const comment: Record<string, unknown> = {
    object: 'comment',
    id: row.id,
    parent: row.parent_type === 'page_id' ? { type: 'page_id', page_id: row.parent_id } : { type: 'block_id', block_id: row.parent_id },
    discussion_id: row.discussion_id,
    created_time: minuteTime(row.created_time),
    last_edited_time: minuteTime(row.last_edited_time),
    created_by: partialUser(row.created_by),
    rich_text: JSON.parse(row.rich_text),
    display_name: JSON.parse(row.display_name),
  };
  // Attached uploads, stored as internal links that responses turn into hosted files (src/files/hosted.ts).
  if (row.attachments) comment.attachments = JSON.parse(row.attachments);
  return comment;
}
