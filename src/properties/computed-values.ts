// Computed values as formulas and page objects see them: a formula's result in the types page
// objects carry (https://developers.notion.com/reference/page-property-values#formula), and stored
// dates, rollup results and rolled-up values read back as formula values.
import { toText, type DateValue, type FormulaType, type Value } from '../formula/index.js';
import type { RichTextItem } from '../rich-text.js';
import { instantOf, isDateOnly, minuteTime } from './instants.js';
import type { FormulaResult, PropertyRecord, RollupResult } from './property-value.js';
import { optionsOf } from './schema.js';
import type { StoredDate } from './write-values.js';

/** Rich text as a formula reads it. */
export type RichTextReader = (items: RichTextItem[]) => string;

/** A date as formulas see it: its start (and end) as instants, read in its time zone. */
export function dateValueOf(stored: { start: string; end?: string | null; time_zone?: string | null } | null | undefined): DateValue | null {
  if (!stored?.start) return null;
  const start = instantOf(stored.start, stored.time_zone);
  if (start === undefined) return null;
  const end = stored.end ? (instantOf(stored.end, stored.time_zone) ?? null) : null;
  return { kind: 'date', start, end, dateOnly: isDateOnly(stored.start) };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A formula's value as the result page objects carry, in the type its expression has. */
export function formulaResult(type: FormulaType, value: Value): FormulaResult {
  switch (type.kind) {
    case 'number':
      return { type: 'number', value: typeof value === 'number' && Number.isFinite(value) ? value : null };
    case 'boolean':
      return { type: 'boolean', value: value === true };
    case 'date': {
      const d = value as DateValue | null;
      if (!d) return { type: 'date', value: null };
      const show = (ms: number) => (d.dateOnly ? isoDay(ms) : new Date(ms).toISOString());
      return { type: 'date', value: { start: show(d.start), end: d.end === null ? null : show(d.end) } };
    }
    default: {
      const text = value === null ? '' : toText(value);
      return { type: 'string', value: text === '' ? null : text };
    }
  }
}

/** The result type a formula's filters name: the key of its value in page objects. */
export const formulaResultType = (type: FormulaType): 'string' | 'number' | 'boolean' | 'date' =>
  type.kind === 'number' || type.kind === 'boolean' || type.kind === 'date' ? type.kind : 'string';

/**
 * A rollup's value as formulas see it: its number, its date, or the list of rolled-up values;
 * `text` reads rich text as the integration does (mentions it cannot reach read "Untitled").
 */
export function rolledValue(rollup: RollupResult, text: RichTextReader): Value {
  switch (rollup.type) {
    case 'number':
      return rollup.value;
    case 'date':
      return dateValueOf(rollup.value);
    case 'array':
      return rollup.items.flatMap((item) => {
        const v = itemValue(item, text);
        return Array.isArray(v) ? v : [v];
      });
    default:
      return null;
  }
}

const person = (id: string): Value => ({ kind: 'person', id, name: '', email: '' });

/**
 * One value of a rollup's list as formulas see it: as the list shows it, so people and pages are
 * known by id alone, and array values keep the list's number of items.
 */
function itemValue(item: PropertyRecord, text: RichTextReader): Value {
  const { property, row, stored, limit } = item;
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return text(((stored as RichTextItem[] | undefined) ?? []).slice(0, limit));
    case 'checkbox':
      return stored === true;
    case 'number':
    case 'url':
    case 'email':
    case 'phone_number':
      return (stored as Value | undefined) ?? null;
    case 'select':
    case 'status':
      return optionsOf(property).find((o) => o.id === stored)?.name ?? '';
    case 'multi_select':
      return ((stored as string[] | undefined) ?? []).flatMap((id) => optionsOf(property).find((o) => o.id === id)?.name ?? []);
    case 'date':
      return dateValueOf(stored as StoredDate | undefined);
    case 'created_time':
      return { kind: 'date', start: Date.parse(minuteTime(row.created_time)), end: null, dateOnly: false };
    case 'last_edited_time':
      return { kind: 'date', start: Date.parse(minuteTime(row.last_edited_time)), end: null, dateOnly: false };
    case 'people':
      return ((stored as string[] | undefined) ?? []).slice(0, limit).map(person);
    case 'created_by':
      return person(row.created_by);
    case 'last_edited_by':
      return person(row.last_edited_by);
    case 'relation':
      return ((stored as string[] | undefined) ?? []).slice(0, limit).map((id) => ({ kind: 'page', id, title: '' }));
    case 'formula': {
      const f = item.computed as FormulaResult | undefined;
      if (!f) return null;
      return f.type === 'date' ? dateValueOf(f.value) : f.value;
    }
    case 'unique_id':
      return (stored as number | undefined) ?? null;
    default:
      return null;
  }
}
