// Page values when their property changes type (https://developers.notion.com/reference/update-data-source-properties): Notion converts a value through its
// plain-text form, so a number becomes its digits in a text property and a text that names an
// option becomes that option. What has no sensible reading in the new type is cleared; generated
// types (formula, rollup, created_time, ...) keep no stored value at all.
import type { IdGenerator } from '../ids.js';
import type { BlockRow } from '../store/schema.js';
import { minuteTime } from './instants.js';
import { defaultStatusOption, type StoredDate, type StoredFile } from './write-values.js';
import { nextColor, optionsOf, type PropertySchema, type SelectOption, type StatusGroup } from './schema.js';
import { datePlainText, normalizeRichText, NO_MENTIONS, type RichTextItem } from '../rich-text.js';
import { searchableText } from './mentions.js';

/** Names of the people and titles of the pages that values being converted point at. */
export interface ConversionLookups {
  userNames: Map<string, string>;
  titles: Map<string, string>;
  urlBase: string;
  ids: IdGenerator;
}

/** A converted value that is to be left out of the page's stored values. */
export const CLEARED = Symbol('cleared');
export type Converted = unknown | typeof CLEARED;

export const OPTION_TYPES: ReadonlySet<string> = new Set(['select', 'multi_select', 'status']);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
// Text read as a checked checkbox; "Yes" is what a checked checkbox reads as text.
const CHECKED = new Set(['yes', 'true', 'checked', '1', 'x', '✓', '✔']);
const TEXT_CHUNK = 2000;
const OPTION_NAME_LIMIT = 2000;

function optionName(property: PropertySchema, id: unknown): string | undefined {
  return optionsOf(property).find((o) => o.id === id)?.name;
}

/** The plain-text form of a stored value, as Notion shows it in a text property. */
export function textOf(property: PropertySchema, stored: unknown, page: BlockRow, lookups: ConversionLookups): string {
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return searchableText((stored as RichTextItem[] | undefined) ?? []);
    case 'number':
      return typeof stored === 'number' ? String(stored) : '';
    case 'select':
    case 'status':
      return optionName(property, stored) ?? '';
    case 'multi_select':
      return ((stored as string[] | undefined) ?? [])
        .map((id) => optionName(property, id))
        .filter((n) => n !== undefined)
        .join(', ');
    case 'date':
      return stored ? datePlainText(stored as StoredDate) : '';
    case 'people':
      return ((stored as string[] | undefined) ?? [])
        .map((id) => lookups.userNames.get(id) ?? '')
        .filter((n) => n !== '')
        .join(', ');
    case 'files':
      return ((stored as StoredFile[] | undefined) ?? []).map((f) => f.name).join(', ');
    case 'checkbox':
      return stored === true ? 'Yes' : 'No';
    case 'url':
    case 'email':
    case 'phone_number':
      return typeof stored === 'string' ? stored : '';
    case 'relation':
      return ((stored as string[] | undefined) ?? []).map((id) => lookups.titles.get(id) || 'Untitled').join(', ');
    case 'place': {
      const place = stored as { name?: string | null; address?: string | null } | null | undefined;
      return place?.name ?? place?.address ?? '';
    }
    case 'created_time':
      return minuteTime(page.created_time);
    case 'last_edited_time':
      return minuteTime(page.last_edited_time);
    case 'created_by':
      return lookups.userNames.get(page.created_by) ?? '';
    case 'last_edited_by':
      return lookups.userNames.get(page.last_edited_by) ?? '';
    case 'unique_id': {
      if (typeof stored !== 'number') return '';
      const prefix = property.config.prefix as string | null | undefined;
      return prefix ? `${prefix}-${stored}` : String(stored);
    }
    default:
      // formula, rollup, button, verification: nothing stored that reads as text.
      return '';
  }
}

/**
 * The id of the option named `name` on `property`, created when `create` allows it (new status
 * options join the To-do group). Names match exactly first, then without regard to case.
 */
export function optionNamed(property: PropertySchema, name: string, create: boolean, ids: IdGenerator): string | undefined {
  const options = optionsOf(property);
  const found = options.find((o) => o.name === name) ?? options.find((o) => o.name.toLowerCase() === name.toLowerCase());
  if (found) return found.id;
  if (!create) return undefined;
  const option: SelectOption = { id: ids.uuid(), name, color: nextColor(options.length), description: null };
  const config: Record<string, unknown> = { ...property.config, options: [...options, option] };
  if (property.type === 'status') {
    const groups = ((property.config.groups as StatusGroup[] | undefined) ?? []).map((g) => ({ ...g, option_ids: [...g.option_ids] }));
    groups[0]?.option_ids.push(option.id);
    config.groups = groups;
  }
  property.config = config;
  return option.id;
}

