// Queries over `blocks`: pages, databases and content blocks, with their order among siblings.
import { sql, type Compilable, type RawBuilder, type SqlBool } from 'kysely';
import { compiledOnce } from './compiled.js';
import { insertsRowByRow, lockBlocks } from './dialect.js';
import { appendPositions, insertAppended, raisePositionSequence } from './positions.js';

export { lockBlocks };
import type { BlockRow } from './schema.js';
import type { Db } from './store.js';

export type BlockWithChildren = BlockRow & { has_children: number };

/** A block row; a page of a data source also names the database holding that data source. */
export type BlockView = BlockWithChildren & { database_id?: string };

/** Who makes a new block, and when. */
export interface Authorship {
  workspaceId: string;
  userId: string;
  now: string;
}

/**
 * The pages of data sources, written as the literal that the partial indexes blocks_created and
 * blocks_edited are defined with (migration 0017): a read of a data source's pages in creation or
 * edit order names it, or those indexes cannot serve it. `table` is the alias of `blocks`.
 *
 * Conditions on `type` and `parent_type`, the columns partial indexes of `blocks` are defined on,
 * are written as literals throughout, never as parameters: SQLite's planner, comparing a parameter
 * with an index's condition, marks the statement to be prepared again whenever that parameter is
 * bound, which is on every run (docs/decisions.md, "Literal block types").
 */
