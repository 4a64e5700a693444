import { ReportStatus } from '@app/domain';
import { Doc } from '../read-model-store.port';

export const PERIOD_SUMMARIES = 'period_summaries';

export const REPORT_STATUSES: readonly ReportStatus[] = ['draft', 'submitted', 'approved', 'rejected', 'amending'];

/**
 * Report counts by status for one period (and every shorter period inside it) and one program.
 * Counts are increments; the position guard makes each event count once, and the projector
 * writes these documents before the report documents so a replay after a crash cannot count an
 * event twice (see LedgerProjection).
 */
export interface PeriodSummaryDoc extends Doc {
  period: string;
  programKey: string;
  reports: Record<ReportStatus, number>;
  position: string;
}

export const periodSummaryId = (period: string, programKey: string) => `${period}|${programKey}`;
