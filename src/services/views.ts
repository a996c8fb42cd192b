// The views API (https://developers.notion.com/reference/view): the tabs of a database, each a
// saved filter, sorts, quick filters and layout over one data source. Reads need read content,
// writes update content (docs/decisions.md, "Views, templates and async tasks"); a view is reached
// through its database, so it is found, hidden and trashed with it.
import type { AppContext } from '../context.js';
import { invalidCursor, NotionError, objectNotFound, validationError } from '../errors.js';
import { compileFilter, compileSorts } from '../properties/query-compile.js';
import { schemaOf } from '../properties/row-properties.js';
import { findProperty, type Schema } from '../properties/schema.js';
import type { FilterRequest, SortRequest } from '../schemas/filters.js';
import type { CreateViewBody, UpdateViewBody, ViewType } from '../schemas/views.js';
import { getBlock, reachableAmong } from '../store/blocks.js';
import type { BlockRow, ViewRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import {
  deleteView as removeView,
  insertView,
  updateView as storeViewUpdate,
  viewById,
  viewsOfDatabase,
  viewsOfDataSource,
  VIEW_POSITION_GAP,
  widgetsOf,
} from '../store/views.js';
import { mergeConfiguration, newConfiguration, type Configuration } from '../views/configuration.js';
import { addWidget, removeWidget } from '../views/dashboard.js';
import { assertEditable, requireCapability, type Actor } from './access.js';
import { findDatabase, findDataSource } from './databases.js';
import { canReadSource, insertLinkedDatabase } from './linked-databases.js';
import { linkedSourceOf } from '../views/linked.js';
import { DEFAULT_QUERY_OPTIONS, type QueryOptions } from './query.js';
import { Leaf } from '../schemas/filters.js';
import { validate } from '../validation/validate.js';
import { formatIssue } from '../validation/format.js';
import { recordEvents } from '../webhooks/record.js';

/** A view with what it is shown with: its data source's schema. */
export interface ViewRecord {
  view: ViewRow;
  schema: Schema;
}

/** The view `id` when the integration reaches its database; 404 otherwise. */
export async function findView(db: Db, actor: Actor, id: string) {
  const view = await viewById(db, id);
  if (!view) throw objectNotFound('view', id, actor);
  // A view of a database the integration cannot reach is a view it cannot find.
  const { row: database, chain } = await findDatabase(db, actor, view.database_id).catch((error: unknown) => {
    throw error instanceof NotionError && error.code === 'object_not_found' ? objectNotFound('view', id, actor) : error;
  });
  // A linked database shows a data source kept elsewhere: its views are found only by an
  // integration that can read that data source too (docs/decisions.md, "Linked databases").
  const linked = linkedSourceOf(database);
  if (linked && !(await canReadSource(db, actor, linked))) throw objectNotFound('view', id, actor);
  const source = view.data_source_id ? await getBlock(db, view.data_source_id) : undefined;
  return { view, database, chain, source, schema: schemaOf(source) };
}

// Status group conditions are accepted as the request's version and betas accept them in a data
// source query (api-version.ts statusGroupFilters).
function checkContext(schema: Schema, dataSourceId: string, actor: Actor, now: Date, options: QueryOptions) {
  return { dataSourceId, schema, relatedSchema: () => undefined, now, me: [actor.botId], statusGroups: options.statusGroups };
}

/** Filters and sorts are checked against the schema as a data source query checks them. */
function checkFilterAndSorts(
  schema: Schema,
  source: BlockRow,
  actor: Actor,
  now: Date,
  options: QueryOptions,
  filter?: FilterRequest | null,
  sorts?: SortRequest[] | null,
): void {
  const context = checkContext(schema, source.id, actor, now, options);
  if (filter) compileFilter(context, filter);
  if (sorts) compileSorts(context, sorts);
}

/**
 * Quick filters keyed by property name or id, stored by id. A condition is a property filter
 * without `property`; `{}` pins the property without criteria, which files and place properties
 * cannot take (https://developers.notion.com/guides/data-apis/working-with-views).
 */
function resolveQuickFilters(
  schema: Schema,
  source: BlockRow,
  actor: Actor,
  now: Date,
  options: QueryOptions,
  sent: Record<string, Record<string, unknown> | null>,
  stored: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [key, condition] of Object.entries(sent)) {
    const property = findProperty(schema, key);
    if (!property) throw validationError(`Could not find property with name or id: ${key}`);
    if (condition === null) {
      delete out[property.id];
      continue;
    }
    if (Object.keys(condition).length === 0) {
      if (property.type === 'files' || property.type === 'place')
        throw validationError(`A ${property.type} property cannot be pinned as a quick filter: ${key}.`);
      out[property.id] = {};
      continue;
    }
    const leaf = { property: property.id, ...condition };
    const result = validate(Leaf, leaf, 'body');
    if (!result.ok) throw validationError(formatIssue('body', { ...result.issue, ...pathOf(result.issue as { path?: string }, key) } as never));
    compileFilter(checkContext(schema, source.id, actor, now, options), leaf, `body.quick_filters.${key}`);
    out[property.id] = condition;
  }
  return out;
}

