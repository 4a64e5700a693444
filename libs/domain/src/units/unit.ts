import { ApprovalLevel, approvalLevelErrors, copyLevels, sameLevels } from '../approvals/approval-levels';
import { assertNever, conflict, FieldError, invalid, unprocessable } from '../errors';
import { isIsoDate, lastDayOfMonth } from '../kernel/date';
import { parsePeriod } from '../kernel/period';

/** A reporting or steering body: a committee, a command, a regiment, a company. */
export type UnitEvent =
  | { type: 'UnitRegistered.v1'; data: { unitId: string; name: string; kind: string; parentId: string | null } }
  | { type: 'UnitRenamed.v1'; data: { unitId: string; name: string; previousName: string } }
  | { type: 'UnitMoved.v1'; data: { unitId: string; parentId: string | null; previousParentId: string | null } }
  /** The unit was merged into `successorId` (the 2025 mergers of Party committees and military commands). */
  | { type: 'UnitSucceeded.v1'; data: { unitId: string; successorId: string; effectiveFrom: string; reason: string } }
  /**
   * The levels a report of the unit or below it, filed under no program, passes before it is
   * official, lowest first (the unit itself or units above it); none: the unit defines no levels
   * and the nearest unit above that does decides.
   */
  | { type: 'UnitApprovalLevelsSet.v1'; data: { unitId: string; levels: ApprovalLevel[] } };

export const UNIT_EVENT_TYPES: readonly UnitEvent['type'][] = ['UnitRegistered.v1', 'UnitRenamed.v1', 'UnitMoved.v1', 'UnitSucceeded.v1', 'UnitApprovalLevelsSet.v1'];

export type UnitState =
  | { status: 'none' }
  | {
      status: 'registered' | 'succeeded';
      unitId: string;
      name: string;
      kind: string;
      parentId: string | null;
      successorId: string | null;
      succeededFrom: string | null;
      /** The unit's own levels for reports of its subtree under no program; empty: it defines none. */
      approvalLevels: ApprovalLevel[];
    };

export const initialUnitState: UnitState = { status: 'none' };

/**
 * A unit merged into a successor from date D still files late reports for periods that ended
 * before D; a period reaching D or later belongs to the successor, or its work would be reported
 * twice (once by each). Throws conflict (409) naming the successor.
 */
export function assertUnitMayReport(state: UnitState, period: string): void {
  if (state.status !== 'succeeded' || !state.succeededFrom) return;
  const p = parsePeriod(period);
  if (!p) return;
  if (lastDayOfMonth(p.year, p.toMonth) >= state.succeededFrom) {
    throw conflict(`unit ${state.unitId} was merged into ${state.successorId} from ${state.succeededFrom}; report ${period} under ${state.successorId}`);
  }
}

export type UnitCommand =
  | { type: 'RegisterUnit'; data: { unitId: string; name: string; kind: string; parentId: string | null } }
  | { type: 'RenameUnit'; data: { unitId: string; name: string } }
  | {
      type: 'MoveUnit';
      data: { unitId: string; parentId: string | null };
      /** The new parent and its ancestors, nearest first, as the handler read them. */
      parentLineage: readonly string[];
    }
  | {
      type: 'SucceedUnit';
      data: { unitId: string; successorId: string; effectiveFrom: string; reason: string };
      /** The successor's own state: a unit cannot hand its history to one that has itself been succeeded. */
      successorStatus: 'registered' | 'succeeded';
    }
  | {
      type: 'SetUnitApprovalLevels';
      data: { unitId: string; levels: ApprovalLevel[] };
      /** The unit and its ancestors, nearest first, as the handler read them: every level is one of them, each above the one before. */
      lineage: readonly string[];
    };

export const unitStreamId = (unitId: string) => `unit-${unitId}`;

