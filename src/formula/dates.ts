// Date arithmetic of formulas: units as `dateAdd`, `dateSubtract` and `dateBetween` name them,
// calendar-aware for months, quarters and years, in UTC.
import { addMonths, DAY_MS } from '../properties/instants.js';
import { FormulaError, type DateValue } from './types.js';

const UNIT_MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: DAY_MS,
  weeks: 7 * DAY_MS,
};
const MONTHS_PER: Record<string, number> = { months: 1, quarters: 3, years: 12 };

/** A unit name in Notion's plural form (singular accepted too). */
export function unitOf(name: string): string {
  const unit = name.endsWith('s') ? name : `${name}s`;
  if (!(unit in UNIT_MS) && !(unit in MONTHS_PER)) {
    throw new FormulaError(`Invalid unit "${name}": expected one of years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds`, 'runtime');
  }
  return unit;
}

export function addUnits(ms: number, amount: number, unit: string): number {
  const months = MONTHS_PER[unit];
  if (months !== undefined) return addMonths(ms, Math.trunc(amount) * months);
  return ms + amount * UNIT_MS[unit]!;
}

export function moveDate(value: DateValue, amount: number, unit: string): DateValue {
  const u = unitOf(unit);
  const dateOnly = value.dateOnly && !(u in UNIT_MS && UNIT_MS[u]! < DAY_MS);
  return { kind: 'date', start: addUnits(value.start, amount, u), end: value.end === null ? null : addUnits(value.end, amount, u), dateOnly };
}

/** Whole months from `b` to `a`, truncated toward zero. */
function monthsBetween(a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  let months = (da.getUTCFullYear() - db.getUTCFullYear()) * 12 + (da.getUTCMonth() - db.getUTCMonth());
  const moved = addMonths(b, months);
  if (months > 0 && moved > a) months--;
  if (months < 0 && moved < a) months++;
  return months;
}

/** `a - b` in whole units, truncated toward zero (Notion's `dateBetween`). */
export function unitsBetween(a: number, b: number, unit: string): number {
  const u = unitOf(unit);
  const months = MONTHS_PER[u];
  if (months !== undefined) return Math.trunc(monthsBetween(a, b) / months);
  return Math.trunc((a - b) / UNIT_MS[u]!);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 date or date-time (`parseDate`); a time without an offset is UTC. */
export function parseIsoDate(text: string): DateValue | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  if (m[4] === undefined) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return Number.isNaN(ms) ? null : { kind: 'date', start: ms, end: null, dateOnly: true };
  }
  const normalized = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}.${(m[7] ?? '0').padEnd(3, '0').slice(0, 3)}${m[8] ?? 'Z'}`;
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : { kind: 'date', start: ms, end: null, dateOnly: false };
}
