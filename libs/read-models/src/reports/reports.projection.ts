import { evolveReport, ExistingReport, initialReportState, REPORT_EVENT_TYPES, ReportEvent, ReportState, rollupChain } from '@app/domain';
import { comparePositions, RecordedEvent } from '@app/event-store';
import { PERIOD_SUMMARIES, PeriodSummaryDoc, periodSummaryId } from '../period-summaries/period-summaries';
import { Changes, docProjection, loadDocs } from '../projection/projection';
import { ReadModelStore } from '../read-model-store.port';
import { programKeyOf } from '../unit-totals/unit-totals';
import { APPROVED_FIGURES, approvedFiguresDoc, decodeReport, encodeReport, REPORTS, ReportViewDoc } from './report-view';

const REPORT_TYPES = new Set<string>(REPORT_EVENT_TYPES);

export interface ReportStep {
  event: RecordedEvent;
  before: ReportState;
  after: ExistingReport;
}

export const isReportEvent = (event: RecordedEvent) => REPORT_TYPES.has(event.type);
export const reportIdOf = (event: RecordedEvent) => (event.data as { reportId: string }).reportId;

/**
 * Folds the batch's report events onto the states loaded by `load`, skipping every event at or
 * behind its report's position (a replay). Returns each applied step and the final states.
 */
export async function foldReportSteps(
  events: readonly RecordedEvent[],
  load: (ids: string[]) => Promise<Map<string, { state: ExistingReport; position: string }>>,
): Promise<{ steps: ReportStep[]; finals: Map<string, { state: ExistingReport; position: string; updatedAt: string }>; loaded: Map<string, { state: ExistingReport; position: string }> }> {
  const reportEvents = events.filter(isReportEvent);
  const loaded = await load([...new Set(reportEvents.map(reportIdOf))]);
  const current = new Map<string, { state: ReportState; position: string | null; updatedAt: string }>();
  for (const [id, { state, position }] of loaded) current.set(id, { state, position, updatedAt: '' });
  const steps: ReportStep[] = [];
  const finals = new Map<string, { state: ExistingReport; position: string; updatedAt: string }>();
  for (const event of reportEvents) {
    const id = reportIdOf(event);
    const now = current.get(id) ?? { state: initialReportState, position: null, updatedAt: '' };
    if (now.position !== null && comparePositions(event.position, now.position) <= 0) continue;
    const after = evolveReport(now.state, event as unknown as ReportEvent);
    if (after.status === 'none') continue;
    steps.push({ event, before: now.state, after });
    const next = { state: after, position: event.position, updatedAt: event.metadata.recordedAt };
    current.set(id, next);
    finals.set(id, next);
  }
  return { steps, finals, loaded };
}

/**
 * Reports as the API shows them (and the approval queue: `status = submitted`), plus report
 * counts by status per period and program (period summaries), folded from the same states.
 *
 * Write order matters on MongoDB, where a batch is several bulkWrites: summary counts first,
 * report documents after them, the checkpoint last. A report document at or past an event's
 * position proves that its counts took that event too, so the event is skipped on replay; a
 * report document behind it means the event is applied again, and each summary document's own
 * position guard keeps what it already counted.
 */
export const reportsProjection = docProjection({
  name: 'reports',
  // 2: figures keep their qualifier. 3: approved figures, by unit and period length.
  version: 3,
  // Approved figures before the report: a report document at an event's position proves its approved figures are written too.
  collections: [PERIOD_SUMMARIES, APPROVED_FIGURES, REPORTS],
  indexes: [
    { collection: REPORTS, fields: ['status'] },
    { collection: REPORTS, fields: ['unitId'] },
    { collection: REPORTS, fields: ['period'] },
    { collection: REPORTS, fields: ['programId', 'period'] },
    { collection: PERIOD_SUMMARIES, fields: ['period'] },
    { collection: APPROVED_FIGURES, fields: ['unitId', 'periodType'] },
  ],
  fold: foldReports,
});

async function foldReports(events: readonly RecordedEvent[], store: ReadModelStore, changes: Changes): Promise<void> {
  const { steps, finals, loaded } = await foldReportSteps(events, async (ids) => {
    const docs = await loadDocs<ReportViewDoc>(store, REPORTS, ids);
    return new Map([...docs].map(([id, doc]) => [id, { state: stateOf(doc), position: doc.position }]));
  });
  await projectSummaries(steps, store, changes);
  for (const [reportId, { state, position, updatedAt }] of finals) {
    // Written when the approved version changes (a new approval), not on every event of the report.
    const approved = state.approved?.revision !== loaded.get(reportId)?.state.approved?.revision ? approvedFiguresDoc(reportId, state) : null;
    if (approved) changes.put(APPROVED_FIGURES, approved);
    changes.put(REPORTS, { ...encodeReport(state), _id: reportId, position, updatedAt } as ReportViewDoc);
  }
}

function stateOf(doc: ReportViewDoc): ExistingReport {
  const { _id, position, updatedAt, ...stored } = doc;
  return decodeReport(stored);
}

async function projectSummaries(steps: readonly ReportStep[], store: ReadModelStore, changes: Changes): Promise<void> {
  const moved = steps.filter((s) => s.before.status !== s.after.status);
  const ids = moved.flatMap((s) => rollupChain(s.after.period).map((p) => periodSummaryId(p, programKeyOf(s.after.programId))));
  const docs = await loadDocs<PeriodSummaryDoc>(store, PERIOD_SUMMARIES, ids);
  for (const { before, after, event } of moved) {
    for (const period of rollupChain(after.period)) {
      const programKey = programKeyOf(after.programId);
      const id = periodSummaryId(period, programKey);
      const doc = docs.get(id) ?? {
        _id: id, period, programKey, position: '',
        reports: { draft: 0, submitted: 0, approved: 0, rejected: 0, amending: 0 },
      };
      if (doc.position && comparePositions(event.position, doc.position) <= 0) continue;
      const reports = { ...doc.reports };
      if (before.status !== 'none') reports[before.status] -= 1;
      reports[after.status] += 1;
      const next = { ...doc, reports, position: event.position };
      docs.set(id, next);
      changes.put(PERIOD_SUMMARIES, next);
    }
  }
}
