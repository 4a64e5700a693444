import { ApprovalLevel, approvalLevelErrors, copyLevels, sameLevels } from '../approvals/approval-levels';
import { assertNever, conflict, invalid, notFound, unprocessable } from '../errors';
import { addDays, isIsoDate } from '../kernel/date';
import { parsePeriod, Period } from '../kernel/period';
import { periodWithin, reviewPeriodRange } from './review-period';
import { CUTOFF_RULES, MAX_DEADLINE_DAYS, PERIOD_TYPES, ReportingCalendar } from './reporting-calendar';

/**
 * A coordination program (chương trình phối hợp): parties, a steering unit (the Ban Chỉ đạo), a
 * phase of years and a reporting calendar. Area assignments (giao địa bàn) live in the program's
 * stream too, so the check "is this figure's commune assigned to this unit in this period" reads
 * one consistent stream.
 */

export interface ProgramDefinition {
  programId: string;
  name: string;
  parties: string[];
  steeringUnitId: string;
  fromYear: number;
  toYear: number;
  calendar: ReportingCalendar;
}

/**
 * A review conference (sơ kết: preliminary, tổng kết: final) held on the program for a period: a
 * half-year, a year, or a phase of years (`2017..2021`). It announces the program's approved
 * figures for that period as they stood when it was recorded (the reviews read model freezes them).
 */
export interface ReviewConference {
  reviewId: string;
  /** A period key (2020, 2022-H1) or a phase (2017..2021). */
  period: string;
  kind: ReviewKind;
  /** The day the conference was held. */
  heldAt: string;
  title: string;
  decisionRef: string | null;
}

