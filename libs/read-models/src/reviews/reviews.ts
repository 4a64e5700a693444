import { Aggregation, Figure, periodWithin, ReviewKind } from '@app/domain';
import { Doc } from '../read-model-store.port';
import { StoredReport } from '../reports/report-view';
import { AmountAggregate, combineAmounts, latestKey, periodColumns, toAmount, valueFor } from '../unit-totals/unit-totals';

export const REVIEWS = 'reviews';
/** The projection's own copy of each program report's state and approved figures (it depends on no other projection). */
export const REVIEW_REPORTS = 'review_reports';
/** The projection's own copy of each indicator's aggregation, so an announced value is computed once, as it was announced. */
export const REVIEW_INDICATORS = 'review_indicators';

/**
 * One (unit, area, indicator) of a review: the value for the review's period from the approved
 * figures of the program's reports, with the exact parts it was combined from (sum, max and
 * latest keys), so a subset of rows (a caller's scope) combines again exactly.
 */
export interface ReviewFigure {
  unitId: string;
  areaCode: string | null;
  indicator: string;
  aggregation: Aggregation;
  value: string;
  qualified: boolean;
  sum: string;
  maxKey: string;
  latestKey: string;
}

/**
 * A review conference and its figures: `announced` as they stood when it was recorded (its place
 * in the log: every approval before it, none after), never changed again; `current`, the same
 * question answered from the approvals since.
 */
export interface ReviewDoc extends Doc {
  programId: string;
  period: string;
  kind: ReviewKind;
  heldAt: string;
  title: string;
  decisionRef: string | null;
  recordedBy: string;
  recordedAt: string;
  /** The log position of the review: the announced figures are the approvals before it. */
  recordedPosition: string;
  announced: ReviewFigure[];
  current: ReviewFigure[];
  position: string;
}

export interface ApprovedFigure {
  indicator: string;
  areaCode: string | null;
  value: string;
  qualified: boolean;
  /** The position of the event that set this approved value (what `latest` orders by, as unit totals do). */
  position: string;
}

export interface ReviewReportDoc extends Doc {
  programId: string;
  unitId: string;
  period: string;
  state: StoredReport;
  approved: ApprovedFigure[];
  position: string;
}

export interface ReviewIndicatorDoc extends Doc {
  aggregation: Aggregation;
  position: string;
}

const amountOf = (f: ApprovedFigure, period: string): AmountAggregate => {
  const key = toAmount(f.value).maxKey;
  return { sum: f.value, max: f.value, latest: f.value, maxKey: key, latestKey: latestKey(periodColumns(period).endKey, f.position, f.value), qualified: f.qualified };
};

const rowKey = (unitId: string, areaCode: string | null, indicator: string) => JSON.stringify([unitId, indicator, areaCode ?? '']);

/**
 * The review's figures from the program's reports: approved figures of every report whose period
 * lies within the review's, one row per unit, area and indicator, combined by the indicator's
 * aggregation (sum adds exactly, max takes the largest, latest the value of the latest period).
 */
export function reviewFigures(reports: readonly ReviewReportDoc[], reviewPeriod: string, aggregations: ReadonlyMap<string, Aggregation>): ReviewFigure[] {
  const groups = new Map<string, { unitId: string; areaCode: string | null; indicator: string; parts: AmountAggregate[] }>();
  for (const r of reports) {
    if (!periodWithin(r.period, reviewPeriod)) continue;
    for (const f of r.approved) {
      const key = rowKey(r.unitId, f.areaCode, f.indicator);
      const group = groups.get(key) ?? { unitId: r.unitId, areaCode: f.areaCode, indicator: f.indicator, parts: [] };
      group.parts.push(amountOf(f, r.period));
      groups.set(key, group);
    }
  }
  return [...groups.keys()].sort().map((key) => {
    const g = groups.get(key)!;
    const aggregation = aggregations.get(g.indicator) ?? 'sum';
    const a = combineAmounts(g.parts);
    return {
      unitId: g.unitId, areaCode: g.areaCode, indicator: g.indicator, aggregation,
      value: valueFor(aggregation, a)!, qualified: a.qualified, sum: a.sum!, maxKey: a.maxKey!, latestKey: a.latestKey!,
    };
  });
}

/** The approved figures of a report state, keeping the position of each value that did not change. */
export function approvedList(figures: Record<string, Figure>, previous: readonly ApprovedFigure[], position: string): ApprovedFigure[] {
  const before = new Map(previous.map((f) => [JSON.stringify([f.indicator, f.areaCode ?? '']), f]));
  return Object.values(figures)
    .map((f) => {
      const was = before.get(JSON.stringify([f.indicator, f.areaCode ?? '']));
      const qualified = f.qualifier !== undefined;
      const same = was && was.value === f.value && was.qualified === qualified;
      return { indicator: f.indicator, areaCode: f.areaCode, value: f.value, qualified, position: same ? was.position : position };
    })
    .sort((a, b) => (JSON.stringify([a.indicator, a.areaCode ?? '']) < JSON.stringify([b.indicator, b.areaCode ?? '']) ? -1 : 1));
}

export interface IndicatorTotal {
  indicator: string;
  value: string;
  qualified?: true;
  /** Units with a value for the indicator. */
  units: number;
}

/** Per indicator, over the rows: combined exactly and read by the aggregation they were announced with. */
export function indicatorTotals(rows: readonly ReviewFigure[]): IndicatorTotal[] {
  const by = new Map<string, ReviewFigure[]>();
  for (const r of rows) by.set(r.indicator, [...(by.get(r.indicator) ?? []), r]);
  return [...by.keys()].sort().map((indicator) => {
    const group = by.get(indicator)!;
    const a = combineAmounts(group.map((r) => ({ sum: r.sum, max: null, latest: null, maxKey: r.maxKey, latestKey: r.latestKey, qualified: r.qualified })));
    return { indicator, value: valueFor(group[0].aggregation, a)!, ...(a.qualified && { qualified: true as const }), units: new Set(group.map((r) => r.unitId)).size };
  });
}

export interface ReviewChange {
  reviewId: string;
  indicator: string;
  /** As announced at the review; null when the review announced nothing for it. */
  announced: string | null;
  /** From the approvals now; null when nothing approved counts any more. */
  now: string | null;
}

/** Indicators whose total over the selected rows differs now from what the review announced. */
export function changesSince(review: ReviewDoc, keep: (row: ReviewFigure) => boolean): ReviewChange[] {
  const announced = new Map(indicatorTotals(review.announced.filter(keep)).map((t) => [t.indicator, t.value]));
  const now = new Map(indicatorTotals(review.current.filter(keep)).map((t) => [t.indicator, t.value]));
  return [...new Set([...announced.keys(), ...now.keys()])]
    .sort()
    .filter((indicator) => announced.get(indicator) !== now.get(indicator))
    .map((indicator) => ({ reviewId: review._id, indicator, announced: announced.get(indicator) ?? null, now: now.get(indicator) ?? null }));
}
