import { ApprovedVersion, ExistingReport, Figure, figureKey, jointOf } from '@app/domain';
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
