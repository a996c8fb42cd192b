// Rich text <-> the inline part of Notion's markdown: annotations, links, equations, mentions,
// colours and underline as `<span>`, line breaks as `<br>`
// (https://developers.notion.com/guide/enhanced-markdown). Reading goes through micromark/mdast
// (CommonMark with GFM strikethrough and `$math$`); Notion's inline tags arrive as `html` nodes.
import type { Nodes, PhrasingContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import type { RichTextItemRequest } from '../schemas/common.js';
import type { RichTextItem } from '../rich-text.js';
import { escapeText } from './escape.js';
import { colorFromMarkdown, colorToMarkdown } from './format.js';

/** Notion's limit on the content of one rich text item. */
export const MAX_TEXT_CONTENT = 2000;

const PARSE_OPTIONS = {
  extensions: [gfm(), math()],
  mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()],
};

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Rich text -> markdown

/** A value for an attribute in double quotes. */
export const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function codeSpan(content: string): string {
  // The shortest run of backticks the content does not hold (https://spec.commonmark.org/0.31.2/#code-spans):
  // a short one also never reads as a code fence at the start of a line.
  const runs = new Set((content.match(/`+/g) ?? []).map((r) => r.length));
  let size = 1;
  while (runs.has(size)) size++;
  const fence = '`'.repeat(size);
  const pad = content.startsWith('`') || content.endsWith('`') || (/^ .* $/.test(content) && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function mentionMarkdown(item: RichTextItem): string {
  const m = item.mention as Json & { type: string };
  const body = m[m.type] as Json;
  switch (m.type) {
    case 'user':
      return `<mention-user url="user://${attr(String(body.id))}">${escapeText(item.plain_text.replace(/^@/, ''))}</mention-user>`;
    case 'page':
    case 'database':
      return `<mention-${m.type} url="${attr(item.href ?? '')}">${escapeText(item.plain_text)}</mention-${m.type}>`;
    case 'date': {
      const end = body.end ? ` end="${attr(String(body.end))}"` : '';
      const zone = body.time_zone ? ` timeZone="${attr(String(body.time_zone))}"` : '';
      return `<mention-date start="${attr(String(body.start))}"${end}${zone}/>`;
    }
    default:
      // Template mentions and the like have no tag: they read as their text.
      return escapeText(item.plain_text);
  }
}

function wrap(core: string, item: RichTextItem): string {
  const a = item.annotations;
  let out = core;
  if (a.strikethrough) out = `~~${out}~~`;
  if (a.italic) out = `*${out}*`;
  if (a.bold) out = `**${out}**`;
  const link = item.type === 'text' ? item.text?.link?.url : undefined;
  if (link) out = `[${out}](${link.replace(/[()\s<>]/g, encodeURIComponent)})`;
  if (a.underline) out = `<span underline="true">${out}</span>`;
  const color = colorToMarkdown(a.color);
  if (color) out = `<span color="${color}">${out}</span>`;
  return out;
}

function itemMarkdown(item: RichTextItem): string {
  if (item.type === 'equation') return wrap(`$${item.equation!.expression}$`, item);
  if (item.type === 'mention') return wrap(mentionMarkdown(item), item);
  const content = item.text?.content ?? item.plain_text;
  if (content === '') return '';
  const a = item.annotations;
  if (a.code) return wrap(content.split('\n').map(codeSpan).join('<br>'), item);
  const marked = a.bold || a.italic || a.strikethrough;
  // Emphasis cannot open or close on white space: it stays outside the markers.
  const [, lead, middle, trail] = marked ? /^(\s*)([\s\S]*?)(\s*)$/.exec(content)! : ['', '', content, ''];
  const text = (s: string) => escapeText(s).replace(/\n/g, '<br>');
  if (middle === '') return text(content);
  return `${text(lead!)}${wrap(text(middle!), item)}${text(trail!)}`;
}

const sameStyle = (a: RichTextItem, b: RichTextItem): boolean =>
  a.type === 'text' &&
  b.type === 'text' &&
  JSON.stringify(a.annotations) === JSON.stringify(b.annotations) &&
  (a.text?.link?.url ?? null) === (b.text?.link?.url ?? null);

/** The markdown of a rich text array; neighbouring runs of one style read as one. */
export function richTextToMarkdown(items: RichTextItem[]): string {
  const merged: RichTextItem[] = [];
  for (const item of items) {
    const last = merged[merged.length - 1];
    if (last && sameStyle(last, item)) {
      const content = (last.text?.content ?? '') + (item.text?.content ?? '');
      merged[merged.length - 1] = { ...last, text: { content, link: last.text?.link ?? null }, plain_text: content };
    } else merged.push(item);
  }
  return merged.map(itemMarkdown).join('');
}

// ---------------------------------------------------------------------------------------------
// Markdown -> rich text requests

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
  link: string | null;
}

const PLAIN: Style = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default', link: null };

/** The attributes of an html tag: `name="value"` pairs, entity-decoded. */
export function tagAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*"([^"]*)"/g)) out[m[1]!] = decodeEntities(m[2]!);
  return out;
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|amp|quot|lt|gt|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'quot') return '"';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'apos') return "'";
    return String.fromCodePoint(lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10));
  });
}