export const REVIEW_KINDS = ['preliminary', 'final'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export interface Assignment {
  assignmentId: string;
  unitId: string;
  areaCode: string;
  year: number;
  decisionRef: string | null;
  decidedAt: string | null;
  /** Set when the assignment was ended early. */
  ended: { reason: string; effectiveFrom: string } | null;
}

export type ProgramEvent =
  | { type: 'ProgramCreated.v1'; data: ProgramDefinition }
  | { type: 'ProgramSigned.v1'; data: { programId: string; date: string; signatories: string[] } }
  | { type: 'AnnualPlanRecorded.v1'; data: { programId: string; year: number; text: string } }
  | { type: 'ProgramClosed.v1'; data: { programId: string; date: string; reason: string | null } }
  | { type: 'AreaAssigned.v1'; data: Omit<Assignment, 'ended'> & { programId: string } }
  | { type: 'AssignmentEnded.v1'; data: { programId: string; assignmentId: string; reason: string; effectiveFrom: string } }
  /** The steering unit admits another unit (with its descendants) to file reports under the program. */
  | { type: 'ProgramPartyAdded.v1'; data: { programId: string; unitId: string } }
  /** The levels a report under the program passes before it is official, lowest first; none or one: a single approval. */
  | { type: 'ApprovalLevelsSet.v1'; data: { programId: string; levels: ApprovalLevel[] } }
  /** A sơ kết / tổng kết was held: its announced figures are the program's approved ones at this event's place in the log. */
  | { type: 'ReviewConferenceRecorded.v1'; data: ReviewConference & { programId: string } };

export const PROGRAM_EVENT_TYPES: readonly ProgramEvent['type'][] = [
  'ProgramCreated.v1', 'ProgramSigned.v1', 'AnnualPlanRecorded.v1', 'ProgramClosed.v1', 'AreaAssigned.v1', 'AssignmentEnded.v1', 'ProgramPartyAdded.v1',
  'ApprovalLevelsSet.v1', 'ReviewConferenceRecorded.v1',
];

export type ProgramState =
  | { status: 'none' }
  | (ProgramDefinition & {
      status: 'active' | 'closed';
      signed: { date: string; signatories: string[] } | null;
      plans: Record<string, string>;
      assignments: Record<string, Assignment>;
      /** Empty: a report is official after one approval. */
      approvalLevels: ApprovalLevel[];
      reviews: Record<string, ReviewConference>;
    });

export type ExistingProgram = Exclude<ProgramState, { status: 'none' }>;

export const initialProgramState: ProgramState = { status: 'none' };

export type ProgramCommand =
  | { type: 'CreateProgram'; data: ProgramDefinition }
  | { type: 'SignProgram'; data: { programId: string; date: string; signatories: string[] } }
  | { type: 'RecordAnnualPlan'; data: { programId: string; year: number; text: string } }
  | { type: 'CloseProgram'; data: { programId: string; date: string; reason: string | null } }
  | { type: 'AssignArea'; data: Omit<Assignment, 'ended'> }
  | { type: 'EndAssignment'; data: { assignmentId: string; reason: string; effectiveFrom: string } }
  | { type: 'AddProgramParty'; data: { programId: string; unitId: string } }
  | { type: 'SetApprovalLevels'; data: { programId: string; levels: ApprovalLevel[] } }
  /** `today`: the clock's date (Vietnam time), which a conference cannot be held after. */
  | { type: 'RecordReview'; data: ReviewConference & { programId: string }; today: string };

export const programStreamId = (programId: string) => `program-${programId}`;

export function decideProgram(command: ProgramCommand, state: ProgramState): ProgramEvent[] {
  if (command.type === 'CreateProgram') {
    if (state.status !== 'none') throw conflict(`program ${command.data.programId} already exists`);
    checkDefinition(command.data);
    return [{ type: 'ProgramCreated.v1', data: { ...command.data, parties: [...command.data.parties], calendar: command.data.calendar.map((e) => ({ ...e })) } }];
  }
  if (state.status === 'none') throw notFound('the program does not exist');
  if (state.status === 'closed') throw conflict(`program ${state.programId} is closed`);
  const programId = state.programId;

  switch (command.type) {
    case 'SignProgram': {
      const { date, signatories } = command.data;
      if (!isIsoDate(date)) throw invalid('date is not a date', [{ field: 'date', message: 'must be a date such as 2021-01-19' }]);
      if (signatories.length === 0 || signatories.some((s) => !s.trim())) {
        throw invalid('a signing needs its signatories', [{ field: 'signatories', message: 'must name at least one signatory' }]);
      }
      if (state.signed) throw conflict(`program ${programId} was already signed on ${state.signed.date}`);
      return [{ type: 'ProgramSigned.v1', data: { programId, date, signatories: [...signatories] } }];
    }
    case 'RecordAnnualPlan': {
      const { year, text } = command.data;
      if (!text.trim()) throw invalid('a plan needs its text', [{ field: 'text', message: 'is required' }]);
      requireYearInPhase(state, year, 'year');
      return [{ type: 'AnnualPlanRecorded.v1', data: { programId, year, text } }];
    }
    case 'CloseProgram': {
      if (!isIsoDate(command.data.date)) throw invalid('date is not a date', [{ field: 'date', message: 'must be a date such as 2022-01-19' }]);
      return [{ type: 'ProgramClosed.v1', data: { programId, date: command.data.date, reason: command.data.reason } }];
    }
    case 'AssignArea': {
      const a = command.data;
      if (a.decidedAt !== null && !isIsoDate(a.decidedAt)) {
        throw invalid('decidedAt is not a date', [{ field: 'decidedAt', message: 'must be a date such as 2021-01-19' }]);
      }
      requireYearInPhase(state, a.year, 'year');
      if (state.assignments[a.assignmentId]) throw conflict(`assignment ${a.assignmentId} already exists`);
      const twin = Object.values(state.assignments).find(
        (b) => b.unitId === a.unitId && b.areaCode === a.areaCode && b.year === a.year && b.ended === null,
      );
      if (twin) throw conflict(`${a.areaCode} is already assigned to ${a.unitId} for ${a.year} (assignment ${twin.assignmentId})`);
      return [{ type: 'AreaAssigned.v1', data: { programId, ...a } }];
    }
    case 'EndAssignment': {
      const { assignmentId, reason, effectiveFrom } = command.data;
      const assignment = state.assignments[assignmentId];
      if (!assignment) throw notFound(`assignment ${assignmentId} does not exist`);
      if (!reason.trim()) throw invalid('a reason is required', [{ field: 'reason', message: 'is required' }]);
      if (!isIsoDate(effectiveFrom)) throw invalid('effectiveFrom is not a date', [{ field: 'effectiveFrom', message: 'must be a date such as 2021-07-01' }]);
      if (assignment.ended) throw conflict(`assignment ${assignmentId} already ended on ${assignment.ended.effectiveFrom}`);
      if (Number(effectiveFrom.slice(0, 4)) !== assignment.year) {
        throw unprocessable('an assignment ends within its year', [{ field: 'effectiveFrom', message: `must be a date in ${assignment.year}` }]);
      }
      return [{ type: 'AssignmentEnded.v1', data: { programId, assignmentId, reason, effectiveFrom } }];
    }
    case 'AddProgramParty': {
      // Already a party: nothing to change (a retry, or two managers adding the same unit).
      if (state.parties.includes(command.data.unitId)) return [];
      return [{ type: 'ProgramPartyAdded.v1', data: { programId, unitId: command.data.unitId } }];
    }
    case 'SetApprovalLevels': {
      const levels = copyLevels(command.data.levels);
      const errors = approvalLevelErrors(levels);
      if (errors.length) throw invalid('the approval levels are not valid', errors);
      if (sameLevels(levels, state.approvalLevels)) return [];
      return [{ type: 'ApprovalLevelsSet.v1', data: { programId, levels } }];
    }
    case 'RecordReview': {
      const { reviewId, period, kind, heldAt, title, decisionRef } = command.data;
      const range = reviewPeriodRange(period);
      const errors: { field: string; message: string }[] = [];
      if (!range) errors.push({ field: 'period', message: 'must be a period key such as 2020 or 2022-H1, or a phase such as 2017..2021' });
      if (!isIsoDate(heldAt)) errors.push({ field: 'heldAt', message: 'must be a date such as 2021-01-19' });
      else if (heldAt > command.today) errors.push({ field: 'heldAt', message: `is after today (${command.today}): record a conference once it is held` });
      else if (range && heldAt < range.firstDay) errors.push({ field: 'heldAt', message: `is before the period ${period} begins (${range.firstDay})` });
      if (!title.trim()) errors.push({ field: 'title', message: 'is required' });
      if (!REVIEW_KINDS.includes(kind)) errors.push({ field: 'kind', message: `must be one of ${REVIEW_KINDS.join(', ')}` });
      if (errors.length) throw invalid('the review conference is not valid', errors);
      if (range!.fromYear < state.fromYear || range!.toYear > state.toYear) {
        throw unprocessable(`the program runs ${state.fromYear}..${state.toYear}`, [
          { field: 'period', message: `must be within the program's phase ${state.fromYear}..${state.toYear}` },
        ]);
      }
      if (state.reviews[reviewId]) throw conflict(`review ${reviewId} was already recorded`);
      return [{ type: 'ReviewConferenceRecorded.v1', data: { programId, reviewId, period, kind, heldAt, title, decisionRef } }];
    }
    default:
      return assertNever(command);
  }
}

function checkDefinition(d: ProgramDefinition): void {
  const errors: { field: string; message: string }[] = [];
  if (d.fromYear > d.toYear) errors.push({ field: 'toYear', message: 'must not be before fromYear' });
  if (new Set(d.parties).size !== d.parties.length) errors.push({ field: 'parties', message: 'must be distinct' });
  if (d.calendar.length === 0) errors.push({ field: 'calendar', message: 'must name at least one period type' });
  if (new Set(d.calendar.map((e) => e.periodType)).size !== d.calendar.length) errors.push({ field: 'calendar', message: 'names a period type twice' });
  d.calendar.forEach((e, i) => {
    if (!PERIOD_TYPES.includes(e.periodType)) errors.push({ field: `calendar[${i}].periodType`, message: `must be one of ${PERIOD_TYPES.join(', ')}` });
    if (!CUTOFF_RULES.includes(e.cutoff)) errors.push({ field: `calendar[${i}].cutoff`, message: `must be one of ${CUTOFF_RULES.join(', ')}` });
    if (!Number.isInteger(e.deadlineDays) || e.deadlineDays < 0 || e.deadlineDays > MAX_DEADLINE_DAYS) {
      errors.push({ field: `calendar[${i}].deadlineDays`, message: `must be a whole number of days, 0..${MAX_DEADLINE_DAYS}` });
    }
  });
  if (errors.length) throw invalid('the program definition is not valid', errors);
}

function requireYearInPhase(program: ProgramDefinition, year: number, field: string): void {
  if (year < program.fromYear || year > program.toYear) {
    throw unprocessable(`the program runs ${program.fromYear}..${program.toYear}`, [
      { field, message: `must be within the program's phase ${program.fromYear}..${program.toYear}` },
    ]);
  }
}

export function evolveProgram(state: ProgramState, event: ProgramEvent): ProgramState {
  if (event.type === 'ProgramCreated.v1') return { ...event.data, status: 'active', signed: null, plans: {}, assignments: {}, approvalLevels: [], reviews: {} };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ProgramSigned.v1':
      return { ...state, signed: { date: event.data.date, signatories: event.data.signatories } };
    case 'AnnualPlanRecorded.v1':
      return { ...state, plans: { ...state.plans, [String(event.data.year)]: event.data.text } };
    case 'ProgramClosed.v1':
      return { ...state, status: 'closed' };
    case 'AreaAssigned.v1': {
      const { programId, ...assignment } = event.data;
      return { ...state, assignments: { ...state.assignments, [assignment.assignmentId]: { ...assignment, ended: null } } };
    }
    case 'AssignmentEnded.v1': {
      const { assignmentId, reason, effectiveFrom } = event.data;
      const assignment = state.assignments[assignmentId];
      return { ...state, assignments: { ...state.assignments, [assignmentId]: { ...assignment, ended: { reason, effectiveFrom } } } };
    }
    case 'ProgramPartyAdded.v1':
      return { ...state, parties: [...state.parties, event.data.unitId] };
    case 'ApprovalLevelsSet.v1':
      return { ...state, approvalLevels: event.data.levels };
    case 'ReviewConferenceRecorded.v1': {
      const { programId, ...review } = event.data;
      return { ...state, reviews: { ...state.reviews, [review.reviewId]: review } };
    }
    default:
      return assertNever(event);
  }
}

