// Dates as instants: what the value index stores and what date filters compare against. Every
// instant is written as `Date#toISOString` writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`), which sorts as
// text in time order on every engine.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

export const isDateOnly = (value: string): boolean => DATE_ONLY.test(value);

/** Milliseconds that `zone` is ahead of UTC at the instant `ms`. */
export function zoneOffset(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant an ISO 8601 date or date-time names, in milliseconds; undefined when it names none.
 * A date-only value is its midnight in UTC; a date-time without an offset is read in `timeZone`
 * when one is given (Notion's `time_zone` of a date value), otherwise in UTC (https://developers.notion.com/reference/filter-data-source-entries).
 */
export function instantOf(value: string, timeZone?: string | null): number | undefined {
  if (isDateOnly(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  if (HAS_OFFSET.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const asUtc = Date.parse(`${value}Z`);
  if (Number.isNaN(asUtc)) return undefined;
  if (!timeZone) return asUtc;
  try {
    // The offset at the local time read as UTC is right except across a transition; a second
    // look at the corrected instant settles it.
    const first = asUtc - zoneOffset(asUtc, timeZone);
    return asUtc - zoneOffset(first, timeZone);
  } catch {
    return asUtc;
  }
}

export const isoInstant = (ms: number): string => new Date(ms).toISOString();

/**
 * A date-time without an offset, read in `zone` and written with that zone's offset at that
 * instant (`2023-02-23T12:00:00.000-08:00`), the form Notion answers a value given with
 * `time_zone` in. Values that are date-only or already carry an offset come back unchanged.
 */
export function withZoneOffset(value: string, zone: string): string {
  if (isDateOnly(value) || HAS_OFFSET.test(value)) return value;
  const ms = instantOf(value, zone);
  if (ms === undefined) return value;
  const offset = Math.round(zoneOffset(ms, zone) / 60_000);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Midnight UTC of the day holding `ms`. */
export const dayStart = (ms: number): number => Math.floor(ms / 86_400_000) * 86_400_000;

export const DAY_MS = 86_400_000;

/** `ms` moved by whole calendar months in UTC (the day clamped to the month's length). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

// Notion stores page and block edit times at minute granularity (https://developers.notion.com/reference/page).
export const minuteTime = (iso: string): string => `${iso.slice(0, 16)}:00.000Z`;
