// Where an anchored or `after` insert of the Markdown content API goes: any block of the page, at
// any depth, can be the one the new content follows, as Notion matches anchors anywhere in the
// page's markdown (https://developers.notion.com/reference/update-page-markdown;
// docs/decisions.md, "Markdown edits at any depth").
import type { AppContext } from '../context.js';
import { validationError } from '../errors.js';
import { parseMarkdown, renderEach, toBlockRequest, type MarkdownFormat, type ParsedBlock, type RenderBlock, type RenderOptions } from '../markdown/index.js';
import type { BlockRequest } from '../schemas/blocks.js';
import { allocatePositions, insertBlocks, touchBlock } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import type { Actor } from './access.js';
import { buildBlocks, checkBlockCount, type BuildContext } from './block-content.js';
import { blockRows } from './blocks.js';
import { resolveMentions } from './rich-text.js';

/** A block an insert can follow: where it stands and its markdown as its siblings render it. */
export interface PlacedBlock {
  block: RenderBlock;
  /** The block holding it; undefined for a top-level block of the page. */
  parent: RenderBlock | undefined;
  /** Its index among its parent's children (or the page's top-level blocks). */
  index: number;
  /** Its markdown with its children, written as at the top level (no indentation of its own). */
  text: string;
}

/**
 * Every block of the tree in document order, but table rows and columns, which are parts of their
 * table's or column list's markdown rather than blocks of their own (their content's blocks are
 * listed). Siblings are rendered together, so that numbered items keep their numbers.
 */
export function placedBlocks(tree: RenderBlock[], opts: RenderOptions): PlacedBlock[] {
  const out: PlacedBlock[] = [];
  const visit = (list: RenderBlock[], parent: RenderBlock | undefined): void => {
    const texts = renderEach(list, opts);
    list.forEach((block, index) => {
      out.push({ block, parent, index, text: texts[index]! });
      if (block.type === 'table') return;
      if (block.type === 'column_list') for (const column of block.children) visit(column.children, column);
      else visit(block.children, block);
    });
  };
  visit(tree, undefined);
  return out;
}

/**
 * The one block, at any depth, whose markdown starts with `anchor`; none or several is an error
 * (https://developers.notion.com/reference/update-page-markdown).
 */
export function anchoredBlock(placed: PlacedBlock[], anchor: string, field: string): PlacedBlock {
  const found = anchor === '' ? [] : placed.filter((p) => p.text.startsWith(anchor));
  if (found.length === 0) throw validationError(`No block starts with ${field}: ${JSON.stringify(anchor)}.`);
  if (found.length > 1) {
    throw validationError(`Found ${found.length} blocks that start with ${field}: ${JSON.stringify(anchor)}. It must match the start of exactly one block.`);
  }
  return found[0]!;
}

/**
 * The block whose markdown `offset` of the page's text falls in: the last block, in document
 * order, that starts before it. A block's first line is found after its predecessor's, so a line
 * repeated elsewhere in the page is taken where that block stands.
 */
export function blockAtOffset(placed: PlacedBlock[], pageText: string, offset: number): PlacedBlock | undefined {
  let cursor = 0;
  let last: PlacedBlock | undefined;
  for (const p of placed) {
    const firstLine = p.text.split('\n', 1)[0]!;
    const at = pageText.indexOf(firstLine, cursor);
    if (at < 0 || at >= offset) break;
    last = p;
    cursor = at + firstLine.length;
  }
  return last;
}

/**
 * Insert `content` after `after`, a block nested in another, as its sibling: existing blocks keep
 * their ids and places. Tags naming blocks (`<page>`, `<database>`, `<unknown>`) have no place
 * there: they keep or create pages, which are only written at the top level of a page.
 */
export async function insertNested(
  ctx: AppContext,
  tx: Db,
  actor: Actor,
  page: BlockRow,
  after: PlacedBlock & { parent: RenderBlock },
  content: string,
  format: MarkdownFormat,
): Promise<UpdatedBlock[]> {
  const parsed = parseMarkdown(content, format);
  if (hasTags(parsed)) {
    throw validationError('Content inserted inside a block cannot contain <page>, <database> or <unknown> tags. Insert it at the top level of the page.');
  }
  const requests = parsed.map((p) => toBlockRequest(p as Extract<ParsedBlock, { kind: 'new' }>)) as BlockRequest[];
  if (requests.length === 0) return [];
  checkBlockCount(requests);
  const targets = await resolveMentions(tx, requests, actor);
  const b: BuildContext = { ids: ctx.ids, targets, urlBase: ctx.config.urlBase, actor };
  const built = buildBlocks(requests, 'body.insert_content.content', b);
  const now = ctx.clock.now().toISOString();
  const positions = await allocatePositions(tx, after.parent.id, built.length, { type: 'after', afterId: after.block.id });
  await insertBlocks(tx, blockRows(built, after.parent, positions, now, actor));
  await touchBlock(tx, after.parent.id, now, actor.botId);
  await touchBlock(tx, page.id, now, actor.botId);
  return built.map((block) => ({ id: block.id, type: updatedType(block.type) }));
}

/** A block an edit wrote, moved or trashed, as a page.content_updated event's updated_blocks names it. */
export type UpdatedBlock = { id: string; type: 'page' | 'database' | 'block' };

/** How updated_blocks names a block (https://developers.notion.com/reference/webhooks-events-delivery). */
export const updatedType = (type: string): UpdatedBlock['type'] => (type === 'child_page' ? 'page' : type === 'child_database' ? 'database' : 'block');

function hasTags(parsed: ParsedBlock[]): boolean {
  return parsed.some((p) => p.kind !== 'new' || hasTags(p.children));
}