/**
 * True when the assignment holds for at least part of the period: same year, and not ended
 * before the period starts (an assignment ended from 1 July covers H1 but not H2).
 */
export function assignmentCovers(assignment: Pick<Assignment, 'year' | 'ended'>, period: Period): boolean {
  if (assignment.year !== period.year) return false;
  if (!assignment.ended) return true;
  const lastDay = addDays(assignment.ended.effectiveFrom, -1);
  if (Number(lastDay.slice(0, 4)) < period.year) return false;
  return Number(lastDay.slice(5, 7)) >= period.fromMonth;
}

/** The areas a unit holds under the program for (part of) the period. */
export function areasAssignedTo(program: ExistingProgram, unitId: string, periodKey: string): string[] {
  const period = parsePeriod(periodKey);
  if (!period) return [];
  const codes = Object.values(program.assignments).filter((a) => a.unitId === unitId && assignmentCovers(a, period)).map((a) => a.areaCode);
  return [...new Set(codes)];
}

/**
 * May the unit file reports under the program? Its parties (named at creation or added by the
 * steering unit) and the steering unit itself may, each with its descendants: `unitLineage` is
 * the unit and its ancestors, nearest first.
 */
export function isProgramParty(program: ExistingProgram, unitLineage: readonly string[]): boolean {
  return unitLineage.some((u) => u === program.steeringUnitId || program.parties.includes(u));
}

