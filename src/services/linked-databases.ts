// Linked databases: a `child_database` block on a page that holds no data source of its own and
// shows views of a data source kept elsewhere (https://developers.notion.com/reference/create-view,
// `create_database`). Notion's API reads such blocks but does not retrieve them as databases.
import type { AppContext } from '../context.js';
import { objectNotFound, validationError } from '../errors.js';
import { allocatePositions, getBlock, insertBlocks, newBlockRow, reachableAmong, type Placement } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { assertEditable, findPage, requireCapability, type Actor } from './access.js';
import { linkedSourceOf, type LinkedDatabaseContent } from '../views/linked.js';

export interface LinkedDatabaseTarget {
  parent: { page_id: string };
  position?: { block_id: string };
}

/**
 * A linked database is read through its views, never as a database; Notion answers its retrieval
 * with this refusal (docs/decisions.md, "Linked databases").
 */
export function refuseLinked(row: Pick<BlockRow, 'id' | 'type' | 'content'>): void {
  if (linkedSourceOf(row)) throw validationError(`Database with ID ${row.id} is a linked database. Database retrievals do not support linked databases.`);
}

/** Whether the integration can read the data source a linked database shows. */
export async function canReadSource(db: Db, actor: Actor, dataSourceId: string): Promise<boolean> {
  return (await reachableAmong(db, [dataSourceId], actor.reach)).has(dataSourceId);
}

/**
 * A new linked database block on a page the integration may insert content into: at the end of
 * the page, or right after one of its blocks.
 */
export async function insertLinkedDatabase(
  tx: Db,
  ctx: AppContext,
  actor: Actor,
  target: LinkedDatabaseTarget,
  dataSourceId: string,
  now: string,
): Promise<BlockRow> {
  requireCapability(actor, 'insert_content');
  const pageId = target.parent.page_id;
  const { chain } = await findPage(tx, actor, pageId);
  assertEditable(chain);
  let where: Placement = { type: 'end' };
  if (target.position) {
    const afterId = target.position.block_id;
    const sibling = await getBlock(tx, afterId);
    if (!sibling || !(await reachableAmong(tx, [afterId], actor.reach)).has(afterId)) throw objectNotFound('block', afterId, actor);
    if (sibling.parent_id !== pageId || sibling.in_trash || sibling.type === 'data_source')
      throw validationError(`body.create_database.position.block_id should be a block of page ${pageId}, instead was \`"${afterId}"\`.`);
    where = { type: 'after', afterId };
  }
  const [position] = await allocatePositions(tx, pageId, 1, where);
  const content: LinkedDatabaseContent = { title: [], description: [], is_inline: true, linked_data_source_id: dataSourceId };
  const block = newBlockRow(
    { workspaceId: actor.workspaceId, userId: actor.botId, now },
    { id: ctx.ids.uuid(), type: 'child_database', parent_type: 'page_id', parent_id: pageId, position: position!, content: JSON.stringify(content) },
  );
  await insertBlocks(tx, [block]);
  return block;
}
