// Blocks (https://developers.notion.com/reference/block): retrieve, update, trash, list and append children.
import type { AppContext } from '../context.js';
import { archivedBlock, invalidCursor, objectNotFound, validationError } from '../errors.js';
import { PARENT_BLOCK_TYPES, type BlockRequest } from '../schemas/blocks.js';
import type { BlockRow } from '../store/schema.js';
import {
  getBlock,
  insertPlaced,
  listChildren as listChildRows,
  touchBlock,
  lockBlocks,
  updateBlock as updateBlockRow,
  type BlockWithChildren,
  type Placement,
} from '../store/blocks.js';
import type { Db } from '../store/store.js';
import { assertEditable, reachable, requireCapability, type Actor } from './access.js';
import { buildBlocks, checkBlockCount, checkRowWidth, contentOf, typeOf, type NewBlock } from './block-content.js';
import { resolveMentions } from './rich-text.js';
import { renderValue } from '../validation/format.js';
import { newBlockRow, POSITION_GAP, type BlockView } from '../store/blocks.js';
import { attachFileUploads } from '../files/attach.js';
import { recordEvents } from '../webhooks/record.js';

export type { Placement };

/** Rows for new blocks under `parent`, depth first; top-level positions come from the caller. */
export function blockRows(blocks: NewBlock[], parent: Pick<BlockRow, 'id' | 'type'>, firstPositions: number[] | number, now: string, actor: Actor): BlockRow[] {
  const rows: BlockRow[] = [];
  const visit = (list: NewBlock[], parentRow: Pick<BlockRow, 'id' | 'type'>, positions: number[] | number) => {
    list.forEach((block, i) => {
      const position = Array.isArray(positions) ? positions[i]! : POSITION_GAP * (i + 1);
      rows.push(
        newBlockRow(
          { workspaceId: actor.workspaceId, userId: actor.botId, now },
          {
            id: block.id,
            type: block.type,
            parent_type: parentRow.type === 'child_page' ? 'page_id' : 'block_id',
            parent_id: parentRow.id,
            position,
            content: JSON.stringify(block.content),
          },
        ),
      );
      visit(block.children, block, 0);
    });
  };
  visit(blocks, parent, firstPositions);
  return rows;
}

/** A live child of `parentId`, named by a placement; 404 when it is not one. */
async function siblingOf(db: Db, actor: Actor, parentId: string, id: string): Promise<string> {
  const row = await getBlock(db, id);
  if (!row || row.parent_id !== parentId || row.in_trash) throw objectNotFound('block', id, actor);
  return id;
}

/** Where new children go, from a `position` object (2026) or an `after` id (before 2026). */
export async function placementOf(
  db: Db,
  actor: Actor,
  parentId: string,
  position: { type?: string; after_block?: { id: string } } | undefined,
  after?: string,
): Promise<Placement> {
  if (after !== undefined) return { type: 'after', afterId: await siblingOf(db, actor, parentId, after) };
  if (!position) return { type: 'end' };
  if (position.after_block) return { type: 'after', afterId: await siblingOf(db, actor, parentId, position.after_block.id) };
  return position.type === 'start' || position.type === 'page_start' ? { type: 'start' } : { type: 'end' };
}

async function findBlock(db: Db, actor: Actor, id: string) {
  const chain = await reachable(db, actor, id, 'block');
  // A data source lives in a database but is not a block.
  if (chain[0]!.type === 'data_source') throw objectNotFound('block', id, actor);
  // A page of a data source is shown with the database around it: its grandparent.
  const row: BlockView = chain[0]!.parent_type === 'data_source_id' ? { ...chain[0]!, database_id: chain[2]?.id } : chain[0]!;
  return { row, chain };
}

export async function retrieveBlock(ctx: AppContext, actor: Actor, id: string): Promise<BlockView> {
  requireCapability(actor, 'read_content');
  return (await findBlock(ctx.store.db, actor, id)).row;
}

export interface UpdateBlockBody {
  type?: string;
  in_trash?: boolean;
  archived?: boolean;
  [type: string]: unknown;
}

export async function updateBlock(ctx: AppContext, actor: Actor, id: string, body: UpdateBlockBody): Promise<BlockView> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await lockBlocks(tx, [id]);
    await attachFileUploads(ctx, tx, actor, body);
    const { row, chain } = await findBlock(tx, actor, id);
    const typeKeys = Object.keys(body).filter((k) => k !== 'type' && k !== 'in_trash' && k !== 'archived');
    const named = body.type ?? typeKeys[0];
    // The type key must be the block's own; a block's type never changes (https://developers.notion.com/reference/update-a-block).
    if ((named !== undefined && named !== row.type) || typeKeys.length > 1) {
      throw validationError(`Expected block type ${row.type} in request body`);
    }
    const trash = body.in_trash ?? body.archived;
    const editsContent = typeKeys.length > 0;
    if (row.in_trash && (editsContent || trash === undefined)) throw archivedBlock();
    if (editsContent) assertEditable(chain);

    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    if (editsContent && row.type !== 'child_page' && row.type !== 'child_database') {
      const request = body[row.type] as Record<string, unknown>;
      const stored = JSON.parse(row.content) as Record<string, unknown>;
      // Omitted fields keep their value; a link_to_page target or a media source is replaced whole.
      const merged = row.type === 'link_to_page' ? request : { ...stored, ...request };
      if (request.file_upload) delete merged.external;
      if (row.type === 'table_row') {
        const table = row.parent_id ? await getBlock(tx, row.parent_id) : undefined;
        if (table?.type === 'table') {
          checkRowWidth(merged, (JSON.parse(table.content) as { table_width: number }).table_width, `body`);
        }
      }
      const targets = await resolveMentions(tx, merged, actor);
      const b = { ids: ctx.ids, targets, urlBase: ctx.config.urlBase, actor };
      patch.content = JSON.stringify(contentOf(row.type, merged, `body.${row.type}`, b));
    }
    if (trash !== undefined) patch.in_trash = trash ? 1 : 0;
    await updateBlockRow(tx, id, patch);
    await recordEvents(tx, ctx, actor, { kind: 'block', before: row, after: { ...row, ...patch } });
    return { ...row, ...patch };
  });
}

