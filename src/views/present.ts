// View objects and view queries as Notion shows them (https://developers.notion.com/reference/view,
// https://developers.notion.com/reference/create-view-query).
import { partialUser } from '../present/common.js';
import { dashless } from '../urls.js';
import type { Schema } from '../properties/schema.js';
import type { ViewRow } from '../store/schema.js';
import { presentConfiguration, type Configuration } from './configuration.js';

// Views carry millisecond times with an offset, unlike pages ("2026-07-04T09:10:20.602+00:00").
export const viewTime = (iso: string): string => iso.replace(/Z$/, '+00:00');

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** Quick filters are keyed by property ids in responses. */
function presentQuickFilters(stored: Record<string, unknown> | null, schema: Schema): Record<string, unknown> | null {
  if (stored === null) return null;
  const out: Record<string, unknown> = {};
  for (const [id, condition] of Object.entries(stored)) if (schema.some((p) => p.id === id)) out[encodeURIComponent(id)] = condition;
  return out;
}

/** The full view object; `schema` is its data source's (empty for dashboards). */
export function presentView(row: ViewRow, schema: Schema, urlBase: string): Record<string, unknown> {
  const view: Record<string, unknown> = {
    object: 'view',
    id: row.id,
    parent: { type: 'database_id', database_id: row.database_id },
    data_source_id: row.data_source_id,
    name: row.name,
    type: row.type,
    created_time: viewTime(row.created_time),
    created_by: partialUser(row.created_by),
    last_edited_time: viewTime(row.last_edited_time),
    last_edited_by: partialUser(row.last_edited_by),
    url: `${urlBase}p/${dashless(row.database_id)}?v=${dashless(row.id)}`,
    filter: json(row.filter),
    sorts: json(row.sorts),
    quick_filters: presentQuickFilters(json(row.quick_filters), schema),
    configuration: presentConfiguration(json<Configuration>(row.configuration), schema),
  };
  if (row.dashboard_view_id) view.dashboard_view_id = row.dashboard_view_id;
  return view;
}

/** What a deleted view answers with. */
export function presentPartialView(row: ViewRow): Record<string, unknown> {
  return { object: 'view', id: row.id, parent: { type: 'database_id', database_id: row.database_id }, type: row.type };
}

export const viewReference = (id: string) => ({ object: 'view', id });
export const pageReference = (id: string) => ({ object: 'page', id });

export const INCOMPLETE = { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' };

export interface ViewQueryPage {
  id: string;
  viewId: string;
  expiresAt: string;
  total: number;
  ids: string[];
  nextCursor: string | null;
  incomplete: boolean;
}

export function presentViewQuery(q: ViewQueryPage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    object: 'view_query',
    id: q.id,
    view_id: q.viewId,
    expires_at: viewTime(q.expiresAt),
    total_count: q.total,
    results: q.ids.map(pageReference),
    next_cursor: q.nextCursor,
    has_more: q.nextCursor !== null,
  };
  if (q.incomplete) out.request_status = INCOMPLETE;
  return out;
}
