import {
  approvedFigures,
  ExistingReport,
  Figure,
  IndicatorEvent,
  initialReportState,
  proposedFigures,
  REPORT_EVENT_TYPES,
  ReportEvent,
  ReportState,
  rollupChain,
  evolveReport,
  UnitEvent,
  UNIT_EVENT_TYPES,
} from '@app/domain';
import { AREAS, AreaDoc, areasTouchedBy, evolveAreaDoc } from '../areas/areas';
import {
  ASSIGNMENTS, AssignmentDoc, assignmentTouchedBy, evolveAssignmentDoc, evolveProgramDoc, PROGRAMS, ProgramDoc, programTouchedBy,
} from '../programs/programs';
import { comparePositions, RecordedEvent } from '@app/event-store';
import { AuditAction, AuditEntryDoc, AUDIT_TRAIL } from '../audit-trail/audit-trail';
import { PeriodSummaryDoc, PERIOD_SUMMARIES, periodSummaryId } from '../period-summaries/period-summaries';
import { Doc, DocChange, ReadModelStore } from '../read-model-store.port';
import { IndicatorDoc, INDICATORS, UnitDoc, UNITS } from '../reference/reference';
import { REPORTS, ReportViewDoc } from '../reports/report-view';
import { programKeyOf, UNIT_TOTALS, UnitTotalsDoc, unitTotalsId } from '../unit-totals/unit-totals';

/** The one subscription that feeds every read model shown together, with one checkpoint. */
export const LEDGER_SUBSCRIPTION = 'ledger-v1';

/**
 * Write order matters on MongoDB, where a batch is several bulkWrites: derived documents first,
 * report documents after them, the checkpoint last. A report document at or past an event's
 * position therefore proves that the derived documents took that event too, so the whole event
 * is skipped on replay; a report document behind it means the event is applied again, and each
 * derived document's own position guard keeps what it already has.
 */
export const LEDGER_COLLECTIONS = [UNIT_TOTALS, PERIOD_SUMMARIES, AUDIT_TRAIL, REPORTS, UNITS, INDICATORS, AREAS, PROGRAMS, ASSIGNMENTS] as const;

const REPORT_TYPES = new Set<string>(REPORT_EVENT_TYPES);

interface ReportStep {
  event: RecordedEvent;
  before: ReportState;
  after: ExistingReport;
}

/** Folds a batch of events into the read models and commits them with the checkpoint in one go. */
export class LedgerProjection {
  constructor(private readonly store: ReadModelStore) {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const changes = new Changes();

    const steps = await this.foldReports(events, changes);
    await this.projectTotals(steps, changes);
    await this.projectSummaries(steps, changes);
    for (const step of steps) changes.put(AUDIT_TRAIL, auditEntry(step));
    for (const event of events) this.projectIndicator(event, changes);
    // Reference documents are independent of the report documents: each keeps its own position
    // guard, so their place in the write order does not matter for replays.
    await this.foldDocs<UnitDoc>(UNITS, events, unitTouchedBy, evolveUnitDoc, changes);
    await this.foldDocs<AreaDoc>(AREAS, events, areasTouchedBy, evolveAreaDoc, changes);
    await this.foldDocs<ProgramDoc>(PROGRAMS, events, programTouchedBy, evolveProgramDoc, changes);
    await this.foldDocs<AssignmentDoc>(ASSIGNMENTS, events, assignmentTouchedBy, evolveAssignmentDoc, changes);

    await this.store.commit(changes.ordered(), {
      name: LEDGER_SUBSCRIPTION,
      position: events[events.length - 1].position,
    });
  }

  private async foldReports(events: readonly RecordedEvent[], changes: Changes): Promise<ReportStep[]> {
    const reportEvents = events.filter((e) => REPORT_TYPES.has(e.type));
    const ids = [...new Set(reportEvents.map((e) => (e.data as { reportId: string }).reportId))];
    const loaded = await this.store.getMany<ReportViewDoc>(REPORTS, ids);
    const docs = new Map(loaded.map((d) => [d._id, d]));
    const states = new Map<string, { state: ReportState; position: string | null; updatedAt: string }>();
    for (const doc of loaded) states.set(doc._id, { state: toState(doc), position: doc.position, updatedAt: doc.updatedAt });

    const steps: ReportStep[] = [];
    for (const event of reportEvents) {
      const reportId = (event.data as { reportId: string }).reportId;
      const current = states.get(reportId) ?? { state: initialReportState, position: null, updatedAt: '' };
      if (current.position !== null && comparePositions(event.position, current.position) <= 0) continue;
      const after = evolveReport(current.state, event as unknown as ReportEvent);
      if (after.status === 'none') continue;
      steps.push({ event, before: current.state, after });
      states.set(reportId, { state: after, position: event.position, updatedAt: event.metadata.recordedAt });
    }
    for (const [reportId, { state, position, updatedAt }] of states) {
      if (state.status === 'none' || position === null || docs.get(reportId)?.position === position) continue;
      changes.put(REPORTS, { ...state, _id: reportId, position, updatedAt } as ReportViewDoc);
    }
    return steps;
  }

