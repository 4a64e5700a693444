import { RecordedEvent } from '@app/event-store';
import { Projection } from '../projection/projection';
import { ReadModelStore } from '../read-model-store.port';
import { isReportEvent, reportIdOf } from '../reports/reports.projection';
import { AUDIT_REPORTS, AUDIT_TRAIL, AuditAction, AuditEntryDoc, AuditReportDoc, AuditTrailStorage } from './audit-trail';
import { DocAuditTrail } from './audit-trail.docs';
import { SqliteAuditTrail } from './audit-trail.sqlite';

/** The storage of one build (`store` maps the logical collections to the build's), on whichever store is configured. */
export async function openAuditTrail(store: ReadModelStore): Promise<AuditTrailStorage> {
  const native = store.native;
  if (native.kind !== 'sqlite') return new DocAuditTrail(store);
  const base = await store.resolve(AUDIT_TRAIL);
  const cache = opened.get(native.db) ?? new Map<string, SqliteAuditTrail>();
  opened.set(native.db, cache);
  let storage = cache.get(base);
  if (!storage) cache.set(base, (storage = new SqliteAuditTrail(native.db, base)));
  return storage;
}

const opened = new WeakMap<object, Map<string, SqliteAuditTrail>>();

/**
 * The audit trail: one entry per report event, keyed by the event id, so a replay rewrites the
 * same entries. Its own copy of each report's unit, period and program keeps it independent of
 * the reports projection (rebuilt alone, checkpointed alone). SQLite keeps typed columns,
 * MongoDB documents (see AuditTrailStorage).
 */
export const auditTrailProjection: Projection = {
  name: 'audit_trail',
  // 2: entries carry the figures' qualifiers and the act's business date; 3: and their notes (note_changed);
  // 4: SQLite keeps entries and reports in typed columns instead of JSON documents.
  version: 4,
  collections: [AUDIT_REPORTS, AUDIT_TRAIL],
  open(store, _ref, mode) {
    const bulk = mode?.bulk ?? false;
    const storage = openAuditTrail(store);
    return {
      prepare: async () => (await storage).prepare(bulk),
      finish: async () => (await storage).finish(),
      async apply(events, checkpoint) {
        if (events.length === 0) return;
        const s = await storage;
        await s.commit(await foldAudit(events, s), checkpoint);
      },
      drop: async (name) => (await storage).drop(name),
      dump: async () => (await storage).dump(),
    };
  },
};

/** The batch's new reports and its entries (an event of a report the trail does not know is left out). */
async function foldAudit(events: readonly RecordedEvent[], storage: AuditTrailStorage): Promise<{ reports: AuditReportDoc[]; entries: AuditEntryDoc[] }> {
  const reportEvents = events.filter(isReportEvent);
  const created = new Map<string, AuditReportDoc>();
  for (const e of reportEvents) {
    if (e.type !== 'ReportCreated.v1') continue;
    const { reportId, unitId, period, programId } = e.data as { reportId: string; unitId: string; period: string; programId: string | null };
    created.set(reportId, { _id: reportId, unitId, period, programId });
  }
  const known = await storage.loadReports([...new Set(reportEvents.map(reportIdOf).filter((id) => !created.has(id)))]);
  const entries = new Map<string, AuditEntryDoc>();
  for (const event of reportEvents) {
    const report = created.get(reportIdOf(event)) ?? known.get(reportIdOf(event));
    if (report) entries.set(event.id, auditEntry(event, report));
  }
  return { reports: [...created.values()], entries: [...entries.values()] };
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
