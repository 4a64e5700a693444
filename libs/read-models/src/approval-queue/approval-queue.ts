import { REPORT_EVENT_TYPES, ReportEvent, upcastSubmitted } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { decodeCursor, Page, toPage, UnitScope } from '../paging';
import { Condition, Doc, Filter, ReadModelStore } from '../read-model-store.port';

export const APPROVAL_QUEUE = 'approval_queue';

/**
 * Where a report stands in its review: who must act next. `awaitingUnitId` is the unit whose
 * supervisors approve next: the pending level's unit when the report has approval levels, its
 * own unit otherwise (then the program's steering supervisors may act too: `multiLevel` false).
 */
export interface ApprovalQueueDoc extends Doc {
  unitId: string;
  programId: string | null;
  period: string;
  status: 'draft' | 'submitted' | 'approved' | 'rejected' | 'amending';
  levels: string[];
  /** Index of the pending level of a submitted report. */
  level: number;
  /** `levels`: approved level by level, each by its unit's supervisors; `single`: one approval by its reviewers. */
  mode: 'levels' | 'single';
  awaitingUnitId: string | null;
  submittedBy: string | null;
  /** Who approved a level of the version under review: they do not approve it again. */
  approvedBy: string[];
  position: string;
}

const REPORT_TYPES = new Set<string>(REPORT_EVENT_TYPES);
const isReportEvent = (event: RecordedEvent): event is RecordedEvent & ReportEvent => REPORT_TYPES.has(event.type);

export function queueTouchedBy(event: RecordedEvent): string[] {
  return isReportEvent(event) ? [event.data.reportId] : [];
}

export function evolveQueueDoc(doc: ApprovalQueueDoc | null, reportId: string, e: RecordedEvent): ApprovalQueueDoc | null {
  if (!isReportEvent(e)) return doc;
  const position = e.position;
  if (e.type === 'ReportCreated.v1') {
    const { unitId, programId, period } = e.data;
    return { _id: reportId, unitId, programId, period, status: 'draft', levels: [], level: 0, mode: 'single', awaitingUnitId: null, submittedBy: null, approvedBy: [], position };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'ReportSubmitted.v1':
    case 'ReportSubmitted.v2':
    case 'ReportSubmitted.v3': {
      const { levels, by, onBehalfOf } = upcastSubmitted(e).data;
      const mode = levels.length > 1 ? 'levels' : 'single';
      return { ...doc, status: 'submitted', levels, level: 0, mode, awaitingUnitId: mode === 'levels' ? levels[0] : doc.unitId, submittedBy: onBehalfOf ?? by, approvedBy: [], position };
    }
    case 'ReportLevelApproved.v1':
      return { ...doc, level: e.data.level + 1, awaitingUnitId: doc.levels[e.data.level + 1] ?? null, approvedBy: [...doc.approvedBy, e.data.by], position };
    case 'ReportApproved.v1':
      return { ...doc, status: 'approved', awaitingUnitId: null, approvedBy: [], position };
    case 'ReportRejected.v1':
      return { ...doc, status: 'rejected', awaitingUnitId: null, approvedBy: [], position };
    case 'ReportReopened.v1':
      return { ...doc, status: 'amending', awaitingUnitId: null, position };
    default:
      return { ...doc, position };
  }
}

export interface AwaitingQuery {
  /** Units the caller is a supervisor of, as named in their roles: a report whose pending level is one of them awaits the caller. */
  levelUnits: readonly string[];
  /** The units the caller supervises (their subtrees): their reports without levels await the caller. */
  reviewed: UnitScope;
  /** Programs whose steering unit the caller supervises: their reports without levels await the caller too. */
  steered: readonly string[];
  /** The caller: a version they submitted or already approved at a level does not await them. */
  actor: string;
  unitId?: string;
  period?: string;
  programId?: string;
  limit: number;
  cursor?: string;
}

/**
 * The queue of one caller: submitted reports whose next approval the caller may give. Throws
 * RangeError for a cursor this service did not issue.
 */
export async function queryAwaiting(store: ReadModelStore, q: AwaitingQuery): Promise<Page<ApprovalQueueDoc>> {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  if (after === null) throw new RangeError('cursor');
  const base: Record<string, Condition> = { status: 'submitted', ...(after !== undefined ? { _id: { gt: after } } : {}) };
  if (q.unitId) base.unitId = q.unitId;
  if (q.period) base.period = q.period;
  if (q.programId) base.programId = q.programId;
  const single: Filter = { ...base, mode: 'single' };
  const found = [
    ...(q.levelUnits.length ? await store.find<ApprovalQueueDoc>(APPROVAL_QUEUE, { ...base, mode: 'levels', awaitingUnitId: { in: q.levelUnits } }) : []),
    ...(q.reviewed === 'all' ? await store.find<ApprovalQueueDoc>(APPROVAL_QUEUE, single) : []),
    ...(q.reviewed !== 'all' && q.reviewed.length ? await store.find<ApprovalQueueDoc>(APPROVAL_QUEUE, { ...single, unitId: { in: q.reviewed } }) : []),
    ...(q.steered.length ? await store.find<ApprovalQueueDoc>(APPROVAL_QUEUE, { ...single, programId: { in: q.steered } }) : []),
  ];
  const rows = [...new Map(found.map((d) => [d._id, d])).values()]
    .filter((d) => d.submittedBy !== q.actor && !d.approvedBy.includes(q.actor))
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return toPage(rows.slice(0, q.limit + 1), q.limit, (d) => d._id);
}
