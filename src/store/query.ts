// Data source queries as SQL: the predicates (predicates.ts) and sort keys
// services/query-compile.ts makes of a request's filter and sorts, run over `blocks` and the
// value index `page_values` (https://developers.notion.com/reference/query-a-data-source).
// Every value, property id and data source id is a bound parameter; the SQL text depends only
// on the shape of the filter and sorts. Only SQL both engines run is written here: EXISTS
// subqueries, text tests with instr/substr/length (SQLite's own, and functions of the store on
// PostgreSQL since migration 0005), CASE, COALESCE, CAST(... AS TEXT), COUNT/SUM/AVG/MIN/MAX,
// row-value comparison.
//
// How it stays fast at 100,000 pages (query plans as SQLite reports them):
// - results are read in the order of an index and the read stops at the page size. The default
//   order is `SEARCH b USING INDEX blocks_created (parent_id=?)`, a sort on `last_edited_time`
//   `SEARCH b USING INDEX blocks_edited (parent_id=?)` (with a range of it as a filter:
//   `(parent_id=? AND last_edited_time>? AND last_edited_time<?)`); a sort on a property is
//   `SEARCH s0 USING INDEX page_values_num|_txt|_date (data_source_id=? AND property_id=?)` then
//   `SEARCH b USING INDEX sqlite_autoindex_blocks_1 (id=?)`, ties in the index's order too
//   (migration 0018); the pages without a value come after, read in blocks_created order;
// - each condition is `EXISTS (SELECT 1 FROM page_values pv WHERE pv.page_id = b.id AND
//   pv.property_id = ? AND <test>)`, one probe of the primary key per page read (`SEARCH pv EXISTS
//   USING INDEX sqlite_autoindex_page_values_1 (page_id=? AND property_id=?)`);
// - after a cursor, the first key is also bounded as a range (`... AND property_id=? AND num<?)`),
//   so a later page starts where the previous one ended, not at the start of the index.
// A page of 100 then costs a few milliseconds whatever the size of the data source. When few
// pages pass the filter, reading in index order would read them all; queryPages then reads from
// the rarest required condition instead (`SEARCH pv USING INDEX page_values_num (data_source_id=?
// AND property_id=? AND num=?)`) and sorts what passes. Orders no index gives (created_by,
// rollups, several timestamps) read and sort every page of the data source: about 100 ms at
// 100,000 pages.
import { sql, type RawBuilder } from 'kysely';
import {
  aggregate,
  FALSE,
  predicate,
  valuesPassing,
  type KeyValue,
  type Position,
  type Predicate,
  type QueryPlan,
  type SortExpression,
  type SortKey,
  type Sql,
} from './predicates.js';
import { blocksByIds, dataSourceRows } from './blocks.js';
import type { BlockRow } from './schema.js';
import type { Db } from './store.js';

export type {
  Aggregate,
  KeyValue,
  NumberOp,
  Position,
  Predicate,
  QueryPlan,
  RollupTarget,
  RowTest,
  ScalarTest,
  SortExpression,
  SortKey,
  TimestampColumn,
  UserColumn,
} from './predicates.js';

/** A sort key's SQL, the join it needs, and whether it can be empty. */
interface KeySql {
  value: Sql;
  join?: Sql;
  nullable: boolean;
  direction: 'asc' | 'desc';
  /** The same for every page (a sort SQL cannot compute): it orders nothing. */
  constant?: boolean;
}

const ID_CHILD_PAGE = 'child_page';
const isCreatedTime = (k: SortKey): boolean => k.expression.kind === 'column' && k.expression.column === 'created_time';
const direction = (key: SortKey): 'asc' | 'desc' => (key.direction === 'descending' ? 'desc' : 'asc');

/** The first value of a property, joined by primary key. */
function valueJoin(alias: string, propertyId: string): Sql {
  const a = (column: string) => sql.ref(`${alias}.${column}`);
  return sql` left join page_values ${sql.raw(alias)} on ${a('page_id')} = b.id and ${a('property_id')} = ${propertyId} and ${a('seq')} = 0`;
}

