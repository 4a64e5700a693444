/** Calendar dates (`2025-07-01`): effective dates, decision dates, deadlines. No time, no zone. */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Dates in the years the domain works with (MIN_YEAR..MAX_YEAR), as validators and the spec state them; `isIsoDate` then rules out `2025-02-30`. */
export const CALENDAR_DATE_PATTERN = /^(194[5-9]|19[5-9]\d|20\d\d|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last day of a month (1..12). */
export function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The calendar date of an instant in Vietnam (UTC+7, no daylight saving): a report sent at
 * 23:30 in Hà Nội on the deadline day is on time even though it is already the next day in UTC.
 */
export function vietnamDate(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3600_000).toISOString().slice(0, 10);
}
