// The conditions of a data source query as SQL: tests on rows of the value index `page_values`,
// filter predicates as EXISTS subqueries, and rollup aggregates. Every value is a bound parameter.
// https://developers.notion.com/reference/filter-data-source-entries
import { sql, type RawBuilder } from 'kysely';
import type { RollupFunction } from '../schemas/properties.js';

/** A test on one row of `page_values`. Text is compared lower-cased (`txt_lower`), ids exactly (`txt`). */
export type RowTest =
  | { kind: 'text'; op: TextOp; value: string }
  | { kind: 'text_in'; values: string[] }
  | { kind: 'id_in'; values: string[] }
  | { kind: 'num'; op: NumberOp; value: number }
  | { kind: 'range'; gte?: string; lt?: string }
  | { kind: 'verified'; at: string; expired: boolean };

export type NumberOp = '=' | '>' | '<' | '>=' | '<=';

export type TimestampColumn = 'created_time' | 'last_edited_time';
export type UserColumn = 'created_by' | 'last_edited_by';

/** What a related page's value is read from, for rollups. */
export type RollupTarget = { kind: 'values'; propertyId: string; type: string } | { kind: 'column'; column: TimestampColumn | UserColumn };

export interface Aggregate {
  relationId: string;
  fn: RollupFunction;
  target: RollupTarget;
}

/** A test on a scalar (a rollup's number or date); an empty scalar passes only `empty`. */
export type ScalarTest = { kind: 'num'; op: NumberOp | '<>'; value: number } | { kind: 'range'; gte?: string; lt?: string } | { kind: 'empty'; empty: boolean };

/** Whether a page belongs in the results. */
export type Predicate =
  | { kind: 'and' | 'or'; items: Predicate[] }
  | { kind: 'not'; item: Predicate }
  | { kind: 'const'; value: boolean }
  /** The page has a value of the property (one that passes `test`, when given). */
  | { kind: 'has'; dataSourceId: string; propertyId: string; test?: RowTest }
  | { kind: 'timestamp'; column: TimestampColumn; gte?: string; lt?: string }
  | { kind: 'user'; column: UserColumn; ids: string[] }
  /** Rollup any/every/none: `item` holds for some, all or none of the live related pages. */
  | { kind: 'related'; mode: 'any' | 'every' | 'none'; dataSourceId: string; relationId: string; item: Predicate }
  | { kind: 'aggregate'; aggregate: Aggregate; test: ScalarTest };

/** What results are ordered by: a property's first value, a page column, a rollup, or nothing. */
export type SortExpression =
  | { kind: 'value'; propertyId: string; field: 'txt_lower' | 'txt' | 'num' | 'date_start' }
  | { kind: 'column'; column: TimestampColumn | UserColumn }
  | { kind: 'aggregate'; aggregate: Aggregate }
  | { kind: 'none' };

export interface SortKey {
  expression: SortExpression;
  direction: 'ascending' | 'descending';
}

/** A sort key's value, as cursors carry it. */
export type KeyValue = string | number | null;

export interface QueryPlan {
  dataSourceId: string;
  trashed: boolean;
  filter: Predicate;
  /** The order of results; ties go by id in the direction of the last key. */
  sorts: SortKey[];
}

/** Where the results continue: after the page with these key values and id. */
export interface Position {
  keys: KeyValue[];
  id: string;
}

export type Sql = RawBuilder<unknown>;

export const TRUE = sql`1 = 1`;
export const FALSE = sql`1 = 0`;

export type TextOp = 'equals' | 'contains' | 'starts_with' | 'ends_with';

/**
 * `column` compared with `value` as text, literally (no wildcards), by characters on both engines.
 * `instr` is SQLite's, and a function of the store on PostgreSQL (migration 0005).
 */
export function textTest(column: Sql, op: TextOp, value: string): Sql {
  // PostgreSQL must be told the parameter's type where a function has several (length).
  const needle = sql`cast(${value} as text)`;
  switch (op) {
    case 'equals':
      return sql`${column} = ${value}`;
    case 'contains':
      return sql`instr(${column}, ${needle}) > 0`;
    case 'starts_with':
      return sql`substr(${column}, 1, length(${needle})) = ${value}`;
    case 'ends_with':
      return sql`substr(${column}, length(${column}) - length(${needle}) + 1) = ${value}`;
  }
}