  private async projectTotals(steps: readonly ReportStep[], changes: Changes): Promise<void> {
    const touched = steps.map((step) => ({ step, keys: changedFigureKeys(step) })).filter((t) => t.keys.length > 0);
    const ids = new Set<string>();
    for (const { step, keys } of touched) {
      for (const key of keys) for (const id of totalsIds(step.after, key.indicator)) ids.add(id);
    }
    const docs = await this.load<UnitTotalsDoc>(UNIT_TOTALS, [...ids]);

    for (const { step, keys } of touched) {
      const { after, event } = step;
      const approvedNow = approvedFigures(after);
      const proposedNow = proposedFigures(after);
      // One event can change several figures of one document (the same indicator in several
      // areas): gather them per document, so each document is guarded and written once per event.
      const byDoc = new Map<string, { indicator: string; period: string; keys: ChangedKey[] }>();
      for (const key of keys) {
        for (const period of rollupChain(after.period)) {
          const id = unitTotalsId(after.unitId, programKeyOf(after.programId), key.indicator, period);
          const entry = byDoc.get(id) ?? { indicator: key.indicator, period, keys: [] };
          entry.keys.push(key);
          byDoc.set(id, entry);
        }
      }
      for (const [id, { indicator, period, keys: docKeys }] of byDoc) {
        const doc = docs.get(id) ?? {
          _id: id, unitId: after.unitId, programKey: programKeyOf(after.programId),
          indicator, period, contributions: {}, position: '',
        };
        if (doc.position && comparePositions(event.position, doc.position) <= 0) continue;
        const contributions = { ...doc.contributions };
        for (const key of docKeys) {
          const entryId = `${after.reportId}|${key.areaCode ?? ''}`;
          const previous = contributions[entryId];
          const approved = approvedNow[key.figureKey]?.value ?? null;
          const proposed = proposedNow[key.figureKey]?.value ?? null;
          if (approved === null && proposed === null) {
            delete contributions[entryId];
          } else {
            contributions[entryId] = {
              reportId: after.reportId,
              areaCode: key.areaCode,
              period: after.period,
              approved,
              approvedPosition: previous?.approved === approved ? previous.approvedPosition : approved && event.position,
              proposed,
              proposedPosition: previous?.proposed === proposed ? previous.proposedPosition : proposed && event.position,
            };
          }
        }
        const next = { ...doc, contributions, position: event.position };
        docs.set(id, next);
        changes.put(UNIT_TOTALS, next);
      }
    }
  }

  private async projectSummaries(steps: readonly ReportStep[], changes: Changes): Promise<void> {
    const moved = steps.filter((s) => s.before.status !== s.after.status);
    const ids = new Set(moved.flatMap((s) => rollupChain(s.after.period).map((p) => periodSummaryId(p, programKeyOf(s.after.programId)))));
    const docs = await this.load<PeriodSummaryDoc>(PERIOD_SUMMARIES, [...ids]);
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

  private projectIndicator(event: RecordedEvent, changes: Changes): void {
    const e = event as unknown as IndicatorEvent | { type: string };
    if (e.type === 'IndicatorDefined.v1') {
      const { code, ...definition } = (e as IndicatorEvent).data;
      changes.put(INDICATORS, { _id: code, ...definition, position: event.position } satisfies IndicatorDoc);
    }
  }

  /**
   * Folds events into the documents each one touches (an area merge touches every source and
   * the successor), guarded per document by position, so a replay leaves a document that already
   * took an event as it is.
   */
  private async foldDocs<T extends Doc & { position: string }>(
    collection: string,
    events: readonly RecordedEvent[],
    touchedBy: (event: RecordedEvent) => string[],
    evolve: (doc: T | null, id: string, event: RecordedEvent) => T | null,
    changes: Changes,
  ): Promise<void> {
    const relevant = events.map((event) => ({ event, ids: touchedBy(event) })).filter((r) => r.ids.length > 0);
    if (relevant.length === 0) return;
    const docs = await this.load<T>(collection, [...new Set(relevant.flatMap((r) => r.ids))]);
    for (const { event, ids } of relevant) {
      for (const id of ids) {
        const doc = docs.get(id) ?? null;
        if (doc && comparePositions(event.position, doc.position) <= 0) continue;
        const next = evolve(doc, id, event);
        if (!next || next === doc) continue;
        docs.set(id, next);
        changes.put(collection, next);
      }
    }
  }

  private async load<T extends Doc>(collection: string, ids: string[]): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const docs = await this.store.getMany<T>(collection, ids);
    return new Map(docs.map((d) => [d._id, d]));
  }
}

