// Property item responses (https://developers.notion.com/reference/property-item-object): a single `property_item`, or a list of them whose
// `property_item` names the property, the next page's URL and the type's value.
import type { PropertyItemResult } from '../services/property-items.js';
import { presentList } from './list.js';

export interface NextLink {
  /** Scheme and host this server was reached at: `next_url` points back at it. */
  origin: string;
  /** The `page_size` of the request, repeated in `next_url` when it was given. */
  pageSize?: number;
}

export function presentPropertyItem(result: PropertyItemResult, link: NextLink): Record<string, unknown> {
  if (result.kind === 'item') return result.item;
  let nextUrl: string | null = null;
  if (result.nextCursor !== null) {
    const query = `start_cursor=${encodeURIComponent(result.nextCursor)}${link.pageSize === undefined ? '' : `&page_size=${link.pageSize}`}`;
    nextUrl = `${link.origin}/v1/pages/${result.pageId}/properties/${result.propertyId}?${query}`;
  }
  return presentList('property_item', result.results, result.nextCursor, {
    id: result.propertyId,
    next_url: nextUrl,
    type: result.type,
    [result.type]: result.value,
  });
}