function keySql(key: SortKey, index: number): KeySql {
  const e = key.expression;
  const dir = direction(key);
  switch (e.kind) {
    case 'value': {
      const alias = `s${index}`;
      return { value: sql.ref(`${alias}.${e.field}`), join: valueJoin(alias, e.propertyId), nullable: true, direction: dir };
    }
    case 'column':
      return { value: sql.ref(`b.${e.column}`), nullable: false, direction: dir };
    case 'aggregate':
      return { value: aggregate(e.aggregate, { id: sql.ref('b.id'), row: 'b' }), nullable: true, direction: dir };
    case 'none':
      return { value: sql`null`, nullable: true, direction: dir, constant: true };
  }
}

/** One SELECT of result rows: its FROM, its conditions, its order, and the id it ends on. */
export interface Select {
  /** Every candidate is read and sorted: the sort then holds ids and keys, not whole rows. */
  sorted: boolean;
  from: Sql;
  where: Sql[];
  keys: KeySql[];
  /** Keys selected as `k<i>` but not ordered on (a key known to be empty in this part). */
  columns: Sql[];
  id: Sql;
  idDirection: 'asc' | 'desc';
  /** For a select read in index order: the read bounded to its first entries (see queryPages). */
  window?: Window;
}

/** The key of the `n`th entry a select reads in index order, and the condition that stops there. */
interface Window {
  boundary(n: number): RawBuilder<{ v: KeyValue; id?: string }>;
  bound(at: { v: KeyValue; id?: string }): Sql;
}

function baseConditions(plan: QueryPlan): Sql[] {
  return [
    sql`b.parent_id = ${plan.dataSourceId}`,
    dataSourceRows('b'),
    sql`b.type = ${sql.lit(ID_CHILD_PAGE)}`,
    sql`b.in_trash = ${plan.trashed ? 1 : 0}`,
    // Template pages live under their data source but are not among its pages.
    sql`not exists(select 1 from templates t where t.page_id = b.id)`,
    predicate(plan.filter, { id: sql.ref('b.id'), row: 'b' }),
  ];
}

/**
 * Rows after a position in the order of `keys`: empty values last in either direction, then ids.
 * Keys that are never empty and go one way compare as one row value; a first key that is never
 * empty is also bounded on its own, which engines answer as a range of an index on it.
 */
function afterPosition(keys: KeySql[], id: Sql, idDirection: 'asc' | 'desc', values: KeyValue[], afterId: string): Sql {
  const idOp = sql.raw(idDirection === 'asc' ? '>' : '<');
  const parts: Sql[] = [];
  const first = keys[0];
  if (first && !first.nullable && values[0] !== null && values[0] !== undefined) {
    parts.push(sql`${first.value} ${sql.raw(first.direction === 'asc' ? '>=' : '<=')} ${values[0]}`);
  }
  if (keys.every((k) => !k.nullable && k.direction === idDirection)) {
    parts.push(sql`(${sql.join([...keys.map((k) => k.value), id])}) ${idOp} (${sql.join([...values, afterId])})`);
    return sql.join(parts, sql` and `);
  }
  // (k1 after c1) or (k1 same as c1 and ((k2 after c2) or (... and id after)))
  let tail: Sql = sql`${id} ${idOp} ${afterId}`;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i]!;
    const v = values[i] ?? null;
    const op = sql.raw(k.direction === 'asc' ? '>' : '<');
    const same = v === null ? sql`${k.value} is null` : sql`${k.value} = ${v}`;
    // Only empty values come after an empty value; every empty value comes after a filled one.
    const beyond = v === null ? FALSE : k.nullable ? sql`(${k.value} ${op} ${v} or ${k.value} is null)` : sql`${k.value} ${op} ${v}`;
    tail = sql`(${beyond} or (${same} and ${tail}))`;
  }
  parts.push(tail);
  return sql.join(parts, sql` and `);
}

