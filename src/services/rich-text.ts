// Mentions in a request looked up in the store once, for the pure rich-text functions of src/rich-text.ts
// (https://developers.notion.com/reference/rich-text#mention).
import type { Db } from '../store/store.js';
import { titlesOf } from '../store/blocks.js';
import { usersByIds } from '../store/users.js';
import type { Actor } from '../actor.js';
import { reachedAmong } from '../properties/reach.js';
import { forEachObject, mentionOf } from '../properties/mentions.js';
import { NO_MENTIONS, type MentionTargets } from '../rich-text.js';
import { customEmojisOf } from './custom-emojis.js';

/**
 * Find every mention and custom emoji in a request body (at any depth) and look them up. Pages
 * and databases the integration cannot reach keep no title, so they read "Untitled" and reveal
 * nothing (https://developers.notion.com/reference/rich-text#mention).
 */
export async function resolveMentions(db: Db, body: unknown, actor: Actor): Promise<MentionTargets> {
  const users = new Set<string>();
  const pages = new Set<string>();
  const emojis = new Set<string>();
  const idOf = (o: unknown): string | undefined => {
    const id = (o as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  };
  forEachObject(body, (o) => {
    const emoji = idOf(o.custom_emoji);
    if (emoji) emojis.add(emoji);
    const m = mentionOf(o);
    if (!m) return false;
    for (const key of ['user', 'page', 'database'] as const) {
      const id = idOf(m[key]);
      if (id) (key === 'user' ? users : pages).add(id);
    }
    return true;
  });
  if (users.size === 0 && pages.size === 0 && emojis.size === 0) return NO_MENTIONS;
  const [userRows, titles, reached, customEmojis] = await Promise.all([
    usersByIds(db, [...users]),
    titlesOf(db, [...pages]),
    reachedAmong(db, actor, pages),
    customEmojisOf(db, actor.workspaceId, emojis),
  ]);
  for (const id of titles.keys()) if (!reached.has(id)) titles.delete(id);
  return { userNames: new Map(userRows.map((u) => [u.id, u.name ?? ''])), titles, customEmojis };
}
