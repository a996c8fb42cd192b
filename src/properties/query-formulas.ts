// Queries that filter or sort on formulas (https://developers.notion.com/reference/filter-data-source-entries, https://developers.notion.com/reference/sort-data-source-entries). Formula values are computed when read,
// so SQL cannot test them: the filter runs in SQL with its formula conditions taken as true (a
// superset of the results, since compound filters only and/or their conditions), and the
// candidates are then tested in JavaScript, a batch at a time. Conditions SQL answered inside an
// `or` with a formula condition are asked again for the batch, so the whole filter holds exactly.
// Without formula sorts the candidates come in the order SQL gives and reading stops once a page
// of results is full; a formula sort reads every candidate and sorts them here. Cursors, page
// sizes and the 10,000-result cap work as for every query (services/query.ts).
import { validationError } from '../errors.js';
import { FormulaError, type FormulaType } from '../formula/index.js';
import type { FilterRequest, SortRequest } from '../schemas/filters.js';
import { pagesPassing, queryPages, type KeyValue, type Position, type Predicate, type QueryPlan, type ResultRow, type SortKey } from '../store/query.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import type { Actor } from '../actor.js';
import { formulaResultType } from './computed-values.js';
import type { FormulaResult } from './property-value.js';
import { PageGraph } from './page-graph.js';
import type { FormulaCatalog } from './formula-catalog.js';
import { instantOf } from './instants.js';
import { findProperty, type PropertySchema } from './schema.js';
import { compileFilter, dateTest, type CompileContext } from './query-compile.js';

type Condition = Record<string, unknown>;

/** A filter as far as formulas are concerned: SQL predicates, formula tests, and how they combine. */
export type HybridFilter =
  | { kind: 'sql'; predicate: Predicate }
  | { kind: 'formula'; property: PropertySchema; test: (result: FormulaResult) => boolean }
  | { kind: 'and' | 'or'; items: HybridFilter[] };

export interface FormulaSort {
  /** Its position among the sort keys. */
  index: number;
  property: PropertySchema;
}

const FILTER_KEYS: Record<string, string> = { string: 'string', number: 'number', boolean: 'checkbox', date: 'date' };

/** The compiled formula of a property, or Notion's error for one whose type is not known. */
function formulaType(catalog: FormulaCatalog, dataSourceId: string, property: PropertySchema): FormulaType {
  let formula;
  try {
    formula = catalog.formula(dataSourceId, property);
  } catch {
    formula = undefined;
  }
  if (!formula || formula instanceof FormulaError) throw validationError('Unable to filter based on a formula of unknown type');
  return formula.type;
}

const only = (condition: Condition): [string, unknown] => Object.entries(condition)[0]!;

/** The test of a formula condition (`{string: {...}}`, `{number: ...}`, ...) on a rendered value. */
function formulaTest(ctx: CompileContext, catalog: FormulaCatalog, property: PropertySchema, condition: Condition, path: string): HybridFilter {
  const resultType = formulaResultType(formulaType(catalog, ctx.dataSourceId, property));
  const [key, inner] = only(condition);
  if (FILTER_KEYS[resultType] !== key) {
    throw validationError(
      `The property type in the database does not match the property type of the filter provided: database property formula (${FILTER_KEYS[resultType]}) does not match filter ${key}`,
    );
  }
  const [name, value] = only(inner as Condition);
  const valueOf = (result: FormulaResult): unknown => (result.type === resultType ? result.value : undefined);
  let test: (v: unknown) => boolean;
  switch (key) {
    case 'string': {
      const wanted = typeof value === 'string' ? value.toLowerCase() : '';
      test = (v) => {
        const text = typeof v === 'string' ? v.toLowerCase() : '';
        if (name === 'is_empty') return text === '';
        if (name === 'is_not_empty') return text !== '';
        // An empty value leaves the condition out, as for text properties.
        if (wanted === '') return true;
        switch (name) {
          case 'equals':
            return text === wanted;
          case 'does_not_equal':
            return text !== wanted;
          case 'contains':
            return text.includes(wanted);
          case 'does_not_contain':
            return !text.includes(wanted);
          case 'starts_with':
            return text !== '' && text.startsWith(wanted);
          default:
            return text !== '' && text.endsWith(wanted);
        }
      };
      break;
    }
    case 'number': {
      const x = value as number;
      test = (v) => {
        const n = typeof v === 'number' ? v : null;
        switch (name) {
          case 'is_empty':
            return n === null;
          case 'is_not_empty':
            return n !== null;
          case 'does_not_equal':
            return n !== x;
          case 'equals':
            return n === x;
          default:
            if (n === null) return false;
            return name === 'greater_than' ? n > x : name === 'less_than' ? n < x : name === 'greater_than_or_equal_to' ? n >= x : n <= x;
        }
      };
      break;
    }
    case 'checkbox':
      test = (v) => (name === 'equals' ? v === value : v !== value);
      break;
    default: {
      const range = dateTest(inner as Condition, ctx.now, `${path}.formula.date`);
      test = (v) => {
        const start = (v as { start?: string } | null)?.start;
        const ms = start ? instantOf(start) : undefined;
        if (range.kind === 'empty') return range.empty === (ms === undefined);
        if (ms === undefined) return false;
        return (range.gte === undefined || ms >= range.gte) && (range.lt === undefined || ms < range.lt);
      };
    }
  }
  return { kind: 'formula', property, test: (result) => test(valueOf(result)) };
}

