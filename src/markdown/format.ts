// The two versions of Notion's markdown differ in a few rules only, so each version is a row of
// this table rather than a converter of its own: enhanced markdown (v1) and Notion-flavored
// Markdown (v2, the default from Notion-Version 2026-12-01). The renderer and the parser read
// these rules; what the table does not name is the same in both
// (https://developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown).
export type MarkdownVersion = 'v1' | 'v2';

export interface MarkdownFormat {
  version: MarkdownVersion;
  /** Between two sibling blocks: one newline in v1 (as recorded), a blank line in v2. */
  blockSeparator: string;
  /**
   * Whether a single newline starts a new block. In v2 it does not: lines up to a blank line are
   * one paragraph, joined by line breaks.
   */
  newlineStartsBlock: boolean;
  /**
   * How a block's children are nested outside lists: one tab deeper (v1), or inside the block's
   * tag form (`<p>`, `<quote>`, `<toggle>`, …) after a blank line, not indented (v2). Inside
   * lists both versions indent with tabs.
   */
  children: 'indent' | 'tag-form';
  /**
   * Where a block's colour goes: a `{color="…"}` list at the end of its first line (v1), or a
   * `color` attribute on its tag form (v2, where a trailing `{color="…"}` is literal text; list
   * items keep the list, docs/decisions.md).
   */
  blockColor: 'attribute-list' | 'tag-attribute';
  /** The toggle's form: `<details><summary>…</summary>` (v1) or `<toggle>` whose first line is the title (v2). */
  toggleTag: 'details' | 'toggle';
}

export const FORMATS: Readonly<Record<MarkdownVersion, MarkdownFormat>> = {
  v1: { version: 'v1', blockSeparator: '\n', newlineStartsBlock: true, children: 'indent', blockColor: 'attribute-list', toggleTag: 'details' },
  v2: { version: 'v2', blockSeparator: '\n\n', newlineStartsBlock: false, children: 'tag-form', blockColor: 'tag-attribute', toggleTag: 'toggle' },
};

/** The tag form of a block type in v2, for the types that have one besides their markdown form. */
export const TAG_FORMS: Readonly<Record<string, string>> = {
  paragraph: 'p',
  quote: 'quote',
  toggle: 'toggle',
  heading_1: 'h1',
  heading_2: 'h2',
  heading_3: 'h3',
  heading_4: 'h4',
};

/** List blocks: their children are tab-indented in both versions. */
export const LIST_TYPES: ReadonlySet<string> = new Set(['bulleted_list_item', 'numbered_list_item', 'to_do']);

/** Notion's colour names in markdown: `blue` and `blue_bg` for the API's `blue` and `blue_background`. */
export function colorToMarkdown(color: string): string | undefined {
  if (!color || color === 'default') return undefined;
  return color.endsWith('_background') ? `${color.slice(0, -'_background'.length)}_bg` : color;
}

const TEXT_COLORS = new Set(['gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red']);

/** The API colour of a markdown colour name; undefined for a name Notion does not know. */
export function colorFromMarkdown(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (name === 'default') return 'default';
  if (TEXT_COLORS.has(name)) return name;
  const base = name.replace(/_(bg|background)$/, '');
  return base !== name && TEXT_COLORS.has(base) ? `${base}_background` : undefined;
}