/** `rowColumns`: the whole page row, or only its id when the rows are read afterwards. */
function render(select: Select, limit: number, rowColumns: 'all' | 'id' = 'all'): RawBuilder<ResultRow> {
  const order: Sql[] = [];
  for (const k of select.keys) {
    // PostgreSQL refuses a constant in ORDER BY; it would order nothing anyway.
    if (k.constant) continue;
    if (k.nullable) order.push(sql`case when ${k.value} is null then 1 else 0 end`);
    order.push(sql`${k.value} ${sql.raw(k.direction)}`);
  }
  order.push(sql`${select.id} ${sql.raw(select.idDirection)}`);
  const columns = select.columns.map((c, i) => sql`, ${c} as ${sql.ref(`k${i}`)}`);
  const where = sql.join(
    select.where.map((w) => sql`(${w})`),
    sql` and `,
  );
  const row = sql.raw(rowColumns === 'all' ? 'b.*' : 'b.id');
  return sql<ResultRow>`select ${row}${sql.join(columns, sql``)} from ${select.from} where ${where} order by ${sql.join(order)} limit ${limit}`;
}

/** Orders an index reads in: creation time (blocks_created) or last edit (blocks_edited), one way, alone. */
function indexOrder(sorts: SortKey[]): 'created_time' | 'last_edited_time' | undefined {
  const e = sorts.length === 1 ? sorts[0]!.expression : undefined;
  return e?.kind === 'column' && (e.column === 'created_time' || e.column === 'last_edited_time') ? e.column : undefined;
}

/** Every result in the order of the sorts, compared as they are. */
function generalSelect(plan: QueryPlan, after: Position | undefined): Select {
  const keys = plan.sorts.map(keySql);
  const idDirection = keys[keys.length - 1]?.direction ?? 'asc';
  const id = sql.ref('b.id');
  const where = baseConditions(plan);
  if (after) where.push(afterPosition(keys, id, idDirection, after.keys, after.id));
  const joins = keys.flatMap((k) => (k.join ? [k.join] : []));
  const indexed = indexOrder(plan.sorts);
  return {
    sorted: !indexed,
    from: sql`blocks b${sql.join(joins, sql``)}`,
    where,
    keys,
    columns: keys.map((k) => k.value),
    id,
    idDirection,
    window: indexed && indexWindow(plan, indexed, keys, idDirection, after),
  };
}

/** The window of a select read in the order of blocks_created or blocks_edited. */
function indexWindow(
  plan: QueryPlan,
  column: 'created_time' | 'last_edited_time',
  keys: KeySql[],
  idDirection: 'asc' | 'desc',
  after: Position | undefined,
): Window {
  const dir = sql.raw(idDirection);
  const key = sql.ref(`b.${column}`);
  const position = after ? sql` and ${afterPosition(keys, sql.ref('b.id'), idDirection, after.keys, after.id)}` : sql``;
  return {
    boundary: (n) => sql`select ${key} as v, b.id as id from blocks b where b.parent_id = ${plan.dataSourceId} and ${dataSourceRows('b')}${position}
      order by ${key} ${dir}, b.id ${dir} limit 1 offset ${n - 1}`,
    bound: (at) => sql`(${key}, b.id) ${sql.raw(idDirection === 'asc' ? '<=' : '>=')} (${at.v}, ${at.id})`,
  };
}

/**
 * The results whose first sort key, a property value, is filled: read in the order of that
 * property's index, joined to their pages (CROSS JOIN keeps that order of the join in SQLite).
 */
