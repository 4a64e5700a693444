import { Changes, loadDocs } from '../projection/projection';
import { Condition, Filter, IndexSpec, ReadModelStore } from '../read-model-store.port';
import { AUDIT_REPORTS, AUDIT_TRAIL, AuditEntryDoc, AuditFilter, AuditReportDoc, AuditTrailStorage } from './audit-trail';

const COLLECTIONS = [AUDIT_REPORTS, AUDIT_TRAIL] as const;

const INDEXES: readonly IndexSpec[] = [
  { collection: AUDIT_TRAIL, fields: ['position'] },
  { collection: AUDIT_TRAIL, fields: ['reportId', 'position'] },
  { collection: AUDIT_TRAIL, fields: ['unitId', 'position'] },
];

/**
 * The audit trail as documents of the read-model store (MongoDB): one per report event, keyed by
 * the event id, and one per report. `store` maps the logical collections to the build's.
 */
export class DocAuditTrail implements AuditTrailStorage {
  constructor(private readonly store: ReadModelStore) {}

  prepare(bulk: boolean): Promise<void> {
    // A bulk build is read by nobody until it is finished: its indexes are built then, in one sort each.
    return bulk ? Promise.resolve() : this.store.ensureIndexes(INDEXES);
  }

  finish(): Promise<void> {
    return this.store.ensureIndexes(INDEXES);
  }

  drop(checkpointName: string): Promise<void> {
    return this.store.drop(COLLECTIONS, [checkpointName]);
  }

  loadReports(ids: readonly string[]): Promise<Map<string, AuditReportDoc>> {
    return loadDocs<AuditReportDoc>(this.store, AUDIT_REPORTS, ids);
  }

  async commit(write: { reports: readonly AuditReportDoc[]; entries: readonly AuditEntryDoc[] }, checkpoint: { name: string; position: string }): Promise<void> {
    // Reports first: on MongoDB each collection is its own bulkWrite (see the port), and an entry
    // is only ever written for a report already stored, so a crash between them replays harmlessly.
    const changes = new Changes(COLLECTIONS);
    for (const r of write.reports) changes.put(AUDIT_REPORTS, r);
    for (const e of write.entries) changes.put(AUDIT_TRAIL, e);
    await this.store.commit(changes.ordered(), checkpoint);
  }

  find(filter: AuditFilter, direction: 1 | -1, limit?: number): Promise<AuditEntryDoc[]> {
    const f: Record<string, Condition> = {};
    if (filter.reportId !== undefined) f.reportId = filter.reportId;
    if (filter.indicator !== undefined) f.indicator = filter.indicator;
    if (filter.actor !== undefined) f.actor = filter.actor;
    if (filter.unitIds !== undefined) f.unitId = filter.unitIds.length === 1 ? filter.unitIds[0] : { in: filter.unitIds };
    if (filter.from !== undefined || filter.to !== undefined) f.at = { ...(filter.from !== undefined && { gte: filter.from }), ...(filter.to !== undefined && { lte: filter.to }) };
    if (filter.position !== undefined) f.position = filter.position;
    else if (filter.after !== undefined || filter.upTo !== undefined) f.position = { ...(filter.after !== undefined && { gt: filter.after }), ...(filter.upTo !== undefined && { lte: filter.upTo }) };
    return this.store.find<AuditEntryDoc>(AUDIT_TRAIL, f as Filter, { sort: [{ field: 'position', direction }], ...(limit !== undefined && { limit }) });
  }

  async dump(): Promise<{ [AUDIT_REPORTS]: AuditReportDoc[]; [AUDIT_TRAIL]: AuditEntryDoc[] }> {
    const byId = [{ field: '_id', direction: 1 as const }];
    return {
      [AUDIT_REPORTS]: await this.store.find<AuditReportDoc>(AUDIT_REPORTS, {}, { sort: byId }),
      [AUDIT_TRAIL]: await this.store.find<AuditEntryDoc>(AUDIT_TRAIL, {}, { sort: byId }),
    };
  }
}