/**
 * The value rows of a property that pass a condition's test (`pv`). The column the test reads is
 * named as filled: the indexes by data source and property hold only rows with their value
 * (migration 0018), and an engine uses such an index only when the SQL says as much.
 */
export function valuesPassing(condition: Extract<Predicate, { kind: 'has' }>): Sql {
  const test = condition.test!;
  const filled = sql`${sql.ref(`pv.${indexedColumn(test)}`)} is not null`;
  return sql`page_values pv where pv.data_source_id = ${condition.dataSourceId} and pv.property_id = ${condition.propertyId} and ${filled} and ${rowTest(test)}`;
}

/** The indexed column of the value rows a test can pass: each of them has it filled. */
function indexedColumn(test: RowTest): 'txt_lower' | 'num' | 'date_start' {
  switch (test.kind) {
    case 'num':
      return 'num';
    case 'range':
      return 'date_start';
    case 'text':
    case 'text_in':
    case 'id_in':
    case 'verified':
      // Ids and the verified state are text too: txt_lower is txt lower-cased.
      return 'txt_lower';
  }
}

export function rowTest(test: RowTest): Sql {
  switch (test.kind) {
    case 'text':
      return textTest(sql.ref('pv.txt_lower'), test.op, test.value);
    case 'text_in':
      return sql`pv.txt_lower in (${sql.join(test.values)})`;
    case 'id_in':
      return sql`pv.txt in (${sql.join(test.values)})`;
    case 'num':
      return sql`pv.num ${sql.raw(test.op)} ${test.value}`;
    case 'range':
      return rangeOf(sql.ref('pv.date_start'), test.gte, test.lt);
    case 'verified':
      return test.expired
        ? sql`pv.txt = 'verified' and pv.date_end is not null and pv.date_end < ${test.at}`
        : sql`pv.txt = 'verified' and (pv.date_end is null or pv.date_end >= ${test.at})`;
  }
}

function rangeOf(expression: Sql, gte: string | undefined, lt: string | undefined): Sql {
  const parts: Sql[] = [sql`${expression} is not null`];
  if (gte !== undefined) parts.push(sql`${expression} >= ${gte}`);
  if (lt !== undefined) parts.push(sql`${expression} < ${lt}`);
  return sql.join(parts, sql` and `);
}

/** A page as predicates see it: its id, and the alias of its `blocks` row. */
interface PageRef {
  id: Sql;
  row: string;
}

export function predicate(p: Predicate, page: PageRef): Sql {
  switch (p.kind) {
    case 'const':
      return p.value ? TRUE : FALSE;
    case 'and':
    case 'or': {
      if (p.items.length === 0) return TRUE;
      const parts = p.items.map((item) => sql`(${predicate(item, page)})`);
      return sql.join(parts, p.kind === 'and' ? sql` and ` : sql` or `);
    }
    case 'not':
      if (p.item.kind === 'has' || p.item.kind === 'related') return membership(p.item, page, true);
      return sql`not (${predicate(p.item, page)})`;
    case 'has':
    case 'related':
      return membership(p, page, false);
    case 'timestamp':
      return rangeOf(sql.ref(`${page.row}.${p.column}`), p.gte, p.lt);
    case 'user':
      return p.ids.length === 0 ? FALSE : sql`${sql.ref(`${page.row}.${p.column}`)} in (${sql.join(p.ids)})`;
    case 'aggregate':
      return scalarTest(aggregate(p.aggregate, page), p.test);
  }
}

/** EXISTS over the page's values (or its related pages), probed by primary key per page read. */
function membership(p: Extract<Predicate, { kind: 'has' | 'related' }>, page: PageRef, negated: boolean): Sql {
  if (p.kind === 'has') {
    const test = p.test ? sql` and ${rowTest(p.test)}` : sql``;
    const exists = sql`exists (select 1 from page_values pv where pv.page_id = ${page.id} and pv.property_id = ${p.propertyId}${test})`;
    return negated ? sql`not ${exists}` : exists;
  }
  // Related pages: the relation's rows, joined to the live pages they name.
  const related: PageRef = { id: sql.ref('r.id'), row: 'r' };
  const item = p.mode === 'every' ? sql`not (${predicate(p.item, related)})` : predicate(p.item, related);
  const exists = sql`exists (select 1 from page_values rel join blocks r on r.id = rel.txt
    where rel.page_id = ${page.id} and rel.property_id = ${p.relationId} and r.in_trash = 0 and (${item}))`;
  // any: some related page passes; none: no related page does; every: no related page fails.
  const excluded = p.mode === 'any' ? negated : !negated;
  return excluded ? sql`not ${exists}` : exists;
}