const HEX_ID = /([0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})(?![0-9a-f])/i;

/** The id a Notion URL names (`…-<32 hex>`, `user://<id>`, `{{user://<id>}}`), dashed. */
export function idFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = url.split('#')[0]!;
  const m = HEX_ID.exec(path.slice(-36)) ?? HEX_ID.exec(path);
  if (!m) return undefined;
  const hex = m[1]!.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

class InlineReader {
  readonly items: RichTextItemRequest[] = [];
  private spans: Array<Partial<Style>> = [];
  /** Inside `<mention-x …>…</mention-x>`: the text between is the name Notion shows, not content. */
  private inMention: string | null = null;

  constructor(private readonly source: string) {}

  private style(base: Style): Style {
    return Object.assign({ ...base }, ...this.spans) as Style;
  }

  private pushText(content: string, s: Style): void {
    if (content === '' || this.inMention) return;
    const annotations = { bold: s.bold, italic: s.italic, strikethrough: s.strikethrough, underline: s.underline, code: s.code, color: s.color };
    const last = this.items[this.items.length - 1];
    if (last && 'text' in last && JSON.stringify(last.annotations) === JSON.stringify(annotations) && (last.text.link?.url ?? null) === s.link) {
      last.text.content += content;
      return;
    }
    this.items.push({ type: 'text', text: { content, link: s.link ? { url: s.link } : null }, annotations } as RichTextItemRequest);
  }

  private pushOther(item: Json, s: Style): void {
    const annotations = { bold: s.bold, italic: s.italic, strikethrough: s.strikethrough, underline: s.underline, code: s.code, color: s.color };
    this.items.push({ ...item, annotations } as RichTextItemRequest);
  }

  private html(value: string, s: Style): void {
    const tag = /^<\s*(\/?)\s*([A-Za-z][-A-Za-z0-9_]*)([\s\S]*?)(\/?)\s*>$/.exec(value.trim());
    if (!tag) return this.pushText(value, s);
    const [, closing, rawName, rest, selfClosing] = tag;
    const name = rawName!.toLowerCase();
    const attrs = tagAttributes(rest!);
    if (name === 'br') return this.pushText('\n', s);
    if (name === 'span') {
      if (closing) this.spans.pop();
      else {
        const span: Partial<Style> = {};
        if (attrs.underline === 'true') span.underline = true;
        const color = colorFromMarkdown(attrs.color);
        if (color) span.color = color;
        this.spans.push(span);
      }
      return;
    }
    if (name.startsWith('mention-')) {
      if (closing) {
        this.inMention = null;
        return;
      }
      this.mention(name.slice('mention-'.length), attrs, s);
      if (!selfClosing) this.inMention = name;
      return;
    }
    this.pushText(value, s);
  }

