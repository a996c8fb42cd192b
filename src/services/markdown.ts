// The Markdown content API: a page's content read and edited as Notion's markdown
// (https://developers.notion.com/reference/retrieve-page-markdown,
// https://developers.notion.com/reference/update-page-markdown).
import type { AppContext } from '../context.js';
import { objectNotFound, validationError } from '../errors.js';
import {
  FORMATS,
  parseMarkdown,
  renderEach,
  renderMarkdown,
  toBlockRequest,
  type MarkdownFormat,
  type MarkdownVersion,
  type ParsedBlock,
  type RenderBlock,
} from '../markdown/index.js';
import type { BlockRequest } from '../schemas/blocks.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import { allocatePositions, insertBlocks, listChildren, lockBlocks, newBlockRow, reachableAmong, touchBlock, updateBlock } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { assertEditable, reachable, requireCapability, type Actor } from './access.js';
import { MAX_BLOCKS_PER_REQUEST, type NewBlock } from './block-content.js';
import { readEdited } from './markdown-read.js';
import { blockRows } from './blocks.js';
import { anchoredBlock, blockAtOffset, insertNested, placedBlocks, updatedType, type PlacedBlock, type UpdatedBlock } from './markdown-anchors.js';
import { hideUnreachedMentions } from '../properties/reach.js';
import { linkedSourceOf } from '../views/linked.js';
import { recordEvents } from '../webhooks/record.js';

/** Blocks rendered in one answer before the rest are left as `<unknown>` tags (docs/decisions.md). */
export const MARKDOWN_RECORD_LIMIT = 20_000;

export interface PageMarkdown {
  id: string;
  markdown: string;
  truncated: boolean;
  unknownBlockIds: string[];
}

type Json = Record<string, unknown>;

interface LoadedTree {
  blocks: RenderBlock[];
  /** Blocks past the record limit, not loaded. */
  cut: string[];
}

type LoadedBlock = RenderBlock & { linkedSource?: string };

function renderBlockOf(row: BlockRow, children: RenderBlock[]): LoadedBlock {
  const content = row.type === 'child_page' || row.type === 'child_database' ? {} : (JSON.parse(row.content) as Json);
  const linkedSource = linkedSourceOf(row);
  return { id: row.id, type: row.type, content, children, title: row.title ?? '', ...(linkedSource ? { linkedSource } : {}) };
}

/** The live blocks under `parentId`, depth first, up to the record limit. */
async function loadChildren(db: Db, parentId: string, budget: { left: number; cut: string[] }): Promise<RenderBlock[]> {
  const rows = await listChildren(db, parentId, undefined, Number.MAX_SAFE_INTEGER);
  const out: RenderBlock[] = [];
  for (const row of rows) {
    if (budget.left <= 0) {
      budget.cut.push(row.id);
      out.push({ id: row.id, type: 'unloaded', content: {}, children: [] });
      continue;
    }
    budget.left -= 1;
    // A child page's or database's content is its own; the page shows only a reference to it.
    const descend = row.has_children === 1 && row.type !== 'child_page' && row.type !== 'child_database';
    out.push(renderBlockOf(row, descend ? await loadChildren(db, row.id, budget) : []));
  }
  return out;
}

async function loadTree(db: Db, parentId: string, limit = MARKDOWN_RECORD_LIMIT): Promise<LoadedTree> {
  const budget = { left: limit, cut: [] as string[] };
  const blocks = await loadChildren(db, parentId, budget);
  return { blocks, cut: budget.cut };
}

/** The page (or, for a re-fetch of an unknown block, the block) named by `id`. */
async function findTarget(db: Db, actor: Actor, id: string) {
  const chain = await reachable(db, actor, id, 'page');
  const row = chain[0]!;
  if (row.type === 'data_source') throw objectNotFound('page', id, actor);
  if (row.type === 'database' || row.type === 'child_database') throw validationError(`Provided ID ${id} is a database, not a page. Use a page ID.`);
  return { row, chain };
}

/** The page each block belongs to: the nearest page up the chain. */
const pageOfChain = (chain: BlockRow[]): string => chain.find((r) => r.type === 'child_page')?.id ?? chain[0]!.id;

/**
 * The tree under `parentId` as `actor` may read it: mentions of pages and databases it cannot
 * reach read "Untitled" (docs/decisions.md, "Isolation between integrations"), in what is shown
 * and in what edits are matched against.
 */