function filledSelect(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>, after: Position | undefined, own: Sql[]): Select {
  // Creation time, the order of ties, is read from the value's row, whose index holds it after the
  // value: the read stops at the page size instead of sorting each run of equal values (0018).
  const rest = plan.sorts.slice(1).map((k, i) => (isCreatedTime(k) ? { ...keySql(k, i + 1), value: sql.ref('s0.page_created') } : keySql(k, i + 1)));
  const head: KeySql = { value: sql.ref(`s0.${first.field}`), nullable: false, direction: direction(plan.sorts[0]!) };
  const keys = [head, ...rest];
  const idDirection = keys[keys.length - 1]!.direction;
  const id = sql.ref('s0.page_id');
  const where = [
    // CROSS JOIN without ON (PostgreSQL allows none): the join condition is here.
    sql`b.id = s0.page_id and s0.data_source_id = ${plan.dataSourceId} and s0.property_id = ${first.propertyId} and s0.seq = 0 and ${head.value} is not null`,
    ...baseConditions(withoutOwnRanges(plan, first)),
  ];
  const past = after && afterPosition(keys, id, idDirection, after.keys, after.id);
  if (past) where.push(past);
  where.push(...own);
  const joins = rest.flatMap((k) => (k.join ? [k.join] : []));
  // The window ends after a whole run of equal first keys: the later keys order the pages within it. It starts at the
  // cursor when the value's index holds every key, else at its run's start (a long run half read leaves it short).
  const runStart = past && after.keys[0] !== null && sql` and ${head.value} ${sql.raw(head.direction === 'asc' ? '>=' : '<=')} ${after.keys[0]}`;
  const start = !runStart ? sql`` : plan.sorts.slice(1).every(isCreatedTime) ? sql` and ${past}` : runStart;
  const within = sql.join(
    own.map((c) => sql` and ${c}`),
    sql``,
  );
  const window: Window = {
    boundary: (n) => sql`select ${head.value} as v from page_values s0
      where s0.data_source_id = ${plan.dataSourceId} and s0.property_id = ${first.propertyId} and s0.seq = 0 and ${head.value} is not null${start}${within}
      order by ${head.value} ${sql.raw(head.direction)} limit 1 offset ${n - 1}`,
    bound: (at) => sql`${head.value} ${sql.raw(head.direction === 'asc' ? '<=' : '>=')} ${at.v}`,
  };
  return {
    sorted: false,
    from: sql`page_values s0 cross join blocks b${sql.join(joins, sql``)}`,
    where,
    keys,
    columns: keys.map((k) => k.value),
    id,
    idDirection,
    window: onlyOwnRange(plan, first) ? undefined : window,
  };
}

/**
 * The filter's ranges on the property the results are sorted by, as tests of its sorted value:
 * the index read then starts and stops at the range instead of reading from the lowest value.
 * Only values a property has one of (numbers, dates), so each repeats what the filter requires.
 */
function ownRange(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>): Sql[] {
  return requiredConditions(plan.filter).flatMap((c) => ownTests(plan, first, c) ?? []);
}

/** A required condition as tests of the sorted value, or undefined when it is not a range of it. */
function ownTests(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>, c: Has): Sql[] | undefined {
  if (c.dataSourceId !== plan.dataSourceId || c.propertyId !== first.propertyId) return undefined;
  const test = c.test!;
  if (first.field === 'num' && test.kind === 'num' && ['>', '>=', '<', '<='].includes(test.op)) return [sql`s0.num ${sql.raw(test.op)} ${test.value}`];
  if (first.field === 'date_start' && test.kind === 'range') {
    const out: Sql[] = [];
    if (test.gte !== undefined) out.push(sql`s0.date_start >= ${test.gte}`);
    if (test.lt !== undefined) out.push(sql`s0.date_start < ${test.lt}`);
    return out;
  }
  return undefined;
}

/**
 * The plan without the conditions that ranges of the sorted value test already. Each asks for a
 * value of the page's property in the range; the sorted value row `s0` is one (same page, same
 * property) whenever its own tests pass, so probing the page's values for it again changes no
 * result, and cost two lookups per page read (at a million pages, reads from all over the file).
 */
function withoutOwnRanges(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>): QueryPlan {
  const conjuncts = conjunctsOf(plan.filter);
  const left = conjuncts.filter((p) => !isOwnRange(plan, first, p));
  if (left.length === conjuncts.length) return plan;
  return { ...plan, filter: { kind: 'and', items: left } };
}

/** Whether a conjunct of the filter is a range of the sorted value (ownTests has tests for it). */
function isOwnRange(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>, p: Predicate): boolean {
  return p.kind === 'has' && p.test !== undefined && ownTests(plan, first, p) !== undefined;
}

