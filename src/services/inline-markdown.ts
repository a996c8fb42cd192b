// Inline Markdown as comments take it (bold, italic, strikethrough, code, links; https://developers.notion.com/reference/create-a-comment) turned
// into rich text request items. A marker without its closing partner is plain text, `\` escapes
// the next character, and `_` emphasis needs a word boundary on both sides, as in CommonMark.
import type { RichTextItemRequest } from '../schemas/common.js';

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  code: boolean;
  link: string | null;
}

interface Run {
  content: string;
  style: Style;
}

const PLAIN: Style = { bold: false, italic: false, strikethrough: false, code: false, link: null };
const MARKERS: Array<[string, keyof Style]> = [
  ['**', 'bold'],
  ['__', 'bold'],
  ['~~', 'strikethrough'],
  ['*', 'italic'],
  ['_', 'italic'],
];
const LINK = /^\[([^\]]*)\]\(([^)\s]+)\)/;
const WORD = /[\p{L}\p{N}]/u;
/** Notion's limit on the content of one rich text item. */
const MAX_CONTENT = 2000;

/** Where `marker`, opened at `at`, closes in `text` around something; -1 when it does not. */
function closing(text: string, at: number, marker: string): number {
  const underscore = marker.startsWith('_');
  if (underscore && at > 0 && WORD.test(text[at - 1]!)) return -1;
  for (let end = text.indexOf(marker, at + marker.length + 1); end >= 0; end = text.indexOf(marker, end + 1)) {
    // A single `*` does not close on half of a `**`.
    if (marker.length === 1 && (text[end + 1] === marker || text[end - 1] === marker)) continue;
    if (underscore && WORD.test(text[end + marker.length] ?? '')) continue;
    // `***` after inner text closes the inner `*` first, then the `**`.
    let last = end;
    while (marker.length === 2 && text[last + 2] === marker[0]) last += 1;
    return last;
  }
  return -1;
}

function runs(text: string, style: Style): Run[] {
  const out: Run[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ content: buffer, style });
    buffer = '';
  };
  let i = 0;
  outer: while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ content: text.slice(i + 1, end), style: { ...style, code: true } });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const link = LINK.exec(text.slice(i));
      if (link) {
        flush();
        out.push(...runs(link[1]!, { ...style, link: link[2]! }));
        i += link[0].length;
        continue;
      }
    }
    for (const [marker, key] of MARKERS) {
      if (!text.startsWith(marker, i)) continue;
      const end = closing(text, i, marker);
      if (end < 0) continue;
      flush();
      out.push(...runs(text.slice(i + marker.length, end), { ...style, [key]: true }));
      i = end + marker.length;
      continue outer;
    }
    buffer += c;
    i += 1;
  }
  flush();
  return out;
}

const sameStyle = (a: Style, b: Style): boolean =>
  a.bold === b.bold && a.italic === b.italic && a.strikethrough === b.strikethrough && a.code === b.code && a.link === b.link;

/** Rich text request items for `markdown`: one per run of one style, none longer than Notion allows. */
export function inlineMarkdown(markdown: string): RichTextItemRequest[] {
  const merged: Run[] = [];
  for (const run of runs(markdown, PLAIN)) {
    const last = merged.at(-1);
    if (last && sameStyle(last.style, run.style)) last.content += run.content;
    else merged.push({ ...run });
  }
  const items: RichTextItemRequest[] = [];
  for (const { content, style } of merged) {
    for (let at = 0; at < content.length; at += MAX_CONTENT) {
      items.push({
        type: 'text',
        text: { content: content.slice(at, at + MAX_CONTENT), link: style.link ? { url: style.link } : null },
        annotations: { bold: style.bold, italic: style.italic, strikethrough: style.strikethrough, code: style.code },
      } as RichTextItemRequest);
    }
  }
  return items;
}