async function loadTreeFor(db: Db, actor: Actor, parentId: string, limit?: number): Promise<LoadedTree> {
  const tree = await loadTree(db, parentId, limit);
  await hideUnreachedMentions(db, actor, tree.blocks);
  await hideUnreadableLinks(db, actor, tree.blocks);
  return tree;
}

/**
 * Linked databases whose data source the integration cannot read are unknown blocks to it
 * (https://developers.notion.com/guides/data-apis/working-with-markdown-content).
 */
async function hideUnreadableLinks(db: Db, actor: Actor, blocks: LoadedBlock[]): Promise<void> {
  const linked: LoadedBlock[] = [];
  const visit = (list: LoadedBlock[]) => {
    for (const b of list) {
      if (b.linkedSource) linked.push(b);
      visit(b.children);
    }
  };
  visit(blocks);
  if (linked.length === 0) return;
  const readable = await reachableAmong(db, [...new Set(linked.map((b) => b.linkedSource!))], actor.reach);
  for (const b of linked) b.unreadable = !readable.has(b.linkedSource!);
}

async function renderTarget(
  ctx: AppContext,
  db: Db,
  actor: Actor,
  row: BlockRow,
  chain: BlockRow[],
  version: MarkdownVersion = 'v1',
  limit?: number,
): Promise<PageMarkdown> {
  const urlBase = ctx.config.urlBase;
  const format = FORMATS[version];
  if (row.type === 'child_page') {
    const tree = await loadTreeFor(db, actor, row.id, limit);
    const out = renderMarkdown(tree.blocks, { urlBase, pageId: row.id, format });
    return { id: row.id, markdown: out.markdown, truncated: tree.cut.length > 0, unknownBlockIds: out.unknownBlockIds };
  }
  // A block id from `unknown_block_ids`: the subtree rooted at that block.
  const tree = await loadTreeFor(db, actor, row.id, limit);
  const root = renderBlockOf(row, tree.blocks);
  await hideUnreachedMentions(db, actor, root.content);
  const out = renderMarkdown([root], { urlBase, pageId: pageOfChain(chain), format });
  return { id: row.id, markdown: out.markdown, truncated: tree.cut.length > 0, unknownBlockIds: out.unknownBlockIds };
}

export async function retrievePageMarkdown(ctx: AppContext, actor: Actor, id: string, version: MarkdownVersion = 'v1'): Promise<PageMarkdown> {
  requireCapability(actor, 'read_content');
  const db = ctx.store.db;
  const { row, chain } = await findTarget(db, actor, id);
  return renderTarget(ctx, db, actor, row, chain, version);
}

// ---------------------------------------------------------------------------------------------
// Editing

export type MarkdownEdit =
  | {
      type: 'insert_content';
      insert_content: { content: string; after?: string; position?: { type: 'start' | 'end' } | { type: 'after_content'; anchor: string } };
    }
  | { type: 'replace_content_range'; replace_content_range: { content: string; content_range: string; allow_deleting_content?: boolean } }
  | {
      type: 'update_content';
      update_content: { content_updates: Array<{ old_str: string; new_str: string; replace_all_matches?: boolean }>; allow_deleting_content?: boolean };
    }
  | { type: 'replace_content'; replace_content: { new_str: string; allow_deleting_content?: boolean } };

/**
 * Where an ellipsis selection (`start...end`) matches: from the first occurrence of the start text
 * to the end of the first end text after it; a selection without `...` is matched as it stands.
 */
export function matchSelection(markdown: string, selection: string): { start: number; end: number } | undefined {
  const cut = selection.indexOf('...');
  if (cut < 0) {
    const at = markdown.indexOf(selection);
    return at < 0 || selection === '' ? undefined : { start: at, end: at + selection.length };
  }
  const head = selection.slice(0, cut);
  const tail = selection.slice(cut + 3);
  const start = markdown.indexOf(head);
  if (start < 0) return undefined;
  const tailAt = markdown.indexOf(tail, start + head.length);
  if (tailAt < 0) return undefined;
  return { start, end: tailAt + tail.length };
}

function countOccurrences(text: string, part: string): number {
  if (part === '') return 0;
  let n = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) n++;
  return n;
}

/** The page as its top-level blocks' markdown, in the format of the request. */
interface PageText {
  blocks: string[];
  format: MarkdownFormat;
}

