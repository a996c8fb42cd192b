// Querying a data source (https://developers.notion.com/reference/query-a-data-source; under 2022-06-28 a database,
// https://developers.notion.com/reference/post-database-query): its pages that pass
// the filter, in the order of the sorts, a page of results at a time behind keyset cursors. The
// filter and sorts run in the database (store/query.ts over the value index); only the page of
// results is read and rendered.
import type { AppContext } from '../context.js';
import type { QueryBody } from '../schemas/filters.js';
import { queryPageIds as orderedPageIds, queryPages, type KeyValue, type QueryPlan, type ResultRow } from '../store/query.js';
import type { BlockRow } from '../store/schema.js';
import { requireCapability, type Actor } from './access.js';
import { findDataSource, soleDataSource } from './databases.js';
import { schemaOf } from '../properties/row-properties.js';
import { renderPages } from '../properties/read-values.js';
import type { PageRecord } from './pages.js';
import { compileFilter, compileSorts, resultOrder } from '../properties/query-compile.js';
import { decodeQueryCursor, encodeQueryCursor, type QueryCursor } from '../properties/query-cursor.js';
import { FormulaCatalog } from '../properties/formula-catalog.js';
import { reachOver } from '../properties/reach.js';
import { formulaSorts, hybridFilter, queryWithFormulas, sqlPart } from '../properties/query-formulas.js';
import type { SortRequest } from '../schemas/filters.js';

/** Data source queries stop at this many results (https://developers.notion.com/reference/query-a-data-source). */
export const QUERY_RESULT_CAP = 10_000;

export type QueryTarget = { dataSourceId: string } | { databaseId: string };

export interface QueryResult {
  records: PageRecord[];
  nextCursor: string | null;
  /** The query has more results than the cap allows: every page of it says so (https://developers.notion.com/reference/query-a-data-source). */
  incomplete: boolean;
}

/** The data source a query reads: named directly, or as the one data source of a database (≤22). */
async function sourceOf(ctx: AppContext, actor: Actor, target: QueryTarget): Promise<BlockRow> {
  if ('dataSourceId' in target) return (await findDataSource(ctx.store.db, actor, target.dataSourceId)).row;
  return soleDataSource(ctx.store.db, actor, target.databaseId);
}

/** The page row without the sort keys the query selected beside it (`k0`, `k1`, ...). */
const strip = (row: ResultRow): BlockRow => {
  // Built without the keys rather than copied and deleted from: an object with deleted keys turns
  // into a slower kind for every later read of it.
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!/^k\d+$/.test(key)) copy[key] = value;
  return copy as unknown as BlockRow;
};

/** How the request reads filters that changed between versions. */
export interface QueryOptions {
  statusGroups: boolean;
}

export const DEFAULT_QUERY_OPTIONS: QueryOptions = { statusGroups: false };

/** A query compiled against its data source: what runs in SQL, and what runs on formulas. */
interface PreparedQuery {
  plan: QueryPlan;
  hybrid: ReturnType<typeof hybridFilter>;
  formulaSortKeys: ReturnType<typeof formulaSorts>;
  catalog: FormulaCatalog | undefined;
  reach: Awaited<ReturnType<typeof reachOver>>;
}

async function prepareQuery(ctx: AppContext, actor: Actor, source: BlockRow, body: QueryBody, options: QueryOptions): Promise<PreparedQuery> {
  const db = ctx.store.db;
  // Filters and sorts name only what the integration sees (properties/reach.ts): a property based
  // on a relation it cannot follow is one that does not exist.
  const reach = await reachOver(db, actor, new Map([[source.id, schemaOf(source)]]));
  const schemas = reach.visibleSchemas();
  const schema = schemas.get(source.id)!;
  const compileContext = {
    dataSourceId: source.id,
    schema,
    relatedSchema: (id: string) => schemas.get(id),
    now: ctx.clock.now(),
    me: [actor.botId, ...(actor.ownerUserId ? [actor.ownerUserId] : [])],
    statusGroups: options.statusGroups,
  };
  const trashed = body.in_trash ?? body.archived ?? false;
  // Formulas are computed when read: conditions and sorts on them run in JavaScript over what the
  // rest of the query selects in SQL (properties/query-formulas.ts).
  const usesFormulas = schema.some((p) => p.type === 'formula');
  const catalog = usesFormulas ? new FormulaCatalog(schemas) : undefined;
  const hybrid = catalog && hybridFilter(compileContext, catalog, body.filter);
  const formulaSortKeys = catalog ? formulaSorts(compileContext, body.sorts, catalog) : [];
  const formulaIndexes = new Set(formulaSortKeys.map((s) => s.index));
  const sqlSorts = (body.sorts ?? []).filter((_, i) => !formulaIndexes.has(i)) as SortRequest[];
  const compiledSorts = compileSorts(compileContext, sqlSorts);
  // Formula sorts keep their place in the order, with no SQL expression.
  const sorts = (body.sorts ?? []).map((sort, i) =>
    formulaIndexes.has(i) ? { expression: { kind: 'none' as const }, direction: sort.direction } : compiledSorts.shift()!,
  );
  const filter = hybrid ? sqlPart(hybrid) : compileFilter(compileContext, body.filter);
  const plan: QueryPlan = { dataSourceId: source.id, trashed, filter, sorts: resultOrder(sorts) };
  return { plan, hybrid, formulaSortKeys, catalog, reach };
}

