import { Aggregation, approvedFigures, evolveReport, initialReportState, periodWithin, ProgramEvent, ReportEvent } from '@app/domain';
import { comparePositions, RecordedEvent } from '@app/event-store';
import { Changes, docProjection, loadDocs } from '../projection/projection';
import { ReadModelStore } from '../read-model-store.port';
import { decodeReport, encodeReport } from '../reports/report-view';
import { isReportEvent, reportIdOf } from '../reports/reports.projection';
import {
  approvedList, REVIEW_INDICATORS, REVIEW_REPORTS, ReviewDoc, reviewFigures, ReviewIndicatorDoc, ReviewReportDoc, REVIEWS,
} from './reviews';

/**
 * Review conferences with their announced figures, frozen at the review's place in the log, and
 * the same figures from the approvals since (what `changedSinceReview` compares).
 *
 * Write order on MongoDB (a batch is one bulkWrite per collection): indicators, then reviews, then
 * the report copies. A review document is computed from report copies as they stood before the
 * batch plus the batch's own events before it; when a crash cuts the batch after the reviews were
 * written, the report copies were not, so the replay recomputes nothing differently. A review
 * already stored is never announced again (its `announced` is written once).
 */
export const reviewsProjection = docProjection({
  name: 'reviews',
  version: 1,
  collections: [REVIEW_INDICATORS, REVIEWS, REVIEW_REPORTS],
  indexes: [
    { collection: REVIEWS, fields: ['programId', 'period'] },
    { collection: REVIEWS, fields: ['period'] },
    { collection: REVIEW_REPORTS, fields: ['programId', 'unitId'] },
  ],
  fold: foldReviews,
});

const isReview = (e: RecordedEvent) => e.type === 'ReviewConferenceRecorded.v1';
const isIndicator = (e: RecordedEvent) => e.type === 'IndicatorDefined.v1';

async function foldReviews(events: readonly RecordedEvent[], store: ReadModelStore, changes: Changes): Promise<void> {
  const relevant = events.filter((e) => isReportEvent(e) || isReview(e) || isIndicator(e));
  if (relevant.length === 0) return;
  const reports = await loadDocs<ReviewReportDoc>(store, REVIEW_REPORTS, relevant.filter(isReportEvent).map(reportIdOf));
  const indicators = new Map((await store.find<ReviewIndicatorDoc>(REVIEW_INDICATORS, {})).map((d) => [d._id, d]));
  const reviewsByProgram = new Map<string, Map<string, ReviewDoc>>();
  const programReviews = async (programId: string): Promise<Map<string, ReviewDoc>> => {
    let docs = reviewsByProgram.get(programId);
    if (!docs) {
      docs = new Map((await store.find<ReviewDoc>(REVIEWS, { programId })).map((d) => [d._id, d]));
      reviewsByProgram.set(programId, docs);
    }
    return docs;
  };
  /** The program's report copies as they stand at this point of the batch (stored ones, overlaid by the batch's). */
  const programReports = async (programId: string, unitId?: string): Promise<ReviewReportDoc[]> => {
    const stored = await store.find<ReviewReportDoc>(REVIEW_REPORTS, unitId ? { programId, unitId } : { programId });
    const merged = new Map(stored.map((d) => [d._id, d]));
    for (const d of reports.values()) if (d.programId === programId && (!unitId || d.unitId === unitId)) merged.set(d._id, d);
    return [...merged.values()];
  };
  const aggregations = () => new Map<string, Aggregation>([...indicators.values()].map((d) => [d._id, d.aggregation]));
  /** Reviews whose current figures must be recomputed for a unit, and the position that did it. */
  const stale = new Map<string, { programId: string; units: Set<string>; position: string }>();

  for (const event of relevant) {
    if (isIndicator(event)) {
      const { code, aggregation } = event.data as { code: string; aggregation: Aggregation };
      if (indicators.has(code)) continue;
      const doc = { _id: code, aggregation, position: event.position };
      indicators.set(code, doc);
      changes.put(REVIEW_INDICATORS, doc);
    } else if (isReview(event)) {
      const { programId, reviewId, period, kind, heldAt, title, decisionRef } = (event as unknown as Extract<ProgramEvent, { type: 'ReviewConferenceRecorded.v1' }>).data;
      const docs = await programReviews(programId);
      if (docs.has(reviewId)) continue;
      const figures = reviewFigures(await programReports(programId), period, aggregations());
      const doc: ReviewDoc = {
        _id: reviewId, programId, period, kind, heldAt, title, decisionRef, recordedBy: event.metadata.actor, recordedAt: event.metadata.recordedAt,
        recordedPosition: event.position, announced: figures, current: figures, position: event.position,
      };
      docs.set(reviewId, doc);
      changes.put(REVIEWS, doc);
    } else {
      const id = reportIdOf(event);
      const e = event as unknown as ReportEvent;
      let doc = reports.get(id);
      if (doc && comparePositions(event.position, doc.position) <= 0) continue;
      if (e.type === 'ReportCreated.v1') {
        // Reviews are a program's: a report outside every program has no copy here.
        if (doc || !e.data.programId) continue;
        const state = evolveReport(initialReportState, e);
        if (state.status === 'none') continue;
        doc = { _id: id, programId: e.data.programId, unitId: e.data.unitId, period: e.data.period, state: encodeReport(state), approved: [], position: event.position };
      } else {
        if (!doc) continue;
        const state = evolveReport(decodeReport(doc.state), e);
        if (state.status === 'none') continue;
        const approved = approvedList(approvedFigures(state), doc.approved, event.position);
        if (JSON.stringify(approved) !== JSON.stringify(doc.approved)) {
          for (const review of (await programReviews(doc.programId)).values()) {
            if (!periodWithin(doc.period, review.period)) continue;
            const entry = stale.get(review._id) ?? { programId: doc.programId, units: new Set<string>(), position: event.position };
            entry.units.add(doc.unitId);
            entry.position = event.position;
            stale.set(review._id, entry);
          }
        }
        doc = { ...doc, state: encodeReport(state), approved, position: event.position };
      }
      reports.set(id, doc);
      changes.put(REVIEW_REPORTS, doc);
    }
  }

  for (const [reviewId, { programId, units, position }] of stale) {
    const review = (await programReviews(programId)).get(reviewId)!;
    let current = review.current.filter((r) => !units.has(r.unitId));
    for (const unitId of units) current = [...current, ...reviewFigures(await programReports(programId, unitId), review.period, aggregations())];
    current.sort((a, b) => (JSON.stringify([a.unitId, a.indicator, a.areaCode ?? '']) < JSON.stringify([b.unitId, b.indicator, b.areaCode ?? '']) ? -1 : 1));
    // Written even when unchanged, so that the document's position is the last event that touched it, batch or no batch.
    const next = { ...review, current, position: comparePositions(position, review.position) > 0 ? position : review.position };
    (await programReviews(programId)).set(reviewId, next);
    changes.put(REVIEWS, next);
  }
}
