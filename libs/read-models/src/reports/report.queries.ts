import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { decodeCursor, Page, toPage, UnitScope } from '../paging';
import { APPROVED_FIGURES, ApprovedFiguresDoc, REPORTS, ReportViewDoc } from './report-view';

export interface ListReportsQuery {
  status?: string;
  unitId?: string;
  period?: string;
  programId?: string;
  limit: number;
  cursor?: string;
  scope: UnitScope;
}

export async function getReport(store: ReadModelStore, id: string): Promise<ReportViewDoc | null> {
  return store.get<ReportViewDoc>(REPORTS, id);
}

/** Throws RangeError for a cursor this service did not issue. */
export async function listReports(store: ReadModelStore, q: ListReportsQuery): Promise<Page<ReportViewDoc>> {
  const filter: Record<string, Condition> = {};
  if (q.status) filter.status = q.status;
  if (q.period) filter.period = q.period;
  if (q.programId) filter.programId = q.programId;
  if (q.unitId) filter.unitId = q.unitId;
  else if (q.scope !== 'all') filter.unitId = { in: q.scope };
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (after === null) throw new RangeError('cursor');
    filter._id = { gt: after };
  }
  const rows = await store.find<ReportViewDoc>(REPORTS, filter as Filter, {
    sort: [{ field: '_id', direction: 1 }],
    limit: q.limit + 1,
  });
  return toPage(rows, q.limit, (r) => r._id);
}

/**
 * The approved figures of the unit's reports of one period length (approved, or reopened and
 * amending: their approved version): the history a submission's figures are compared with.
 */
export async function approvedFiguresOf(store: ReadModelStore, unitId: string, periodType: string): Promise<ApprovedFiguresDoc[]> {
  return store.find<ApprovedFiguresDoc>(APPROVED_FIGURES, { unitId, periodType });
}