  private mention(kind: string, attrs: Record<string, string>, s: Style): void {
    if (kind === 'date') {
      if (!attrs.start) return;
      const start = attrs.startTime ? `${attrs.start}T${attrs.startTime}` : attrs.start;
      const end = attrs.end ? (attrs.endTime ? `${attrs.end}T${attrs.endTime}` : attrs.end) : undefined;
      const date: Json = { start };
      if (end) date.end = end;
      if (attrs.timeZone) date.time_zone = attrs.timeZone;
      return this.pushOther({ type: 'mention', mention: { type: 'date', date } }, s);
    }
    const id = idFromUrl(attrs.url);
    if (!id) return;
    if (kind === 'user') return this.pushOther({ type: 'mention', mention: { type: 'user', user: { id } } }, s);
    if (kind === 'page') return this.pushOther({ type: 'mention', mention: { type: 'page', page: { id } } }, s);
    // A data source is mentioned as the database that holds it would be.
    if (kind === 'database' || kind === 'data-source') return this.pushOther({ type: 'mention', mention: { type: 'database', database: { id } } }, s);
  }

  visit(node: Nodes, s: Style): void {
    switch (node.type) {
      case 'text':
        return this.pushText(node.value, this.style(s));
      case 'strong':
        return this.children(node.children, { ...s, bold: true });
      case 'emphasis':
        return this.children(node.children, { ...s, italic: true });
      case 'delete':
        return this.children(node.children, { ...s, strikethrough: true });
      case 'inlineCode':
        return this.pushText(node.value, this.style({ ...s, code: true }));
      case 'inlineMath':
        if (!this.inMention) this.pushOther({ type: 'equation', equation: { expression: node.value } }, this.style(s));
        return;
      case 'break':
        return this.pushText('\n', this.style(s));
      case 'html':
        return this.html(node.value, this.style(s));
      case 'link': {
        // GFM reads a bare address as a link; Notion keeps such text as it is.
        const start = node.position?.start.offset;
        if (start !== undefined && this.source[start] !== '[') return this.raw(node, s);
        return this.children(node.children, { ...s, link: node.url });
      }
      case 'image':
        return this.raw(node, s);
      default:
        if ('children' in node) return this.children(node.children as Nodes[], s);
        if ('value' in node) return this.raw(node, s);
    }
  }

  private raw(node: Nodes, s: Style): void {
    const { start, end } = node.position ?? {};
    if (start?.offset === undefined || end?.offset === undefined) return;
    this.pushText(this.source.slice(start.offset, end.offset), this.style(s));
  }

  children(nodes: Array<Nodes | PhrasingContent>, s: Style): void {
    for (const n of nodes) this.visit(n as Nodes, s);
  }
}

/** Split runs longer than Notion's 2,000 characters into several items of the same style. */
function splitLong(items: RichTextItemRequest[]): RichTextItemRequest[] {
  return items.flatMap((item) => {
    if (!('text' in item) || item.text.content.length <= MAX_TEXT_CONTENT) return [item];
    const chars = Array.from(item.text.content);
    const out: RichTextItemRequest[] = [];
    for (let i = 0; i < chars.length; i += MAX_TEXT_CONTENT) {
      out.push({ ...item, text: { ...item.text, content: chars.slice(i, i + MAX_TEXT_CONTENT).join('') } });
    }
    return out;
  });
}

/** The rich text request items of one line (or cell) of inline markdown. */
export function markdownToRichText(source: string): RichTextItemRequest[] {
  if (source === '') return [];
  const tree = fromMarkdown(source, PARSE_OPTIONS);
  const reader = new InlineReader(source);
  tree.children.forEach((block, i) => {
    if (i > 0) reader.children([{ type: 'text', value: '\n' }], PLAIN);
    reader.visit(block, PLAIN);
  });
  return splitLong(reader.items);
}
