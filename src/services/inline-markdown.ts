// Inline Markdown as comments take it (https://developers.notion.com/reference/create-a-comment):
// the inline part of Notion's markdown, read by the page converter (src/markdown), so that bold,
// italic, strikethrough, code, links, and Notion's spans, mentions and equations read the same in
// comments as in pages. Blank lines between paragraphs are kept as they were written.
import { markdownToRichText } from '../markdown/index.js';
import type { RichTextItemRequest } from '../schemas/common.js';

type Item = RichTextItemRequest & { annotations?: Record<string, unknown> };

/** Annotations as comments have always sent them: the four styles, and the others only when set. */
function compact(item: Item): Item {
  const a = item.annotations;
  if (!a) return item;
  const annotations: Record<string, unknown> = { bold: a.bold, italic: a.italic, strikethrough: a.strikethrough, code: a.code };
  if (a.underline) annotations.underline = true;
  if (a.color && a.color !== 'default') annotations.color = a.color;
  return { ...item, annotations } as Item;
}

/** Rich text request items for `markdown`: one per run of one style, none longer than Notion allows. */
export function inlineMarkdown(markdown: string): RichTextItemRequest[] {
  const parts = markdown.split(/(\n[ \t]*\n\s*)/);
  const items: Item[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1) items.push({ type: 'text', text: { content: part, link: null } } as Item);
    else items.push(...(markdownToRichText(part) as Item[]));
  });
  const merged: Item[] = [];
  for (const item of items.map(compact)) {
    const last = merged.at(-1);
    if (
      last &&
      'text' in last &&
      'text' in item &&
      (last.text.link?.url ?? null) === (item.text.link?.url ?? null) &&
      sameAnnotations(last, item) &&
      last.text.content.length + item.text.content.length <= 2000
    ) {
      last.text = { ...last.text, content: last.text.content + item.text.content };
    } else merged.push({ ...item, ...('text' in item ? { text: { ...item.text } } : {}) } as Item);
  }
  return merged;
}

function sameAnnotations(a: Item, b: Item): boolean {
  const plain = { bold: false, italic: false, strikethrough: false, code: false };
  return JSON.stringify(a.annotations ?? plain) === JSON.stringify(b.annotations ?? plain);
}
