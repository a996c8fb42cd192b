// Mentions in rich text (https://developers.notion.com/reference/rich-text#mention): finding them
// in any JSON, the page or database one names, and the text that matching sees of rich text that
// holds them. A mention keeps the title its target had when it was written, by whoever wrote it;
// what reads that title is decided here and in properties/reach.ts.
import type { RichTextItem } from '../rich-text.js';

/** What a mention of a page or database reads as to an integration that cannot reach it. */
export const UNREACHED_TITLE = 'Untitled';

type Json = Record<string, unknown>;

/**
 * Call `visit` with every object of `value` at any depth (not arrays), outer ones first; when it
 * answers true, what is inside that object is not walked. No allocation on the way: the response
 * hook walks every response, and most hold no mention at all.
 */
export function forEachObject(value: unknown, visit: (o: Json) => boolean): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) forEachObject(value[i], visit);
    return;
  }
  const o = value as Json;
  if (visit(o)) return;
  for (const key in o) {
    const v = o[key];
    if (typeof v === 'object' && v !== null) forEachObject(v, visit);
  }
}

/** The `mention` object of a rich text item; undefined for anything else. */
export function mentionOf(o: Json): Json | undefined {
  const mention = o.mention;
  return typeof mention === 'object' && mention !== null ? (mention as Json) : undefined;
}

/** Call `visit` with every object of `value` that holds a `mention` object; mentions are not walked into. */
export function forEachMention(value: unknown, visit: (item: Json, mention: Json) => void): void {
  forEachObject(value, (o) => {
    const mention = mentionOf(o);
    if (mention) visit(o, mention);
    return mention !== undefined;
  });
}

/** The page or database a rich text item mentions; undefined for any other item. */
export function mentionTarget(item: object): string | undefined {
  const o = item as Json;
  if (o.type !== 'mention' || typeof o.plain_text !== 'string' || typeof o.mention !== 'object' || o.mention === null) return undefined;
  const mention = o.mention as Json;
  if (mention.type !== 'page' && mention.type !== 'database') return undefined;
  const target = mention[mention.type as string] as { id?: unknown } | undefined;
  return typeof target?.id === 'string' ? target.id : undefined;
}

/**
 * The text search, filters, sorts, page URLs, child page titles and type conversions see of rich
 * text: its plain text, with every mention of a page or database read as "Untitled", whoever
 * reads. Stored once for all integrations, it can hold no title that one of them may not reach
 * (docs/decisions.md, "Searchable text of mentions").
 */
export function searchableText(items: readonly Pick<RichTextItem, 'plain_text'>[]): string {
  let out = '';
  for (const item of items) out += mentionTarget(item) === undefined ? item.plain_text : UNREACHED_TITLE;
  return out;
}
