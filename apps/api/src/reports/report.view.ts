import { Figure, jointOf } from '@app/domain';
import { ReportViewDoc } from '@app/read-models';

const figureList = (figures: readonly Figure[]) =>
  [...figures]
    .sort((a, b) => a.indicator.localeCompare(b.indicator) || (a.areaCode ?? '').localeCompare(b.areaCode ?? ''))
    .map(({ indicator, areaCode, value, note, qualifier, activityRef, partners }) => ({ indicator, areaCode, value, note, ...(qualifier && { qualifier }), ...jointOf({ activityRef, partners }) }));

/** The report's public shape. */
export type ReportView = ReturnType<typeof reportView>;

export function reportView(doc: ReportViewDoc) {
  return {
    id: doc._id,
    unitId: doc.unitId,
    programId: doc.programId,
    period: doc.period,
    status: doc.status,
    revision: doc.revision,
    figures: figureList(doc.figures),
    approved: doc.approved && {
      revision: doc.approved.revision,
      figures: figureList(doc.approved.figures),
      approvedBy: doc.approved.approvedBy,
      approvedAt: doc.approved.approvedAt,
      comment: doc.approved.comment,
    },
    submittedBy: doc.submittedBy,
    submittedAt: doc.submittedAt,
    // Lateness of the first submission against the program's calendar; null outside one (and for reports submitted before calendars existed).
    deadline: doc.deadline ?? null,
    onTime: doc.onTime ?? null,
    // Documents folded before approval levels have none: one approval.
    levels: doc.levels ?? [],
    levelApprovals: (doc.levelApprovals ?? []).map(({ level, unitId, by, at, comment }) => ({ level, unitId, by, at, comment })),
    // What the figure checks found in the last submitted version; documents folded before checks existed have none.
    warnings: (doc.warnings ?? []).map(({ indicator, areaCode, rule, message }) => ({ indicator, areaCode, rule, message })),
    awaitingLevel: doc.status === 'submitted' && (doc.levels ?? []).length > 1 ? (doc.levelApprovals ?? []).length : null,
    // A consolidated report: the units below its own whose reports of its period it covers (documents folded before: none).
    consolidates: doc.consolidates ?? null,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    position: doc.position,
  };
}
