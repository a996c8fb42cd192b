// A page's value of one property in Notion's form
// (https://developers.notion.com/reference/page-property-values): stored values read against the
// schema, generated values (created and edited by and time, unique_id) filled in. People are named
// by reference (`{object: "user", id}`); present/property-value.ts shows them as the caller may see them.
import type { BlockRow } from '../store/schema.js';
import { minuteTime } from './instants.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from './limits.js';
import { optionsOf, type PropertySchema } from './schema.js';

/** A property value: its URL-encoded `id`, its `type`, and the value under the type's key. */
export type PropertyValue = { id?: string; type: string } & Record<string, unknown>;

/** A person a value names, by id only. */
export const userRef = (id: string) => ({ object: 'user' as const, id });

function option(property: PropertySchema, id: unknown) {
  const found = optionsOf(property).find((o) => o.id === id);
  return found ? { id: found.id, name: found.name, color: found.color } : null;
}

// A place answers `name: null` when it has none (docs/decisions.md).
function placeValue(stored: unknown): Record<string, unknown> | null {
  const place = stored as ({ lat: number; lon: number; name?: string | null } & Record<string, unknown>) | null | undefined;
  if (!place) return null;
  const { lat, lon, name, ...rest } = place;
  return { lat, lon, name: name ?? null, ...rest };
}

function verificationValue(stored: unknown): Record<string, unknown> {
  const verification = (stored ?? { state: 'unverified', verified_by: null, date: null }) as { verified_by?: string | null };
  return verification.verified_by ? { ...verification, verified_by: userRef(verification.verified_by) } : verification;
}

/** The content of a value whose type reads its stored value or its page's row. */
function storedContent(property: PropertySchema, stored: unknown, page: BlockRow, limit: number): unknown {
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return ((stored as unknown[] | undefined) ?? []).slice(0, limit);
    case 'place':
      return placeValue(stored);
    case 'checkbox':
      return stored === true;
    case 'select':
    case 'status':
      return stored ? option(property, stored) : null;
    case 'multi_select':
      return ((stored as string[] | undefined) ?? []).map((id) => option(property, id)).filter((o) => o !== null);
    case 'people':
      return ((stored as string[] | undefined) ?? []).slice(0, limit).map(userRef);
    case 'files':
      return stored ?? [];
    case 'created_time':
      return minuteTime(page.created_time);
    case 'last_edited_time':
      return minuteTime(page.last_edited_time);
    case 'created_by':
      return userRef(page.created_by);
    case 'last_edited_by':
      return userRef(page.last_edited_by);
    case 'unique_id':
      return { prefix: (property.config.prefix as string | null | undefined) ?? null, number: (stored as number | undefined) ?? null };
    case 'button':
      return {};
    case 'verification':
      return verificationValue(stored);
    case 'number':
    case 'url':
    case 'email':
    case 'phone_number':
    case 'date':
      return stored ?? null;
    default:
      return undefined;
  }
}

/**
 * The value of `property` on `page`. Array values keep at most `limit` items: 25 in page objects,
 * all of them for the property item endpoint. `computed` is the value of a rollup or formula
 * (properties/page-graph.ts computes them).
 */
export function propertyValue(
  property: PropertySchema,
  stored: unknown,
  page: BlockRow,
  computed: unknown,
  limit: number = PAGE_PROPERTY_ITEM_LIMIT,
): PropertyValue {
  const out: PropertyValue = { id: encodeURIComponent(property.id), type: property.type };
  if (property.type === 'relation') {
    const ids = (stored as string[] | undefined) ?? [];
    out.relation = ids.slice(0, limit).map((id) => ({ id }));
    out.has_more = ids.length > limit;
  } else if (property.type === 'rollup') out.rollup = computed;
  else if (property.type === 'formula') out.formula = computed ?? { type: 'string', string: null };
  else {
    const content = storedContent(property, stored, page, limit);
    if (content !== undefined) out[property.type] = content;
  }
  return out;
}
