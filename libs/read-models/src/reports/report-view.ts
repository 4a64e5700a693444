import { ApprovedVersion, ExistingReport, Figure, figureKey, jointOf, parsePeriod } from '@app/domain';
import { Doc } from '../read-model-store.port';

export const REPORTS = 'reports';

/**
 * A report state as stored: figures as lists, never as objects keyed by `indicator|areaCode`
 * (user data never becomes a document key).
 */
export type StoredReport = Omit<ExistingReport, 'figures' | 'approved'> & {
  figures: Figure[];
  approved: (Omit<ApprovedVersion, 'figures'> & { figures: Figure[] }) | null;
};

/** The report as the API shows it: the domain state folded from its stream, plus the log position. */
export type ReportViewDoc = Doc & StoredReport & { position: string; updatedAt: string };

const list = (figures: Record<string, Figure>): Figure[] =>
  Object.values(figures).map(({ indicator, areaCode, value, note, qualifier, activityRef, partners }) => ({
    indicator, areaCode, value, note, ...(qualifier ? { qualifier } : {}), ...jointOf({ activityRef, partners }),
  }));
const record = (figures: readonly Figure[]): Record<string, Figure> => Object.fromEntries(figures.map((f) => [figureKey(f), f]));

export function encodeReport(state: ExistingReport): StoredReport {
  return { ...state, figures: list(state.figures), approved: state.approved && { ...state.approved, figures: list(state.approved.figures) } };
}

export function decodeReport(stored: StoredReport): ExistingReport {
  // Documents folded before approval levels lack them: one approval, none given yet.
  const levels = { levels: stored.levels ?? [], levelApprovals: stored.levelApprovals ?? [], consolidates: stored.consolidates ?? null, warnings: stored.warnings ?? [] };
  return { ...stored, ...levels, figures: record(stored.figures), approved: stored.approved && { ...stored.approved, figures: record(stored.approved.figures) } };
}

/**
 * A report's approved figures, small: what a submission of the same unit compares its figures
 * with (the outlier check), read by unit and period length without reading whole report
 * documents. Written by the reports projection beside the report, whenever its approved version
 * changes (an approved version is never taken back: a reopened report keeps it until the
 * amendment is approved).
 */
export const APPROVED_FIGURES = 'approved_figures';

export type ApprovedFiguresDoc = Doc & {
  unitId: string;
  /** The period's length: month, quarter, half or year. */
  periodType: string;
  period: string;
  figures: { indicator: string; areaCode: string | null; value: string }[];
};

/** The approved-figures document of a report state, or null while it has no approved version. */
export function approvedFiguresDoc(reportId: string, state: ExistingReport): ApprovedFiguresDoc | null {
  const approved = state.approved;
  const periodType = parsePeriod(state.period)?.type;
  if (!approved || !periodType) return null;
  const figures = Object.values(approved.figures).map(({ indicator, areaCode, value }) => ({ indicator, areaCode, value }));
  return { _id: reportId, unitId: state.unitId, periodType, period: state.period, figures };
}
