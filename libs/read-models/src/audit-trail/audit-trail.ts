import { Doc } from '../read-model-store.port';

export const AUDIT_TRAIL = 'audit_trail';

export type AuditAction =
  | 'created'
  | 'figure_recorded'
  | 'figure_corrected'
  | 'note_changed'
  | 'figure_removed'
  | 'submitted'
  | 'level_approved'
  | 'approved'
  | 'rejected'
  | 'reopened';

/** One change, as an auditor reads it: who, when, what, old → new, why. Keyed by event id. */
export interface AuditEntryDoc extends Doc {
  /** When the event was recorded (the entry, for a paper report entered afterwards). */
  at: string;
  /** A back-entered act (a paper report entered afterwards): when it really happened. */
  occurredAt?: string;
  actor: string;
  action: AuditAction;
  reportId: string;
  unitId: string;
  period: string;
  programId: string | null;
  indicator: string | null;
  areaCode: string | null;
  oldValue: string | null;
  newValue: string | null;
  /** The qualifier of the old and the new figure ("nearly" for "gần 4.400"), null for an exact one. */
  oldQualifier?: string;
  newQualifier?: string;
  /** The figure's note after the change (figure changes only), and before it when it had one. */
  note?: string | null;
  oldNote?: string;
  reason: string | null;
  comment: string | null;
  eventId: string;
  eventType: string;
  position: string;
  correlationId: string;
}

/** What an audit entry says about its report; fixed at creation, so the projection keeps it once per report. */
export const AUDIT_REPORTS = 'audit_reports';

export interface AuditReportDoc extends Doc {
  unitId: string;
  period: string;
  programId: string | null;
}

/** Which entries a question is about. Every field narrows; an absent one does not. Values come from code or validated input, never as operators. */
export interface AuditFilter {
  reportId?: string;
  /** One unit, or any of these. */
  unitIds?: readonly string[];
  indicator?: string;
  actor?: string;
  /** `at` (ISO-8601 instants, text order is time order), inclusive. */
  from?: string;
  to?: string;
  /** Positions: strictly after, at most, exactly. */
  after?: string;
  upTo?: string;
  position?: string;
}

/**
 * The storage of one audit-trail build, on whichever store is configured: typed columns on
 * SQLite (audit-trail.sqlite.ts), documents on MongoDB (audit-trail.docs.ts). One contract
 * (audit-trail.contract.spec.ts) keeps their answers equal.
 */
export interface AuditTrailStorage {
  /** Creates the tables or collections; `bulk`: a build read by nobody until it finishes, whose secondary indexes wait for `finish`. */
  prepare(bulk: boolean): Promise<void>;
  finish(): Promise<void>;
  drop(checkpointName: string): Promise<void>;
  loadReports(ids: readonly string[]): Promise<Map<string, AuditReportDoc>>;
  /** Writes the reports, then the entries (each replaces the one of its event), then the checkpoint. */
  commit(write: { reports: readonly AuditReportDoc[]; entries: readonly AuditEntryDoc[] }, checkpoint: { name: string; position: string }): Promise<void>;
  /** Entries in position order (`direction` 1 ascending, -1 descending), at most `limit`. */
  find(filter: AuditFilter, direction: 1 | -1, limit?: number): Promise<AuditEntryDoc[]>;
  /** Every report and entry, each list ordered by _id: for equivalence tests and benchmarks. */
  dump(): Promise<{ [AUDIT_REPORTS]: AuditReportDoc[]; [AUDIT_TRAIL]: AuditEntryDoc[] }>;
}
