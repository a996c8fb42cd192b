// Computed values as formulas and page objects see them: a formula's result in Notion's form
// (https://developers.notion.com/reference/page-property-values#formula), and stored dates,
// rollup results and rolled-up values read back as formula values.
import { toText, type DateValue, type FormulaType, type Value } from '../formula/index.js';
import type { RichTextItem } from '../services/rich-text.js';
import { instantOf, isDateOnly } from './instants.js';
import type { RolledValue } from './rollups.js';
import type { StoredDate } from './write-values.js';

/** Rich text as a formula reads it. */
export type RichTextReader = (items: RichTextItem[]) => string;

/** A date as formulas see it: its start (and end) as instants, read in its time zone. */
export function dateValueOf(stored: StoredDate | null | undefined): DateValue | null {
  if (!stored?.start) return null;
  const start = instantOf(stored.start, stored.time_zone);
  if (start === undefined) return null;
  const end = stored.end ? (instantOf(stored.end, stored.time_zone) ?? null) : null;
  return { kind: 'date', start, end, dateOnly: isDateOnly(stored.start) };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A formula's value as page objects carry it (https://developers.notion.com/reference/page-property-values): `string`, `number`, `boolean` or `date`.
 * Values of other types (lists, people, pages) are shown as their text; empty text and numbers
 * that are not finite are `null`.
 */
export function renderFormula(type: FormulaType, value: Value): Record<string, unknown> {
  switch (type.kind) {
    case 'number':
      return { type: 'number', number: typeof value === 'number' && Number.isFinite(value) ? value : null };
    case 'boolean':
      return { type: 'boolean', boolean: value === true };
    case 'date': {
      const d = value as DateValue | null;
      if (!d) return { type: 'date', date: null };
      const show = (ms: number) => (d.dateOnly ? isoDay(ms) : new Date(ms).toISOString());
      return { type: 'date', date: { start: show(d.start), end: d.end === null ? null : show(d.end), time_zone: null } };
    }
    default: {
      const text = value === null ? '' : toText(value);
      return { type: 'string', string: text === '' ? null : text };
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
export function rolledValue(rollup: Record<string, unknown>, text: RichTextReader): Value {
  switch (rollup.type) {
    case 'number':
      return (rollup.number as number | null) ?? null;
    case 'date':
      return dateValueOf(rollup.date as StoredDate | null);
    case 'array':
      return ((rollup.array as RolledValue[]) ?? []).flatMap((item) => {
        const v = itemValue(item, text);
        return Array.isArray(v) ? v : [v];
      });
    default:
      return null;
  }
}

/** One rendered value (of a rollup's list) as formulas see it. */
function itemValue(item: RolledValue, text: RichTextReader): Value {
  const v = item[item.type];
  switch (item.type) {
    case 'title':
    case 'rich_text':
      return text((v as RichTextItem[] | undefined) ?? []);
    case 'number':
    case 'checkbox':
    case 'url':
    case 'email':
    case 'phone_number':
      return (v as Value) ?? null;
    case 'select':
    case 'status':
      return (v as { name?: string } | null)?.name ?? '';
    case 'multi_select':
      return ((v as Array<{ name: string }> | undefined) ?? []).map((o) => o.name);
    case 'date':
      return dateValueOf(v as StoredDate | null);
    case 'created_time':
    case 'last_edited_time':
      return typeof v === 'string' ? { kind: 'date', start: Date.parse(v), end: null, dateOnly: false } : null;
    case 'people':
      return ((v as Array<{ id: string; name?: string; person?: { email?: string } }> | undefined) ?? []).map((u) => ({
        kind: 'person',
        id: u.id,
        name: u.name ?? '',
        email: u.person?.email ?? '',
      }));
    case 'created_by':
    case 'last_edited_by': {
      const u = v as { id: string; name?: string } | undefined;
      return u ? { kind: 'person', id: u.id, name: u.name ?? '', email: '' } : null;
    }
    case 'relation':
      return ((v as Array<{ id: string }> | undefined) ?? []).map((p) => ({ kind: 'page', id: p.id, title: '' }));
    case 'formula': {
      const f = v as Record<string, unknown> | undefined;
      if (!f) return null;
      return f.type === 'date' ? dateValueOf(f.date as StoredDate | null) : ((f[f.type as string] as Value) ?? null);
    }
    case 'unique_id':
      return (v as { number?: number | null } | undefined)?.number ?? null;
    default:
      return null;
  }
}
