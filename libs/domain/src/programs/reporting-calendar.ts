import { addDays, lastDayOfMonth } from '../kernel/date';
import { Period, PeriodType } from '../kernel/period';

/**
 * A program's reporting calendar: which period types it reports on and, per type, when the data
 * of a period is closed (the cut-off, "thời gian chốt số liệu") and how many days later the
 * report is due.
 *
 * - `calendar`: the period's own calendar end (a year closes on 31 December).
 * - `decree-09`: Decree 09/2019/NĐ-CP style: a period runs from the 15th of the month before its
 *   first month to the 14th of its last month (the year 2021 is 15/12/2020 – 14/12/2021).
 */
export const CUTOFF_RULES = ['calendar', 'decree-09'] as const;
export type CutoffRule = (typeof CUTOFF_RULES)[number];

export const PERIOD_TYPES: readonly PeriodType[] = ['year', 'half', 'quarter', 'month'];

export interface CalendarEntry {
  periodType: PeriodType;
  cutoff: CutoffRule;
  /** Days after the cut-off by which the report must be submitted (0 = on the cut-off day). */
  deadlineDays: number;
}

export type ReportingCalendar = CalendarEntry[];

export const MAX_DEADLINE_DAYS = 366;

/** The first and last day whose data belong to the period under the rule. */
export function dataWindow(rule: CutoffRule, period: Period): { from: string; to: string } {
  if (rule === 'calendar') return { from: `${period.year}-${pad(period.fromMonth)}-01`, to: lastDayOfMonth(period.year, period.toMonth) };
  const [py, pm] = period.fromMonth === 1 ? [period.year - 1, 12] : [period.year, period.fromMonth - 1];
  return { from: `${py}-${pad(pm)}-15`, to: `${period.year}-${pad(period.toMonth)}-14` };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The submission deadline of a period, or null when the calendar has no entry for its type. */
export function submissionDeadline(calendar: ReportingCalendar, period: Period): string | null {
  const entry = calendar.find((e) => e.periodType === period.type);
  if (!entry) return null;
  return addDays(dataWindow(entry.cutoff, period).to, entry.deadlineDays);
}