/**
 * Whether the filter is nothing but ranges of the sorted property: every index entry of the range
 * then passes it, so the read needs no window (it never reads past the results it returns).
 */
function onlyOwnRange(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>): boolean {
  const conjuncts = conjunctsOf(plan.filter);
  return conjuncts.length > 0 && conjuncts.every((p) => isOwnRange(plan, first, p));
}

/** The results whose first sort key, a property value, is empty: after all the others. */
function emptySelect(plan: QueryPlan, first: Extract<SortExpression, { kind: 'value' }>, after: Position | undefined): Select {
  const rest = plan.sorts.slice(1).map((k, i) => keySql(k, i + 1));
  const idDirection = rest[rest.length - 1]?.direction ?? direction(plan.sorts[0]!);
  const id = sql.ref('b.id');
  const where = [
    ...baseConditions(plan),
    sql`not exists (select 1 from page_values e where e.page_id = b.id and e.property_id = ${first.propertyId} and e.seq = 0 and ${sql.ref(`e.${first.field}`)} is not null)`,
  ];
  if (after) where.push(afterPosition(rest, id, idDirection, after.keys.slice(1), after.id));
  const joins = rest.flatMap((k) => (k.join ? [k.join] : []));
  const indexed = indexOrder(plan.sorts.slice(1));
  return {
    sorted: !indexed,
    from: sql`blocks b${sql.join(joins, sql``)}`,
    where,
    keys: rest,
    columns: [sql`null`, ...rest.map((k) => k.value)],
    id,
    idDirection,
    window: indexed && indexWindow(plan, indexed, rest, idDirection, after && { keys: after.keys.slice(1), id: after.id }),
  };
}

/** The SELECTs that give the results after `after`, in order: one, or filled then empty values. */
function selects(plan: QueryPlan, after: Position | undefined): Select[] {
  const first = plan.sorts[0]?.expression;
  if (first?.kind !== 'value') return [generalSelect(plan, after)];
  // A cursor among the empty values has passed every filled one.
  if (after && after.keys[0] === null) return [emptySelect(plan, first, after)];
  // A required range of the sorted property keeps out every page without a value of it.
  const own = ownRange(plan, first);
  if (own.length > 0) return [filledSelect(plan, first, after, own)];
  return [filledSelect(plan, first, after, own), emptySelect(plan, first, undefined)];
}

export type ResultRow = BlockRow & Record<`k${number}`, KeyValue>;

type Has = Extract<Predicate, { kind: 'has' }>;

/** The conditions every result must pass: those the filter ANDs, or the filter itself. */
const conjunctsOf = (filter: Predicate): Predicate[] => (filter.kind === 'and' ? filter.items : [filter]);

/** Positive tests on values that every result must pass: the filter, or the conditions it ANDs. */
function requiredConditions(filter: Predicate): Has[] {
  return conjunctsOf(filter).filter((p): p is Has => p.kind === 'has' && p.test !== undefined);
}

const isSubstringTest = (condition: Has): boolean => condition.test!.kind === 'text' && condition.test!.op !== 'equals';

/** Counting rows of a condition stops here: past it, a condition is not rare. */
const RARE = 5000;

/**
 * The rarest of the required conditions: their rows are counted (up to RARE, by index range) and
 * the fewest win. A substring test cannot be answered from an index range, so it is not counted,
 * and wins only when every other condition is common.
 */
async function rarestCondition(db: Db, conditions: Has[]): Promise<Has | undefined> {
  let best: { condition: Has; n: number } | undefined;
  for (const condition of conditions) {
    if (isSubstringTest(condition)) continue;
    const counted = await sql<{ n: number }>`select count(*) as n from (select 1 as one from ${valuesPassing(condition)} limit ${RARE}) c`.execute(db);
    const n = Number(counted.rows[0]?.n ?? RARE);
    if (!best || n < best.n) best = { condition, n };
  }
  const pattern = conditions.find(isSubstringTest);
  return pattern && (!best || best.n >= RARE) ? pattern : best?.condition;
}