function scalarTest(value: Sql, test: ScalarTest): Sql {
  switch (test.kind) {
    case 'empty':
      return test.empty ? sql`${value} is null` : sql`${value} is not null`;
    case 'num':
      if (test.op === '<>') return sql`(${value} is null or ${value} <> ${test.value})`;
      return sql`(${value} is not null and ${value} ${sql.raw(test.op)} ${test.value})`;
    case 'range':
      return sql`(${rangeOf(value, test.gte, test.lt)})`;
  }
}

/** A rollup's value for a page, over all its live related pages (page objects show the first 25). */
export function aggregate(a: Aggregate, page: PageRef): Sql {
  const valued = a.target.kind === 'values';
  const join = valued ? sql` left join page_values t on t.page_id = r.id and t.property_id = ${(a.target as { propertyId: string }).propertyId}` : sql``;
  const column = a.target.kind === 'column' ? sql.ref(`r.${a.target.column}`) : undefined;
  const type = a.target.kind === 'values' ? a.target.type : a.target.column;
  const checkbox = type === 'checkbox';
  const numeric = type === 'number';
  const dated = type === 'date' || type === 'created_time' || type === 'last_edited_time';
  // A related page's value is empty when it has no row (for a checkbox: is unchecked).
  const nonEmpty = column ? sql`1 = 1` : checkbox ? sql`t.num = 1` : sql`t.page_id is not null`;
  const count = sql`count(distinct r.id)`;
  const filled = sql`count(distinct case when ${nonEmpty} then r.id end)`;
  const checked = sql`count(distinct case when t.num = 1 then r.id end)`;
  const ratio = (part: Sql) => sql`case when ${count} = 0 then 0 else (${part}) * 1.0 / ${count} end`;
  const item = column ?? sql`coalesce(t.txt, cast(t.num as text), t.date_start)`;
  const start = column ?? sql`t.date_start`;
  const end = column ?? sql`coalesce(t.date_end, t.date_start)`;
  let value: Sql;
  switch (a.fn) {
    case 'count':
      value = count;
      break;
    case 'count_values':
      value = column ? count : sql`count(case when ${nonEmpty} then 1 end)`;
      break;
    case 'empty':
      value = sql`${count} - ${filled}`;
      break;
    case 'not_empty':
      value = filled;
      break;
    case 'unique':
      value = sql`count(distinct case when ${nonEmpty} then ${item} end)`;
      break;
    case 'percent_empty':
      value = ratio(sql`${count} - ${filled}`);
      break;
    case 'percent_not_empty':
      value = ratio(filled);
      break;
    case 'sum':
      value = numeric ? sql`coalesce(sum(t.num), 0)` : sql`0`;
      break;
    case 'average':
      value = numeric ? sql`avg(t.num)` : sql`null`;
      break;
    case 'min':
      value = numeric ? sql`min(t.num)` : sql`null`;
      break;
    case 'max':
      value = numeric ? sql`max(t.num)` : sql`null`;
      break;
    case 'range':
      value = numeric ? sql`max(t.num) - min(t.num)` : sql`null`;
      break;
    case 'earliest_date':
    case 'date_range':
      value = dated ? sql`min(${start})` : sql`null`;
      break;
    case 'latest_date':
      value = dated ? sql`max(${end})` : sql`null`;
      break;
    case 'checked':
      value = checkbox ? checked : sql`0`;
      break;
    case 'unchecked':
      value = checkbox ? sql`${count} - ${checked}` : sql`0`;
      break;
    case 'percent_checked':
      value = checkbox ? ratio(checked) : sql`0`;
      break;
    case 'percent_unchecked':
      value = checkbox ? ratio(sql`${count} - ${checked}`) : sql`0`;
      break;
    default:
      // Array results (show_original, ...) have no scalar; the compiler refuses them.
      value = sql`null`;
  }
  return sql`(select ${value} from page_values rel join blocks r on r.id = rel.txt and r.in_trash = 0${join}
    where rel.page_id = ${page.id} and rel.property_id = ${a.relationId})`;
}