/** Up to `limit` rows of a prepared query after `cursor`, with their sort keys. */
async function fetchRows(ctx: AppContext, actor: Actor, q: PreparedQuery, cursor: QueryCursor | undefined, limit: number) {
  const db = ctx.store.db;
  const { plan, hybrid, formulaSortKeys, catalog } = q;
  if (hybrid || formulaSortKeys.length > 0) {
    return queryWithFormulas({ db, actor, now: ctx.clock.now(), catalog: catalog!, plan, filter: hybrid, sorts: formulaSortKeys }, cursor, limit);
  }
  return (await queryPages(db, plan, cursor, limit)).map((row) => ({ row, keys: plan.sorts.map((_, i) => (row[`k${i}`] ?? null) as KeyValue) }));
}

/**
 * The ids of the pages of `source` that pass `body`'s filter, in the order of its sorts: at most
 * `limit`, and whether there were more. View queries fix their result set this way.
 */
export async function queryPageIds(
  ctx: AppContext,
  actor: Actor,
  source: BlockRow,
  body: QueryBody,
  limit: number,
  options: QueryOptions = DEFAULT_QUERY_OPTIONS,
): Promise<{ ids: string[]; more: boolean }> {
  const prepared = await prepareQuery(ctx, actor, source, body, options);
  const { plan, hybrid, formulaSortKeys } = prepared;
  // Without formulas SQL gives the order alone: the ids are read, never the whole rows, which at
  // thousands of matches cost most of the query (bench/RESULTS.md, view queries at scale).
  const ids =
    hybrid || formulaSortKeys.length > 0
      ? (await fetchRows(ctx, actor, prepared, undefined, limit + 1)).map((r) => r.row.id)
      : await orderedPageIds(ctx.store.db, plan, undefined, limit + 1);
  return { ids: ids.slice(0, limit), more: ids.length > limit };
}

export async function queryDataSource(
  ctx: AppContext,
  actor: Actor,
  target: QueryTarget,
  body: QueryBody,
  pageSize: number,
  options: QueryOptions = DEFAULT_QUERY_OPTIONS,
): Promise<QueryResult> {
  requireCapability(actor, 'read_content');
  const db = ctx.store.db;
  const source = await sourceOf(ctx, actor, target);
  const prepared = await prepareQuery(ctx, actor, source, body, options);
  const { plan, reach } = prepared;
  const trashed = plan.trashed;

  // A cursor belongs to one data source, order and trash state.
  const scope = JSON.stringify([source.id, body.sorts ?? [], trashed]);
  const cursor = body.start_cursor ? decodeQueryCursor(body.start_cursor, scope, plan.sorts.length) : undefined;
  // Wikis can hold data sources; a data source here holds only pages.
  if (body.result_type === 'data_source') return { records: [], nextCursor: null, incomplete: false };

  const before = cursor?.count ?? 0;
  const remaining = QUERY_RESULT_CAP - before;
  const take = Math.min(pageSize, remaining);
  const rows = await fetchRows(ctx, actor, prepared, cursor, take + 1);
  const results = rows.slice(0, take);
  // The cap ends the query on the page that reaches it, which says so. Saying it on the earlier
  // pages too, as Notion does, would take counting 10,001 results on the first (docs/decisions.md).
  const capped = rows.length > take && take === remaining;
  const last = results[results.length - 1];
  const nextCursor =
    rows.length > take && !capped && last ? encodeQueryCursor(scope, { keys: last.keys, id: last.row.id, count: before + results.length }) : null;
  const pages = results.map((r) => strip(r.row));
  const rendered = await renderPages(db, actor, pages, ctx.clock.now(), { reach, sources: [source] });
  return { records: pages.map((row) => ({ row, rendered: rendered.get(row.id) })), nextCursor, incomplete: capped };
}
