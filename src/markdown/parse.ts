// Notion's markdown -> block requests. The block structure (one block per line, children one tab
// deeper, Notion's block tags) is read line by line here; the text inside each block, and GFM pipe
// tables, go through micromark/mdast (docs/decisions.md, "Markdown content").
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Table } from 'mdast';
import { CODE_LANGUAGES } from '../schemas/blocks.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import { colorFromMarkdown, FORMATS, TAG_FORMS, type MarkdownFormat } from './format.js';
import { idFromUrl, markdownToRichText, tagAttributes } from './inline.js';

type Json = Record<string, unknown>;

/** A new block to create: its type, its request payload (without children) and its children. */
export interface NewMarkdownBlock {
  kind: 'new';
  type: string;
  payload: Json;
  children: ParsedBlock[];
}

/**
 * A tag naming a block that exists (`<page url>`, `<database url>`, `<unknown url>`): the block
 * is kept where the tag stands (https://developers.notion.com/reference/update-page-markdown).
 */
export interface ExistingBlockRef {
  kind: 'existing';
  id: string;
  tag: 'page' | 'database' | 'unknown';
  /** A `<page>` without a url: a new child page of this title. */
  title?: string;
}

export type ParsedBlock = NewMarkdownBlock | ExistingBlockRef;

const LANGUAGES: ReadonlySet<string> = new Set(CODE_LANGUAGES);
const LANGUAGE_ALIASES: Record<string, string> = {
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  sh: 'shell',
  zsh: 'shell',
  yml: 'yaml',
  md: 'markdown',
  rb: 'ruby',
  rs: 'rust',
  text: 'plain text',
  txt: 'plain text',
  plaintext: 'plain text',
  console: 'shell',
  jsonc: 'json',
  cpp: 'c++',
  csharp: 'c#',
  cs: 'c#',
  dockerfile: 'docker',
  tsx: 'typescript',
  jsx: 'javascript',
};

/** A fence's info string as a Notion language; anything Notion does not know is plain text. */
function languageOf(info: string): string {
  const lower = info.trim().toLowerCase();
  if (LANGUAGES.has(lower)) return lower;
  const first = lower.split(/\s+/)[0] ?? '';
  if (LANGUAGES.has(first)) return first;
  return LANGUAGE_ALIASES[first] ?? 'plain text';
}