/** The filter with its formula conditions made tests; undefined when it has none. */
export function hybridFilter(ctx: CompileContext, catalog: FormulaCatalog, filter: FilterRequest | undefined, path = 'body.filter'): HybridFilter | undefined {
  if (filter === undefined) return undefined;
  const build = (f: FilterRequest, at: string): HybridFilter => {
    for (const op of ['and', 'or'] as const) {
      const items = f[op];
      if (Array.isArray(items)) return { kind: op, items: items.map((item, i) => build(item as FilterRequest, `${at}.${op}[${i}]`)) };
    }
    const property = typeof f.property === 'string' && f.timestamp === undefined ? findProperty(ctx.schema, f.property) : undefined;
    if (property?.type === 'formula' && f.formula !== undefined) return formulaTest(ctx, catalog, property, f.formula as Condition, at);
    return { kind: 'sql', predicate: compileFilter(ctx, f, at) };
  };
  const hybrid = build(filter, path);
  return hasFormula(hybrid) ? hybrid : undefined;
}

const hasFormula = (h: HybridFilter): boolean => h.kind === 'formula' || ((h.kind === 'and' || h.kind === 'or') && h.items.some(hasFormula));

/** The SQL part: formula conditions count as met, which lets through every page that may pass. */
export function sqlPart(h: HybridFilter): Predicate {
  switch (h.kind) {
    case 'sql':
      return h.predicate;
    case 'formula':
      return { kind: 'const', value: true };
    default:
      return { kind: h.kind, items: h.items.map(sqlPart) };
  }
}

/** SQL conditions that the SQL part did not settle (those inside an `or`), to be asked per batch. */
function unsettled(h: HybridFilter, settled = true, out: Array<Extract<HybridFilter, { kind: 'sql' }>> = []) {
  if (h.kind === 'sql' && !settled) out.push(h);
  if (h.kind === 'and' || h.kind === 'or') for (const item of h.items) unsettled(item, settled && h.kind === 'and', out);
  return out;
}

/** The formula sorts of a request, by their position; the rest compile as usual. */
export function formulaSorts(ctx: CompileContext, sorts: SortRequest[] | undefined, catalog: FormulaCatalog): FormulaSort[] {
  const out: FormulaSort[] = [];
  (sorts ?? []).forEach((sort, index) => {
    if (!('property' in sort)) return;
    const property = findProperty(ctx.schema, sort.property);
    if (property?.type !== 'formula') return;
    formulaType(catalog, ctx.dataSourceId, property);
    out.push({ index, property });
  });
  return out;
}

/** A formula's value as a sort key: text lower-cased, checkboxes 1/0, dates their start instant. */
function sortKey(result: FormulaResult): KeyValue {
  switch (result.type) {
    case 'number':
      return result.value;
    case 'boolean':
      return result.value ? 1 : 0;
    case 'date': {
      const start = result.value?.start;
      const ms = start ? instantOf(start) : undefined;
      return ms === undefined ? null : new Date(ms).toISOString();
    }
    default:
      return result.value !== null && result.value !== '' ? result.value.toLowerCase() : null;
  }
}