const textOf = (page: PageText): string => page.blocks.join(page.format.blockSeparator);
const joinBlocks = (format: MarkdownFormat, ...parts: string[]): string => parts.filter((p) => p !== '').join(format.blockSeparator);

function insertAfterBlock(page: PageText, index: number, content: string): string {
  return joinBlocks(page.format, ...page.blocks.slice(0, index + 1), content, ...page.blocks.slice(index + 1));
}

/** What an edit does that depends on the request's version. */
export interface EditOptions {
  version: MarkdownVersion;
  /** `insert_content.after` names the start of one block, as an anchor does (2026-12-01). */
  anchoredAfter: boolean;
}

/**
 * The block an insert goes after, at any depth of the page: the one its anchor starts (or, under
 * 2026-12-01, its `after` starts), or the one an ellipsis `after` selection ends in. Undefined for
 * inserts at the start or the end of the page, and for the other operations.
 */
function insertTarget(page: PageText, placed: () => PlacedBlock[], edit: MarkdownEdit, anchoredAfter: boolean): PlacedBlock | undefined {
  if (edit.type !== 'insert_content') return undefined;
  const { after, position } = edit.insert_content;
  if (after !== undefined && position !== undefined) {
    throw validationError('Provide either insert_content.after or insert_content.position, not both.');
  }
  if (position?.type === 'after_content') return anchoredBlock(placed(), position.anchor, 'position.anchor');
  if (after === undefined) return undefined;
  if (anchoredAfter) return anchoredBlock(placed(), after, 'after');
  const current = textOf(page);
  const match = matchSelection(current, after);
  if (!match) throw validationError(`No match found for after: ${JSON.stringify(after)}.`);
  return blockAtOffset(placed(), current, match.end);
}

/** The page's markdown after the edit, and whether removing child pages is allowed. */
function editedMarkdown(page: PageText, edit: MarkdownEdit, target: PlacedBlock | undefined): { markdown: string; allowDeleting: boolean } {
  const current = textOf(page);
  const format = page.format;
  switch (edit.type) {
    case 'insert_content': {
      const { content, position } = edit.insert_content;
      if (target) return { markdown: insertAfterBlock(page, target.index, content), allowDeleting: false };
      if (position?.type === 'start') return { markdown: joinBlocks(format, content, current), allowDeleting: false };
      return { markdown: joinBlocks(format, current, content), allowDeleting: false };
    }
    case 'replace_content_range': {
      const { content, content_range, allow_deleting_content } = edit.replace_content_range;
      const match = matchSelection(current, content_range);
      if (!match) throw validationError(`No match found for content_range: ${JSON.stringify(content_range)}.`);
      return { markdown: current.slice(0, match.start) + content + current.slice(match.end), allowDeleting: allow_deleting_content === true };
    }
    case 'update_content': {
      let markdown = current;
      for (const u of edit.update_content.content_updates) {
        const n = countOccurrences(markdown, u.old_str);
        if (n === 0) throw validationError(`No match found for old_str: ${JSON.stringify(u.old_str)}.`);
        if (n > 1 && u.replace_all_matches !== true) {
          throw validationError(`Found ${n} matches for old_str: ${JSON.stringify(u.old_str)}. Set replace_all_matches to true to replace all of them.`);
        }
        markdown = u.replace_all_matches === true ? markdown.split(u.old_str).join(u.new_str) : markdown.replace(u.old_str, () => u.new_str);
      }
      return { markdown, allowDeleting: edit.update_content.allow_deleting_content === true };
    }
    case 'replace_content':
      return { markdown: edit.replace_content.new_str, allowDeleting: edit.replace_content.allow_deleting_content === true };
  }
}

/** Child pages and databases at any depth of `blocks`. */
function protectedIds(blocks: RenderBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'child_page' || b.type === 'child_database' ? [b.id] : protectedIds(b.children)));
}

/**
 * Replace the page's content by `markdown`. Top-level blocks that read the same before and after
 * keep their ids; those from the first to the last that changed are replaced (docs/decisions.md).
 */
