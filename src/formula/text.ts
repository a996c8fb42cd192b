// Values as text (`format()`, text + value, list results shown as text) and dates in the
// patterns of `formatDate()`. Dates are shown in UTC, the server's time zone for formulas.
import type { Budget } from './limits.js';
import { isDate, isPage, isPerson, type DateValue, type Value } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 week number and its year. */
export function isoWeek(ms: number): { week: number; year: number } {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 4);
  const firstDay = (new Date(firstThursday).getUTCDay() + 6) % 7;
  const week1 = firstThursday - firstDay * 86_400_000;
  return { week: Math.floor((thursday - week1) / (7 * 86_400_000)) + 1, year };
}

const ordinal = (n: number): string => {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

// Longest tokens first, so that `MMMM` is not read as `MM` twice.
const TOKENS = /\[([^\]]*)]|YYYY|YY|Q|MMMM|MMM|MM|Mo|M|Do|DDDD|DDD|DD|D|dddd|ddd|dd|do|d|E|WW|W|Wo|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g;

/** `ms` in a moment.js-style pattern (the patterns Notion's `formatDate` takes), in UTC. */
export function formatPattern(ms: number, pattern: string): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const date = d.getUTCDate();
  const weekday = d.getUTCDay();
  const hours = d.getUTCHours();
  const minutes = d.getUTCMinutes();
  const seconds = d.getUTCSeconds();
  const dayOfYear = Math.floor((Date.UTC(year, month, date) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return pattern.replace(TOKENS, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY':
        return String(year);
      case 'YY':
        return pad(year % 100);
      case 'Q':
        return String(Math.floor(month / 3) + 1);
      case 'MMMM':
        return MONTHS[month]!;
      case 'MMM':
        return MONTHS[month]!.slice(0, 3);
      case 'MM':
        return pad(month + 1);
      case 'Mo':
        return ordinal(month + 1);
      case 'M':
        return String(month + 1);
      case 'Do':
        return ordinal(date);
      case 'DDDD':
        return pad(dayOfYear, 3);
      case 'DDD':
        return String(dayOfYear);
      case 'DD':
        return pad(date);
      case 'D':
        return String(date);
      case 'dddd':
        return WEEKDAYS[weekday]!;
      case 'ddd':
        return WEEKDAYS[weekday]!.slice(0, 3);
      case 'dd':
        return WEEKDAYS[weekday]!.slice(0, 2);
      case 'do':
        return ordinal(weekday);
      case 'd':
        return String(weekday);
      case 'E':
        return String(weekday === 0 ? 7 : weekday);
      case 'WW':
        return pad(isoWeek(ms).week);
      case 'W':
        return String(isoWeek(ms).week);
      case 'Wo':
        return ordinal(isoWeek(ms).week);
      case 'HH':
        return pad(hours);
      case 'H':
        return String(hours);
      case 'hh':
        return pad(h12);
      case 'h':
        return String(h12);
      case 'kk':
        return pad(hours === 0 ? 24 : hours);
      case 'k':
        return String(hours === 0 ? 24 : hours);
      case 'mm':
        return pad(minutes);
      case 'm':
        return String(minutes);
      case 'ss':
        return pad(seconds);
      case 's':
        return String(seconds);
      case 'SSS':
        return pad(d.getUTCMilliseconds(), 3);
      case 'A':
        return hours < 12 ? 'AM' : 'PM';
      case 'a':
        return hours < 12 ? 'am' : 'pm';
      case 'ZZ':
        return '+0000';
      case 'Z':
        return '+00:00';
      case 'X':
        return String(Math.floor(ms / 1000));
      case 'x':
        return String(ms);
      default:
        return token;
    }
  });
}

/** A date as Notion shows it by default: `May 1, 2024`, `May 1, 2024 10:00 AM`, ranges with `→`. */
export function formatDateValue(value: DateValue): string {
  const one = (ms: number) => formatPattern(ms, value.dateOnly ? 'MMMM D, YYYY' : 'MMMM D, YYYY h:mm A');
  return value.end === null ? one(value.start) : `${one(value.start)} → ${one(value.end)}`;
}

/** A number as text: as JavaScript writes it, which is how Notion's formulas show numbers. */
export const formatNumber = (n: number): string => String(n);

/** Any value as text (`format()`); lists are their items' text joined by commas. */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(toText).join(',');
  if (isDate(value)) return formatDateValue(value);
  if (isPerson(value)) return value.name;
  if (isPage(value)) return value.title;
  return '';
}

/** `toText(value)` built within the budget: a list's text is checked as it grows, before it is joined. */
export function textWithin(value: Value, budget: Budget): string {
  const text = Array.isArray(value) ? joined(value, ',', budget) : toText(value);
  budget.text(text.length);
  return text;
}

/** The items' text joined by `separator`, refused as soon as it would be longer than a text may be. */
export function joined(items: Value[], separator: string, budget: Budget): string {
  const parts: string[] = [];
  let length = 0;
  for (const item of items) {
    const text = Array.isArray(item) ? joined(item, ',', budget) : toText(item);
    length += text.length + (parts.length > 0 ? separator.length : 0);
    budget.checkText(length);
    parts.push(text);
  }
  return parts.join(separator);
}
