// The function library of formulas 2.0, as Notion's formula reference lists it: each function's
// parameter types (checked when the formula is compiled) and what it computes. Every function can
// also be called as a method of its first argument (`"a".upper()`). The functions that do not
// evaluate all their arguments first (if, ifs, and, or, let, lets, map, filter, find, findIndex,
// some, every, sort) live in compile.ts.
import type { EvalContext } from './compile.js';
import { DAY_MS } from '../properties/instants.js';
import { moveDate, parseIsoDate, unitsBetween } from './dates.js';
import type { Budget } from './limits.js';
import { regexMatches, regexReplace, regexTest } from './regex.js';
import { formatPattern, isoWeek, joined, textWithin, toText } from './text.js';
import { FormulaError, isDate, isPage, isPerson, T, typeName, unify, type DateValue, type FormulaType, type Value } from './types.js';

export interface FunctionDef {
  /** The result type for these argument types; `error` makes the message for a bad argument. */
  check(types: FormulaType[], error: (message: string, argIndex?: number) => FormulaError, name: string): FormulaType;
  call(args: Value[], ctx: EvalContext): Value;
}

export type Library = Record<string, FunctionDef>;

/**
 * Parameter kinds: a type name, `any`, `scalar` (anything but a list, read as text where text is
 * wanted), `numbers` (numbers or lists of numbers), `seq` (text or list). A trailing `?` makes a
 * parameter optional; a leading `...` makes the last one repeat.
 */
type Param = string;

function accepts(kind: string, type: FormulaType): boolean {
  if (type.kind === 'any' || kind === 'any') return true;
  switch (kind) {
    case 'scalar':
      return type.kind !== 'list';
    case 'numbers':
      return type.kind === 'number' || (type.kind === 'list' && (type.item.kind === 'number' || type.item.kind === 'any'));
    case 'seq':
      return type.kind === 'string' || type.kind === 'list';
    default:
      return type.kind === kind;
  }
}

const KIND_NAMES: Record<string, string> = { string: 'text', scalar: 'a value that is not a list', numbers: 'number', seq: 'text or list' };

/** Values of number and date parameters that are empty make the result empty. */
const PROPAGATING = new Set(['number', 'date']);

function def(params: Param[], returns: FormulaType | ((types: FormulaType[]) => FormulaType), run: (args: Value[], ctx: EvalContext) => Value): FunctionDef {
  const specs = params.map((p) => ({ kind: p.replace(/^\.\.\./, '').replace(/\?$/, ''), optional: p.endsWith('?'), rest: p.startsWith('...') }));
  const min = specs.filter((s) => !s.optional && !s.rest).length + (specs.some((s) => s.rest && !s.optional) ? 1 : 0);
  const max = specs.some((s) => s.rest) ? Infinity : specs.length;
  return {
    check(types, error, name) {
      if (types.length < min || types.length > max) {
        const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
        throw error(`${name}() expects ${expected} argument${expected === '1' ? '' : 's'}, but got ${types.length}`);
      }
      types.forEach((type, i) => {
        const spec = specs[Math.min(i, specs.length - 1)]!;
        if (!accepts(spec.kind, type)) {
          throw error(`${name}() expects ${KIND_NAMES[spec.kind] ?? spec.kind} as argument ${i + 1}, but got ${typeName(type)}`, i);
        }
      });
      return typeof returns === 'function' ? returns(types) : returns;
    },
    call(args, ctx) {
      for (let i = 0; i < args.length; i++) {
        const spec = specs[Math.min(i, specs.length - 1)]!;
        if (args[i] === null && PROPAGATING.has(spec.kind)) return null;
      }
      return run(args, ctx);
    },
  };
}

// ---- Shared semantics -----------------------------------------------------------------------

/** Empty as `empty()` sees it: no value, "", 0, false, an empty list. */
export function isEmpty(v: Value): boolean {
  return v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
}

export function equals(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b || (a === null && b === '') || (a === '' && b === null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]!));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    if (isDate(a) && isDate(b)) return a.start === b.start && a.end === b.end;
    if ((isPerson(a) && isPerson(b)) || (isPage(a) && isPage(b))) return a.id === b.id;
    return false;
  }
  return a === b;
}

/** The order of two values of one type (undefined when either is empty or they do not compare). */
export function compare(a: Value, b: Value): number | undefined {
  if (a === null || b === null) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (isDate(a) && isDate(b)) return a.start - b.start;
  return undefined;
}

