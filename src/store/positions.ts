// Where new children go among a parent's children on PostgreSQL: positions at the end come from
// the `block_positions` sequence, so that creates under one parent do not wait for each other
// (docs/decisions.md, "Positions on PostgreSQL"). SQLite's one writer reads the last position
// instead (blocks.ts), and every function here leaves it alone.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { compiledOnce } from './compiled.js';
import { engineOf } from './dialect.js';
import type { BlockRow, Database } from './schema.js';
import type { Db } from './store.js';

/** The step between positions the `block_positions` sequence hands out (blocks.ts POSITION_GAP). */
const SEQUENCE_STEP = 65536;

/**
 * Positions after every child of `parentId` for `count` new children, without waiting for other
 * appends under the same parent: on PostgreSQL they come from the `block_positions` sequence,
 * which hands out increasing values to concurrent transactions without holding anything until
 * COMMIT. The parent is held FOR KEY SHARE, which appends share with each other and which a
 * reordering of its children (FOR UPDATE, `lockBlocks`) waits for (docs/decisions.md, "Positions
 * on PostgreSQL"). Undefined on SQLite, whose one writer reads the last position instead, or when
 * the parent has no row.
 */
export async function appendPositions(tx: Kysely<Database>, parentId: string, count: number): Promise<number[] | undefined> {
  if (engineOf(tx) !== 'postgres') return undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const rows = await sequencePositions(
      tx,
      parentId,
      parentId,
      Array.from({ length: count }, (_, i) => i),
    );
    if (rows.length === 0) return undefined;
    const positions = rows.map((r) => r.p).sort((a, b) => a - b);
    const edge = rows[0]!.edge;
    if (edge === null || positions[0]! > edge) return positions;
    // Positions written without the sequence (a store loaded from a dump) can lie beyond it.
    await raisePositionSequence(tx, edge);
  }
  return undefined;
}

/**
 * A sequence value per element of `rows` and the last position under the parent, held FOR KEY
 * SHARE; prepared once per connection (planning it cost 185 µs of PostgreSQL's CPU per create).
 * Not `generate_series(1, count)`: priced at 1,000 rows for an unknown count, it was planned anew.
 */
export const appendPositionsStatement = (db: Kysely<Database>, parentId: string, sameParentId: string, rows: number[]) => ({
  compile: () =>
    sql<{ p: number; edge: number | null }>`with parent as (select id from blocks where id = ${parentId} for key share)
      select nextval('block_positions') as p, (select max(position) from blocks where parent_id = ${sameParentId}) as edge
      from parent, unnest(${rows}::int[])`.compile(db),
});
const sequencePositions = compiledOnce(appendPositionsStatement, 'write');

/**
 * Move the sequence past `position`, a position just given to a child without it (at the start,
 * between siblings, renumbered), so that later appends land after it. A short way is walked with
 * `nextval`, which only moves forward, so that a value handed to another transaction meanwhile is
 * never handed out again; a long way (positions loaded from elsewhere) is set in one step.
 */
export async function raisePositionSequence(tx: Kysely<Database>, position: number): Promise<void> {
  if (engineOf(tx) !== 'postgres') return;
  await sql`select case when ${position}::bigint - s.last_value > ${SEQUENCE_STEP * 10_000}::bigint then setval('block_positions', ${position}::bigint)
      else (select max(v) from (select nextval('block_positions') as v from generate_series(1,
        greatest(0, ceil((${position}::bigint - s.last_value) / ${SEQUENCE_STEP}::numeric)::int + 1))) steps) end
    from block_positions s`.execute(tx);
}

/** A row of `insertAppended`: its id, its position, and the last position under the parent before it. */
interface Placed {
  id: string;
  position: number;
  edge: number | null;
}

type Column = keyof BlockRow;
/** The compiled inserts, by their columns and then by `${count}:${appended}`. */
const appendingInserts = new WeakMap<readonly Column[], Map<string, (db: Db, ...args: unknown[]) => Promise<Placed[]>>>();

/**
 * The insert of `count` rows whose first `appended` take their position from the sequence, the
 * parent held FOR KEY SHARE as appendPositions holds it: its parameters are the parent's id, the
 * rows' values in `columns` order (without those positions), and the parent's id again.
 */
function appendingInsert(columns: readonly Column[], count: number, appended: number) {
  const key = `${count}:${appended}`;
  let inserts = appendingInserts.get(columns);
  if (!inserts) appendingInserts.set(columns, (inserts = new Map()));
  let insert = inserts.get(key);
  if (!insert) {
    // A parent without a row (the workspace emptied meanwhile) leaves its new children at 0.
    const sequenced: RawBuilder<number> = sql`coalesce((select nextval('block_positions') from parent), 0)`;
    insert = compiledOnce((db: Db, parentId: unknown, ...rest: unknown[]) => {
      let next = 0;
      const rows = Array.from({ length: count }, (_, r) =>
        Object.fromEntries(columns.map((c) => [c, r < appended && c === 'position' ? sequenced : rest[next++]])),
      );
      return db
        .with('parent', (q) =>
          q
            .selectFrom('blocks')
            .select('id')
            .where('id', '=', parentId as string)
            .forKeyShare(),
        )
        .insertInto('blocks')
        .values(rows as never)
        .returning(['id', 'position', sql<number | null>`(select max(position) from blocks where parent_id = ${rest[next]})`.as('edge')]);
    }, 'write') as (db: Db, ...args: unknown[]) => Promise<Placed[]>;
    inserts.set(key, insert);
  }
  return insert;
}

/**
 * On PostgreSQL, insert `rows` (in `columns` order, at most a few dozen), the first `appended` of
 * them new last children of `parentId`, giving them their positions within the insert: one
 * statement where appendPositions and the insert are two (bench/RESULTS.md, "Twelfth round").
 * Their positions are written into `rows`. False, having done nothing, on SQLite.
 */
export async function insertAppended(db: Db, columns: readonly Column[], parentId: string, rows: BlockRow[], appended: number): Promise<boolean> {
  if (engineOf(db) !== 'postgres') return false;
  const values: unknown[] = [];
  for (let r = 0; r < rows.length; r++) for (const c of columns) if (r >= appended || c !== 'position') values.push(rows[r]![c]);
  const placed = await appendingInsert(columns, rows.length, appended)(db, parentId, ...values, parentId);
  const at = new Map(placed.map((p) => [p.id, p]));
  let positions = rows.slice(0, appended).map((row) => at.get(row.id)!.position);
  const edge = placed[0]?.edge ?? null;
  if (edge !== null && Math.min(...positions) <= edge) {
    // Positions written without the sequence (a store loaded from a dump) can lie beyond it.
    await raisePositionSequence(db, edge);
    positions = (await appendPositions(db, parentId, appended)) ?? positions;
    for (let i = 0; i < appended; i++) await db.updateTable('blocks').set({ position: positions[i]! }).where('id', '=', rows[i]!.id).execute();
  }
  positions.forEach((position, i) => (rows[i]!.position = position));
  return true;
}
