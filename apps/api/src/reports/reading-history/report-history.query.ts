import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AuditEntryDoc, getReport, queryAudit, ScopedReadModels } from '@app/read-models';
import { canReadReport } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { problem } from '../../platform/http/problem';
import { ReferenceData } from '../../platform/reference/reference-data';

type ChangeAction = 'figure_recorded' | 'figure_corrected' | 'note_changed' | 'figure_removed';
type DecisionAction = 'level_approved' | 'approved' | 'rejected' | 'reopened';

/** One figure's change in a version: from the previous version's figure to this one's. */
export interface FigureChange {
  indicator: string;
  areaCode: string | null;
  action: ChangeAction;
  oldValue: string | null;
  newValue: string | null;
  oldNote: string | null;
  note: string | null;
  oldQualifier: string | null;
  newQualifier: string | null;
  reasons: string[];
  by: string;
  at: string;
}

export interface Decision {
  action: DecisionAction;
  by: string;
  at: string;
  comment: string | null;
  reason: string | null;
}

export interface ReportVersion {
  version: number;
  submittedBy: string;
  submittedAt: string;
  changes: FigureChange[];
  decisions: Decision[];
}

export interface ReportHistory {
  reportId: string;
  unitId: string;
  programId: string | null;
  period: string;
  versions: ReportVersion[];
}

export class GetReportHistory extends Query<ReportHistory> {
  constructor(readonly id: string, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

const CHANGES = new Set(['figure_recorded', 'figure_corrected', 'note_changed', 'figure_removed']);
const DECISIONS = new Set(['level_approved', 'approved', 'rejected', 'reopened']);
const PAGE = 200;

/**
 * Every submitted version of a report with the figures it changed since the previous one (old →
 * new value, note and qualifier, the reasons given), and what each level decided, who and when:
 * for everyone who may read the report (its reporters, supervisors in scope, auditors). Built
 * from the audit trail's entries for the report.
 */
@QueryHandler(GetReportHistory)
export class GetReportHistoryHandler implements IQueryHandler<GetReportHistory> {
  constructor(private readonly reference: ReferenceData) {}

  async execute({ id, actor, reads }: GetReportHistory): Promise<ReportHistory> {
    const doc = await getReport(reads, id);
    if (!doc) throw problem(404, 'Not found', `Report ${id} does not exist.`);
    if (!canReadReport(actor, doc, await this.reference.current())) {
      throw problem(404, 'Not found', `Report ${id} does not exist.`).deny('object_access', `report ${id} of unit ${doc.unitId} is outside the caller's scope`);
    }
    const entries: AuditEntryDoc[] = [];
    for (let cursor: string | undefined, page; (page = await queryAudit(reads, { reportId: id, scope: 'all', limit: PAGE, cursor })); ) {
      entries.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { reportId: doc._id, unitId: doc.unitId, programId: doc.programId, period: doc.period, versions: versionsOf(entries) };
  }
}

/** Splits the log-ordered entries at each submission; changes before it make the version, decisions after it judge it. */
function versionsOf(entries: readonly AuditEntryDoc[]): ReportVersion[] {
  const versions: ReportVersion[] = [];
  let pending: AuditEntryDoc[] = [];
  for (const e of entries) {
    const when = e.occurredAt ?? e.at;
    if (CHANGES.has(e.action)) pending.push(e);
    else if (e.action === 'submitted') {
      versions.push({ version: versions.length + 1, submittedBy: e.actor, submittedAt: when, changes: netChanges(pending), decisions: [] });
      pending = [];
    } else if (DECISIONS.has(e.action) && versions.length) {
      versions[versions.length - 1].decisions.push({ action: e.action as DecisionAction, by: e.actor, at: when, comment: e.comment, reason: e.reason });
    }
  }
  return versions;
}

/** One change per figure: its value, note and qualifier before the first change and after the last; unchanged ones drop out. */
function netChanges(entries: readonly AuditEntryDoc[]): FigureChange[] {
  const byFigure = new Map<string, AuditEntryDoc[]>();
  for (const e of entries) {
    const key = `${e.indicator}|${e.areaCode ?? ''}`;
    byFigure.set(key, [...(byFigure.get(key) ?? []), e]);
  }
  return [...byFigure.values()].flatMap((list) => {
    const first = list[0];
    const last = list[list.length - 1];
    const oldValue = first.oldValue;
    const newValue = last.action === 'figure_removed' ? null : last.newValue;
    const oldNote = first.action === 'figure_recorded' ? null : (first.oldNote ?? null);
    const note = last.action === 'figure_removed' ? null : (last.note ?? null);
    const oldQualifier = first.oldQualifier ?? null;
    const newQualifier = last.action === 'figure_removed' ? null : (last.newQualifier ?? null);
    if (oldValue === newValue && oldNote === note && oldQualifier === newQualifier) return [];
    const action: ChangeAction =
      oldValue === null ? 'figure_recorded' : newValue === null ? 'figure_removed' : oldValue === newValue && oldQualifier === newQualifier ? 'note_changed' : 'figure_corrected';
    const reasons = [...new Set(list.flatMap((e) => (e.reason ? [e.reason] : [])))];
    return [{ indicator: first.indicator ?? '', areaCode: first.areaCode, action, oldValue, newValue, oldNote, note, oldQualifier, newQualifier, reasons, by: last.actor, at: last.at }];
  });
}
