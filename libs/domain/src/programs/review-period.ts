import { parsePeriod, parsePhase } from '../kernel/period';

/**
 * The months a review's period covers: a period key (a year, half, quarter, month) or a phase of
 * years (`2017..2021`), as month numbers since year 0 (inclusive), with its first day.
 */
export interface ReviewPeriodRange {
  fromYear: number;
  toYear: number;
  fromMonth: number;
  toMonth: number;
  firstDay: string;
}

export function reviewPeriodRange(key: string): ReviewPeriodRange | null {
  const phase = parsePhase(key);
  if (phase) return { ...phase, fromMonth: phase.fromYear * 12, toMonth: phase.toYear * 12 + 11, firstDay: `${phase.fromYear}-01-01` };
  const p = parsePeriod(key);
  if (!p) return null;
  return {
    fromYear: p.year, toYear: p.year, fromMonth: p.year * 12 + p.fromMonth - 1, toMonth: p.year * 12 + p.toMonth - 1,
    firstDay: `${p.year}-${String(p.fromMonth).padStart(2, '0')}-01`,
  };
}

/** True when the report period `inner` lies within the review period `outer` (a period key or a phase): its figures count there. */
export function periodWithin(inner: string, outer: string): boolean {
  const i = reviewPeriodRange(inner);
  const o = reviewPeriodRange(outer);
  return !!i && !!o && o.fromMonth <= i.fromMonth && i.toMonth <= o.toMonth;
}