const ATTR_LIST = /\s*\{((?:\s*[A-Za-z-]+="[^"]*")+)\s*\}\s*$/;

/** A line's text and the `{key="value"}` list at its end. */
function splitAttrs(line: string): { text: string; attrs: Record<string, string> } {
  const m = ATTR_LIST.exec(line);
  // A `{` after an odd run of backslashes is an escaped brace of the text, not an attribute list.
  const slashes = m ? /\\*$/.exec(line.slice(0, m.index + m[0].indexOf('{')))![0].length : 0;
  if (!m || slashes % 2 === 1) return { text: line, attrs: {} };
  return { text: line.slice(0, m.index), attrs: tagAttributes(m[1]!) };
}

const newBlock = (type: string, payload: Json, children: ParsedBlock[] = []): NewMarkdownBlock => ({ kind: 'new', type, payload, children });

function withColor(payload: Json, name: string | undefined): Json {
  const color = colorFromMarkdown(name);
  if (color) payload.color = color;
  return payload;
}

/** Lines that belong to a block one level down: one leading tab fewer. */
const dedent = (lines: string[]): string[] => lines.map((l) => (l.startsWith('\t') ? l.slice(1) : l.replace(/^ {1,4}/, '')));

/**
 * Markdown written with spaces (two or four a level, as most editors write nested lists) is read
 * as if written with tabs; fenced code keeps its own indentation.
 */
function spacesToTabs(lines: string[]): string[] {
  const widths = lines.map((l) => /^( +)\S/.exec(l)?.[1]!.length).filter((n): n is number => n !== undefined);
  if (widths.length === 0) return lines;
  const unit = Math.max(2, Math.min(4, Math.min(...widths)));
  const tabsFor = (lead: string) => '\t'.repeat((lead.match(/\t/g) ?? []).length + Math.floor((lead.replace(/\t/g, '').length + 1) / unit));
  // Inside a fence, only the fence's own indentation is converted; the code keeps the rest.
  let fence: { marker: string; lead: string; tabs: string } | null = null;
  return lines.map((line) => {
    const lead = /^([\t ]*)/.exec(line)![1]!;
    if (fence) {
      const rest = line.startsWith(fence.lead) ? line.slice(fence.lead.length) : line.trimStart();
      if (rest.trim().startsWith(fence.marker) && rest.trim().replace(/[`~]/g, '') === '') fence = null;
      return (fence ? fence.tabs : tabsFor(lead)) + rest;
    }
    const open = /^[\t ]*(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) fence = { marker: open[1]!, lead, tabs: tabsFor(lead) };
    return lead.includes(' ') ? tabsFor(lead) + line.slice(lead.length) : line;
  });
}

const TAG_TYPES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TAG_FORMS).map(([type, tag]) => [tag, type]));

/** A line that starts a block of its own in v2; any other line continues the paragraph above it. */
const STARTS_BLOCK =
  /^(?:\s*$|\t|#{1,6}(?:\s|$)|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|<(?!span|mention|br|\/)[a-z]|`{3}|~{3}|\$\$|\||:{3}|!\[|(?:-{3,}|\*{3,}|_{3,})\s*$)/;
const LIST_LINE = /^(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;

class BlockReader {
  private i = 0;
  constructor(
    private readonly lines: string[],
    private readonly format: MarkdownFormat = FORMATS.v1,
  ) {}

  private reader(lines: string[]): BlockReader {
    return new BlockReader(lines, this.format);
  }

  /**
   * The lines inside a container tag as its own level: one tab less in v1; in v2, where they are
   * not indented, as they stand (unless every one is indented, as v1 writes them).
   */
  private inner(lines: string[]): string[] {
    if (this.format.children === 'indent') return dedent(lines);
    return lines.every((l) => l.trim() === '' || l.startsWith('\t')) ? dedent(lines) : lines;
  }

  read(): ParsedBlock[] {
    const out: ParsedBlock[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.trim() === '') {
        this.i++;
        continue;
      }
      if (line.startsWith('\t')) {
        // Indented without a parent: read as if it were not indented.
        const block = this.childrenOf();
        out.push(...this.reader(block).read());
        continue;
      }
      out.push(...this.block(line));
    }
    return out;
  }

  /** The lines one level deeper that follow, dedented. */
  private childrenOf(): string[] {
    const start = this.i;
    while (this.i < this.lines.length && (this.lines[this.i]!.startsWith('\t') || this.lines[this.i]!.trim() === '')) this.i++;
    // Trailing blank lines belong to no one.
    let end = this.i;
    while (end > start && this.lines[end - 1]!.trim() === '') end--;
    this.i = end;
    return dedent(this.lines.slice(start, end));
  }

  private children(): ParsedBlock[] {
    return this.reader(this.childrenOf()).read();
  }

  /** v2: the lines after a paragraph's first that continue it, up to a blank line or a block's start. */
  private continuation(): string[] {
    const more: string[] = [];
    while (!this.format.newlineStartsBlock && this.i < this.lines.length && !STARTS_BLOCK.test(this.lines[this.i]!)) more.push(this.lines[this.i++]!.trimEnd());
    return more;
  }

  /** Lines up to the closing line (`close` at this level), which is consumed. */
  private until(close: (line: string) => boolean): string[] {
    const start = this.i;
    while (this.i < this.lines.length && !close(this.lines[this.i]!)) this.i++;
    const inner = this.lines.slice(start, this.i);
    if (this.i < this.lines.length) this.i++;
    return inner;
  }

  /**
   * Lines up to the tag's closing line, which is consumed. In v1 it stands at this level (a nested
   * one is indented); in v2 nothing is, so tags of the same name opened inside are counted.
   */
  private untilTag(name: string): string[] {
    if (this.format.children === 'indent') return this.until((l) => l.trimEnd() === `</${name}>`);
    const opens = new RegExp(`^<${name}(?:\\s[^>]*?)?>(?!.*</${name}>\\s*$)`);
    let depth = 0;
    return this.until((l) => {
      const line = l.trim();
      if (line === `</${name}>`) return depth-- === 0;
      if (opens.test(line)) depth++;
      return false;
    });
  }

  private block(line: string): ParsedBlock[] {
    this.i++;
    const trimmed = line.trimEnd();

    const fence = /^(`{3,}|~{3,})\s*(.*)$/.exec(trimmed);
    // A backtick fence's info string holds no backtick: "``` `` ```" is a code span, not a fence
    // (https://spec.commonmark.org/0.31.2/#fenced-code-blocks).
    if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
      const marker = fence[1]!;
      const body = this.until((l) => l.trim().startsWith(marker) && l.trim().replace(marker[0] === '`' ? /`/g : /~/g, '') === '');
      return [newBlock('code', { rich_text: textItems(body.join('\n')), language: languageOf(fence[2]!) })];
    }
    if (trimmed === '$$') {
      const body = this.until((l) => l.trim() === '$$');
      return [newBlock('equation', { expression: body.join('\n') })];
    }
    const oneLineMath = /^\$\$(.+)\$\$$/.exec(trimmed);
    if (oneLineMath) return [newBlock('equation', { expression: oneLineMath[1]!.trim() })];

    const tag = /^<([a-z][a-z0-9_-]*)(\s[^>]*?)?(\/?)>(.*)$/.exec(trimmed);
    if (tag) {
      const parsed = this.tagBlock(tag[1]!, tag[2] ?? '', tag[3] === '/', tag[4]!, trimmed);
      if (parsed) return parsed;
    }
    const fencedDiv = /^:{3,}\s*callout\s*(.*)$/.exec(trimmed);
    if (fencedDiv) {
      const attrs = splitAttrs(fencedDiv[1]!).attrs;
      const inner = this.inner(this.until((l) => /^:{3,}\s*$/.test(l.trim())));
      return [this.callout(attrs, this.reader(inner).read())];
    }
    if (trimmed.startsWith('|')) return [this.pipeTable(line)];

    // v2 keeps a trailing `{color="…"}` as text, except on list items (docs/decisions.md).
    const { text, attrs } = this.format.blockColor === 'attribute-list' || LIST_LINE.test(trimmed) ? splitAttrs(trimmed) : { text: trimmed, attrs: {} };
    const heading = /^(#{1,6})\s+(.*)$/.exec(text) ?? /^(#{1,6})$/.exec(text);
    if (heading) {
      const level = Math.min(4, heading[1]!.length);
      const toggle = attrs.toggle === 'true';
      const payload = withColor({ rich_text: markdownToRichText(heading[2] ?? '') }, attrs.color);
      if (toggle) payload.is_toggleable = true;
      const children = this.children();
      // Only a toggle heading holds children; under any other they follow it.
      return toggle ? [newBlock(`heading_${level}`, payload, children)] : [newBlock(`heading_${level}`, payload), ...children];
    }
    const todo = /^[-*+]\s+\[([ xX])\](?:\s+(.*))?$/.exec(text);
    if (todo) {
      const payload = withColor({ rich_text: markdownToRichText(todo[2] ?? ''), checked: todo[1] !== ' ' }, attrs.color);
      return [newBlock('to_do', payload, this.children())];
    }
    if (/^(-{3,}|\*{3,}|_{3,})$/.test(text.replace(/\s/g, ''))) return [newBlock('divider', {})];
    const bullet = /^[-*+](?:\s+(.*))?$/.exec(text);
    if (bullet) return [newBlock('bulleted_list_item', withColor({ rich_text: markdownToRichText(bullet[1] ?? '') }, attrs.color), this.children())];
    const numbered = /^\d{1,9}[.)](?:\s+(.*))?$/.exec(text);
    if (numbered) return [newBlock('numbered_list_item', withColor({ rich_text: markdownToRichText(numbered[1] ?? '') }, attrs.color), this.children())];
    const quote = /^>\s?(.*)$/.exec(text);
    if (quote) return [newBlock('quote', withColor({ rich_text: markdownToRichText(quote[1]!) }, attrs.color), this.children())];
    const image = /^!\[(.*)\]\((\S+?)(?:\s+"[^"]*")?\)$/.exec(text);
    if (image) return [newBlock('image', { caption: markdownToRichText(image[1]!), external: { url: decodeUrl(image[2]!) } })];
    const lines = [text, ...this.continuation()].join('\n');
    return [newBlock('paragraph', withColor({ rich_text: markdownToRichText(lines) }, attrs.color), this.children())];
  }

  private tagBlock(name: string, rawAttrs: string, selfClosing: boolean, rest: string, line: string): ParsedBlock[] | undefined {
    const attrs = tagAttributes(rawAttrs);
    const tagType = this.format.children === 'tag-form' ? TAG_TYPES[name] : undefined;
    if (tagType) return this.tagForm(tagType, name, attrs, rest);
    switch (name) {
      case 'empty-block':
        return [newBlock('paragraph', withColor({ rich_text: [] }, attrs.color))];
      case 'table_of_contents':
        return [newBlock('table_of_contents', withColor({}, attrs.color))];
      case 'unknown': {
        const id = idFromUrl(attrs.url?.split('#')[1] ?? attrs.url);
        return id ? [{ kind: 'existing', id, tag: 'unknown' }] : [];
      }
      case 'page':
      case 'database': {
        const inner = new RegExp(`^(.*)</${name}>$`).exec(rest);
        const title = unescapeTitle(inner ? inner[1]! : rest);
        const id = idFromUrl(attrs.url);
        if (id) return [{ kind: 'existing', id, tag: name }];
        return name === 'page' ? [{ kind: 'existing', id: '', tag: 'page', title }] : [];
      }
      case 'audio':
      case 'video':
      case 'file':
      case 'pdf': {
        if (!attrs.src) return undefined;
        const caption = new RegExp(`^(.*)</${name}>$`).exec(rest)?.[1] ?? '';
        return [newBlock(name, { caption: markdownToRichText(caption), external: { url: attrs.src } })];
      }
      case 'details': {
        const inner = this.inner(this.untilTag('details'));
        const first = inner.findIndex((l) => l.trim() !== '');
        const summary = first >= 0 ? /^\s*<summary>(.*)<\/summary>\s*$/.exec(inner[first]!) : null;
        const body = summary ? inner.slice(first + 1) : inner;
        return [newBlock('toggle', withColor({ rich_text: markdownToRichText(summary?.[1] ?? '') }, attrs.color), this.reader(body).read())];
      }
      case 'callout': {
        if (selfClosing) return [this.callout(attrs, [])];
        return [this.callout(attrs, this.reader(this.inner(this.untilTag('callout'))).read())];
      }
      case 'columns': {
        const inner = this.inner(this.untilTag('columns'));
        const columns = this.reader(inner)
          .read()
          .filter((b) => b.kind === 'new' && b.type === 'column');
        return columns.length > 0 ? [newBlock('column_list', {}, columns)] : [];
      }
      case 'column':
        return [newBlock('column', {}, this.reader(this.inner(this.untilTag('column'))).read())];
      case 'synced_block': {
        const inner = selfClosing ? [] : this.inner(this.untilTag('synced_block'));
        return [newBlock('synced_block', { synced_from: null }, this.reader(inner).read())];
      }
      case 'synced_block_reference': {
        if (!selfClosing) this.untilTag('synced_block_reference');
        const id = idFromUrl(attrs.url?.split('#')[1] ?? attrs.url);
        return id ? [newBlock('synced_block', { synced_from: { block_id: id } })] : [];
      }
      case 'table':
        return [this.htmlTable(attrs, this.untilTag('table'))];
      default:
        // Some other html: the line is a paragraph of text.
        void line;
        return undefined;
    }
  }

  /**
   * v2's tag form of a paragraph, quote, toggle or heading: `<p color="…">text</p>` on one line,
   * or the text on the lines after the tag, a blank line, and the children, up to `</p>`.
   */
  private tagForm(type: string, tag: string, attrs: Record<string, string>, rest: string): ParsedBlock[] {
    const oneLine = new RegExp(`^(.*)</${tag}>\\s*$`).exec(rest);
    let text = oneLine ? oneLine[1]! : rest;
    let children: ParsedBlock[] = [];
    if (!oneLine) {
      const inner = this.inner(this.untilTag(tag));
      const blank = inner.findIndex((l) => l.trim() === '');
      const own = blank < 0 ? inner : inner.slice(0, blank);
      text = [text, ...own.map((l) => l.trim())].filter((l) => l !== '').join('\n');
      children = blank < 0 ? [] : this.reader(inner.slice(blank + 1)).read();
    }
    const payload = withColor({ rich_text: markdownToRichText(text) }, attrs.color);
    if (!type.startsWith('heading_')) return [newBlock(type, payload, children)];
    if (attrs.toggle === 'true') return [newBlock(type, { ...payload, is_toggleable: true }, children)];
    // Only a toggle heading holds children; under any other they follow it.
    return [newBlock(type, payload), ...children];
  }

  private callout(attrs: Record<string, string>, body: ParsedBlock[]): ParsedBlock {
    const payload: Json = {};
    if (attrs.icon) payload.icon = /^https?:\/\//.test(attrs.icon) ? { external: { url: attrs.icon } } : { emoji: attrs.icon };
    withColor(payload, attrs.color);
    // The first line of text is the callout's own; the rest are its children.
    const first = body[0];
    if (first?.kind === 'new' && first.type === 'paragraph' && first.children.length === 0) {
      payload.rich_text = first.payload.rich_text;
      return newBlock('callout', payload, body.slice(1));
    }
    payload.rich_text = [];
    return newBlock('callout', payload, body);
  }

  private htmlTable(attrs: Record<string, string>, inner: string[]): ParsedBlock {
    const source = inner.map((l) => l.trim()).join('\n');
    const rows: RichTextItemRequest[][][] = [];
    for (const tr of source.matchAll(/<tr(?:\s[^>]*)?>([\s\S]*?)<\/tr>/g)) {
      const cells = [...tr[1]!.matchAll(/<t[dh](?:\s[^>]*)?>([\s\S]*?)<\/t[dh]>/g)].map((m) => markdownToRichText(m[1]!.trim()));
      rows.push(cells);
    }
    return tableBlock(rows, attrs['header-row'] === 'true', attrs['header-column'] === 'true');
  }

  private pipeTable(first: string): ParsedBlock {
    const lines = [first];
    while (this.i < this.lines.length && this.lines[this.i]!.trimStart().startsWith('|')) lines.push(this.lines[this.i++]!);
    const tree = fromMarkdown(lines.join('\n'), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    const table = tree.children.find((n): n is Table => n.type === 'table');
    if (!table) return newBlock('paragraph', { rich_text: markdownToRichText(lines.join('<br>')) });
    const source = lines.join('\n');
    const rows = table.children.map((row) =>
      row.children.map((cell) => {
        const start = cell.children[0]?.position?.start.offset;
        const end = cell.children[cell.children.length - 1]?.position?.end.offset;
        return start === undefined || end === undefined ? [] : markdownToRichText(source.slice(start, end).replace(/\\\|/g, '|'));
      }),
    );
    // A pipe table always has a header row.
    return tableBlock(rows, true, false);
  }
}

function tableBlock(rows: RichTextItemRequest[][][], header: boolean, rowHeader: boolean): ParsedBlock {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const children = rows.map((cells) => newBlock('table_row', { cells: [...cells, ...Array.from({ length: width - cells.length }, () => [])] }));
  return newBlock('table', { table_width: width, has_column_header: header, has_row_header: rowHeader }, children);
}

function textItems(content: string): RichTextItemRequest[] {
  const items: RichTextItemRequest[] = [];
  const chars = Array.from(content);
  for (let i = 0; i < chars.length; i += 2000) items.push({ type: 'text', text: { content: chars.slice(i, i + 2000).join('') } } as RichTextItemRequest);
  return items;
}

const decodeUrl = (url: string): string => url.replace(/^<|>$/g, '');
const unescapeTitle = (title: string): string => title.replace(/\\([\\<>])/g, '$1');

/** The blocks a markdown document describes. */
export function parseMarkdown(markdown: string, format: MarkdownFormat = FORMATS.v1): ParsedBlock[] {
  const lines = spacesToTabs(markdown.replace(/\r\n?/g, '\n').split('\n'));
  return new BlockReader(lines, format).read();
}
