// View queries (https://developers.notion.com/reference/create-view-query,
// https://developers.notion.com/reference/get-view-query-results): a view's filter, quick filters
// and sorts run once by the data source query engine, the ordered page ids kept for 15 minutes of
// the server's clock, and paged from there: pages created or edited later neither join nor move.
import type { AppContext } from '../context.js';
import { invalidCursor, objectNotFound, validationError } from '../errors.js';
import type { FilterRequest, SortRequest } from '../schemas/filters.js';
import type { ViewQueryRow } from '../store/schema.js';
import { deleteExpiredViewQueries, deleteViewQuery as dropViewQuery, insertViewQuery, viewQueryById } from '../store/views.js';
import type { ViewQueryPage } from '../views/present.js';
import { requireCapability, type Actor } from './access.js';
import { findDataSource } from './databases.js';
import { DEFAULT_QUERY_OPTIONS, QUERY_RESULT_CAP, queryPageIds, type QueryOptions } from './query.js';
import { findView } from './views.js';

/** How long a view query's results stay (https://developers.notion.com/reference/create-view-query). */
export const VIEW_QUERY_TTL_MS = 15 * 60 * 1000;

/** The view's filter and the quick filters that carry criteria, all of which a page must pass. */
function effectiveFilter(filter: string | null, quickFilters: string | null): FilterRequest | undefined {
  const parts: FilterRequest[] = filter ? [JSON.parse(filter) as FilterRequest] : [];
  const quick = quickFilters ? (JSON.parse(quickFilters) as Record<string, Record<string, unknown>>) : {};
  for (const [propertyId, condition] of Object.entries(quick)) {
    // A pinned quick filter without criteria filters nothing (docs/decisions.md).
    if (Object.keys(condition).length > 0) parts.push({ property: propertyId, ...condition });
  }
  if (parts.length <= 1) return parts[0];
  return { and: parts };
}

function pageOf(row: ViewQueryRow, ids: string[], start: number, pageSize: number): ViewQueryPage {
  return {
    id: row.id,
    viewId: row.view_id,
    expiresAt: row.expires_at,
    total: ids.length,
    ids: ids.slice(start, start + pageSize),
    nextCursor: ids[start + pageSize] ?? null,
    incomplete: row.incomplete === 1,
  };
}

/**
 * Runs the view's query now. The stored filter is read as the request's version reads a data
 * source query's (status conditions by group from 2026-12-01, api-version.ts).
 */
export async function createViewQuery(
  ctx: AppContext,
  actor: Actor,
  viewId: string,
  pageSize: number,
  options: QueryOptions = DEFAULT_QUERY_OPTIONS,
): Promise<ViewQueryPage> {
  requireCapability(actor, 'read_content');
  const { view } = await findView(ctx.store.db, actor, viewId);
  if (!view.data_source_id) throw validationError('A dashboard view has no data source to query: query the views of its widgets.');
  const { row: source } = await findDataSource(ctx.store.db, actor, view.data_source_id);
  const body = { filter: effectiveFilter(view.filter, view.quick_filters), sorts: view.sorts ? (JSON.parse(view.sorts) as SortRequest[]) : undefined };
  const { ids, more } = await queryPageIds(ctx, actor, source, body, QUERY_RESULT_CAP, options);
  const now = ctx.clock.now();
  const row: ViewQueryRow = {
    id: ctx.ids.uuid(),
    view_id: view.id,
    integration_id: actor.integrationId,
    page_ids: JSON.stringify(ids),
    incomplete: more ? 1 : 0,
    created_time: now.toISOString(),
    expires_at: new Date(now.getTime() + VIEW_QUERY_TTL_MS).toISOString(),
  };
  await ctx.store.transaction(async (tx) => {
    // Expired result sets are never read again; each new query clears them away.
    await deleteExpiredViewQueries(tx, row.created_time);
    await insertViewQuery(tx, row);
  });
  return pageOf(row, ids, 0, pageSize);
}

/** A live query of the view made by this integration; 404 for any other, expired or deleted. */
async function findViewQuery(ctx: AppContext, actor: Actor, viewId: string, queryId: string): Promise<ViewQueryRow> {
  await findView(ctx.store.db, actor, viewId);
  const row = await viewQueryById(ctx.store.db, queryId);
  const live = row && row.view_id === viewId && row.integration_id === actor.integrationId && row.expires_at > ctx.clock.now().toISOString();
  if (!live) throw objectNotFound('view query', queryId, actor);
  return row;
}

export async function viewQueryResults(
  ctx: AppContext,
  actor: Actor,
  viewId: string,
  queryId: string,
  cursor: string | undefined,
  pageSize: number,
): Promise<ViewQueryPage> {
  requireCapability(actor, 'read_content');
  const row = await findViewQuery(ctx, actor, viewId, queryId);
  const ids = JSON.parse(row.page_ids) as string[];
  // Cursors are page ids of the result set: the first result of the next page.
  const start = cursor === undefined ? 0 : ids.indexOf(cursor);
  if (start < 0) throw invalidCursor(cursor!);
  return pageOf(row, ids, start, pageSize);
}

export async function deleteViewQuery(ctx: AppContext, actor: Actor, viewId: string, queryId: string): Promise<string> {
  requireCapability(actor, 'read_content');
  const row = await findViewQuery(ctx, actor, viewId, queryId);
  await ctx.store.transaction((tx) => dropViewQuery(tx, row.id));
  return row.id;
}