// Issues of a quick filter name its place in the request, not the filter it is checked as.
const pathOf = (issue: { path?: string }, key: string) => (issue.path ? { path: issue.path.replace(/^body/, `body.quick_filters.${key}`) } : {});

/** Where a new tab goes: first, last, or after another tab of the same database. */
async function tabPosition(db: Db, databaseId: string, position: CreateViewBody['position']): Promise<number> {
  const tabs = await viewsOfDatabase(db, databaseId);
  if (tabs.length === 0) return 0;
  if (!position || position.type === 'end') return tabs[tabs.length - 1]!.position + VIEW_POSITION_GAP;
  if (position.type === 'start') return tabs[0]!.position - VIEW_POSITION_GAP;
  const at = tabs.findIndex((t) => t.id === position.view_id);
  if (at < 0) throw validationError(`The view ${position.view_id} is not a view of database ${databaseId}.`);
  const before = tabs[at]!.position;
  const after = tabs[at + 1]?.position;
  if (after === undefined) return before + VIEW_POSITION_GAP;
  if (after - before > 1) return Math.floor((before + after) / 2);
  // No gap left: the tabs after it move up one gap.
  for (const tab of tabs.slice(at + 1)) await storeViewUpdate(db, tab.id, { position: tab.position + VIEW_POSITION_GAP });
  return before + Math.floor(VIEW_POSITION_GAP / 2);
}

function checkTarget(body: CreateViewBody): void {
  const targets = (['database_id', 'view_id', 'create_database'] as const).filter((k) => body[k] !== undefined);
  if (targets.length !== 1) throw validationError('Exactly one of database_id, view_id or create_database is required.');
  if (body.position && !body.database_id) throw validationError('position can only be used with database_id.');
  if (body.placement && !body.view_id) throw validationError('placement can only be used with view_id.');
}

export async function createView(ctx: AppContext, actor: Actor, body: CreateViewBody, options: QueryOptions = DEFAULT_QUERY_OPTIONS): Promise<ViewRecord> {
  requireCapability(actor, 'update_content');
  checkTarget(body);
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const { row: source, database: sourceDatabase } = await findDataSource(tx, actor, body.data_source_id);
    const schema = schemaOf(source);
    let databaseId: string;
    let dashboard: ViewRow | undefined;
    if (body.view_id) {
      const found = await findView(tx, actor, body.view_id);
      assertEditable(found.chain);
      if (found.view.type !== 'dashboard') throw validationError(`The view ${body.view_id} is not a dashboard view.`);
      dashboard = found.view;
      databaseId = found.view.database_id;
    } else if (body.database_id) {
      const { row, chain } = await findDatabase(tx, actor, body.database_id);
      assertEditable(chain);
      if (sourceDatabase.id !== row.id && linkedSourceOf(row) !== source.id)
        throw validationError(`The data source ${source.id} is not a data source of database ${row.id}.`);
      databaseId = row.id;
    } else {
      const linked = await insertLinkedDatabase(tx, ctx, actor, body.create_database!, source.id, now.toISOString());
      databaseId = linked.id;
      await recordEvents(tx, ctx, actor, { kind: 'database', after: linked });
    }
    if (body.type === 'dashboard' && dashboard) throw validationError('A dashboard view cannot be a widget of another dashboard.');
    checkFilterAndSorts(schema, source, actor, now, options, body.filter, body.sorts as SortRequest[] | undefined);
    const configuration = newConfiguration(body.type as ViewType, body.configuration as Configuration | undefined, schema);
    const quick = body.quick_filters ? resolveQuickFilters(schema, source, actor, now, options, body.quick_filters) : null;
    const iso = now.toISOString();
    const row: ViewRow = {
      id: ctx.ids.uuid(),
      workspace_id: actor.workspaceId,
      database_id: databaseId,
      data_source_id: body.type === 'dashboard' ? null : source.id,
      dashboard_view_id: dashboard?.id ?? null,
      name: body.name,
      type: body.type,
      position: dashboard ? 0 : await tabPosition(tx, databaseId, body.position),
      filter: body.filter ? JSON.stringify(body.filter) : null,
      sorts: body.sorts ? JSON.stringify(body.sorts) : null,
      quick_filters: quick ? JSON.stringify(quick) : null,
      configuration: configuration ? JSON.stringify(configuration) : null,
      created_time: iso,
      created_by: actor.botId,
      last_edited_time: iso,
      last_edited_by: actor.botId,
    };
    await insertView(tx, row);
    if (dashboard) await addWidget(tx, ctx.ids, dashboard, row.id, body.placement, iso, actor.botId);
    await recordEvents(tx, ctx, actor, { kind: 'view', action: 'created', view: row });
    return { view: row, schema: body.type === 'dashboard' ? [] : schema };
  });
}

