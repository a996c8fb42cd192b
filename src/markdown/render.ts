// Blocks -> Notion's markdown: one block per line group, children one tab deeper, blocks without a
// markdown form as `<unknown url alt/>` (https://developers.notion.com/guide/enhanced-markdown).
import { dashless, pageUrl } from '../urls.js';
import type { RichTextItem } from '../rich-text.js';
import { escapeLineStart } from './escape.js';
import { FORMATS, LIST_TYPES, TAG_FORMS, colorToMarkdown, type MarkdownFormat } from './format.js';
import { attr, richTextToMarkdown } from './inline.js';

type Json = Record<string, unknown>;

/** A block as stored (response-form content) with its children, whatever store it came from. */
export interface RenderBlock {
  id: string;
  type: string;
  content: Json;
  children: RenderBlock[];
  /** Title of a child page or database. */
  title?: string;
  /** Whether a child database is shown inline. */
  inline?: boolean;
  /** A linked database whose data source the reader cannot read: shown as an unknown block. */
  unreadable?: boolean;
}

export interface RenderOptions {
  urlBase: string;
  /** The page the blocks belong to: unknown blocks link into it. */
  pageId: string;
  format?: MarkdownFormat;
}

export interface RenderResult {
  markdown: string;
  unknownBlockIds: string[];
}

const rich = (content: Json): string => richTextToMarkdown((content.rich_text as RichTextItem[] | undefined) ?? []);
const plain = (items: unknown): string => ((items as RichTextItem[] | undefined) ?? []).map((i) => i.plain_text).join('');

/** `{color="…"}` and other attributes at the end of a block's first line. */
function attrList(pairs: Array<[string, string | undefined]>): string {
  const set = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  return set.length === 0 ? '' : ` {${set.map(([k, v]) => `${k}="${attr(v)}"`).join(' ')}}`;
}

/** ` name="value"` pairs of a tag, the unset ones left out. */
function tagAttrs(pairs: Array<[string, string | undefined]>): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${attr(v)}"`)
    .join('');
}

/** Trailing white space would be dropped by a reader: the last one is kept as a reference. */
const keepTrailing = (line: string): string => line.replace(/[ \t]$/, (c) => (c === ' ' ? '&#32;' : '&#9;'));

const textLine = (content: Json): string => keepTrailing(escapeLineStart(rich(content)));

function mediaUrl(content: Json): string {
  const file = (content.external ?? content.file) as { url?: string } | undefined;
  return file?.url ?? '';
}

function iconAttr(icon: unknown): string | undefined {
  const i = icon as { type?: string; emoji?: string; external?: { url: string }; file?: { url: string } } | null | undefined;
  if (!i) return undefined;
  if (i.type === 'emoji') return i.emoji;
  if (i.type === 'external') return i.external?.url;
  if (i.type === 'file') return i.file?.url;
  return undefined;
}

class Renderer {
  readonly unknown: string[] = [];
  constructor(readonly o: Required<RenderOptions>) {}

  private blockUrl(id: string): string {
    return `${this.o.urlBase}${dashless(this.o.pageId)}#${dashless(id)}`;
  }

  blocks(list: RenderBlock[], depth: number): string[] {
    const out: string[] = [];
    list.forEach((b, i) => {
      const lines = this.block(b, depth, i > 0 ? list[i - 1] : undefined);
      out.push(lines.join('\n'));
    });
    return out;
  }

  private indent(depth: number, lines: string[]): string[] {
    const pad = '\t'.repeat(depth);
    return lines.map((l) => pad + l);
  }

  private get tagForms(): boolean {
    return this.o.format.children === 'tag-form';
  }

  private withChildren(first: string, b: RenderBlock, depth: number): string[] {
    return [...this.indent(depth, [first]), ...this.childLines(b.children, depth + 1)];
  }

  private childLines(children: RenderBlock[], depth: number): string[] {
    return children.length === 0 ? [] : this.blocks(children, depth).join(this.o.format.blockSeparator).split('\n');
  }

  /** The children of a container tag: one tab deeper in v1, at the tag's own depth in v2. */
  private innerLines(children: RenderBlock[], depth: number): string[] {
    return this.childLines(children, this.tagForms ? depth : depth + 1);
  }

  private tagged(open: string, close: string, inner: string[], depth: number): string[] {
    return [...this.indent(depth, [open]), ...inner, ...this.indent(depth, [close])];
  }

