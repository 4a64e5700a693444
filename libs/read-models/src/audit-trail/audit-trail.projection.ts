import { RecordedEvent } from '@app/event-store';
import { Changes, docProjection, loadDocs } from '../projection/projection';
import { Doc, ReadModelStore } from '../read-model-store.port';
import { isReportEvent, reportIdOf } from '../reports/reports.projection';
import { AuditAction, AuditEntryDoc, AUDIT_TRAIL } from './audit-trail';

/** What an audit entry says about its report; fixed at creation, so kept here once per report. */
const AUDIT_REPORTS = 'audit_reports';

interface AuditReportDoc extends Doc {
  unitId: string;
  period: string;
  programId: string | null;
}

/**
 * The audit trail: one entry per report event, keyed by the event id, so a replay rewrites the
 * same entries. Its own copy of each report's unit, period and program keeps it independent of
 * the reports projection (rebuilt alone, checkpointed alone).
 */
export const auditTrailProjection = docProjection({
  name: 'audit_trail',
  // 2: entries carry the figures' qualifiers and the act's business date; 3: and their notes (note_changed).
  version: 3,
  collections: [AUDIT_REPORTS, AUDIT_TRAIL],
  indexes: [
    { collection: AUDIT_TRAIL, fields: ['position'] },
    { collection: AUDIT_TRAIL, fields: ['reportId', 'position'] },
    { collection: AUDIT_TRAIL, fields: ['unitId', 'position'] },
  ],
  fold: foldAudit,
});

async function foldAudit(events: readonly RecordedEvent[], store: ReadModelStore, changes: Changes): Promise<void> {
  const reportEvents = events.filter(isReportEvent);
  const created = new Map<string, AuditReportDoc>();
  for (const e of reportEvents) {
    if (e.type !== 'ReportCreated.v1') continue;
    const { reportId, unitId, period, programId } = e.data as { reportId: string; unitId: string; period: string; programId: string | null };
    const doc = { _id: reportId, unitId, period, programId };
    created.set(reportId, doc);
    changes.put(AUDIT_REPORTS, doc);
  }
  const known = await loadDocs<AuditReportDoc>(store, AUDIT_REPORTS, reportEvents.map(reportIdOf).filter((id) => !created.has(id)));
  for (const event of reportEvents) {
    const report = created.get(reportIdOf(event)) ?? known.get(reportIdOf(event));
    if (report) changes.put(AUDIT_TRAIL, auditEntry(event, report));
  }
}

const ACTIONS: Record<string, AuditAction> = {
  'ReportCreated.v1': 'created',
  'FigureRemoved.v1': 'figure_removed',
  'ReportSubmitted.v1': 'submitted',
  'ReportSubmitted.v2': 'submitted',
  'ReportSubmitted.v3': 'submitted',
  'ReportLevelApproved.v1': 'level_approved',
  'ReportApproved.v1': 'approved',
  'ReportRejected.v1': 'rejected',
  'ReportReopened.v1': 'reopened',
};

/** A first figure, a correction, or a note changed on a figure whose value and qualifier stay. */
function figureAction(data: Record<string, unknown>): AuditAction {
  if (data.previousValue === null) return 'figure_recorded';
  const sameFigure = data.previousValue === data.value && (data.previousQualifier ?? null) === (data.qualifier ?? null);
  return sameFigure && (data.previousNote ?? null) !== data.note ? 'note_changed' : 'figure_corrected';
}

function auditEntry(event: RecordedEvent, report: AuditReportDoc): AuditEntryDoc {
  const data = event.data as Record<string, unknown>;
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : null);
  const action: AuditAction = event.type === 'FigureRecorded.v1' ? figureAction(data) : ACTIONS[event.type];
  return {
    _id: event.id,
    at: event.metadata.recordedAt,
    ...(str('recordedAt') && str('at') && { occurredAt: str('at')! }),
    actor: event.metadata.actor,
    action,
    reportId: report._id,
    unitId: report.unitId,
    period: report.period,
    programId: report.programId,
    indicator: str('indicator'),
    areaCode: str('areaCode'),
    oldValue: str('previousValue'),
    newValue: event.type === 'FigureRecorded.v1' ? str('value') : null,
    ...(str('previousQualifier') && { oldQualifier: str('previousQualifier')! }),
    ...(event.type === 'FigureRecorded.v1' && str('qualifier') && { newQualifier: str('qualifier')! }),
    ...(event.type === 'FigureRecorded.v1' && { note: str('note') }),
    ...(str('previousNote') && { oldNote: str('previousNote')! }),
    reason: str('reason'),
    comment: str('comment'),
    eventId: event.id,
    eventType: event.type,
    position: event.position,
    correlationId: event.metadata.correlationId,
  };
}