export async function retrieveView(ctx: AppContext, actor: Actor, id: string): Promise<ViewRecord> {
  requireCapability(actor, 'read_content');
  const { view, schema } = await findView(ctx.store.db, actor, id);
  return { view, schema };
}

export async function updateView(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UpdateViewBody,
  options: QueryOptions = DEFAULT_QUERY_OPTIONS,
): Promise<ViewRecord> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const { view, chain, source, schema } = await findView(tx, actor, id);
    assertEditable(chain);
    const patch: Partial<ViewRow> = { last_edited_time: now.toISOString(), last_edited_by: actor.botId };
    if (body.name !== undefined) patch.name = body.name;
    const needsSource = body.filter || body.sorts || body.quick_filters;
    if (needsSource && !source) throw validationError('A dashboard view has no data source to filter or sort.');
    if (source) checkFilterAndSorts(schema, source, actor, now, options, body.filter, body.sorts);
    if (body.filter !== undefined) patch.filter = body.filter === null ? null : JSON.stringify(body.filter);
    if (body.sorts !== undefined) patch.sorts = body.sorts === null ? null : JSON.stringify(body.sorts);
    if (body.quick_filters === null) patch.quick_filters = null;
    else if (body.quick_filters !== undefined) {
      const stored = view.quick_filters ? (JSON.parse(view.quick_filters) as Record<string, unknown>) : {};
      const merged = resolveQuickFilters(schema, source!, actor, now, options, body.quick_filters, stored);
      patch.quick_filters = JSON.stringify(merged);
    }
    if (body.configuration !== undefined) {
      if (view.type === 'dashboard') throw validationError('The configuration of a dashboard view is changed by adding and removing its widgets.');
      const stored = view.configuration ? (JSON.parse(view.configuration) as Configuration) : null;
      patch.configuration = JSON.stringify(mergeConfiguration(stored, body.configuration as Configuration, view.type, schema));
    }
    await storeViewUpdate(tx, id, patch);
    await recordEvents(tx, ctx, actor, { kind: 'view', action: 'updated', view: { ...view, ...patch }, before: view });
    return { view: { ...view, ...patch }, schema };
  });
}

export async function deleteView(ctx: AppContext, actor: Actor, id: string): Promise<ViewRow> {
  requireCapability(actor, 'update_content');
  return ctx.store.transaction(async (tx) => {
    const { view, chain } = await findView(tx, actor, id);
    assertEditable(chain);
    if (view.dashboard_view_id) {
      const dashboard = await viewById(tx, view.dashboard_view_id);
      if (dashboard) await removeWidget(tx, dashboard, view.id);
    } else {
      // A database always shows at least one view (https://developers.notion.com/guides/data-apis/working-with-views).
      const tabs = await viewsOfDatabase(tx, view.database_id);
      if (tabs.length <= 1) throw validationError('Cannot delete the last view of a database.');
    }
    const widgets = view.type === 'dashboard' ? await widgetsOf(tx, view.id) : [];
    for (const widget of widgets) await removeView(tx, widget.id);
    await removeView(tx, id);
    // The widgets go with their dashboard: each is a view deleted.
    await recordEvents(tx, ctx, actor, ...[...widgets, view].map((v) => ({ kind: 'view' as const, action: 'deleted' as const, view: v })));
    return view;
  });
}

export interface ListViewsQuery {
  database_id?: string;
  data_source_id?: string;
  start_cursor?: string;
}

/** Views of a database (its tabs, in order) or of a data source (every view that reads it). */
export async function listViews(ctx: AppContext, actor: Actor, query: ListViewsQuery, pageSize: number): Promise<{ ids: string[]; nextCursor: string | null }> {
  requireCapability(actor, 'read_content');
  const db = ctx.store.db;
  let views: ViewRow[];
  if (query.database_id) {
    const { row } = await findDatabase(db, actor, query.database_id);
    views = await viewsOfDatabase(db, row.id);
    const linked = linkedSourceOf(row);
    if (linked && !(await canReadSource(db, actor, linked))) views = [];
    if (query.data_source_id) views = views.filter((v) => v.data_source_id === query.data_source_id);
  } else if (query.data_source_id) {
    const { row } = await findDataSource(db, actor, query.data_source_id);
    views = await viewsOfDataSource(db, row.id);
    // Linked views elsewhere are listed where the integration reaches their database.
    const reached = await reachableAmong(db, [...new Set(views.map((v) => v.database_id))], actor.reach);
    views = views.filter((v) => reached.has(v.database_id));
  } else {
    throw validationError('One of database_id or data_source_id is required.');
  }
  const start = query.start_cursor === undefined ? 0 : views.findIndex((v) => v.id === query.start_cursor);
  if (start < 0) throw invalidCursor(query.start_cursor!);
  const page = views.slice(start, start + pageSize);
  return { ids: page.map((v) => v.id), nextCursor: views[start + pageSize]?.id ?? null };
}
