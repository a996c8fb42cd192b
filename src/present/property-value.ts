// Property values as responses carry them (https://developers.notion.com/reference/page-property-values):
// the records properties/ reads, in Notion's form, with generated values (created and edited by
// and time, unique_id) filled in and formulas' and rollups' results; then the people a value names
// (people, created and edited by, verified by, user mentions in text) shown as the caller may see them.
import { minuteTime } from '../properties/instants.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from '../properties/limits.js';
import type { FormulaResult, PropertyRecord, RollupResult } from '../properties/property-value.js';
import { optionsOf, type PropertySchema } from '../properties/schema.js';
import type { RichTextItem } from '../rich-text.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import { setOwn } from '../validation/own-property.js';
import { presentUser, type Viewer } from './user.js';

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

/** A formula's result (https://developers.notion.com/reference/page-property-values#formula). */
export function presentFormula(result: FormulaResult | undefined): Record<string, unknown> {
  if (!result) return { type: 'string', string: null };
  if (result.type === 'date') return { type: 'date', date: result.value && { start: result.value.start, end: result.value.end, time_zone: null } };
  return { type: result.type, [result.type]: result.value };
}

/** A rollup's result; the values of an array rollup carry no `id`. */
export function presentRollup(result: RollupResult | undefined): Record<string, unknown> | undefined {
  if (!result) return undefined;
  switch (result.type) {
    case 'number':
      return { type: 'number', number: result.value, function: result.function };
    case 'date':
      return { type: 'date', date: result.value && { start: result.value.start, end: result.value.end, time_zone: null }, function: result.function };
    case 'array':
      return {
        type: 'array',
        array: result.items.map((item) => {
          const { id: _id, ...value } = recordValue(item);
          return value;
        }),
        function: result.function,
      };
    default:
      return { type: 'unsupported', unsupported: {}, function: result.function };
  }
}

/** A record's value, people named by reference. */
export function recordValue(record: PropertyRecord): PropertyValue {
  return propertyValue(record.property, record.stored, record.row, record.computed, record.limit);
}

/**
 * The value of `property` on `page`. Array values keep at most `limit` items: 25 in page objects,
 * all of them for the property item endpoint. `computed` is the result of a rollup or formula.
 */
export function propertyValue(
  property: PropertySchema,
  stored: unknown,
  page: BlockRow,
  computed: FormulaResult | RollupResult | undefined,
  limit: number = PAGE_PROPERTY_ITEM_LIMIT,
): PropertyValue {
  const out: PropertyValue = { id: encodeURIComponent(property.id), type: property.type };
  if (property.type === 'relation') {
    const ids = (stored as string[] | undefined) ?? [];
    out.relation = ids.slice(0, limit).map((id) => ({ id }));
    out.has_more = ids.length > limit;
  } else if (property.type === 'rollup') out.rollup = presentRollup(computed as RollupResult | undefined);
  else if (property.type === 'formula') out.formula = presentFormula(computed as FormulaResult | undefined);
  else {
    const content = storedContent(property, stored, page, limit);
    if (content !== undefined) out[property.type] = content;
  }
  return out;
}

type UserRef = { object: 'user'; id: string };
type UserMention = RichTextItem & { mention: { type: 'user'; user: { id: string } } };
const isUserMention = (item: RichTextItem): item is UserMention =>
  item.type === 'mention' && (item as { mention?: { type?: string } }).mention?.type === 'user';

/** A user a value names: in full when `users` has them, by id otherwise. */
export function presentPerson(ref: UserRef, users: Map<string, UserRow>, viewer: Viewer): Record<string, unknown> {
  const user = users.get(ref.id);
  return user ? presentUser(user, viewer) : ref;
}

// A user mention in a page's property value names the whole user, as api.notion.com answers it;
// stored, it keeps only the id, so the current name and avatar are shown.
function withFullUser(item: RichTextItem, users: Map<string, UserRow>, viewer: Viewer): RichTextItem {
  if (!isUserMention(item)) return item;
  const user = users.get(item.mention.user.id);
  return user ? { ...item, mention: { type: 'user', user: presentUser(user, viewer) } } : item;
}

/** A property value with the people it names shown from `users`. */
export function presentPropertyValue(value: PropertyValue, users: Map<string, UserRow>, viewer: Viewer): Record<string, unknown> {
  const content = value[value.type];
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return { ...value, [value.type]: (content as RichTextItem[]).map((item) => withFullUser(item, users, viewer)) };
    case 'people':
      return { ...value, people: (content as UserRef[]).map((ref) => presentPerson(ref, users, viewer)) };
    case 'created_by':
    case 'last_edited_by':
      return { ...value, [value.type]: presentPerson(content as UserRef, users, viewer) };
    case 'verification': {
      const verification = content as { verified_by: UserRef | null };
      return verification.verified_by
        ? { ...value, verification: { ...verification, verified_by: presentPerson(verification.verified_by, users, viewer) } }
        : value;
    }
    default:
      return value;
  }
}

/** The properties of a page in a data source, by name, as its page object carries them. */
export function presentProperties(page: { properties: Record<string, PropertyRecord>; users: Map<string, UserRow> }, viewer: Viewer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, record] of Object.entries(page.properties)) setOwn(out, name, presentPropertyValue(recordValue(record), page.users, viewer));
  return out;
}