/** The same results, read from the pages that pass `condition` and then sorted. */
function drivenBy(select: Select, condition: Has): Select {
  const matching = sql`(select distinct pv.page_id from ${valuesPassing(condition)}) m`;
  return {
    ...select,
    sorted: true,
    window: undefined,
    from: sql`${matching} cross join ${select.from}`,
    where: [sql`${select.id} = m.page_id`, ...select.where],
  };
}

/** How many index entries a read in index order may take before a selective read is tried instead. */
const WINDOW_PER_RESULT = 20;

/** The rows of one SELECT (exported for tests, which watch which SELECTs a query reads). */
export async function readRows(db: Db, select: Select, limit: number): Promise<ResultRow[]> {
  if (!select.sorted) return (await render(select, limit).execute(db)).rows;
  const found = (await render(select, limit, 'id').execute(db)).rows;
  const full = new Map(
    (
      await blocksByIds(
        db,
        found.map((r) => r.id),
      )
    ).map((r) => [r.id, r]),
  );
  return found.map((r) => ({ ...full.get(r.id)!, ...r }));
}

/** Only the ids of the result rows (and their sort keys): for a result set kept as ids. */
async function readIds(db: Db, select: Select, limit: number): Promise<ResultRow[]> {
  return (await render(select, limit, 'id').execute(db)).rows;
}

/**
 * Up to `limit` result rows after `after`, each with its sort key values (`k0`, `k1`, ...).
 *
 * A read in index order stops once it has `limit` results, which is quick when many pages pass
 * the filter and slow when few do (it then reads them all). So it first reads a window of the
 * index; when that holds too few results, the filter is selective, and the results are read
 * from the pages that pass its rarest condition instead, then sorted.
 */
export async function queryPages(
  db: Db,
  plan: QueryPlan,
  after: Position | undefined,
  limit: number,
  windowPerResult = WINDOW_PER_RESULT,
  read: typeof readRows = readRows,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const required = requiredConditions(plan.filter);
  for (const select of selects(plan, after)) {
    const wanted = limit - rows.length;
    if (wanted <= 0) break;
    if (select.window && required.length > 0) {
      const boundary = (await select.window.boundary(wanted * windowPerResult).execute(db)).rows[0];
      if (boundary) {
        const found = await read(db, { ...select, where: [...select.where, select.window.bound(boundary)] }, wanted);
        if (found.length === wanted) {
          rows.push(...found);
          continue;
        }
        const driver = await rarestCondition(db, required);
        if (driver) {
          rows.push(...(await read(db, drivenBy(select, driver), wanted)));
          continue;
        }
      }
    }
    rows.push(...(await read(db, select, wanted)));
  }
  return rows;
}

/**
 * The ids of up to `limit` results after `after`, in order, without reading their rows: what a
 * view query keeps of its result set (https://developers.notion.com/reference/create-view-query).
 */
export async function queryPageIds(db: Db, plan: QueryPlan, after: Position | undefined, limit: number): Promise<string[]> {
  return (await queryPages(db, plan, after, limit, WINDOW_PER_RESULT, readIds)).map((r) => r.id);
}

/** The SQL text and parameters of the statements a query runs, for tests and query plans. */
export function compileQuery(db: Db, plan: QueryPlan, after: Position | undefined, limit: number): Array<{ sql: string; parameters: readonly unknown[] }> {
  return selects(plan, after).map((select) => render(select, limit).compile(db));
}

/**
 * Which of the pages `ids` of the plan's data source pass `filter` (and are in the plan's trash
 * state): for filters that combine conditions SQL answers with ones it cannot (formulas).
 */
export async function pagesPassing(db: Db, plan: Omit<QueryPlan, 'sorts'>, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const where = sql.join(
      baseConditions({ ...plan, sorts: [] }).map((w) => sql`(${w})`),
      sql` and `,
    );
    const rows = await sql<{ id: string }>`select b.id from blocks b where b.id in (${sql.join(chunk)}) and ${where}`.execute(db);
    for (const row of rows.rows) out.add(row.id);
  }
  return out;
}
