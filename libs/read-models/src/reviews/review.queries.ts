import { comparePositions } from '@app/event-store';
import { Filter, ReadModelStore } from '../read-model-store.port';
import { UnitScope } from '../paging';
import { changesSince, indicatorTotals, IndicatorTotal, ReviewChange, ReviewDoc, ReviewFigure, REVIEWS } from './reviews';

/** A review as the API shows it: what was announced (for the rows the caller may see), and what changed since. */
export interface ReviewView {
  id: string;
  programId: string;
  period: string;
  kind: string;
  heldAt: string;
  title: string;
  decisionRef: string | null;
  recordedBy: string;
  recordedAt: string;
  position: string;
  /** Per unit, area and indicator, as announced. */
  figures: { unitId: string; areaCode: string | null; indicator: string; value: string; qualified?: true }[];
  /** Per indicator over those rows, as announced. */
  totals: IndicatorTotal[];
  /** Per indicator: where the approvals since the review have changed the total (announced → now). */
  changedSinceReview: ReviewChange[];
}

const inScope = (scope: UnitScope) => (row: ReviewFigure) => scope === 'all' || scope.includes(row.unitId);

export function reviewView(doc: ReviewDoc, scope: UnitScope): ReviewView {
  const keep = inScope(scope);
  const announced = doc.announced.filter(keep);
  return {
    id: doc._id, programId: doc.programId, period: doc.period, kind: doc.kind, heldAt: doc.heldAt, title: doc.title, decisionRef: doc.decisionRef,
    recordedBy: doc.recordedBy, recordedAt: doc.recordedAt, position: doc.recordedPosition,
    figures: announced.map(({ unitId, areaCode, indicator, value, qualified }) => ({ unitId, areaCode, indicator, value, ...(qualified && { qualified: true as const }) })),
    totals: indicatorTotals(announced),
    changedSinceReview: changesSince(doc, keep),
  };
}

export async function listReviews(store: ReadModelStore, programId: string): Promise<ReviewDoc[]> {
  const docs = await store.find<ReviewDoc>(REVIEWS, { programId });
  return docs.sort((a, b) => (a.heldAt < b.heldAt ? -1 : a.heldAt > b.heldAt ? 1 : a._id < b._id ? -1 : 1));
}

export async function getReview(store: ReadModelStore, reviewId: string): Promise<ReviewDoc | null> {
  return store.get<ReviewDoc>(REVIEWS, reviewId);
}

/** The review conferences of these periods (period keys or phases), of one program or of all, in log order. */
export async function reviewsOfPeriods(store: ReadModelStore, periods: readonly string[], programId?: string): Promise<ReviewDoc[]> {
  if (periods.length === 0) return [];
  const filter: Filter = { period: { in: [...new Set(periods)] }, ...(programId ? { programId } : {}) };
  return (await store.find<ReviewDoc>(REVIEWS, filter)).sort((a, b) => comparePositions(a.recordedPosition, b.recordedPosition));
}

/**
 * What changed since the review conferences of these periods, over the rows a question covers
 * (the units in scope, an area's codes): per period, empty when nothing changed.
 */
export async function changesSinceReviews(
  store: ReadModelStore,
  q: { periods: readonly string[]; programId?: string; keep: (row: ReviewFigure) => boolean },
): Promise<Map<string, ReviewChange[]>> {
  const byPeriod = new Map<string, ReviewChange[]>();
  for (const review of await reviewsOfPeriods(store, q.periods, q.programId)) {
    byPeriod.set(review.period, [...(byPeriod.get(review.period) ?? []), ...changesSince(review, q.keep)]);
  }
  return byPeriod;
}

/**
 * Totals items (per unit, period and indicator) with `changedSinceReview` where a review of the
 * item's period announced another value for the item's units than the approvals give now.
 */
export async function withReviewChanges<T extends { period: string; indicator: string }>(
  store: ReadModelStore,
  items: readonly T[],
  unitsOf: (item: T) => readonly string[],
  programId?: string,
): Promise<(T & { changedSinceReview?: ReviewChange[] })[]> {
  const reviews = await reviewsOfPeriods(store, items.map((i) => i.period), programId);
  if (reviews.length === 0) return [...items];
  return items.map((item) => {
    const units = new Set(unitsOf(item));
    const changes = reviews
      .filter((r) => r.period === item.period)
      .flatMap((r) => changesSince(r, (row) => row.indicator === item.indicator && units.has(row.unitId)));
    return changes.length ? { ...item, changedSinceReview: changes } : item;
  });
}