/** Option names in a text: the pieces between commas (option names cannot hold commas). */
function namesIn(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim().slice(0, OPTION_NAME_LIMIT))
    .filter((s) => s !== '');
}

function dateFrom(text: string): StoredDate | undefined {
  const [start, end, ...rest] = text.split(' → ').map((s) => s.trim());
  const valid = (s: string | undefined) => s !== undefined && ISO_DATE.test(s) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));
  if (rest.length > 0 || !valid(start) || (end !== undefined && !valid(end))) return undefined;
  return { start: start!, end: end ?? null, time_zone: null };
}

function richTextFrom(text: string, urlBase: string): RichTextItem[] {
  const chunks: Array<{ text: { content: string } }> = [];
  for (let i = 0; i < text.length; i += TEXT_CHUNK) chunks.push({ text: { content: text.slice(i, i + TEXT_CHUNK) } });
  return normalizeRichText(chunks, NO_MENTIONS, urlBase);
}

/** A value of `target`'s type read from text; options are created when `createOptions` allows. */
function fromText(target: PropertySchema, text: string, createOptions: boolean, lookups: ConversionLookups): Converted {
  switch (target.type) {
    case 'rich_text':
      return text === '' ? CLEARED : richTextFrom(text, lookups.urlBase);
    case 'number': {
      const cleaned = text.trim().replace(/,/g, '');
      return NUMBER.test(cleaned) && Number.isFinite(Number(cleaned)) ? Number(cleaned) : CLEARED;
    }
    case 'select': {
      const name = namesIn(text)[0];
      const id = name === undefined ? undefined : optionNamed(target, name, createOptions, lookups.ids);
      return id ?? CLEARED;
    }
    case 'multi_select': {
      const ids = namesIn(text)
        .map((name) => optionNamed(target, name, createOptions, lookups.ids))
        .filter((id): id is string => id !== undefined);
      return ids.length === 0 ? CLEARED : [...new Set(ids)];
    }
    case 'status': {
      const name = namesIn(text)[0];
      // A page always has a status: one that names none gets the default, as new pages do.
      return (name === undefined ? undefined : optionNamed(target, name, createOptions, lookups.ids)) ?? defaultStatusOption(target);
    }
    case 'date':
      return dateFrom(text) ?? CLEARED;
    case 'checkbox':
      return CHECKED.has(text.trim().toLowerCase());
    case 'url':
    case 'email':
    case 'phone_number':
      return text.trim() === '' ? CLEARED : text.trim();
    default:
      return CLEARED;
  }
}

/**
 * The stored value of a page for a property that changed from `before` to `after` (different
 * types). `createOptions` is false when the request listed the new options itself: values that
 * name none of them are cleared then.
 */
export function convertValue(
  before: PropertySchema,
  after: PropertySchema,
  stored: unknown,
  page: BlockRow,
  createOptions: boolean,
  lookups: ConversionLookups,
): Converted {
  switch (after.type) {
    case 'people':
      if (before.type === 'created_by') return [page.created_by];
      if (before.type === 'last_edited_by') return [page.last_edited_by];
      return CLEARED;
    case 'date':
      if (before.type === 'created_time' || before.type === 'last_edited_time') {
        return { start: minuteTime(before.type === 'created_time' ? page.created_time : page.last_edited_time), end: null, time_zone: null };
      }
      break;
    case 'title':
    case 'relation':
    case 'files':
    case 'place':
    case 'verification':
    case 'formula':
    case 'rollup':
    case 'created_time':
    case 'created_by':
    case 'last_edited_time':
    case 'last_edited_by':
    case 'button':
    case 'unique_id':
      return CLEARED;
  }
  return fromText(after, textOf(before, stored, page, lookups), createOptions, lookups);
}

/**
 * The stored value of a page after the option set of its property changed (same type): values
 * that point at removed options are cleared; a status without its option goes back to the default.
 */
export function pruneOptions(property: PropertySchema, stored: unknown): Converted {
  const ids = new Set(optionsOf(property).map((o) => o.id));
  switch (property.type) {
    case 'select':
      return typeof stored === 'string' && !ids.has(stored) ? CLEARED : stored;
    case 'multi_select': {
      if (!Array.isArray(stored)) return stored;
      const kept = (stored as string[]).filter((id) => ids.has(id));
      return kept.length === 0 ? CLEARED : kept;
    }
    case 'status':
      return typeof stored === 'string' && !ids.has(stored) ? defaultStatusOption(property) : stored;
    default:
      return stored;
  }
}
