// Rich text: request items in, the full response form out (https://developers.notion.com/reference/rich-text). Stored in response form so
// that reads need no work; `plain_text` and `href` are derived here as Notion derives them. Pure functions and types shared by
// services/, properties/, markdown/ and present/; looking mentions up in the store is services/rich-text.ts `resolveMentions`.
import type { ApiColor, RichTextItemRequest } from './schemas/common.js';
import type { CustomEmojiRow } from './store/schema.js';
import { dashless } from './urls.js';

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
