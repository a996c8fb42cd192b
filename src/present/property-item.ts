// Property item responses (https://developers.notion.com/reference/property-item-object): a single `property_item`, or a list of them whose
// `property_item` names the property, the next page's URL and the type's value.
import type { Viewer } from './user.js';
import type { ListValue, PropertyItem, PropertyItemResult } from '../services/property-items.js';
import type { UserRow } from '../store/schema.js';
import { presentList } from './list.js';
import { presentPerson, presentPropertyValue, presentRollup, recordValue, userRef } from './property-value.js';

export interface NextLink {
  /** Scheme and host this server was reached at: `next_url` points back at it. */
  origin: string;
  /** The `page_size` of the request, repeated in `next_url` when it was given. */
  pageSize?: number;
}

const itemOf = (id: string, type: string, value: unknown): Record<string, unknown> => ({ object: 'property_item', id, type, [type]: value });

/** One `property_item`: `{object, id, type, <type>: value}`, people shown from `users`. */
function presentItem(item: PropertyItem, users: Map<string, UserRow>, viewer: Viewer): Record<string, unknown> {
  switch (item.kind) {
    case 'text':
      return itemOf(item.propertyId, item.type, item.text);
    case 'person':
      return itemOf(item.propertyId, 'people', presentPerson(userRef(item.userId), users, viewer));
    case 'page':
      return itemOf(item.propertyId, 'relation', { id: item.pageId });
    default: {
      const { property } = item.record;
      const value = presentPropertyValue(recordValue(item.record), users, viewer);
      return itemOf(encodeURIComponent(property.id), property.type, value[property.type]);
    }
  }
}

function presentListValue(value: ListValue): Record<string, unknown> {
  switch (value.kind) {
    case 'none':
      return {};
    case 'incomplete':
      return { type: 'incomplete', incomplete: {}, function: value.function };
    default:
      return presentRollup(value.result)!;
  }
}

export function presentPropertyItem(result: PropertyItemResult, link: NextLink, viewer: Viewer): Record<string, unknown> {
  if (result.kind === 'item') return presentItem(result.item, result.users, viewer);
  let nextUrl: string | null = null;
  if (result.nextCursor !== null) {
    const query = `start_cursor=${encodeURIComponent(result.nextCursor)}${link.pageSize === undefined ? '' : `&page_size=${link.pageSize}`}`;
    nextUrl = `${link.origin}/v1/pages/${result.pageId}/properties/${result.propertyId}?${query}`;
  }
  return presentList(
    'property_item',
    result.results.map((item) => presentItem(item, result.users, viewer)),
    result.nextCursor,
    {
      id: result.propertyId,
      next_url: nextUrl,
      type: result.type,
      [result.type]: presentListValue(result.value),
    },
  );
}