function toState(doc: ReportViewDoc): ExistingReport {
  const { _id, position, updatedAt, ...state } = doc;
  return state as ExistingReport;
}

interface ChangedKey {
  figureKey: string;
  indicator: string;
  areaCode: string | null;
}

/** Figure keys whose approved or proposed value differs between before and after. */
function changedFigureKeys({ before, after }: ReportStep): ChangedKey[] {
  const was = (pick: typeof approvedFigures) => (before.status === 'none' ? {} : pick(before));
  const pairs = [
    [was(approvedFigures), approvedFigures(after)],
    [was(proposedFigures), proposedFigures(after)],
  ];
  const changed = new Map<string, Figure>();
  for (const [then, now] of pairs) {
    for (const k of new Set([...Object.keys(then), ...Object.keys(now)])) {
      if (then[k]?.value !== now[k]?.value) changed.set(k, now[k] ?? then[k]);
    }
  }
  return [...changed].map(([figureKey, f]) => ({ figureKey, indicator: f.indicator, areaCode: f.areaCode }));
}

function totalsIds(report: ExistingReport, indicator: string): string[] {
  return rollupChain(report.period).map((p) => unitTotalsId(report.unitId, programKeyOf(report.programId), indicator, p));
}

function unitTouchedBy(event: RecordedEvent): string[] {
  return (UNIT_EVENT_TYPES as readonly string[]).includes(event.type) ? [(event.data as { unitId: string }).unitId] : [];
}

function evolveUnitDoc(doc: UnitDoc | null, unitId: string, event: RecordedEvent): UnitDoc | null {
  const e = event as unknown as UnitEvent;
  const position = event.position;
  if (e.type === 'UnitRegistered.v1') {
    const { name, kind, parentId } = e.data;
    return { _id: unitId, name, kind, parentId, successorId: null, succeededFrom: null, position };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'UnitRenamed.v1':
      return { ...doc, name: e.data.name, position };
    case 'UnitMoved.v1':
      return { ...doc, parentId: e.data.parentId, position };
    case 'UnitSucceeded.v1':
      return { ...doc, successorId: e.data.successorId, succeededFrom: e.data.effectiveFrom, position };
  }
}

const ACTIONS: Record<string, AuditAction> = {
  'ReportCreated.v1': 'created',
  'FigureRemoved.v1': 'figure_removed',
  'ReportSubmitted.v1': 'submitted',
  'ReportSubmitted.v2': 'submitted',
  'ReportApproved.v1': 'approved',
  'ReportRejected.v1': 'rejected',
  'ReportReopened.v1': 'reopened',
};

function auditEntry({ event, after }: ReportStep): AuditEntryDoc {
  const data = event.data as Record<string, unknown>;
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : null);
  const action: AuditAction =
    event.type === 'FigureRecorded.v1' ? (data.previousValue === null ? 'figure_recorded' : 'figure_corrected') : ACTIONS[event.type];
  return {
    _id: event.id,
    at: event.metadata.recordedAt,
    actor: event.metadata.actor,
    action,
    reportId: after.reportId,
    unitId: after.unitId,
    period: after.period,
    programId: after.programId,
    indicator: str('indicator'),
    areaCode: str('areaCode'),
    oldValue: str('previousValue'),
    newValue: event.type === 'FigureRecorded.v1' ? str('value') : null,
    reason: str('reason'),
    comment: str('comment'),
    eventId: event.id,
    eventType: event.type,
    position: event.position,
    correlationId: event.metadata.correlationId,
  };
}

/** Last write per document wins within a batch; collections come out in LEDGER_COLLECTIONS order. */
class Changes {
  private readonly byCollection = new Map<string, Map<string, Doc>>();

  put(collection: string, doc: Doc): void {
    let docs = this.byCollection.get(collection);
    if (!docs) this.byCollection.set(collection, (docs = new Map()));
    docs.set(doc._id, doc);
  }

  ordered(): DocChange[] {
    return LEDGER_COLLECTIONS.flatMap((collection) =>
      [...(this.byCollection.get(collection)?.values() ?? [])].map((doc) => ({ collection, kind: 'put' as const, doc })),
    );
  }
}
