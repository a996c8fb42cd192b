// Rollups (https://developers.notion.com/reference/page-property-values, https://developers.notion.com/reference/property-object): a property of the pages a relation links, gathered and reduced by the
// rollup's function. Page objects compute them over the first 25 related pages, as Notion does;
// the property item endpoint over all of them.
import type { RollupFunction } from '../schemas/properties.js';
import { minuteTime } from './instants.js';
import type { FormulaResult, PropertyRecord, RollupResult } from './property-value.js';
import { optionsOf } from './schema.js';

/** Rollup functions whose result is a number. */
export const NUMERIC_ROLLUPS: ReadonlySet<RollupFunction> = new Set([
  'count',
  'count_values',
  'empty',
  'not_empty',
  'unique',
  'percent_empty',
  'percent_not_empty',
  'sum',
  'average',
  'median',
  'min',
  'max',
  'range',
  'checked',
  'unchecked',
  'percent_checked',
  'percent_unchecked',
]);
/** Rollup functions whose result is a date. */
export const DATE_ROLLUPS: ReadonlySet<RollupFunction> = new Set(['earliest_date', 'latest_date', 'date_range']);

/**
 * What a rolled-up value holds, for the functions to count, compare and add: its content as the
 * value shows it, with options, people and pages by id. A formula's or a rollup's is its result,
 * so numbers and dates roll up through them; a rollup that lists values gives their contents
 * (docs/decisions.md).
 */
function contentOf(item: PropertyRecord): unknown {
  const { property, row, stored, limit } = item;
  switch (property.type) {
    case 'title':
    case 'rich_text':
    case 'people':
    case 'relation':
      return ((stored as unknown[] | undefined) ?? []).slice(0, limit);
    case 'checkbox':
      return stored === true;
    case 'select':
    case 'status':
      return optionsOf(property).some((o) => o.id === stored) ? stored : null;
    case 'multi_select':
      return ((stored as string[] | undefined) ?? []).filter((id) => optionsOf(property).some((o) => o.id === id));
    case 'files':
      return stored ?? [];
    case 'created_time':
      return minuteTime(row.created_time);
    case 'last_edited_time':
      return minuteTime(row.last_edited_time);
    case 'created_by':
      return row.created_by;
    case 'last_edited_by':
      return row.last_edited_by;
    case 'unique_id':
      return { prefix: (property.config.prefix as string | null | undefined) ?? null, number: (stored as number | undefined) ?? null };
    case 'button':
      return {};
    case 'verification':
      return stored ?? { state: 'unverified' };
    case 'number':
    case 'url':
    case 'email':
    case 'phone_number':
    case 'date':
    case 'place':
      return stored ?? null;
    case 'formula':
      return (item.computed as FormulaResult | undefined)?.value ?? null;
    case 'rollup':
      return rollupContent(item.computed as RollupResult | undefined);
    default:
      return undefined;
  }
}

function rollupContent(rollup: RollupResult | undefined): unknown {
  switch (rollup?.type) {
    case 'number':
    case 'date':
      return rollup.value;
    case 'array':
      return rollup.items.flatMap((item) => {
        const content = contentOf(item);
        return Array.isArray(content) ? content : [content];
      });
    default:
      // An unsupported rollup has no value to read.
      return null;
  }
}