/**
 * A report under a program must fit it: filed by a party (422 naming the program and the unit),
 * in a year of its phase and a period type of its calendar.
 */
export function checkReportFitsProgram(program: ProgramState, periodKey: string, unitLineage: readonly string[]): void {
  if (program.status === 'none') throw unprocessable('the program does not exist', [{ field: 'programId', message: 'unknown program' }]);
  if (program.status === 'closed') throw conflict(`program ${program.programId} is closed`);
  if (!isProgramParty(program, unitLineage)) {
    const unitId = unitLineage[0] ?? 'unknown';
    throw unprocessable(`unit ${unitId} is not a party to program ${program.programId}`, [
      { field: 'unitId', message: `${unitId} is not a party to program ${program.programId} (nor under one)` },
    ]);
  }
  const period = parsePeriod(periodKey);
  if (!period) return;
  requireYearInPhase(program, period.year, 'period');
  if (!program.calendar.some((e) => e.periodType === period.type)) {
    throw unprocessable(`program ${program.programId} does not report by ${period.type}`, [
      { field: 'period', message: `must be a period type of the program's calendar: ${program.calendar.map((e) => e.periodType).join(', ')}` },
    ]);
  }
}

/**
 * The review conferences of the program whose announced figures a report for `periodKey` counts
 * in (its period lies within theirs): a report filed there after them is a late report.
 */
export function reviewsAnnouncing(program: ProgramState, periodKey: string): ReviewConference[] {
  if (program.status === 'none') return [];
  return Object.values(program.reviews ?? {}).filter((r) => periodWithin(periodKey, r.period));
}
