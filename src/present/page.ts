// Page objects (https://developers.notion.com/reference/page), rendered per version.
import type { PageRecord } from '../services/pages.js';
import { minuteTime, parentOf, parseJson, partialUser } from './common.js';
import { pagePropertiesOf } from '../properties/row-properties.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from '../properties/limits.js';
import { presentProperties } from './property-value.js';
import { pageUrl } from '../urls.js';
import { archivedFirst, archivedLast, hasDataSources, hasIsArchived, titleOnlyInLists } from '../api-version.js';
import type { View } from './view.js';

function pageParent(record: PageRecord, view: View): Record<string, unknown> {
  const { row, rendered } = record;
  if (row.parent_type !== 'data_source_id' || !rendered) return parentOf(row);
  // 2022-06-28 knows pages in databases only; later versions name the data source too.
  if (!hasDataSources(view.version)) return { type: 'database_id', database_id: rendered.databaseId };
  return { type: 'data_source_id', data_source_id: rendered.dataSourceId, database_id: rendered.databaseId };
}

/**
 * The properties whose ids are among `ids` (`filter_properties`, https://developers.notion.com/reference/retrieve-a-page). Ids may come as
 * responses carry them (URL-encoded) or decoded; ids of no property simply match nothing.
 */
export function filterProperties(properties: Record<string, unknown>, ids: readonly string[]): Record<string, unknown> {
  const wanted = new Set(ids.flatMap((id) => [id, encodeURIComponent(id)]));
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => wanted.has((value as { id: string }).id)));
}

/**
 * The properties a page carries in a list (search, data source queries): those `filter_properties`
 * names, or from 2026-12-01 on only the title when it names none
 * (https://developers.notion.com/guides/data-apis/upgrade-guide-2026-12-01).
 */
export function listedProperties(view: View, propertyIds: readonly string[] | undefined): readonly string[] | undefined {
  return propertyIds ?? (titleOnlyInLists(view.version) ? ['title'] : undefined);
}

/**
 * Whether a page object holds values computed as it is read: formulas and rollups, which may
 * depend on the time (`now()`) and not only on what is stored.
 */
export function computedWhenRead(page: Record<string, unknown>): boolean {
  const properties = page.properties as Record<string, { type: string }> | undefined;
  for (const name in properties) {
    const type = properties[name]!.type;
    if (type === 'formula' || type === 'rollup') return true;
  }
  return false;
}

/** A page object; `propertyIds` (from `filter_properties`) limits its `properties`. */
export function presentPage(record: PageRecord, view: View, propertyIds?: readonly string[]): Record<string, unknown> {
  const row = record.row;
  if (!view.actor.capabilities.read_content) return { object: 'page', id: row.id };
  const page: Record<string, unknown> = {
    object: 'page',
    id: row.id,
    created_time: minuteTime(row.created_time),
    last_edited_time: minuteTime(row.last_edited_time),
    created_by: partialUser(row.created_by),
    last_edited_by: partialUser(row.last_edited_by),
    cover: parseJson(row.cover),
    icon: parseJson(row.icon),
    parent: pageParent(record, view),
  };
  if (archivedFirst(view.version)) page.archived = row.in_trash === 1;
  page.in_trash = row.in_trash === 1;
  // Pages carry Notion's separate archive state from 2025-09-03 on (observed in every recorded
  // 2025-09-03 page); nothing here archives, so it is false.
  if (hasIsArchived(view.version)) page.is_archived = false;
  page.is_locked = row.is_locked === 1;
  if (record.rendered) page.properties = presentProperties(record.rendered, view);
  else {
    const props = pagePropertiesOf(row);
    page.properties = { title: { id: 'title', type: 'title', title: props.title.slice(0, PAGE_PROPERTY_ITEM_LIMIT) } };
  }
  if (propertyIds) page.properties = filterProperties(page.properties as Record<string, unknown>, propertyIds);
  page.url = pageUrl(view.urlBase, row.id, row.title ?? '');
  page.public_url = null;
  // 2025-09-03 still sends the `archived` alias, after every other key (recorded key order).
  if (archivedLast(view.version)) page.archived = row.in_trash === 1;
  return page;
}