export async function deleteBlock(ctx: AppContext, actor: Actor, id: string): Promise<BlockView> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await lockBlocks(tx, [id]);
    const { row } = await findBlock(tx, actor, id);
    if (row.in_trash) throw archivedBlock();
    const patch = { in_trash: 1, last_edited_time: now, last_edited_by: actor.botId };
    await updateBlockRow(tx, id, patch);
    await recordEvents(tx, ctx, actor, { kind: 'block', before: row, after: { ...row, ...patch } });
    return { ...row, ...patch };
  });
}

export interface ChildrenPage {
  blocks: BlockWithChildren[];
  nextCursor: string | null;
}

export async function listChildren(ctx: AppContext, actor: Actor, id: string, cursor: string | undefined, pageSize: number): Promise<ChildrenPage> {
  requireCapability(actor, 'read_content');
  const db = ctx.store.db;
  await findBlock(db, actor, id);
  let from: number | undefined;
  if (cursor !== undefined) {
    // Block-children cursors are the id of the next child (https://developers.notion.com/reference/intro#pagination).
    const start = await getBlock(db, cursor);
    if (!start || start.parent_id !== id) throw invalidCursor(cursor);
    from = start.position;
  }
  const rows = await listChildRows(db, id, from, pageSize + 1);
  const more = rows.length > pageSize;
  return { blocks: rows.slice(0, pageSize), nextCursor: more ? rows[pageSize]!.id : null };
}

export interface AppendBody {
  children: BlockRequest[];
  after?: string;
  position?: { type: string; after_block?: { id: string } };
}

/** Which block types may sit directly under a parent of each type. */
function checkChildTypes(parent: BlockRow, children: BlockRequest[]): void {
  // A tab group holds only its tab items, which are paragraphs (SDK `TabItemRequestWithoutChildren`).
  const only = parent.type === 'column_list' ? 'column' : parent.type === 'table' ? 'table_row' : parent.type === 'tab' ? 'paragraph' : undefined;
  children.forEach((child, i) => {
    const type = typeOf(child);
    // A column list holds only columns and a table only rows; those exist nowhere else.
    if (only && type !== only) {
      throw validationError(`body failed validation: body.children[${i}].type should be \`"${only}"\`, instead was \`"${type}"\`.`);
    }
    if (!only && (type === 'column' || type === 'table_row')) {
      throw validationError(`body failed validation: body.children[${i}].${type} should be not present, instead was ${renderValue(child[type])}.`);
    }
  });
}

export async function appendChildren(ctx: AppContext, actor: Actor, id: string, body: AppendBody): Promise<BlockWithChildren[]> {
  requireCapability(actor, 'insert_content');
  if (body.after !== undefined && body.position !== undefined) {
    throw validationError('You cannot specify both after and position in the same request.');
  }
  checkBlockCount(body.children);
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await attachFileUploads(ctx, tx, actor, body);
    const { row: parent, chain } = await findBlock(tx, actor, id);
    assertEditable(chain);
    const content = JSON.parse(parent.content) as { is_toggleable?: boolean; synced_from?: unknown; table_width?: number };
    const canHaveChildren =
      PARENT_BLOCK_TYPES.has(parent.type) &&
      (!parent.type.startsWith('heading_') || content.is_toggleable === true) &&
      !(parent.type === 'synced_block' && content.synced_from);
    if (!canHaveChildren) {
      throw validationError(`Block type ${parent.type} does not support children.`);
    }
    checkChildTypes(parent, body.children);
    if (parent.type === 'table') {
      body.children.forEach((row, i) => checkRowWidth(row.table_row as Record<string, unknown>, content.table_width!, `body.children[${i}]`));
    }
    const placement = await placementOf(tx, actor, id, body.position, body.after);
    const targets = await resolveMentions(tx, body.children, actor);
    const blocks = buildBlocks(body.children, 'body.children', { ids: ctx.ids, targets, urlBase: ctx.config.urlBase, actor });
    const rows = blockRows(blocks, parent, 0, now, actor);
    const created = new Set(blocks.map((b) => b.id));
    // The new blocks first, then what they hold: insertPlaced places the rows it is given first.
    await insertPlaced(tx, id, [...rows.filter((r) => created.has(r.id)), ...rows.filter((r) => !created.has(r.id))], blocks.length, placement);
    await touchBlock(tx, id, now, actor.botId);
    await recordEvents(tx, ctx, actor, { kind: 'content', under: id, blockIds: blocks.map((b) => b.id) });
    // Inserted after a sibling, Notion answers the new blocks followed by every later sibling
    // (recorded from api.notion.com); at the end that is just the new blocks.
    if (placement.type === 'after') return listChildRows(tx, id, rows[0]!.position, Number.MAX_SAFE_INTEGER);
    return rows.filter((r) => created.has(r.id)).map((r) => ({ ...r, has_children: blocks.find((b) => b.id === r.id)!.children.length > 0 ? 1 : 0 }));
  });
}