const str = (v: Value): string => (typeof v === 'string' ? v : toText(v));
const n = (v: Value): number => (typeof v === 'number' ? v : 0);
const list = (v: Value): Value[] => (Array.isArray(v) ? v : []);
const date = (v: Value): DateValue => v as DateValue;
const instant = (ms: number, dateOnly = false): DateValue => ({ kind: 'date', start: ms, end: null, dateOnly });
const numbersIn = (args: Value[], budget: Budget): number[] => flatten(args, budget).filter((x): x is number => typeof x === 'number');
const itemOf = (t: FormulaType | undefined): FormulaType => (t?.kind === 'list' ? t.item : T.any);
const sameAsFirst = (types: FormulaType[]) => types[0] ?? T.any;

/** A text built from parts whose length is known first: refused before it is built when too long. */
function built(length: number, budget: Budget, build: () => string): string {
  budget.text(length);
  return build();
}

/** The least or greatest number, without spreading a long list into arguments. */
function extreme(xs: number[], pick: (a: number, b: number) => number): Value {
  if (xs.length === 0) return null;
  let out = xs[0]!;
  for (const x of xs) out = pick(out, x);
  return out;
}

function checkSameTypes(types: FormulaType[], error: (m: string, i?: number) => FormulaError, name: string): void {
  if (types.length === 2 && !unify(types[0]!, types[1]!)) throw error(`${name}() cannot compare ${typeName(types[0]!)} and ${typeName(types[1]!)}`);
}

function comparison(test: (c: number) => boolean): FunctionDef {
  const base = def(['scalar', 'scalar'], T.boolean, ([a, b]) => {
    const c = compare(a!, b!);
    return c !== undefined && test(c);
  });
  return {
    check: (types, error, name) => {
      checkSameTypes(types, error, name);
      return base.check(types, error, name);
    },
    call: base.call,
  };
}

/** toNumber(): text read as a number (its leading number; empty when none), booleans 1/0, dates as timestamps. */
function toNumber(v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const parsed = Number.parseFloat(v.trim().replace(/,/g, ''));
    return Number.isNaN(parsed) ? null : parsed;
  }
  if (isDate(v)) return v.start;
  return null;
}

function round(x: number, places: number): number {
  const f = 10 ** Math.trunc(places);
  return Math.round(x * f) / f;
}

