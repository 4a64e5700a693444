import { DomainError, forbidden } from '@app/domain';
import { Reference } from '../reference/reference-data';
import { Principal } from './principal';

/**
 * Who may make which command, as plain functions of the caller and the reference data a handler
 * has loaded; a refusal is a `forbidden` domain error (403), whatever the caller asked for.
 */

export function supervises(actor: Principal, unitId: string, ref: Reference): boolean {
  if (actor.supervisorOf.size === 0) return false;
  return ref.authorities(unitId).some((u) => actor.supervisorOf.has(u));
}

/**
 * Supervisors of a program's steering unit (the Ban Chỉ đạo, or a unit above it) review the
 * reports filed under the program, in addition to the reporting unit's own supervisors.
 */
export function steers(actor: Principal, programId: string | null, ref: Reference): boolean {
  if (!programId || actor.supervisorOf.size === 0) return false;
  const program = ref.program(programId);
  return program.status !== 'none' && supervises(actor, program.steeringUnitId, ref);
}

export function canRead(actor: Principal, unitId: string, ref: Reference): boolean {
  return actor.readsAll || actor.reporterOf.has(unitId) || supervises(actor, unitId, ref);
}

/** May read the report: its unit's readers, or the steering unit's supervisors for a report under a program. */
export function canReadReport(actor: Principal, report: { unitId: string; programId: string | null }, ref: Reference): boolean {
  return canRead(actor, report.unitId, ref) || steers(actor, report.programId, ref);
}

/**
 * The caller may not even see the object: answered 404 like a missing one (existence is itself
 * information), and counted as a denial with the real reason, which never reaches the client.
 */
export class OutOfScopeError extends DomainError {
  constructor(message: string, readonly reason: string) {
    super('not_found', message);
  }
}

/**
 * A command on a report its caller may not read answers 404, as reading it does; a caller who
 * may read it but not do this gets the policy's 403 next.
 */
export function assertReportInReach(actor: Principal, report: { reportId: string; unitId: string; programId: string | null }, ref: Reference): void {
  if (canReadReport(actor, report, ref)) return;
  throw new OutOfScopeError(`Report ${report.reportId} does not exist.`, `report ${report.reportId} of unit ${report.unitId} is outside the caller's scope`);
}

export function assertReporter(actor: Principal, unitId: string): void {
  if (!actor.reporterOf.has(unitId)) throw forbidden(`Only a reporter of unit ${unitId} may do this.`);
}

/** May approve, reject or reopen the report: a supervisor of its unit or of its program's steering unit. */
export function assertReviewer(actor: Principal, report: { unitId: string; programId: string | null }, ref: Reference): void {
  if (supervises(actor, report.unitId, ref) || steers(actor, report.programId, ref)) return;
  throw forbidden(`Only a supervisor of unit ${report.unitId}, or of the steering unit of its program, may do this.`);
}

/** Admins, and supervisors of the steering unit, manage a program and its assignments. */
export function assertProgramManager(actor: Principal, steeringUnitId: string, ref: Reference): void {
  if (actor.isAdmin || supervises(actor, steeringUnitId, ref)) return;
  throw forbidden(`Only an admin or a supervisor of the steering unit ${steeringUnitId} may do this.`);
}

/**
 * A unit's approval levels (for reports of its subtree under no program) decide who makes those
 * reports official. Admins set them; otherwise a supervisor of the unit who also supervises the
 * last level's unit of the new levels and of the ones they replace (the unit's own, or those it
 * inherits from above): a district can neither name the province as its final approver nor drop it.
 */
export function assertUnitLevelsSetter(actor: Principal, unitId: string, finalUnits: readonly (string | undefined)[], ref: Reference): void {
  if (actor.isAdmin) return;
  const needed = [...new Set([unitId, ...finalUnits.filter((u): u is string => !!u)])];
  const missing = needed.filter((u) => !supervises(actor, u, ref));
  if (missing.length) throw forbidden(`Only an admin, or a supervisor of ${needed.join(' and ')}, may set these approval levels of unit ${unitId}.`);
}