async function applyMarkdown(
  ctx: AppContext,
  tx: Db,
  actor: Actor,
  page: BlockRow,
  old: RenderBlock[],
  markdown: string,
  allowDeleting: boolean,
  format: MarkdownFormat,
): Promise<UpdatedBlock[]> {
  const opts = { urlBase: ctx.config.urlBase, pageId: page.id, format };
  const oldText = renderEach(old, opts);
  const { items, newText } = await readEdited(ctx, tx, actor, old, oldText, markdown, opts);
  let prefix = 0;
  while (prefix < old.length && prefix < items.length && items[prefix]!.kind === 'keep' && (items[prefix] as { block: RenderBlock }).block === old[prefix])
    prefix++;
  while (prefix < old.length && prefix < items.length && oldText[prefix] === newText[prefix] && items[prefix]!.kind !== 'page') prefix++;
  let suffix = 0;
  while (
    suffix < old.length - prefix &&
    suffix < items.length - prefix &&
    oldText[old.length - 1 - suffix] === newText[items.length - 1 - suffix] &&
    items[items.length - 1 - suffix]!.kind !== 'page'
  ) {
    suffix++;
  }
  const removed = old.slice(prefix, old.length - suffix);
  const middle = items.slice(prefix, items.length - suffix);
  if (removed.length === 0 && middle.length === 0) return [];
  // Notion's 1,000 blocks a request bound what one edit writes, not what the page holds
  // (https://developers.notion.com/reference/request-limits; docs/decisions.md).
  checkCreatedBlocks(middle.filter((i) => i.kind === 'new').map((i) => (i as { block: NewBlock }).block));
  const keptIds = new Set(middle.filter((i) => i.kind === 'keep').map((i) => (i as { block: RenderBlock }).block.id));
  const lost = protectedIds(removed.filter((r) => !keptIds.has(r.id)));
  if (lost.length > 0 && !allowDeleting) {
    throw validationError(`This operation would delete child pages or databases: ${lost.join(', ')}. Set allow_deleting_content to true to proceed.`);
  }
  const now = ctx.clock.now().toISOString();
  for (const r of removed) {
    if (!keptIds.has(r.id)) await updateBlock(tx, r.id, { in_trash: 1, last_edited_time: now, last_edited_by: actor.botId });
  }
  if (middle.length > 0) {
    // Kept blocks are placed anew with the rest: moved out of the way first.
    for (const id of keptIds) await updateBlock(tx, id, { position: -Number.MAX_SAFE_INTEGER });
    const afterId = prefix > 0 ? old[prefix - 1]!.id : undefined;
    const positions = await allocatePositions(tx, page.id, middle.length, afterId ? { type: 'after', afterId } : { type: 'start' });
    const rows: BlockRow[] = [];
    middle.forEach((item, i) => {
      const position = positions[i]!;
      if (item.kind === 'new') rows.push(...blockRows([item.block], page, [position], now, actor));
      else if (item.kind === 'keep') rows.push({ id: item.block.id, position } as BlockRow);
      else {
        const title = [{ type: 'text', text: { content: item.title, link: null }, annotations: PLAIN_ANNOTATIONS, plain_text: item.title, href: null }];
        rows.push(
          newBlockRow(
            { workspaceId: actor.workspaceId, userId: actor.botId, now },
            {
              id: item.id,
              type: 'child_page',
              parent_type: 'page_id',
              parent_id: page.id,
              position,
              properties: JSON.stringify({ title: item.title === '' ? [] : title }),
              title: item.title,
            },
          ),
        );
      }
    });
    for (const row of rows.filter((r) => keptIds.has(r.id))) await updateBlock(tx, row.id, { position: row.position });
    await insertBlocks(
      tx,
      rows.filter((r) => !keptIds.has(r.id)),
    );
  }
  await touchBlock(tx, page.id, now, actor.botId);
  // What the edit trashed, then what it wrote or moved, in page order: the event's updated_blocks.
  const trashed = removed.filter((r) => !keptIds.has(r.id)).map((r) => ({ id: r.id, type: updatedType(r.type) }));
  const written = middle.map((i) => (i.kind === 'page' ? { id: i.id, type: 'page' as const } : { id: i.block.id, type: updatedType(i.block.type) }));
  return [...trashed, ...written];
}

function checkCreatedBlocks(blocks: NewBlock[]): void {
  const count = (list: NewBlock[]): number => list.reduce((n, b) => n + 1 + count(b.children), 0);
  const n = count(blocks);
  if (n > MAX_BLOCKS_PER_REQUEST) {
    throw validationError(`body failed validation: the request has ${n} blocks, more than the ${MAX_BLOCKS_PER_REQUEST} allowed in one request.`);
  }
}