export function decideUnit(command: UnitCommand, state: UnitState): UnitEvent[] {
  if (command.type === 'RegisterUnit') {
    if (state.status !== 'none') throw conflict(`unit ${command.data.unitId} already exists`);
    return [{ type: 'UnitRegistered.v1', data: { ...command.data } }];
  }
  if (state.status === 'none') throw conflict(`unit ${command.data.unitId} does not exist`);
  if (state.status === 'succeeded') throw conflict(`unit ${state.unitId} was merged into ${state.successorId} from ${state.succeededFrom}`);
  const { unitId } = state;
  switch (command.type) {
    case 'RenameUnit':
      if (command.data.name === state.name) return [];
      return [{ type: 'UnitRenamed.v1', data: { unitId, name: command.data.name, previousName: state.name } }];
    case 'MoveUnit': {
      const { parentId } = command.data;
      if (parentId !== null && (parentId === unitId || command.parentLineage.includes(unitId))) {
        throw unprocessable(`moving ${unitId} under ${parentId} would make it its own ancestor`, [{ field: 'parentId', message: 'is the unit or one of its descendants' }]);
      }
      if (parentId === state.parentId) return [];
      return [{ type: 'UnitMoved.v1', data: { unitId, parentId, previousParentId: state.parentId } }];
    }
    case 'SucceedUnit': {
      const { successorId, effectiveFrom, reason } = command.data;
      if (!isIsoDate(effectiveFrom)) throw invalid('effectiveFrom is not a date', [{ field: 'effectiveFrom', message: 'must be a date such as 2025-07-01' }]);
      if (!reason.trim()) throw invalid('a reason is required', [{ field: 'reason', message: 'is required' }]);
      if (successorId === unitId) throw unprocessable('a unit cannot succeed itself', [{ field: 'successorId', message: 'is the unit itself' }]);
      if (command.successorStatus === 'succeeded') throw conflict(`unit ${successorId} has itself been succeeded; name its successor`);
      return [{ type: 'UnitSucceeded.v1', data: { unitId, successorId, effectiveFrom, reason } }];
    }
    case 'SetUnitApprovalLevels': {
      const levels = copyLevels(command.data.levels);
      const errors = approvalLevelErrors(levels);
      if (errors.length) throw invalid('the approval levels are not valid', errors);
      const outOfLine = levelsOutOfLine(unitId, levels, command.lineage);
      if (outOfLine.length) throw unprocessable(`the levels of ${unitId} go up its own line of units (${command.lineage.join(' → ')})`, outOfLine);
      if (sameLevels(levels, state.approvalLevels)) return [];
      return [{ type: 'UnitApprovalLevelsSet.v1', data: { unitId, levels } }];
    }
    default:
      return assertNever(command);
  }
}

/**
 * A report of the unit climbs its own line: each level is the unit or one above it, each above the
 * one before, so every level's supervisors oversee the reports that reach them.
 */
function levelsOutOfLine(unitId: string, levels: readonly ApprovalLevel[], lineage: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  let below = -1;
  levels.forEach((l, i) => {
    const at = lineage.indexOf(l.unitId);
    if (at < 0) errors.push({ field: `levels[${i}].unitId`, message: `must be ${unitId} or a unit above it (${lineage.join(', ')})` });
    else if (at <= below) errors.push({ field: `levels[${i}].unitId`, message: `must be above the level before it (${levels[i - 1].unitId})` });
    else below = at;
  });
  return errors;
}

export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  if (event.type === 'UnitRegistered.v1') return { status: 'registered', ...event.data, successorId: null, succeededFrom: null, approvalLevels: [] };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'UnitRenamed.v1':
      return { ...state, name: event.data.name };
    case 'UnitMoved.v1':
      return { ...state, parentId: event.data.parentId };
    case 'UnitSucceeded.v1':
      return { ...state, status: 'succeeded', successorId: event.data.successorId, succeededFrom: event.data.effectiveFrom };
    case 'UnitApprovalLevelsSet.v1':
      return { ...state, approvalLevels: event.data.levels };
    default:
      return assertNever(event);
  }
}
