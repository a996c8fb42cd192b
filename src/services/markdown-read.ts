// Reading an edited page's markdown back into blocks: only the text an edit changed is parsed, and
// the top-level blocks around it stand as they are (docs/decisions.md, "Markdown edits at any depth").
import type { AppContext } from '../context.js';
import { parseMarkdown, renderEach, toBlockRequest, type MarkdownFormat, type ParsedBlock, type RenderBlock } from '../markdown/index.js';
import type { BlockRequest } from '../schemas/blocks.js';
import type { Db } from '../store/store.js';
import type { Actor } from './access.js';
import { buildBlocks, type NewBlock } from './block-content.js';
import { resolveMentions } from './rich-text.js';

export const toRender = (b: NewBlock): RenderBlock => ({ id: b.id, type: b.type, content: b.content, children: b.children.map(toRender) });

/** One top-level item of the edited page: a new block, an existing block kept, or a new child page. */
export type Item = { kind: 'new'; block: NewBlock } | { kind: 'keep'; block: RenderBlock } | { kind: 'page'; title: string; id: string };

/** The edited page as items, and each item's markdown (`\u0000new page` for a new child page, which matches nothing). */
export interface ReadPage {
  items: Item[];
  newText: string[];
}

/**
 * Where the edited markdown differs from the page's: the top-level blocks before the first changed
 * character (`head`) and after the last (`tail`) stand unchanged, with their separators, and only
 * the text between (`start` to `end`) needs reading. A line that starts indented continues the
 * block before it, so that block is read again too.
 */
export function changedRegion(oldText: string[], markdown: string, separator: string): { head: number; tail: number; start: number; end: number } {
  const before = oldText.join(separator);
  const max = Math.min(before.length, markdown.length);
  let same = 0;
  while (same < max && before.charCodeAt(same) === markdown.charCodeAt(same)) same++;
  let sameEnd = 0;
  while (sameEnd < max - same && before.charCodeAt(before.length - 1 - sameEnd) === markdown.charCodeAt(markdown.length - 1 - sameEnd)) sameEnd++;
  let head = 0;
  let start = 0;
  while (head < oldText.length && start + oldText[head]!.length + separator.length <= same) start += oldText[head++]!.length + separator.length;
  while (head > 0 && /^[ \t]/.test(markdown.charAt(start))) start -= oldText[--head]!.length + separator.length;
  // Tail blocks count their text and the separators between them; the one before the first is the
  // changed text's, which the first tail block is read with (see readEdited).
  let tail = 0;
  let tailChars = 0;
  while (tail < oldText.length - head) {
    const next = tailChars + oldText[oldText.length - 1 - tail]!.length + (tail > 0 ? separator.length : 0);
    if (next > sameEnd) break;
    tailChars = next;
    tail++;
  }
  return { head, tail, start, end: markdown.length - tailChars };
}

/**
 * The edited page, reading only the text that changed (a large page's edit costs what it changes,
 * not what the page holds). The first unchanged block after the change is read with it: when the
 * change left a tag or fence open, that block reads differently, and the rest is read as well.
 */
export async function readEdited(
  ctx: AppContext,
  tx: Db,
  actor: Actor,
  old: RenderBlock[],
  oldText: string[],
  markdown: string,
  opts: { urlBase: string; pageId: string; format: MarkdownFormat },
): Promise<ReadPage> {
  const region = changedRegion(oldText, markdown, opts.format.blockSeparator);
  const head = old.slice(0, region.head);
  const withProbe = region.tail > 0 ? region.end + oldText[old.length - region.tail]!.length : markdown.length;
  let middle = await readItems(ctx, tx, actor, old, markdown.slice(region.start, withProbe), opts, new Set(head.map((b) => b.id)));
  let tail = region.tail;
  if (tail > 0 && middle.newText.at(-1) === oldText[old.length - tail] && middle.items.at(-1)?.kind === 'new') {
    middle = { items: middle.items.slice(0, -1), newText: middle.newText.slice(0, -1) };
  } else if (tail > 0) {
    tail = 0;
    middle = await readItems(ctx, tx, actor, old, markdown.slice(region.start), opts, new Set(head.map((b) => b.id)));
  }
  const kept = (blocks: RenderBlock[]): Item[] => blocks.map((block) => ({ kind: 'keep', block }));
  const tailBlocks = old.slice(old.length - tail);
  const tailIds = new Set(tailBlocks.map((b) => b.id));
  // A tag in the changed text naming a block kept around it reads as nothing, as a repeated tag does.
  const inMiddle = middle.items
    .map((item, i) => ({ item, text: middle.newText[i]! }))
    .filter(({ item }) => item.kind !== 'keep' || !tailIds.has(item.block.id));
  return {
    items: [...kept(head), ...inMiddle.map((m) => m.item), ...kept(tailBlocks)],
    newText: [...oldText.slice(0, head.length), ...inMiddle.map((m) => m.text), ...oldText.slice(old.length - tail)],
  };
}

/** `source` read as new blocks, kept blocks (tags naming a block of the page) and new child pages. */
async function readItems(
  ctx: AppContext,
  tx: Db,
  actor: Actor,
  old: RenderBlock[],
  source: string,
  opts: { urlBase: string; pageId: string; format: MarkdownFormat },
  used: Set<string>,
): Promise<ReadPage> {
  const parsed = parseMarkdown(source, opts.format);
  const oldIndex = new Map(old.map((b, i) => [b.id, i]));
  const requests = parsed.filter((p): p is Extract<ParsedBlock, { kind: 'new' }> => p.kind === 'new').map(toBlockRequest) as BlockRequest[];
  const targets = await resolveMentions(tx, requests, actor);
  const built = buildBlocks(requests, 'body.markdown', { ids: ctx.ids, targets, urlBase: opts.urlBase, actor });
  let next = 0;
  const items: Item[] = [];
  const seen = new Set(used);
  for (const p of parsed) {
    if (p.kind === 'new') items.push({ kind: 'new', block: built[next++]! });
    else if (p.tag === 'page' && p.id === '') items.push({ kind: 'page', title: p.title ?? '', id: ctx.ids.uuid() });
    else if (oldIndex.has(p.id) && !seen.has(p.id)) {
      // Only a block of this page can be kept, once; a tag naming any other reads as nothing.
      seen.add(p.id);
      items.push({ kind: 'keep', block: old[oldIndex.get(p.id)!]! });
    }
  }
  const texts = renderEach(
    items.map((i) => (i.kind === 'keep' ? i.block : i.kind === 'new' ? toRender(i.block) : { id: i.id, type: 'child_page', content: {}, children: [] })),
    opts,
  );
  return { items, newText: items.map((i, k) => (i.kind === 'page' ? '\u0000new page' : texts[k]!)) };
}
