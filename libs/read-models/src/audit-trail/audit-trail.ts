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
