// Rich text: request items in, the full response form out (https://developers.notion.com/reference/rich-text). Stored in response form so
// that reads need no work; `plain_text` and `href` are derived here as Notion derives them.
import type { ApiColor, RichTextItemRequest } from '../schemas/common.js';
import type { Db } from '../store/store.js';
import { titlesOf } from '../store/blocks.js';
import { usersByIds } from '../store/users.js';
import { dashless } from '../present/urls.js';
import type { Actor } from './access.js';
import { reachedAmong } from '../properties/reach.js';
import { forEachObject, mentionOf } from '../properties/mentions.js';
import type { CustomEmojiRow } from '../store/schema.js';
import { customEmojisOf } from './custom-emojis.js';

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: ApiColor;
}

export interface RichTextItem {
  type: 'text' | 'mention' | 'equation';
  text?: { content: string; link: { url: string } | null };
  mention?: Record<string, unknown>;
  equation?: { expression: string };
  annotations: Annotations;
  plain_text: string;
  href: string | null;
}

/** Names and titles that mentions in a request point at, and the custom emojis its icons name, looked up once per request. */
export interface MentionTargets {
  userNames: Map<string, string>;
  titles: Map<string, string>;
  customEmojis: Map<string, CustomEmojiRow>;
}

export const NO_MENTIONS: MentionTargets = { userNames: new Map(), titles: new Map(), customEmojis: new Map() };

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

function annotationsOf(req: Partial<Annotations> | undefined): Annotations {
  return {
    bold: req?.bold ?? false,
    italic: req?.italic ?? false,
    strikethrough: req?.strikethrough ?? false,
    underline: req?.underline ?? false,
    code: req?.code ?? false,
    color: req?.color ?? 'default',
  };
}

export function datePlainText(date: { start: string; end?: string | null }): string {
  return date.end ? `${date.start} → ${date.end}` : date.start;
}

export function normalizeRichText(items: RichTextItemRequest[], targets: MentionTargets, urlBase: string): RichTextItem[] {
  return items.map((item) => normalizeItem(item, targets, urlBase));
}

function normalizeItem(item: RichTextItemRequest, targets: MentionTargets, urlBase: string): RichTextItem {
  const annotations = annotationsOf(item.annotations);
  if ('text' in item) {
    const link = item.text.link ? { url: item.text.link.url } : null;
    return {
      type: 'text',
      text: { content: item.text.content, link },
      annotations,
      plain_text: item.text.content,
      href: link?.url ?? null,
    };
  }
  if ('equation' in item) {
    const expression = item.equation.expression;
    return { type: 'equation', equation: { expression }, annotations, plain_text: expression, href: null };
  }
  const m = item.mention;
  if ('user' in m) {
    const name = targets.userNames.get(m.user.id);
    return {
      type: 'mention',
      mention: { type: 'user', user: { object: 'user', id: m.user.id } },
      annotations,
      // Notion shows "@Anonymous" for a user the integration cannot see.
      plain_text: `@${name ?? 'Anonymous'}`,
      href: null,
    };
  }
  if ('page' in m || 'database' in m) {
    const kind = 'page' in m ? 'page' : 'database';
    const id = 'page' in m ? m.page.id : m.database.id;
    const title = targets.titles.get(id);
    return {
      type: 'mention',
      mention: { type: kind, [kind]: { id } },
      annotations,
      plain_text: title ? title : 'Untitled',
      href: `${urlBase}${dashless(id)}`,
    };
  }
  if ('date' in m) {
    const date = { start: m.date.start, end: m.date.end ?? null, time_zone: m.date.time_zone ?? null };
    return { type: 'mention', mention: { type: 'date', date }, annotations, plain_text: datePlainText(date), href: null };
  }
  const t = m.template_mention;
  const plain = 'template_mention_date' in t ? (t.template_mention_date === 'today' ? '@Today' : '@Now') : '@Me';
  const template_mention =
    'template_mention_date' in t
      ? { type: 'template_mention_date', template_mention_date: t.template_mention_date }
      : { type: 'template_mention_user', template_mention_user: t.template_mention_user };
  return { type: 'mention', mention: { type: 'template_mention', template_mention }, annotations, plain_text: plain, href: null };
}

/** The plain text of rich text as its writer read it; what matching sees is `searchableText` (properties/mentions.ts). */
export const plainText = (items: RichTextItem[]): string => items.map((i) => i.plain_text).join('');
