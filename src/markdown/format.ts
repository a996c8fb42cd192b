// The two versions of Notion's markdown differ in a few rules only, so each version is a row of
// this table rather than a converter of its own
// (https://developers.notion.com/guide/migrate-to-notion-flavored-markdown).
export type MarkdownVersion = 'v1' | 'v2';

export interface MarkdownFormat {
  version: MarkdownVersion;
  /** Between two sibling blocks: one newline in v1 (as recorded), a blank line in v2. */
  blockSeparator: string;
}

export const FORMATS: Readonly<Record<MarkdownVersion, MarkdownFormat>> = {
  v1: { version: 'v1', blockSeparator: '\n' },
  v2: { version: 'v2', blockSeparator: '\n\n' },
};

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