export interface FormulaQuery {
  db: Db;
  actor: Actor;
  now: Date;
  catalog: FormulaCatalog;
  /** The plan with formula conditions counted as met and formula sorts as no order. */
  plan: QueryPlan;
  filter: HybridFilter | undefined;
  sorts: FormulaSort[];
}

/** Candidates read per batch when results are tested in order. */
const BATCH = 1000;
const ALL = 1_000_000_000;

const keysOf = (row: ResultRow, count: number): KeyValue[] => Array.from({ length: count }, (_, i) => (row[`k${i}`] ?? null) as KeyValue);

/** The candidates of `rows` that pass the whole filter. */
async function passing(q: FormulaQuery, rows: ResultRow[], graph: PageGraph | undefined): Promise<ResultRow[]> {
  const filter = q.filter;
  if (!filter || rows.length === 0) return rows;
  const ids = rows.map((r) => r.id);
  const sets = new Map<HybridFilter, Set<string>>();
  for (const node of unsettled(filter))
    sets.set(node, await pagesPassing(q.db, { dataSourceId: q.plan.dataSourceId, trashed: q.plan.trashed, filter: node.predicate }, ids));
  const holds = (h: HybridFilter, row: ResultRow): boolean => {
    switch (h.kind) {
      case 'sql':
        return sets.get(h)?.has(row.id) ?? true;
      case 'formula':
        return h.test(graph!.formula(row, h.property));
      case 'and':
        return h.items.every((i) => holds(i, row));
      default:
        return h.items.some((i) => holds(i, row));
    }
  };
  return rows.filter((r) => holds(filter, r));
}

const graphOf = (q: FormulaQuery, rows: BlockRow[]) => PageGraph.build(q.db, q.actor, rows, { now: q.now }, q.catalog.known);

/** Compare sort keys as SQL orders them: empty values last in either direction. */
function compareKeys(a: KeyValue[], b: KeyValue[], sorts: SortKey[]): number {
  for (let i = 0; i < sorts.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return sorts[i]!.direction === 'descending' ? -c : c;
  }
  return 0;
}

/**
 * Up to `limit` results after `after`, each with the keys its cursor carries. Formula sorts read
 * every candidate; otherwise candidates are read in order until `limit` pass.
 */
export async function queryWithFormulas(q: FormulaQuery, after: Position | undefined, limit: number): Promise<Array<{ row: ResultRow; keys: KeyValue[] }>> {
  const keyCount = q.plan.sorts.length;
  if (q.sorts.length === 0) {
    const out: Array<{ row: ResultRow; keys: KeyValue[] }> = [];
    let position = after;
    for (;;) {
      const batch = await queryPages(q.db, q.plan, position, BATCH);
      const graph = batch.length > 0 ? await graphOf(q, batch) : undefined;
      for (const row of await passing(q, batch, graph)) {
        out.push({ row, keys: keysOf(row, keyCount) });
        if (out.length === limit) return out;
      }
      const last = batch[batch.length - 1];
      if (batch.length < BATCH || !last) return out;
      position = { keys: keysOf(last, keyCount), id: last.id };
    }
  }
  const candidates = await queryPages(q.db, q.plan, undefined, ALL);
  const graph = await graphOf(q, candidates);
  const keyed = (await passing(q, candidates, graph)).map((row) => {
    const keys = keysOf(row, keyCount);
    for (const sort of q.sorts) keys[sort.index] = sortKey(graph.formula(row, sort.property));
    return { row, keys };
  });
  const idDescending = q.plan.sorts[keyCount - 1]?.direction === 'descending';
  const order = (a: { row: ResultRow; keys: KeyValue[] }, b: { row: ResultRow; keys: KeyValue[] }) =>
    compareKeys(a.keys, b.keys, q.plan.sorts) || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0) * (idDescending ? -1 : 1);
  keyed.sort(order);
  let start = 0;
  if (after) {
    const at = { row: { id: after.id } as ResultRow, keys: after.keys };
    start = keyed.findIndex((k) => order(k, at) > 0);
    if (start < 0) start = keyed.length;
  }
  return keyed.slice(start, start + limit);
}
