// The types and values of Notion's formula language (formulas 2.0): number, text, boolean and
// date, people and pages (what person and relation properties hold), and lists of any of them.
// An empty value (an empty number or date property, a runtime error) is `null`.

export type FormulaType =
  | { kind: 'number' | 'string' | 'boolean' | 'date' | 'person' | 'any' }
  /** A page of a data source (null: of one not known, such as a page outside a data source). */
  | { kind: 'page'; dataSourceId: string | null }
  | { kind: 'list'; item: FormulaType };

export const T = {
  number: { kind: 'number' } as FormulaType,
  string: { kind: 'string' } as FormulaType,
  boolean: { kind: 'boolean' } as FormulaType,
  date: { kind: 'date' } as FormulaType,
  person: { kind: 'person' } as FormulaType,
  any: { kind: 'any' } as FormulaType,
  page: (dataSourceId: string | null): FormulaType => ({ kind: 'page', dataSourceId }),
  list: (item: FormulaType): FormulaType => ({ kind: 'list', item }),
};

/** A date value: an instant, or a range of two; `dateOnly` when it names days, not times. */
export interface DateValue {
  kind: 'date';
  start: number;
  end: number | null;
  dateOnly: boolean;
}

export interface PersonValue {
  kind: 'person';
  id: string;
  name: string;
  email: string;
}

/** What a formula can read of a page: its id, title and property values. */
export interface PageScope {
  id: string;
  title: string;
  /** The value of a property of the page, by property id (empty for one it does not have). */
  value(propertyId: string): Value;
}

export interface PageValue {
  kind: 'page';
  id: string;
  title: string;
  /** The page's values, when the page was loaded (Notion reads up to 25 related pages). */
  scope?: PageScope;
}

export type Value = number | string | boolean | DateValue | PersonValue | PageValue | Value[] | null;

/** Type names as Notion's formula editor writes them. */
export function typeName(type: FormulaType): string {
  switch (type.kind) {
    case 'string':
      return 'text';
    case 'list':
      return type.item.kind === 'any' ? 'list' : `list of ${typeName(type.item)}`;
    default:
      return type.kind;
  }
}

/** Whether a value of type `actual` may stand where `expected` is asked for. */
export function assignable(actual: FormulaType, expected: FormulaType): boolean {
  if (actual.kind === 'any' || expected.kind === 'any') return true;
  if (actual.kind !== expected.kind) return false;
  if (actual.kind === 'list' && expected.kind === 'list') return assignable(actual.item, expected.item);
  return true;
}

/** The type two branches (of `if`, of a list literal) have together, or undefined when none. */
export function unify(a: FormulaType, b: FormulaType): FormulaType | undefined {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  if (a.kind !== b.kind) return undefined;
  if (a.kind === 'list' && b.kind === 'list') {
    const item = unify(a.item, b.item);
    return item && T.list(item);
  }
  if (a.kind === 'page' && b.kind === 'page' && a.dataSourceId !== b.dataSourceId) return T.page(null);
  return a;
}

export const isDate = (v: Value): v is DateValue => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'date';
export const isPerson = (v: Value): v is PersonValue => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'person';
export const isPage = (v: Value): v is PageValue => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'page';

/** A formula that cannot be read or typed (at schema write), or fails while evaluated. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'type' | 'reference' | 'cycle' | 'runtime' | 'limit' = 'syntax',
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}
