// Rollups (https://developers.notion.com/reference/page-property-values, https://developers.notion.com/reference/property-object): a property of the pages a relation links, gathered and reduced by the
// rollup's function. Page objects compute them over the first 25 related pages, as Notion does;
// the property item endpoint over all of them.
import type { RollupFunction } from '../schemas/properties.js';

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

/** A related page's value of the rolled-up property, as a property value without its id. */
export type RolledValue = { type: string } & Record<string, unknown>;

function isEmpty(value: RolledValue): boolean {
  const v = contentOf(value);
  if (v === null || v === undefined || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/**
 * A value's content. A formula's or a rollup's is its result (`{type: "number", number: 5}` gives
 * 5), so numbers and dates roll up through them; a rollup that lists values gives their contents
 * (docs/decisions.md).
 */
function contentOf(v: RolledValue): unknown {
  const content = v[v.type];
  if ((v.type !== 'formula' && v.type !== 'rollup') || !content || typeof content !== 'object') return content;
  const result = content as RolledValue;
  if (result.type === 'array') return ((result.array as RolledValue[] | undefined) ?? []).flatMap((item) => contentOf(item));
  // An unsupported or incomplete rollup has no value to read.
  return result.type in result ? result[result.type] : null;
}

/** The contents of the values, lists (of a rollup's values) spread into their items. */
const contents = (values: RolledValue[]): unknown[] =>
  values.flatMap((v) => {
    const content = contentOf(v);
    return v.type === 'rollup' && Array.isArray(content) ? content : [content];
  });

/** Checkboxes, and formulas that give a boolean. */
const isBoolean = (v: RolledValue): boolean => v.type === 'checkbox' || typeof contentOf(v) === 'boolean';
const isChecked = (v: RolledValue): boolean => isBoolean(v) && contentOf(v) === true;

function numbers(values: RolledValue[]): number[] {
  return contents(values).filter((n): n is number => typeof n === 'number');
}

function dates(values: RolledValue[]): string[] {
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
function flatten(values: RolledValue[]): unknown[] {
  return values.map((v) => v[v.type]).flatMap((x) => (Array.isArray(x) ? x : [x]));
}

const round = (n: number): number => Math.round(n * 1e12) / 1e12;

/** Reduce the related values with a rollup function, in Notion's response form. */
export function reduce(fn: RollupFunction, values: RolledValue[]): Record<string, unknown> {
  const number = (n: number | null) => ({ type: 'number', number: n, function: fn });
  const date = (start: string | null, end: string | null = null) => ({
    type: 'date',
    date: start === null ? null : { start, end, time_zone: null },
    function: fn,
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
      return { type: 'array', array: values, function: fn };
    case 'show_unique': {
      const seen = new Set<string>();
      const unique = values.filter((v) => {
        const key = JSON.stringify(v[v.type]);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return { type: 'array', array: unique, function: fn };
    }
    case 'count_per_group':
    case 'percent_per_group':
      // Not computed by the API (https://developers.notion.com/reference/property-object).
      return { type: 'unsupported', unsupported: {}, function: fn };
  }
}
