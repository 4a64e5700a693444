import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { decodeCursor, Page, toPage, UnitScope } from '../paging';
import { AUDIT_TRAIL, AuditEntryDoc } from './audit-trail';

export interface AuditQuery {
  reportId?: string;
  unitId?: string;
  indicator?: string;
  actor?: string;
  /** ISO-8601 instants, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
  scope: UnitScope;
}

/** Audit entries in log order. Throws RangeError for a cursor this service did not issue. */
export async function queryAudit(store: ReadModelStore, q: AuditQuery): Promise<Page<AuditEntryDoc>> {
  const filter: Record<string, Condition> = {};
  if (q.reportId) filter.reportId = q.reportId;
  if (q.indicator) filter.indicator = q.indicator;
  if (q.actor) filter.actor = q.actor;
  if (q.unitId) filter.unitId = q.unitId;
  else if (q.scope !== 'all') filter.unitId = { in: q.scope };
  if (q.from || q.to) filter.at = { ...(q.from && { gte: q.from }), ...(q.to && { lte: q.to }) };
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (after === null) throw new RangeError('cursor');
    filter.position = { gt: after };
  }
  const rows = await store.find<AuditEntryDoc>(AUDIT_TRAIL, filter as Filter, {
    sort: [{ field: 'position', direction: 1 }],
    limit: q.limit + 1,
  });
  return toPage(rows, q.limit, (r) => r.position);
}