const PLAIN_ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };

export async function updatePageMarkdown(
  ctx: AppContext,
  actor: Actor,
  id: string,
  edit: MarkdownEdit,
  options: EditOptions = { version: 'v1', anchoredAfter: false },
): Promise<PageMarkdown> {
  requireCapability(actor, 'update_content');
  return ctx.store.transaction(async (tx) => {
    await lockBlocks(tx, [id]);
    const { row, chain } = await findTarget(tx, actor, id);
    if (row.type !== 'child_page') throw validationError(`Provided ID ${id} is a block, not a page. Use a page ID.`);
    assertEditable(chain);
    // An edit reads, parses and compares the whole page: bounded by the record limit a read has.
    const tree = await loadTreeFor(tx, actor, row.id, MARKDOWN_RECORD_LIMIT);
    if (tree.cut.length > 0) {
      throw validationError(
        `This page has more than ${MARKDOWN_RECORD_LIMIT} blocks, more than a markdown edit reads. Edit its blocks with the blocks API instead.`,
      );
    }
    // Selections match the page as the request's version writes it, and its text is read in it.
    const format = FORMATS[options.version];
    const opts = { urlBase: ctx.config.urlBase, pageId: row.id, format };
    const page = { blocks: renderEach(tree.blocks, opts), format };
    const target = insertTarget(page, () => placedBlocks(tree.blocks, opts), edit, options.anchoredAfter);
    let updated: UpdatedBlock[];
    if (target?.parent && edit.type === 'insert_content') {
      updated = await insertNested(ctx, tx, actor, row, { ...target, parent: target.parent }, edit.insert_content.content, format);
    } else {
      const { markdown, allowDeleting } = editedMarkdown(page, edit, target);
      updated = await applyMarkdown(ctx, tx, actor, row, tree.blocks, markdown, allowDeleting, format);
    }
    if (updated.length > 0) await recordEvents(tx, ctx, actor, { kind: 'content', under: row.id, blockIds: updated });
    return renderTarget(ctx, tx, actor, row, chain, options.version);
  });
}

/** The blocks of new page content given as markdown, and the title its first `# ` heading gives. */
export function markdownContent(
  markdown: string,
  takeTitle: boolean,
  format: MarkdownFormat = FORMATS.v1,
): { children: BlockRequest[]; title?: RichTextItemRequest[] } {
  let source = markdown;
  let title: RichTextItemRequest[] | undefined;
  if (takeTitle) {
    // Without a title property, the first `# ` heading is the title and not a block
    // (https://developers.notion.com/guide/working-with-markdown-content).
    const first = parseMarkdown(markdown, format)[0];
    const m = /^(?:[ \t]*\n)*# .*(?:\n|$)/.exec(markdown);
    if (m && first?.kind === 'new' && first.type === 'heading_1' && first.payload.is_toggleable !== true) {
      title = first.payload.rich_text as RichTextItemRequest[];
      source = markdown.slice(m[0].length);
    }
  }
  const parsed = parseMarkdown(source, format);
  const children = parsed.filter((p): p is Extract<ParsedBlock, { kind: 'new' }> => p.kind === 'new').map(toBlockRequest) as BlockRequest[];
  return { children, title };
}

interface CreateWithMarkdown {
  markdown?: string;
  children?: unknown;
  content?: unknown;
  allow_async?: boolean;
  markdown_version?: MarkdownVersion;
  properties?: Record<string, unknown>;
}

/** Page content from `markdown` on page creation; undefined when the request gives none. */
export function markdownBody(body: CreateWithMarkdown): { children: BlockRequest[]; title?: RichTextItemRequest[] } | undefined {
  if (body.markdown === undefined) {
    if (body.allow_async !== undefined)
      throw validationError('body failed validation: body.allow_async should be not present unless body.markdown is present.');
    if (body.markdown_version !== undefined) {
      throw validationError('body failed validation: body.markdown_version should be not present unless body.markdown is present.');
    }
    return undefined;
  }
  if (body.children !== undefined || body.content !== undefined) {
    throw validationError('markdown cannot be used together with children or content.');
  }
  const properties = body.properties ?? {};
  const takeTitle = !('title' in properties) && Object.keys(properties).length === 0;
  return markdownContent(body.markdown, takeTitle, FORMATS[body.markdown_version ?? 'v1']);
}