  /**
   * v2's tag form of a block (`<p color="…">`): on one line without children; with them the text
   * on its own line, then a blank line and the children, not indented.
   */
  private tagForm(b: RenderBlock, depth: number, attrs: Array<[string, string | undefined]>, text: string): string[] {
    const tag = TAG_FORMS[b.type]!;
    const open = `<${tag}${tagAttrs(attrs)}>`;
    if (b.children.length === 0) return this.indent(depth, [`${open}${text}</${tag}>`]);
    return this.tagged(open, `</${tag}>`, [...this.indent(depth, [text]), '', ...this.childLines(b.children, depth)], depth);
  }

  /** Whether a block is written in its v2 tag form: one with children (outside lists) or a colour. */
  private inTagForm(b: RenderBlock, color: string | undefined): boolean {
    return this.tagForms && !LIST_TYPES.has(b.type) && (b.children.length > 0 || color !== undefined);
  }

  block(b: RenderBlock, depth: number, previous?: RenderBlock): string[] {
    const c = b.content;
    const color = colorToMarkdown(String(c.color ?? 'default'));
    switch (b.type) {
      case 'paragraph': {
        const text = textLine(c);
        if (text === '' && b.children.length === 0) return this.indent(depth, [`<empty-block${this.blockColor(color)}/>`]);
        if (this.inTagForm(b, color)) return this.tagForm(b, depth, [['color', color]], text);
        return this.withChildren(text + attrList([['color', color]]), b, depth);
      }
      case 'heading_1':
      case 'heading_2':
      case 'heading_3':
      case 'heading_4':
        return this.heading(b, depth, color);
      case 'bulleted_list_item':
        return this.withChildren(`- ${textLine(c)}${attrList([['color', color]])}`, b, depth);
      case 'numbered_list_item': {
        // Consecutive items count up, as a reader of the markdown expects.
        const n = previous?.type === 'numbered_list_item' ? ((previous as RenderBlock & { n?: number }).n ?? 1) + 1 : 1;
        (b as RenderBlock & { n?: number }).n = n;
        return this.withChildren(`${n}. ${textLine(c)}${attrList([['color', color]])}`, b, depth);
      }
      case 'to_do':
        return this.withChildren(`- [${c.checked === true ? 'x' : ' '}] ${textLine(c)}${attrList([['color', color]])}`, b, depth);
      case 'quote':
        if (this.inTagForm(b, color)) return this.tagForm(b, depth, [['color', color]], textLine(c));
        return this.withChildren(`> ${textLine(c)}${attrList([['color', color]])}`, b, depth);
      case 'toggle':
        if (this.tagForms) return this.tagForm(b, depth, [['color', color]], textLine(c));
        return this.tagged(
          `<details${tagAttrs([['color', color]])}>`,
          '</details>',
          [...this.indent(depth + 1, [`<summary>${textLine(c)}</summary>`]), ...this.childLines(b.children, depth + 1)],
          depth,
        );
      case 'callout': {
        const text = textLine(c);
        const own = text === '' ? [] : this.indent(this.tagForms ? depth : depth + 1, [text]);
        const inner = [...own, ...(own.length > 0 && b.children.length > 0 && this.tagForms ? [''] : []), ...this.innerLines(b.children, depth)];
        return this.tagged(
          `<callout${tagAttrs([
            ['icon', iconAttr(c.icon)],
            ['color', color],
          ])}>`,
          '</callout>',
          inner,
          depth,
        );
      }
      case 'code': {
        const body = plain(c.rich_text);
        const longest = Math.max(2, ...(body.match(/^`{3,}/gm) ?? []).map((r) => r.length));
        const fence = '`'.repeat(longest + 1);
        const language = String(c.language ?? 'plain text');
        return this.indent(depth, [`${fence}${language}`, ...body.split('\n'), fence]);
      }
      case 'equation':
        return this.indent(depth, ['$$', ...String(c.expression ?? '').split('\n'), '$$']);
      case 'divider':
        return this.indent(depth, ['---']);
      case 'table_of_contents':
        return this.indent(depth, [`<table_of_contents${tagAttrs([['color', color]])}/>`]);
      case 'table':
        return this.table(b, depth);
      case 'column_list':
        return this.tagged(
          '<columns>',
          '</columns>',
          b.children.flatMap((col) => this.tagged('<column>', '</column>', this.innerLines(col.children, depth + 1), this.tagForms ? depth : depth + 1)),
          depth,
        );
      case 'image':
      case 'audio':
      case 'video':
      case 'file':
      case 'pdf':
        return this.media(b, depth);
      case 'child_page':
        return this.indent(depth, [`<page url="${attr(pageUrl(this.o.urlBase, b.id, b.title ?? ''))}">${escapeTitle(b.title)}</page>`]);
      case 'child_database':
        if (b.unreadable) return this.unknownBlock(b, depth);
        return this.indent(depth, [
          `<database url="${attr(`${this.o.urlBase}${dashless(b.id)}`)}" inline="${b.inline === false ? 'false' : 'true'}">${escapeTitle(b.title)}</database>`,
        ]);
      case 'synced_block': {
        const from = c.synced_from as { block_id: string } | null;
        if (from) return this.indent(depth, [`<synced_block_reference url="${attr(this.blockUrl(from.block_id))}"/>`]);
        return this.tagged(`<synced_block url="${attr(this.blockUrl(b.id))}">`, '</synced_block>', this.innerLines(b.children, depth), depth);
      }
      default:
        return this.unknownBlock(b, depth);
    }
  }

  private unknownBlock(b: RenderBlock, depth: number): string[] {
    this.unknown.push(b.id);
    return this.indent(depth, [`<unknown url="${attr(this.blockUrl(b.id))}" alt="${attr(b.type)}"/>`]);
  }

  /** A colour as the format writes it on a self-closing tag: an attribute in v2, an attribute list in v1. */
  private blockColor(color: string | undefined): string {
    return this.o.format.blockColor === 'tag-attribute' ? tagAttrs([['color', color]]) : attrList([['color', color]]);
  }

  private heading(b: RenderBlock, depth: number, color: string | undefined): string[] {
    const level = Number(b.type.slice(-1));
    const toggle = b.content.is_toggleable === true ? 'true' : undefined;
    if (this.tagForms && (toggle !== undefined || color !== undefined)) {
      return this.tagForm(
        b,
        depth,
        [
          ['toggle', toggle],
          ['color', color],
        ],
        textLine(b.content),
      );
    }
    const attrs = attrList([
      ['toggle', toggle],
      ['color', color],
    ]);
    // A heading's text that would start another block (a lone `-` reads as an empty heading) is escaped as a line's is.
    return this.withChildren(`${'#'.repeat(level)} ${textLine(b.content)}${attrs}`, b, depth);
  }

  private media(b: RenderBlock, depth: number): string[] {
    const c = b.content;
    const caption = richTextToMarkdown((c.caption as RichTextItem[]) ?? []);
    if (b.type === 'image') return this.indent(depth, [`![${caption}](${mediaUrl(c).replace(/[()\s]/g, encodeURIComponent)})`]);
    return this.indent(depth, [`<${b.type} src="${attr(mediaUrl(c))}">${caption}</${b.type}>`]);
  }

  private table(b: RenderBlock, depth: number): string[] {
    const c = b.content;
    const open = `<table${tagAttrs([
      ['header-row', c.has_column_header === true ? 'true' : undefined],
      ['header-column', c.has_row_header === true ? 'true' : undefined],
    ])}>`;
    // v2 indents nothing outside lists: rows and cells stand at the table's depth.
    const step = this.tagForms ? 0 : 1;
    const rows = b.children.flatMap((row) => {
      const cells = ((row.content.cells as RichTextItem[][] | undefined) ?? []).map((cell) => `<td>${richTextToMarkdown(cell)}</td>`);
      return this.tagged('<tr>', '</tr>', this.indent(depth + 2 * step, cells), depth + step);
    });
    return this.tagged(open, '</table>', rows, depth);
  }
}

const escapeTitle = (title: string | undefined): string => (title ?? '').replace(/[\\<>]/g, (ch) => `\\${ch}`);

/** The markdown of a list of sibling blocks (with their subtrees). */
export function renderMarkdown(blocks: RenderBlock[], options: RenderOptions): RenderResult {
  const r = new Renderer({ format: FORMATS.v1, ...options });
  const markdown = r.blocks(blocks, 0).join(r.o.format.blockSeparator);
  return { markdown, unknownBlockIds: r.unknown };
}

/** Each top-level block's markdown on its own, to compare two versions of a page block by block. */
export function renderEach(blocks: RenderBlock[], options: RenderOptions): string[] {
  const r = new Renderer({ format: FORMATS.v1, ...options });
  return r.blocks(blocks, 0);
}