function isEmpty(value: PropertyRecord): boolean {
  const v = contentOf(value);
  if (v === null || v === undefined || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** The contents of the values, lists (of a rollup's values) spread into their items. */
const contents = (values: PropertyRecord[]): unknown[] =>
  values.flatMap((v) => {
    const content = contentOf(v);
    return v.property.type === 'rollup' && Array.isArray(content) ? content : [content];
  });

/** Checkboxes, and formulas that give a boolean. */
const isBoolean = (v: PropertyRecord): boolean => v.property.type === 'checkbox' || typeof contentOf(v) === 'boolean';
const isChecked = (v: PropertyRecord): boolean => isBoolean(v) && contentOf(v) === true;

function numbers(values: PropertyRecord[]): number[] {
  return contents(values).filter((n): n is number => typeof n === 'number');
}

function dates(values: PropertyRecord[]): string[] {
  const out: string[] = [];
  for (const content of contents(values)) {
    const d = content as { start?: string; end?: string | null } | null;
    if (d && typeof d === 'object' && typeof d.start === 'string') {
      out.push(d.start);
      if (d.end) out.push(d.end);
    } else if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d)) out.push(d);
  }
  return out.sort((a, b) => Date.parse(a) - Date.parse(b));
}

/** Values flattened the way "show original" shows them: one entry per item of array values. */
function flatten(values: PropertyRecord[]): unknown[] {
  return values.map(contentOf).flatMap((x) => (Array.isArray(x) ? x : [x]));
}

const round = (n: number): number => Math.round(n * 1e12) / 1e12;

/** Reduce the related values with a rollup function. */
export function reduce(fn: RollupFunction, values: PropertyRecord[]): RollupResult {
  const number = (n: number | null): RollupResult => ({ type: 'number', function: fn, value: n });
  const date = (start: string | null, end: string | null = null): RollupResult => ({
    type: 'date',
    function: fn,
    value: start === null ? null : { start, end },
  });
  const nonEmpty = values.filter((v) => !isEmpty(v));
  const n = values.length;
  switch (fn) {
    case 'count':
      return number(n);
    case 'count_values':
      return number(flatten(nonEmpty).filter((x) => x !== null && x !== undefined).length);
    case 'empty':
      return number(n - nonEmpty.length);
    case 'not_empty':
      return number(nonEmpty.length);
    case 'unique':
      return number(new Set(flatten(nonEmpty).map((x) => JSON.stringify(x))).size);
    case 'percent_empty':
      return number(n === 0 ? 0 : round((n - nonEmpty.length) / n));
    case 'percent_not_empty':
      return number(n === 0 ? 0 : round(nonEmpty.length / n));
    case 'sum':
      return number(round(numbers(values).reduce((a, b) => a + b, 0)));
    case 'average': {
      const xs = numbers(values);
      return number(xs.length === 0 ? null : round(xs.reduce((a, b) => a + b, 0) / xs.length));
    }
    case 'median': {
      const xs = numbers(values).sort((a, b) => a - b);
      if (xs.length === 0) return number(null);
      const mid = Math.floor(xs.length / 2);
      return number(xs.length % 2 ? xs[mid]! : round((xs[mid - 1]! + xs[mid]!) / 2));
    }
    case 'min': {
      const xs = numbers(values);
      return number(xs.length === 0 ? null : Math.min(...xs));
    }
    case 'max': {
      const xs = numbers(values);
      return number(xs.length === 0 ? null : Math.max(...xs));
    }
    case 'range': {
      const xs = numbers(values);
      return number(xs.length === 0 ? null : round(Math.max(...xs) - Math.min(...xs)));
    }
    case 'earliest_date': {
      const ds = dates(values);
      return date(ds[0] ?? null);
    }
    case 'latest_date': {
      const ds = dates(values);
      return date(ds[ds.length - 1] ?? null);
    }
    case 'date_range': {
      const ds = dates(values);
      return date(ds[0] ?? null, ds.length > 1 ? ds[ds.length - 1]! : null);
    }
    case 'checked':
      return number(values.filter(isChecked).length);
    case 'unchecked':
      return number(values.filter((v) => isBoolean(v) && !isChecked(v)).length);
    case 'percent_checked':
      return number(n === 0 ? 0 : round(values.filter(isChecked).length / n));
    case 'percent_unchecked':
      return number(n === 0 ? 0 : round(values.filter((v) => isBoolean(v) && !isChecked(v)).length / n));
    case 'show_original':
      return { type: 'array', function: fn, items: values };
    case 'show_unique': {
      const seen = new Set<string>();
      const unique = values.filter((v) => {
        const key = JSON.stringify(contentOf(v));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return { type: 'array', function: fn, items: unique };
    }
    case 'count_per_group':
    case 'percent_per_group':
      // Not computed by the API (https://developers.notion.com/reference/property-object).
      return { type: 'unsupported', function: fn };
  }
}