function median(xs: number[]): Value {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The items of nested lists in one list; their number is checked before the list is built. */
function flatten(items: Value[], budget: Budget): Value[] {
  const count = (xs: Value[]): number => xs.reduce<number>((n, x) => n + (Array.isArray(x) ? count(x) : 1), 0);
  budget.list(count(items));
  const out: Value[] = [];
  const walk = (xs: Value[]) => {
    for (const x of xs)
      if (Array.isArray(x)) walk(x);
      else out.push(x);
  };
  walk(items);
  return out;
}

/** A key equal values share (as `equals` compares them), so that `unique` is not quadratic. */
function keyOf(v: Value): string {
  if (v === null || v === '') return 's:';
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'number') return `n:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (Array.isArray(v)) return `l:[${v.map(keyOf).join('|')}]`;
  if (isDate(v)) return `d:${v.start}:${v.end}`;
  return `${v.kind}:${v.id}`;
}

function flatType(t: FormulaType): FormulaType {
  return t.kind === 'list' ? flatType(t.item) : t;
}

function at(items: Value[], i: number): Value {
  const index = Math.trunc(i);
  return items[index < 0 ? items.length + index : index] ?? null;
}

function unique(items: Value[], budget: Budget): Value[] {
  budget.list(items.length);
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of items) {
    const key = keyOf(item);
    budget.spend(key.length);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

const datePart = (fn: (d: Date, ms: number) => number) => def(['date'], T.number, ([d]) => fn(new Date(date(d!).start), date(d!).start));
const math = (fn: (x: number) => number) => def(['number'], T.number, ([x]) => fn(n(x!)));

// ---- The library ----------------------------------------------------------------------------

export const FUNCTIONS: Library = {
  // Logic and comparison (the operators' function forms).
  not: def(['boolean'], T.boolean, ([b]) => b !== true),
  empty: def(['any'], T.boolean, ([v]) => isEmpty(v!)),
  equal: {
    check: (types, error, name) => {
      checkSameTypes(types, error, name);
      return def(['any', 'any'], T.boolean, () => null).check(types, error, name);
    },
    call: ([a, b]) => equals(a ?? null, b ?? null),
  },
  unequal: {
    check: (types, error, name) => {
      checkSameTypes(types, error, name);
      return def(['any', 'any'], T.boolean, () => null).check(types, error, name);
    },
    call: ([a, b]) => !equals(a ?? null, b ?? null),
  },
  larger: comparison((c) => c > 0),
  largerEq: comparison((c) => c >= 0),
  smaller: comparison((c) => c < 0),
  smallerEq: comparison((c) => c <= 0),

  // Numbers.
  add: {
    check: (types, error, name) => {
      const base = def(['scalar', 'scalar'], T.number, () => null);
      base.check(types, error, name);
      if (types.some((t) => t.kind === 'string')) return T.string;
      types.forEach((t, i) => {
        if (t.kind !== 'number' && t.kind !== 'any') throw error(`${name}() expects number or text as argument ${i + 1}, but got ${typeName(t)}`, i);
      });
      return T.number;
    },
    call: ([a, b], ctx) => {
      if (typeof a !== 'string' && typeof b !== 'string') return n(a!) + n(b!);
      const [x, y] = [toText(a!), toText(b!)];
      return built(x.length + y.length, ctx.budget, () => x + y);
    },
  },
  subtract: def(['number', 'number'], T.number, ([a, b]) => n(a!) - n(b!)),
  multiply: def(['number', 'number'], T.number, ([a, b]) => n(a!) * n(b!)),
  divide: def(['number', 'number'], T.number, ([a, b]) => {
    if (n(b!) === 0) throw new FormulaError('Division by zero', 'runtime');
    return n(a!) / n(b!);
  }),
  mod: def(['number', 'number'], T.number, ([a, b]) => {
    if (n(b!) === 0) throw new FormulaError('Division by zero', 'runtime');
    return n(a!) % n(b!);
  }),
  pow: def(['number', 'number'], T.number, ([a, b]) => n(a!) ** n(b!)),
  unaryMinus: def(['number'], T.number, ([a]) => -n(a!)),
  unaryPlus: def(['any'], T.number, ([a]) => toNumber(a!)),
  abs: math(Math.abs),
  ceil: math(Math.ceil),
  floor: math(Math.floor),
  sqrt: math(Math.sqrt),
  cbrt: math(Math.cbrt),
  exp: math(Math.exp),
  ln: math(Math.log),
  log10: math(Math.log10),
  log2: math(Math.log2),
  sign: math(Math.sign),
  round: def(['number', 'number?'], T.number, ([x, places]) => round(n(x!), places === undefined ? 0 : n(places))),
  min: def(['...numbers'], T.number, (args, ctx) => extreme(numbersIn(args, ctx.budget), Math.min)),
  max: def(['...numbers'], T.number, (args, ctx) => extreme(numbersIn(args, ctx.budget), Math.max)),
  sum: def(['...numbers'], T.number, (args, ctx) => numbersIn(args, ctx.budget).reduce((a, b) => a + b, 0)),
  mean: def(['...numbers'], T.number, (args, ctx) => {
    const xs = numbersIn(args, ctx.budget);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  }),
  median: def(['...numbers'], T.number, (args, ctx) => median(numbersIn(args, ctx.budget))),
  pi: def([], T.number, () => Math.PI),
  e: def([], T.number, () => Math.E),
  toNumber: def(['any'], T.number, ([v]) => toNumber(v!)),

  // Text.
  format: def(['any'], T.string, ([v], ctx) => textWithin(v!, ctx.budget)),
  length: def(['seq'], T.number, ([v], ctx) => {
    if (Array.isArray(v)) return v.length;
    const text = str(v!);
    ctx.budget.spend(text.length);
    let count = 0;
    for (const _ of text) count++;
    return count;
  }),
  substring: def(['string', 'number', 'number?'], T.string, ([s, start, end], ctx) => {
    const text = str(s!).substring(Math.trunc(n(start!)), end === undefined || end === null ? undefined : Math.trunc(n(end)));
    ctx.budget.spend(text.length);
    return text;
  }),
  contains: def(['seq', 'any'], T.boolean, ([s, part], ctx) => {
    if (Array.isArray(s)) {
      ctx.budget.spend(s.length);
      return s.some((x) => equals(x, part!));
    }
    ctx.budget.spend(str(s!).length);
    return str(s!).includes(str(part!));
  }),
  test: def(['scalar', 'scalar'], T.boolean, ([s, pattern], ctx) => regexTest(str(s!), str(pattern!), ctx.budget)),
  match: def(['scalar', 'scalar'], T.list(T.string), ([s, pattern], ctx) => regexMatches(str(s!), str(pattern!), ctx.budget)),
  replace: def(['scalar', 'scalar', 'scalar'], T.string, ([s, pattern, by], ctx) => regexReplace(str(s!), str(pattern!), str(by!), false, ctx.budget)),
  replaceAll: def(['scalar', 'scalar', 'scalar'], T.string, ([s, pattern, by], ctx) => regexReplace(str(s!), str(pattern!), str(by!), true, ctx.budget)),
  lower: def(['string'], T.string, ([s], ctx) => built(str(s!).length, ctx.budget, () => str(s!).toLowerCase())),
  upper: def(['string'], T.string, ([s], ctx) => built(str(s!).length, ctx.budget, () => str(s!).toUpperCase())),
  trim: def(['string'], T.string, ([s]) => str(s!).trim()),
  repeat: def(['string', 'number'], T.string, ([s, times], ctx) => {
    const text = str(s!);
    const count = Math.max(0, Math.trunc(n(times!)));
    if (text === '' || count === 0) return '';
    return built(text.length * count, ctx.budget, () => text.repeat(count));
  }),
  padStart: def(['string', 'number', 'string'], T.string, ([s, len, fill], ctx) => {
    const target = Math.trunc(n(len!));
    if (str(fill!) === '') return str(s!);
    return built(Math.max(target, str(s!).length), ctx.budget, () => str(s!).padStart(target, str(fill!)));
  }),
  padEnd: def(['string', 'number', 'string'], T.string, ([s, len, fill], ctx) => {
    const target = Math.trunc(n(len!));
    if (str(fill!) === '') return str(s!);
    return built(Math.max(target, str(s!).length), ctx.budget, () => str(s!).padEnd(target, str(fill!)));
  }),
  // Links and styles are rich text in Notion; through the API a formula's text is plain.
  link: def(['string', 'string'], T.string, ([label]) => str(label!)),
  style: def(['string', '...string'], T.string, ([s]) => str(s!)),
  unstyle: def(['string', '...string?'], T.string, ([s]) => str(s!)),
  split: def(['string', 'string?'], T.list(T.string), ([s, sep], ctx) => {
    // At most one part per character (and one more): as many items as the text is long.
    const parts = str(s!).split(sep === undefined ? ',' : str(sep));
    ctx.budget.list(parts.length);
    return parts;
  }),
  join: def(['list', 'string?'], T.string, ([items, sep], ctx) => {
    const text = joined(list(items!), sep === undefined ? ',' : str(sep), ctx.budget);
    ctx.budget.spend(text.length);
    return text;
  }),
  concat: {
    check: (types, error, name) => {
      // Lists (formulas 2.0), or text as formulas 1.0 wrote it.
      if (types.length > 0 && types.every((t) => t.kind === 'string')) return T.string;
      let item: FormulaType = T.any;
      types.forEach((t, i) => {
        if (t.kind !== 'list' && t.kind !== 'any') throw error(`${name}() expects list as argument ${i + 1}, but got ${typeName(t)}`, i);
        const u = unify(item, itemOf(t));
        if (!u) throw error(`${name}() expects lists of one type, but got ${typeName(T.list(item))} and ${typeName(t)}`, i);
        item = u;
      });
      if (types.length === 0) throw error(`${name}() expects at least 1 argument, but got 0`);
      return T.list(item);
    },
    call: (args, ctx) => {
      if (args.every((a) => typeof a === 'string'))
        return built(
          args.reduce<number>((sum, a) => sum + (a as string).length, 0),
          ctx.budget,
          () => args.join(''),
        );
      ctx.budget.list(args.reduce<number>((sum, a) => sum + list(a).length, 0));
      return args.flatMap((a) => list(a));
    },
  },

  // Dates.
  now: def([], T.date, (_args, ctx) => instant(ctx.now)),
  today: def([], T.date, (_args, ctx) => instant(Math.floor(ctx.now / DAY_MS) * DAY_MS, true)),
  minute: datePart((d) => d.getUTCMinutes()),
  hour: datePart((d) => d.getUTCHours()),
  // Monday is 1 and Sunday 7 in formulas 2.0.
  day: datePart((d) => (d.getUTCDay() === 0 ? 7 : d.getUTCDay())),
  date: datePart((d) => d.getUTCDate()),
  week: datePart((_d, ms) => isoWeek(ms).week),
  month: datePart((d) => d.getUTCMonth() + 1),
  year: datePart((d) => d.getUTCFullYear()),
  dateAdd: def(['date', 'number', 'string'], T.date, ([d, amount, unit]) => moveDate(date(d!), n(amount!), str(unit!))),
  dateSubtract: def(['date', 'number', 'string'], T.date, ([d, amount, unit]) => moveDate(date(d!), -n(amount!), str(unit!))),
  dateBetween: def(['date', 'date', 'string'], T.number, ([a, b, unit]) => unitsBetween(date(a!).start, date(b!).start, str(unit!))),
  dateRange: def(['date', 'date'], T.date, ([a, b]) => ({
    kind: 'date',
    start: date(a!).start,
    end: date(b!).start,
    dateOnly: date(a!).dateOnly && date(b!).dateOnly,
  })),
  dateStart: def(['date'], T.date, ([d]) => ({ ...date(d!), end: null })),
  dateEnd: def(['date'], T.date, ([d]) => ({ ...date(d!), start: date(d!).end ?? date(d!).start, end: null })),
  start: def(['date'], T.date, ([d]) => ({ ...date(d!), end: null })),
  end: def(['date'], T.date, ([d]) => ({ ...date(d!), start: date(d!).end ?? date(d!).start, end: null })),
  timestamp: def(['date'], T.number, ([d]) => date(d!).start),
  fromTimestamp: def(['number'], T.date, ([ms]) => instant(n(ms!))),
  formatDate: def(['date', 'string'], T.string, ([d, pattern], ctx) => {
    const value = date(d!);
    const one = formatPattern(value.start, str(pattern!));
    const text = value.end === null ? one : `${one} → ${formatPattern(value.end, str(pattern!))}`;
    ctx.budget.text(text.length);
    return text;
  }),
  parseDate: def(['string'], T.date, ([s]) => {
    const parsed = parseIsoDate(str(s!));
    if (!parsed) throw new FormulaError(`Cannot parse date: ${str(s!)}`, 'runtime');
    return parsed;
  }),

  // People and pages.
  name: def(['person'], T.string, ([p]) => (isPerson(p!) ? p.name : '')),
  email: def(['person'], T.string, ([p]) => (isPerson(p!) ? p.email : '')),
  id: {
    check: (types, error, name) => {
      if (types.length > 1) throw error(`${name}() expects 0 to 1 arguments, but got ${types.length}`);
      if (types[0] && !['page', 'person', 'any'].includes(types[0].kind)) throw error(`${name}() expects page as argument 1, but got ${typeName(types[0])}`, 0);
      return T.string;
    },
    // The page's id without dashes, as Notion's id() gives it.
    call: (args, ctx) => {
      const target = args[0];
      const id = target === undefined ? ctx.page?.id : isPage(target ?? null) || isPerson(target ?? null) ? (target as { id: string }).id : undefined;
      return id ? id.replace(/-/g, '') : '';
    },
  },

  // Lists.
  at: def(
    ['list', 'number'],
    (types) => itemOf(types[0]),
    ([items, i]) => at(list(items!), n(i!)),
  ),
  first: def(
    ['list'],
    (types) => itemOf(types[0]),
    ([items]) => list(items!)[0] ?? null,
  ),
  last: def(
    ['list'],
    (types) => itemOf(types[0]),
    ([items]) => at(list(items!), -1),
  ),
  slice: def(['seq', 'number', 'number?'], sameAsFirst, ([items, start, end], ctx) => {
    const e = end === undefined || end === null ? undefined : Math.trunc(n(end));
    const part = Array.isArray(items) ? items.slice(Math.trunc(n(start!)), e) : str(items!).slice(Math.trunc(n(start!)), e);
    ctx.budget.spend(part.length);
    return part;
  }),
  reverse: def(['list'], sameAsFirst, ([items], ctx) => {
    ctx.budget.list(list(items!).length);
    return [...list(items!)].reverse();
  }),
  unique: def(['list'], sameAsFirst, ([items], ctx) => unique(list(items!), ctx.budget)),
  includes: def(['list', 'any'], T.boolean, ([items, v], ctx) => {
    ctx.budget.spend(list(items!).length);
    return list(items!).some((x) => equals(x, v!));
  }),
  flat: def(
    ['list'],
    (types) => T.list(flatType(types[0] ?? T.any)),
    ([items], ctx) => flatten(list(items!), ctx.budget),
  ),
};
