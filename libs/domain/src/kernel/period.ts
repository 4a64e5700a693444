/**
 * Reporting periods: `2021` (year), `2021-H1`/`H2` (half), `2021-Q1`..`Q4` (quarter),
 * `2021-01`..`12` (month). A phase (`2017..2021`) is a range of years used by summaries only.
 */

export type PeriodType = 'year' | 'half' | 'quarter' | 'month';

export interface Period {
  key: string;
  type: PeriodType;
  year: number;
  /** First and last month covered, 1..12. */
  fromMonth: number;
  toMonth: number;
}

const PERIOD_PATTERN = /^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

export const MIN_YEAR = 1945;
export const MAX_YEAR = 2100;

/**
 * The same grammar as text, for validators and the OpenAPI spec: exactly the keys `parsePeriod`
 * accepts (years MIN_YEAR..MAX_YEAR), so a value the spec allows is never refused further in.
 */
export const YEAR_PATTERN_SOURCE = '(194[5-9]|19[5-9]\\d|20\\d\\d|2100)';
export const PERIOD_KEY_PATTERN = new RegExp(`^${YEAR_PATTERN_SOURCE}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$`);
export const PERIOD_KEY_MESSAGE = 'must be a period key from 1945 to 2100: 2021, 2021-H1, 2021-Q3 or 2021-07';
/** A period key, or a phase of years (`2017..2021`) as summaries take it. */
export const SUMMARY_PERIOD_PATTERN = new RegExp(
  `^(${YEAR_PATTERN_SOURCE}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?|${YEAR_PATTERN_SOURCE}\\.\\.${YEAR_PATTERN_SOURCE})$`,
);

export function parsePeriod(key: string): Period | null {
  const match = PERIOD_PATTERN.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const part = match[2];
  if (!part) return { key, type: 'year', year, fromMonth: 1, toMonth: 12 };
  if (part[0] === 'H') {
    const h = Number(part[1]);
    return { key, type: 'half', year, fromMonth: h * 6 - 5, toMonth: h * 6 };
  }
  if (part[0] === 'Q') {
    const q = Number(part[1]);
    return { key, type: 'quarter', year, fromMonth: q * 3 - 2, toMonth: q * 3 };
  }
  const m = Number(part);
  return { key, type: 'month', year, fromMonth: m, toMonth: m };
}

export function isPeriodKey(key: string): boolean {
  return parsePeriod(key) !== null;
}

/** Two periods overlap when they share at least one month. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return a.year === b.year && a.fromMonth <= b.toMonth && b.fromMonth <= a.toMonth;
}

/** True when `inner` lies entirely within `outer`. */
export function periodContains(outer: Period, inner: Period): boolean {
  return outer.year === inner.year && outer.fromMonth <= inner.fromMonth && inner.toMonth <= outer.toMonth;
}

/**
 * The period itself and every longer period that contains it, shortest first:
 * `2021-07` → `2021-07`, `2021-Q3`, `2021-H2`, `2021`. Figures roll up along this chain.
 */
export function rollupChain(key: string): string[] {
  const p = parsePeriod(key);
  if (!p) throw new Error(`not a period: ${key}`);
  const chain = [p.key];
  const q = Math.ceil(p.toMonth / 3);
  const h = Math.ceil(p.toMonth / 6);
  if (p.type === 'month') chain.push(`${p.year}-Q${q}`);
  if (p.type === 'month' || p.type === 'quarter') chain.push(`${p.year}-H${h}`);
  if (p.type !== 'year') chain.push(String(p.year));
  return chain;
}

/** Orders periods by their end, then by their start (a shorter period ending at the same month sorts later). */
export function comparePeriodEnds(a: string, b: string): number {
  const pa = parsePeriod(a)!;
  const pb = parsePeriod(b)!;
  return pa.year - pb.year || pa.toMonth - pb.toMonth || pa.fromMonth - pb.fromMonth;
}

/** A phase such as `2017..2021`, inclusive. */
export function parsePhase(key: string): { fromYear: number; toYear: number } | null {
  const match = /^(\d{4})\.\.(\d{4})$/.exec(key);
  if (!match) return null;
  const fromYear = Number(match[1]);
  const toYear = Number(match[2]);
  if (fromYear > toYear || fromYear < MIN_YEAR || toYear > MAX_YEAR) return null;
  return { fromYear, toYear };
}