export function dataSourceRows(table?: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(table ? `${table}.parent_type` : 'parent_type')} = 'data_source_id'`;
}

/** A new row of `blocks`: empty, live and unlocked unless `fields` say otherwise. */
export function newBlockRow(by: Authorship, fields: Partial<BlockRow> & Pick<BlockRow, 'id' | 'type' | 'parent_type' | 'parent_id'>): BlockRow {
  return {
    workspace_id: by.workspaceId,
    position: 0,
    content: '{}',
    properties: null,
    title: null,
    icon: null,
    cover: null,
    in_trash: 0,
    is_locked: 0,
    created_time: by.now,
    created_by: by.userId,
    last_edited_time: by.now,
    last_edited_by: by.userId,
    ...fields,
  };
}

/** Sibling positions are integers with gaps, renumbered when an insert finds no gap left. */
export const POSITION_GAP = 65536;

// Content children only: a database's data sources are not blocks, and neither are they children.
// Flags are 0 or 1 on both engines. `in_trash <> 1` rather than `= 0`, for the reason given at
// ancestryStatement below: PostgreSQL's generic plan of the lookup by id otherwise read every
// child of the block (test/postgres/plans.test.ts). The first live child in document order, not
// `exists`: PostgreSQL plans an `exists` to stop at the first row it finds, and where one parent
// holds most of the table (a data source of a million rows) it expects to find one at once in a
// scan of the table, which for any other block without content children (its database, an empty
// page) reads every row: half a second at a million. Ordered by the children index's own columns,
// the scan cannot win, and PostgreSQL keeps the order and the LIMIT of a scalar subquery (it drops
// them from an `exists`).
const firstLiveChild = (parent: RawBuilder<unknown>) =>
  sql<number>`coalesce((select 1 from blocks c where c.parent_id = ${parent} and c.in_trash <> 1 and c.type <> 'data_source' order by c.parent_id, c.position limit 1), 0)`;
const hasChildren = firstLiveChild(sql.ref('blocks.id'));

/** The lookup of one block by id (exported for the test of its PostgreSQL plan). */
export function blockByIdStatement(db: Db, id: string): Compilable<BlockWithChildren> {
  return db.selectFrom('blocks').selectAll().select(hasChildren.as('has_children')).where('id', '=', id);
}

const blockById = compiledOnce(blockByIdStatement);

export async function getBlock(db: Db, id: string): Promise<BlockWithChildren | undefined> {
  return (await blockById(db, id))[0];
}

/**
 * Whether the block `block` names was given to either of the caller's two principals (its
 * `reach`), as a condition for a correlated subquery. Two `exists` rather than one with
 * `integration_id in (…, …)`: SQLite builds the list's table again on every run of a correlated
 * subquery: a walk up from a page of a small workspace testing its grants took 46 µs against 6 µs.
 */
export const grantedTo = (principal: unknown, member: unknown, block: RawBuilder<unknown>): RawBuilder<SqlBool> =>
  sql<SqlBool>`(exists(select 1 from grants g where g.integration_id = ${principal} and g.block_id = ${block})
    or exists(select 1 from grants g where g.integration_id = ${member} and g.block_id = ${block}))`;

/** A block on the way up from the one asked for, with whether the integration was given it. */
export type AncestorRow = BlockWithChildren & { granted: number };

// One query answers "may this integration reach the block, and what is it": the block's row
// (with has_children), then each ancestor's, nearest first, each flagged when shared.
// has_children looks up the id asked for rather than chain.id: uncorrelated, it is one index
// probe on both engines, where PostgreSQL would hash a scan of every block for a correlated one.
// It says `in_trash <> 1` for `in_trash = 0` (the column holds 0 or 1): before PostgreSQL has
// statistics of the table, it takes an equality to match 0.5 % of the rows and plans the prepared
// query as a bitmap scan of every child of the block, which cannot stop at the first (0.7 ms for
// a page of 6,000 children, a million index entries for a data source of a million rows); an
// inequality it takes to match nearly all, and reads the index until the first live child.
// The id comes in twice because compiledOnce keeps SQL whose parameters are its arguments in order.
/** The ancestry lookup's query (exported for the test of its PostgreSQL plan). */
export function ancestryStatement(db: Db, id: string, sameId: string, principal: string, member: string): Compilable<AncestorRow & { depth: number }> {
  const query = sql<AncestorRow & { depth: number }>`
    with recursive chain as (
      select blocks.*, 0 as depth from blocks where id = ${id}
      union all
      select b.*, chain.depth + 1 from blocks b join chain on b.id = chain.parent_id
      where chain.depth < 1000
    )
    select chain.*,
      case when chain.depth = 0 then ${firstLiveChild(sql`${sameId}`)} else 0 end as has_children,
      case when ${grantedTo(principal, member, sql`chain.id`)} then 1 else 0 end as granted
    from chain order by chain.depth`;
  return { compile: () => query.compile(db) };
}

const ancestryQuery = compiledOnce(ancestryStatement);

/**
 * The block and its ancestors up to the workspace, nearest first, each with whether the
 * integration was given it. Access to a page carries to everything below it
 * (docs/decisions.md, "Access").
 */
export async function ancestry(db: Db, id: string, reach: readonly [string, string]): Promise<AncestorRow[]> {
  return ancestryQuery(db, id, id, reach[0], reach[1]);
}

/** Every column of a block row, in the order the compiled inserts below bind them. */
const BLOCK_COLUMNS = [
  'id',
  'workspace_id',
  'type',
  'parent_type',
  'parent_id',
  'position',
  'content',
  'properties',
  'title',
  'icon',
  'cover',
  'in_trash',
  'is_locked',
  'created_time',
  'created_by',
  'last_edited_time',
  'last_edited_by',
] as const satisfies readonly (keyof BlockRow)[];
// A column added to BlockRow and not above fails to compile here.
const everyColumn: Exclude<keyof BlockRow, (typeof BLOCK_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;

/**
 * Rows up to which an insert is a statement compiled once: on SQLite one prepared insert per row,
 * on PostgreSQL (where each statement is a round trip) one insert of all the rows, compiled once
 * per number of rows and so prepared by name on each connection (a create's page and children).
 */
const COMPILED_ROWS = 32;

/** The insert of `count` rows, its parameters row after row in the order of BLOCK_COLUMNS. */
const insertsOfRows = new Map<number, ReturnType<typeof compiledOnce<BlockRow[keyof BlockRow][], unknown>>>();
function insertOfRows(count: number) {
  let insert = insertsOfRows.get(count);
  if (!insert) {
    const width = BLOCK_COLUMNS.length;
    insert = compiledOnce(
      (db: Db, ...values: BlockRow[keyof BlockRow][]) =>
        db
          .insertInto('blocks')
          .values(
            Array.from(
              { length: count },
              (_, r) => Object.fromEntries(BLOCK_COLUMNS.map((column, i) => [column, values[r * width + i]])) as unknown as BlockRow,
            ),
          ),
      'write',
    );
    insertsOfRows.set(count, insert);
  }
  return insert;
}

export async function insertBlocks(db: Db, rows: BlockRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length <= COMPILED_ROWS) {
    if (insertsRowByRow(db)) {
      for (const row of rows) await insertOfRows(1)(db, ...BLOCK_COLUMNS.map((column) => row[column]));
    } else {
      await insertOfRows(rows.length)(db, ...rows.flatMap((row) => BLOCK_COLUMNS.map((column) => row[column])));
    }
    return;
  }
  // SQLite binds at most 32766 parameters; 17 columns per row keeps a chunk well under that.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('blocks')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/**
 * Appended rows up to which their positions are taken within the insert: each number of rows and
 * of appended ones is a statement of its own, prepared on every connection, so they stay few.
 */
const APPENDED_IN_INSERT = 4;

/**
 * Insert `rows`, the first `placed` of them new children of `parentId` put `where` its others are
 * (allocatePositions), given their positions here (and in `rows`). At the end, on PostgreSQL, the
 * positions are taken within the insert itself (positions.ts).
 */
export async function insertPlaced(db: Db, parentId: string, rows: BlockRow[], placed: number, where: Placement): Promise<void> {
  const inInsert = where.type === 'end' && rows.length <= COMPILED_ROWS && placed <= APPENDED_IN_INSERT;
  if (inInsert && (await insertAppended(db, BLOCK_COLUMNS, parentId, rows, placed))) return;
  const positions = await allocatePositions(db, parentId, placed, where);
  positions.forEach((position, i) => (rows[i]!.position = position));
  await insertBlocks(db, rows);
}

/** Updates of a block by the columns they set, each compiled once (few sets of columns are written). */
const updatesByColumns = new Map<string, (db: Db, ...values: unknown[]) => Promise<unknown[]>>();
const UPDATE_SHAPES = 64;

export async function updateBlock(db: Db, id: string, patch: Partial<BlockRow>): Promise<void> {
  // Kysely leaves out the columns set to undefined; so do the shapes.
  const columns = (Object.keys(patch) as (keyof BlockRow)[]).filter((column) => patch[column] !== undefined);
  const shape = columns.join(',');
  let update = updatesByColumns.get(shape);
  if (!update && columns.length > 0 && updatesByColumns.size < UPDATE_SHAPES) {
    update = compiledOnce(
      (db: Db, ...values: unknown[]) =>
        db
          .updateTable('blocks')
          .set(Object.fromEntries(columns.map((column, i) => [column, values[i]])) as Partial<BlockRow>)
          .where('id', '=', values[columns.length] as string),
      'write',
    );
    updatesByColumns.set(shape, update);
  }
  if (update) await update(db, ...columns.map((column) => patch[column]), id);
  else await db.updateTable('blocks').set(patch).where('id', '=', id).execute();
}

export async function touchBlock(db: Db, id: string, time: string, userId: string): Promise<void> {
  await updateBlock(db, id, { last_edited_time: time, last_edited_by: userId });
}

/** The largest or smallest position among a parent's children, one compiled read each. */
const edgeRead = (aggregate: 'min' | 'max') =>
  compiledOnce((db: Db, parentId: string) =>
    db
      .selectFrom('blocks')
      .select(sql<number>`${sql.raw(aggregate)}(position)`.as('p'))
      .where('parent_id', '=', parentId),
  );
const edges = { first: edgeRead('min'), last: edgeRead('max') };

/** The largest or smallest position among the children of `parentId`, trashed ones included. */
async function edgePosition(db: Db, parentId: string, edge: 'first' | 'last'): Promise<number | undefined> {
  const [row] = await edges[edge](db, parentId);
  return row?.p ?? undefined;
}

/**
 * Positions for `count` new children of `parentId`: at the end, at the start, or right after the
 * sibling `afterId`. Renumbers the siblings when the gap is too small.
 */
/** Where new children go among their parent's others. */
export type Placement = { type: 'end' } | { type: 'start' } | { type: 'after'; afterId: string };

export async function allocatePositions(db: Db, parentId: string, count: number, where: Placement): Promise<number[]> {
  // Appends on PostgreSQL take increasing positions from a sequence and do not wait for each other.
  const appended = where.type === 'end' ? await appendPositions(db, parentId, count) : undefined;
  if (appended) return appended;
  // Other inserts under one parent take turns from here to their commit, each placing its children
  // among those committed before it; taken this late, the turn is short.
  await lockBlocks(db, [parentId]);
  const positions = await lockedPositions(db, parentId, count, where);
  if (positions.length > 0) await raisePositionSequence(db, positions[positions.length - 1]!);
  return positions;
}

/** Positions for `allocatePositions`, with the parent held against other inserts. */
async function lockedPositions(db: Db, parentId: string, count: number, where: Placement): Promise<number[]> {
  if (where.type === 'end') {
    const last = (await edgePosition(db, parentId, 'last')) ?? 0;
    return Array.from({ length: count }, (_, i) => last + POSITION_GAP * (i + 1));
  }
  if (where.type === 'start') {
    const first = (await edgePosition(db, parentId, 'first')) ?? POSITION_GAP * (count + 1);
    return Array.from({ length: count }, (_, i) => first - POSITION_GAP * (count - i));
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const after = await db.selectFrom('blocks').select('position').where('id', '=', where.afterId).executeTakeFirstOrThrow();
    const next = await db
      .selectFrom('blocks')
      .select('position')
      .where('parent_id', '=', parentId)
      .where('position', '>', after.position)
      .orderBy('position')
      .limit(1)
      .executeTakeFirst();
    const upper = next?.position ?? after.position + POSITION_GAP * (count + 1);
    const step = Math.floor((upper - after.position) / (count + 1));
    if (step >= 1) return Array.from({ length: count }, (_, i) => after.position + step * (i + 1));
    await renumberChildren(db, parentId, count);
  }
  throw new Error('position allocation failed after renumbering');
}

/** Spread the children of `parentId` out again, leaving room for `room` inserts anywhere. */
async function renumberChildren(db: Db, parentId: string, room: number): Promise<void> {
  const children = await db.selectFrom('blocks').select(['id']).where('parent_id', '=', parentId).orderBy('position').orderBy('id').execute();
  const gap = POSITION_GAP * (room + 1);
  for (let i = 0; i < children.length; i++) {
    await db
      .updateTable('blocks')
      .set({ position: gap * (i + 1) })
      .where('id', '=', children[i]!.id)
      .execute();
  }
  await raisePositionSequence(db, gap * children.length);
}

/** A page of the live (not trashed) children of `parentId` in document order. */
export async function listChildren(db: Db, parentId: string, fromPosition: number | undefined, limit: number): Promise<BlockWithChildren[]> {
  let q = db
    .selectFrom('blocks')
    .selectAll()
    .select(hasChildren.as('has_children'))
    .where('parent_id', '=', parentId)
    .where('in_trash', '=', 0)
    .where('type', '<>', 'data_source');
  if (fromPosition !== undefined) q = q.where('position', '>=', fromPosition);
  return q.orderBy('position').orderBy('id').limit(limit).execute();
}

/** Titles of pages (and databases), for page mentions and child_page blocks. */
export async function titlesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('blocks').select(['id', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.title ?? '']));
}

/** The live data sources of a database, in the order they were added. */
export async function dataSourcesOf(db: Db, databaseIds: string[]): Promise<BlockRow[]> {
  if (databaseIds.length === 0) return [];
  return db
    .selectFrom('blocks')
    .selectAll()
    .where('parent_id', 'in', databaseIds)
    .where('type', '=', sql.lit('data_source'))
    .where('in_trash', '=', 0)
    .orderBy('position')
    .execute();
}

const oneBlock = compiledOnce((db: Db, id: string) => db.selectFrom('blocks').selectAll().where('id', 'in', [id]), 'read of rows to change');

export async function blocksByIds(db: Db, ids: string[]): Promise<BlockRow[]> {
  if (ids.length === 0) return [];
  if (ids.length === 1) return oneBlock(db, ids[0]!);
  const rows: BlockRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('blocks')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return rows;
}

/** Every page of a data source, trashed ones included, oldest first. */
export async function pagesOfDataSource(db: Db, dataSourceId: string): Promise<BlockRow[]> {
  return db
    .selectFrom('blocks')
    .selectAll()
    .where('parent_id', '=', dataSourceId)
    .where(dataSourceRows())
    .where('type', '=', sql.lit('child_page'))
    .orderBy('created_time')
    .orderBy('id')
    .execute();
}

/** The data sources of a workspace whose schema names `id` (relations to that data source). */
export async function dataSourcesMentioning(db: Db, workspaceId: string, id: string): Promise<BlockRow[]> {
  return dataSourcesMentioningStatement(db, workspaceId, id).execute();
}

/** dataSourcesMentioning's query (exported for the tests of its plans). */
export function dataSourcesMentioningStatement(db: Db, workspaceId: string, id: string) {
  return (
    db
      .selectFrom('blocks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      // A literal, as the partial index of data sources requires (migration 0019).
      .where(sql<SqlBool>`type = 'data_source'`)
      .where('properties', 'like', `%${id}%`)
  );
}

/**
 * Which of `ids` the integration reaches: those with themselves or an ancestor shared with it
 * (docs/decisions.md, "Access"). One query for the lot, however many ids, so that checking what a response names
 * costs no query per object.
 */
export async function reachableAmong(db: Db, ids: string[], reach: readonly [string, string]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const { rows } = await sql<{ origin: string }>`
      with recursive chain as (
        select id as origin, id, parent_id, 0 as depth from blocks where id in (${sql.join(chunk)})
        union all
        select chain.origin, b.id, b.parent_id, chain.depth + 1 from blocks b join chain on b.id = chain.parent_id
        where chain.depth < 1000
      )
      select distinct chain.origin from chain join grants g on g.block_id = chain.id
      where g.integration_id in (${reach[0]}, ${reach[1]})`.execute(db);
    for (const row of rows) out.add(row.origin);
  }
  return out;
}
