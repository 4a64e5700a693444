import { ReadModelStore } from '../read-model-store.port';
import { decodeCursor, Page, toPage, UnitScope } from '../paging';
import { AuditEntryDoc, AuditFilter } from './audit-trail';
import { openAuditTrail } from './audit-trail.projection';

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
  const filter: AuditFilter = {
    ...(q.reportId && { reportId: q.reportId }),
    ...(q.indicator && { indicator: q.indicator }),
    ...(q.actor && { actor: q.actor }),
    ...(q.unitId ? { unitIds: [q.unitId] } : q.scope !== 'all' && { unitIds: q.scope }),
    ...(q.from && { from: q.from }),
    ...(q.to && { to: q.to }),
  };
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (after === null) throw new RangeError('cursor');
    filter.after = after;
  }
  const rows = await (await openAuditTrail(store)).find(filter, 1, q.limit + 1);
  return toPage(rows, q.limit, (r) => r.position);
}
