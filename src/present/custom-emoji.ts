// Custom emojis as Notion answers them (https://developers.notion.com/reference/list-custom-emojis).
import type { CustomEmojiRow } from '../store/schema.js';

export const presentCustomEmoji = (row: Pick<CustomEmojiRow, 'id' | 'name' | 'url'>) => ({ id: row.id, name: row.name, url: row.url });

/**
 * The list of custom emojis: unlike other lists, `type` comes second and there is no object keyed
 * by it (as recorded from api.notion.com).
 */
export function presentCustomEmojiList(rows: CustomEmojiRow[], nextCursor: string | null): Record<string, unknown> {
  return { object: 'list', type: 'custom_emoji', results: rows.map(presentCustomEmoji), has_more: nextCursor !== null, next_cursor: nextCursor };
}
