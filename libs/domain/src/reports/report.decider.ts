import { parseDecimal } from '../kernel/decimal';
import { parsePeriod } from '../kernel/period';
import { assertNever, conflict, FieldError, forbidden, invalid, unprocessable } from '../errors';
import { vietnamDate } from '../kernel/date';
import { isQualifier, Qualifier, QUALIFIERS } from '../kernel/qualifier';
import { BackEntry, Figure, figureKey, FigureWarning, jointOf, ReportEvent, upcastSubmitted } from './report.events';
import { checkFigures, FigureCheckFacts } from './figure-checks';

export type ReportStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'amending';

export interface ApprovedVersion {
  /** Revision of the approval event in the report stream. */
  revision: number;
  figures: Record<string, Figure>;
  approvedBy: string;
  approvedAt: string;
  comment: string | null;
}

/** A level's approval of the version under review. */
export interface LevelApproval {
  level: number;
  unitId: string;
  by: string;
  at: string;
  comment: string | null;
}

export type ReportState =
  | { status: 'none'; revision: -1 }
  | {
      status: ReportStatus;
      reportId: string;
      unitId: string;
      programId: string | null;
      period: string;
      /** Stream revision of the last event folded in. */
      revision: number;
      /** Current (working) figures keyed by `figureKey`. */
      figures: Record<string, Figure>;
      approved: ApprovedVersion | null;
      submittedBy: string | null;
      /** Whom a back-entered submission names as the reporter; null when entered live. */
      submittedOnBehalfOf: string | null;
      submittedAt: string | null;
      /** Deadline and lateness of the first submission (null outside a program's calendar). */
      deadline: string | null;
      onTime: boolean | null;
      /** The approval levels of the version under review (fixed at its submission); empty: one approval. */
      levels: string[];
      /** The levels that approved the version under review so far, in order. */
      levelApprovals: LevelApproval[];
      /** What the figure checks found in the last submitted version (rules, ranges, outliers). */
      warnings: FigureWarning[];
      /** Once true, every figure change needs a reason. */
      everSubmitted: boolean;
      /** Created as the entry of a paper report after the fact (see BackEntry). */
      backEntered: boolean;
      /** A consolidated report: the units below its unit whose reports within its period it covers; null otherwise. */
      consolidates: string[] | null;
      createdBy: string;
      createdAt: string;
    };

export type ExistingReport = Exclude<ReportState, { status: 'none' }>;

export const initialReportState: ReportState = { status: 'none', revision: -1 };

/** A figure as the client sent it: `value` is unchecked input, null removes the figure. */
export interface FigureInput {
  indicator: string;
  areaCode?: string | null;
  value: unknown;
  note?: string | null;
  /** Unchecked input: one of QUALIFIERS, or null/absent for an exact figure. */
  qualifier?: unknown;
  /** Joint work: the activity's reference and the other units it was done with (both, or neither). */
  activityRef?: string | null;
  partners?: readonly string[] | null;
}

interface Envelope {
  actor: string;
  /** ISO-8601 instant: the clock arrives with the command. */
  at: string;
  /**
   * A paper report entered afterwards (create, submit, approve): when it really happened, why it
   * is entered now, and whom the paper names. The events then carry `occurredAt` as their `at`.
   */
  backEntry?: { occurredAt: string; reason: string; onBehalfOf?: string | null };
}

export type ReportCommand =
  | (Envelope & {
      type: 'CreateReport';
      data: { reportId: string; unitId: string; programId: string | null; period: string; reason?: string | null; consolidates?: readonly string[] | null };
      /** The review conferences of the program that already announced the report's period: filing there needs a reason. */
      announcedIn?: readonly string[];
      /** Approved consolidated reports that already cover the unit and period: filing there needs a reason too. */
      coveredBy?: readonly string[];
    })
  | (Envelope & {
      type: 'SetFigures';
      data: { reportId: string; figures: FigureInput[]; reason: string | null };
      /** Decimal scale of each indicator the command names; a missing code is unknown. */
      scales: Record<string, number>;
      /**
       * What the handler knows about the area codes the command names: the ones in the boundary
       * map, and (for a report under a program) the ones assigned to the unit for the period.
       * Absent: no area check (a caller that has not looked them up).
       */
      areas?: AreaFacts;
      /** The unit ids among the figures' partners that exist (the handler looks them up); absent: no partner check. */
      units?: readonly string[];
    })
  | (Envelope & {
      type: 'SubmitReport';
      data: { reportId: string };
      /** From the program's reporting calendar; null or absent outside one. */
      deadline?: string | null;
      /** The program's approval levels (unit ids, lowest first); absent or fewer than two: one approval. */
      levels?: readonly string[];
      /** The catalogue's rules and the unit's history the figures are checked against; absent: no checks. */
      checks?: FigureCheckFacts;
    })
  | (Envelope & {
      type: 'ApproveReport';
      data: { reportId: string; comment: string | null };
      /** Who recorded or removed figures in the version under review (from the stream): none of them may approve it. */
      recordedBy?: readonly string[];
    })
  | (Envelope & { type: 'RejectReport'; data: { reportId: string; reason: string } })
  | (Envelope & { type: 'ReopenReport'; data: { reportId: string; reason: string } });

export interface AreaFacts {
  known: readonly string[];
  /** null: the report is under no program, so any known area will do. */
  assigned: readonly string[] | null;
}

const EDITABLE: readonly ReportStatus[] = ['draft', 'rejected', 'amending'];

/** What a back-entered event adds to its data; the business date replaces the clock as `at`. */
function backEntryOf(command: ReportCommand, notBefore: { at: string | null; what: string } | null): { at: string; extra: BackEntry } {
  const entry = command.backEntry;
  if (!entry) return { at: command.at, extra: {} };
  if (command.type !== 'CreateReport' && command.type !== 'SubmitReport' && command.type !== 'ApproveReport') {
    throw invalid('only creation, submission and approval can be entered afterwards', [{ field: 'occurredAt', message: 'is not allowed here' }]);
  }
  const occurred = Date.parse(entry.occurredAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(entry.occurredAt) || Number.isNaN(occurred)) {
    throw invalid('occurredAt is not an instant', [{ field: 'occurredAt', message: 'must be an ISO-8601 date-time' }]);
  }
  if (occurred > Date.parse(command.at)) throw invalid('occurredAt is in the future', [{ field: 'occurredAt', message: `is after now (${command.at})` }]);
  if (notBefore?.at && occurred < Date.parse(notBefore.at)) {
    throw invalid(`occurredAt is before the report was ${notBefore.what}`, [{ field: 'occurredAt', message: `is before the report was ${notBefore.what} (${notBefore.at})` }]);
  }
  if (!entry.reason || !entry.reason.trim()) throw invalid('entering a report afterwards needs a reason', [{ field: 'backEntryReason', message: 'is required with occurredAt' }]);
  const onBehalfOf = entry.onBehalfOf?.trim() ? { onBehalfOf: entry.onBehalfOf } : {};
  const occurredAt = new Date(occurred).toISOString();
  return { at: occurredAt, extra: { recordedAt: command.at, backEntryReason: entry.reason, ...onBehalfOf } };
}

export function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  const { actor: by } = command;
  if (command.type === 'CreateReport') {
    if (state.status !== 'none') throw conflict(`report ${command.data.reportId} already exists`);
    if (!parsePeriod(command.data.period)) {
      throw invalid('period is not a period key', [{ field: 'period', message: 'must look like 2021, 2021-H1, 2021-Q3 or 2021-07' }]);
    }
    const { reason, consolidates, ...data } = command.data;
    const announcedIn = command.announcedIn ?? [];
    const coveredBy = command.coveredBy ?? [];
    if ((announcedIn.length || coveredBy.length) && !reason?.trim()) {
      const why = [
        ...(announcedIn.length ? [`${command.data.period} was announced at review ${announcedIn.join(', ')}`] : []),
        ...(coveredBy.length ? [`the approved consolidated report ${coveredBy.join(', ')} already covers it`] : []),
      ].join('; ');
      throw invalid(`a late report needs a reason: ${why}`, [{ field: 'reason', message: `is required: ${why}` }]);
    }
    const { at, extra } = backEntryOf(command, null);
    return [{
      type: 'ReportCreated.v1',
      data: { ...data, by, at, ...(reason?.trim() ? { reason } : {}), ...(consolidates ? { consolidates: [...consolidates] } : {}), ...extra },
    }];
  }
  const at = command.at;
  if (command.backEntry && command.type !== 'SubmitReport' && command.type !== 'ApproveReport') backEntryOf(command, null);
  if (state.status === 'none') throw conflict(`report ${command.data.reportId} does not exist`);
  const reportId = state.reportId;

  switch (command.type) {
    case 'SetFigures':
      return setFigures(state, command.data.figures, command.data.reason, command.scales, command.areas, command.units);
    case 'SubmitReport': {
      if (!EDITABLE.includes(state.status)) throw conflict(`a ${state.status} report cannot be submitted`);
      if (Object.keys(state.figures).length === 0) throw conflict('a report needs at least one figure to be submitted');
      const business = backEntryOf(command, { at: state.createdAt, what: 'created' });
      const deadline = command.deadline ?? null;
      // Timeliness is the business date's: a paper report submitted on time stays on time when entered years later.
      const onTime = deadline === null ? null : vietnamDate(business.at) <= deadline;
      const levels = command.levels && command.levels.length > 1 ? [...command.levels] : [];
      const { warnings, blocking } = command.checks ? checkFigures(state.figures, command.checks) : { warnings: [], blocking: [] };
      if (blocking.length) {
        throw conflict(
          `the figures break ${blocking.length === 1 ? 'a blocking rule' : `${blocking.length} blocking rules`}: ${blocking.map((b) => b.rule).join('; ')}`,
          blocking.map((b) => ({ field: `figures.${b.indicator}${b.areaCode === null ? '' : `@${b.areaCode}`}`, message: b.message })),
        );
      }
      const found = warnings.length ? { warnings } : {};
      return [{ type: 'ReportSubmitted.v3', data: { reportId, by, at: business.at, deadline, onTime, levels, ...found, ...business.extra } }];
    }
    case 'ApproveReport': {
      if (state.status !== 'submitted') throw conflict(`a ${state.status} report cannot be approved`);
      const business = backEntryOf(command, { at: state.submittedAt, what: 'submitted' });
      // Segregation of duties lives here, not only in a guard: whatever roles the actor holds. A
      // paper report is entered by one clerk for both acts; then the people the paper names must differ.
      const submitter = state.submittedOnBehalfOf ?? state.submittedBy;
      const approver = business.extra.onBehalfOf ?? by;
      if (submitter === approver) throw forbidden('nobody approves a version they submitted');
      if (state.submittedBy === by && !(state.submittedOnBehalfOf && business.extra.onBehalfOf)) {
        throw forbidden('nobody approves a version they submitted (a clerk entering both acts of a paper report names who did each)');
      }
      if (!business.extra.onBehalfOf && command.recordedBy?.includes(by)) throw forbidden('nobody approves a version in which they recorded figures');
      if (state.levelApprovals.some((a) => a.by === approver)) throw forbidden('nobody approves the same version at two levels');
      // Every level but the last records its approval; the last one's makes the version official.
      const level = state.levelApprovals.length;
      if (level < state.levels.length - 1) {
        return [{ type: 'ReportLevelApproved.v1', data: { reportId, level, unitId: state.levels[level], by, at: business.at, comment: command.data.comment } }];
      }
      return [{ type: 'ReportApproved.v1', data: { reportId, by, at: business.at, comment: command.data.comment, ...business.extra } }];
    }
    case 'RejectReport':
      if (state.status !== 'submitted') throw conflict(`a ${state.status} report cannot be rejected`);
      requireReason(command.data.reason);
      return [{ type: 'ReportRejected.v1', data: { reportId, by, at, reason: command.data.reason } }];
    case 'ReopenReport':
      if (state.status !== 'approved') throw conflict(`a ${state.status} report cannot be reopened`);
      requireReason(command.data.reason);
      return [{ type: 'ReportReopened.v1', data: { reportId, by, at, reason: command.data.reason } }];
    default:
      return assertNever(command);
  }
}

function requireReason(reason: string | null | undefined): void {
  if (!reason || !reason.trim()) throw invalid('a reason is required', [{ field: 'reason', message: 'is required' }]);
}

interface ReadFigure {
  key: string; indicator: string; areaCode: string | null; value: string | null; note: string | null; qualifier: Qualifier | null;
  activityRef: string | null; partners: string[];
}

/**
 * Every figure read against the report and the catalogue: the figures that pass, and what is wrong
 * with the others (malformed input; unknown indicators or areas; areas not assigned to the unit),
 * each error naming `figures[i]`.
 */
function readFigures(
  state: ExistingReport,
  inputs: readonly FigureInput[],
  scales: Record<string, number>,
  areas: AreaFacts | undefined,
  units: readonly string[] | undefined,
): { parsed: ReadFigure[]; badInput: FieldError[]; unknown: FieldError[]; unassigned: FieldError[] } {
  const badInput: FieldError[] = [];
  const unknown: FieldError[] = [];
  const unassigned: FieldError[] = [];
  const seen = new Set<string>();
  const parsed: ReadFigure[] = [];

  inputs.forEach((input, i) => {
    const areaCode = input.areaCode ?? null;
    const key = figureKey({ indicator: input.indicator, areaCode });
    if (seen.has(key)) badInput.push({ field: `figures[${i}]`, message: 'names the same indicator and area twice' });
    seen.add(key);
    const scale = scales[input.indicator];
    if (scale === undefined) {
      unknown.push({ field: `figures[${i}].indicator`, message: `unknown indicator ${input.indicator}` });
      return;
    }
    const qualifier = input.qualifier ?? null;
    if (qualifier !== null && !isQualifier(qualifier)) {
      badInput.push({ field: `figures[${i}].qualifier`, message: `must be one of ${QUALIFIERS.join(', ')}, or null for an exact figure` });
      return;
    }
    if (qualifier !== null && input.value === null) {
      badInput.push({ field: `figures[${i}].qualifier`, message: 'cannot qualify a figure being removed (value null)' });
      return;
    }
    const activityRef = input.activityRef ?? null;
    const partners = [...new Set(input.partners ?? [])].sort();
    if (activityRef !== null && partners.length === 0) {
      badInput.push({ field: `figures[${i}].partners`, message: 'joint work names the units it was done with (partners) beside its activityRef' });
      return;
    }
    if (activityRef === null && partners.length > 0) {
      badInput.push({ field: `figures[${i}].activityRef`, message: 'joint work with partners needs an activityRef, the same one each partner reports' });
      return;
    }
    if ((activityRef !== null || partners.length > 0) && input.value === null) {
      badInput.push({ field: `figures[${i}].activityRef`, message: 'cannot make a figure being removed (value null) joint work' });
      return;
    }
    if (partners.includes(state.unitId)) {
      badInput.push({ field: `figures[${i}].partners`, message: `names the reporting unit ${state.unitId} itself: partners are the other units` });
      return;
    }
    if (units) for (const p of partners) if (!units.includes(p)) unknown.push({ field: `figures[${i}].partners`, message: `unknown unit ${p}` });
    let value: string | null = null;
    if (input.value !== null) {
      const result = parseDecimal(input.value, scale);
      if (!result.ok) {
        badInput.push({ field: `figures[${i}].value`, message: result.message });
        return;
      }
      value = result.value;
    }
    if (areaCode !== null && value !== null && areas) {
      // Removing a figure is always allowed: it may be the correction of a wrong area.
      if (!areas.known.includes(areaCode)) unknown.push({ field: `figures[${i}].areaCode`, message: `unknown area ${areaCode}` });
      else if (areas.assigned && !areas.assigned.includes(areaCode)) {
        unassigned.push({ field: `figures[${i}].areaCode`, message: `${areaCode} is not assigned to unit ${state.unitId} for ${state.period} under program ${state.programId}` });
      }
    }
    // A value sent again without a note keeps the figure's note; `note: null` removes it.
    const note = input.note === undefined ? (state.figures[key]?.note ?? null) : input.note;
    parsed.push({ key, indicator: input.indicator, areaCode, value, note, qualifier, activityRef, partners });
  });
  return { parsed, badInput, unknown, unassigned };
}

/** A figure's problem, and how SetFigures refuses it: `invalid` (400) for malformed input, `unprocessable` (422) for an unknown or unassigned reference. */
export interface FigureInputError extends FieldError {
  kind: 'invalid' | 'unprocessable';
}

/**
 * What SetFigures would refuse in each figure, all of it at once (the decider stops at the first
 * kind), each with the kind SetFigures refuses it as: for an import that lists every bad row and
 * answers with PUT's status. Empty when every figure passes; the command may still be refused as a
 * whole (the report's status, a missing reason).
 */
export function figureInputErrors(
  state: ReportState,
  inputs: readonly FigureInput[],
  scales: Record<string, number>,
  areas?: AreaFacts,
  units?: readonly string[],
): FigureInputError[] {
  if (state.status === 'none') return [];
  const { badInput, unknown, unassigned } = readFigures(state, inputs, scales, areas, units);
  const index = (e: FieldError) => Number(/^figures\[(\d+)\]/.exec(e.field)?.[1] ?? -1);
  return [
    ...badInput.map((e) => ({ ...e, kind: 'invalid' as const })),
    ...[...unknown, ...unassigned].map((e) => ({ ...e, kind: 'unprocessable' as const })),
  ].sort((a, b) => index(a) - index(b));
}

function setFigures(
  state: ExistingReport,
  inputs: FigureInput[],
  reason: string | null,
  scales: Record<string, number>,
  areas: AreaFacts | undefined,
  units: readonly string[] | undefined,
): ReportEvent[] {
  const reportId = state.reportId;
  const { parsed, badInput, unknown, unassigned } = readFigures(state, inputs, scales, areas, units);

  if (badInput.length) throw invalid('some figures are not valid', badInput);
  if (unknown.length) throw unprocessable('some figures name unknown indicators or areas', unknown);
  if (unassigned.length) throw unprocessable('some figures are for areas not assigned to the unit in this period', unassigned);
  if (!EDITABLE.includes(state.status)) throw conflict(`figures of a ${state.status} report cannot change`);

  const events: ReportEvent[] = [];
  for (const f of parsed) {
    const current = state.figures[f.key];
    const previousQualifier = current?.qualifier ? { previousQualifier: current.qualifier } : {};
    const previousNote = current?.note ? { previousNote: current.note } : {};
    if (f.value === null) {
      if (current) events.push({ type: 'FigureRemoved.v1', data: { reportId, indicator: f.indicator, areaCode: f.areaCode, previousValue: current.value, reason, ...previousQualifier } });
    } else if (
      !current || current.value !== f.value || current.note !== f.note || (current.qualifier ?? null) !== f.qualifier ||
      (current.activityRef ?? null) !== f.activityRef || JSON.stringify(current.partners ?? []) !== JSON.stringify(f.partners)
    ) {
      const previousActivity = current?.activityRef && current.activityRef !== f.activityRef ? { previousActivityRef: current.activityRef } : {};
      events.push({
        type: 'FigureRecorded.v1',
        data: {
          reportId, indicator: f.indicator, areaCode: f.areaCode, value: f.value, previousValue: current?.value ?? null, note: f.note, reason,
          // Written only when there is one, so an exact figure's event keeps the shape it always had.
          ...(f.qualifier ? { qualifier: f.qualifier } : {}),
          ...previousQualifier,
          ...previousNote,
          ...jointOf(f),
          ...previousActivity,
        },
      });
    }
  }
  if (events.length && state.everSubmitted && !(reason && reason.trim())) {
    throw invalid('changing the figures of a report that has been submitted needs a reason', [
      { field: 'reason', message: 'is required once the report has been submitted' },
    ]);
  }
  return events;
}

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  const revision = state.revision + 1;
  if (event.type === 'ReportCreated.v1') {
    const { reportId, unitId, programId, period, by, at, backEntryReason, consolidates } = event.data;
    return {
      status: 'draft', reportId, unitId, programId, period, revision,
      figures: {}, approved: null, submittedBy: null, submittedOnBehalfOf: null, submittedAt: null, deadline: null, onTime: null, levels: [], levelApprovals: [], warnings: [],
      everSubmitted: false, backEntered: backEntryReason !== undefined, consolidates: consolidates ?? null,
      createdBy: by, createdAt: at,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'FigureRecorded.v1': {
      const { indicator, areaCode, value, note, qualifier } = event.data;
      const figures = { ...state.figures, [figureKey(event.data)]: { indicator, areaCode, value, note, ...(qualifier ? { qualifier } : {}), ...jointOf(event.data) } };
      return { ...state, revision, figures };
    }
    case 'FigureRemoved.v1': {
      const figures = { ...state.figures };
      delete figures[figureKey(event.data)];
      return { ...state, revision, figures };
    }
    case 'ReportSubmitted.v1':
    case 'ReportSubmitted.v2':
      return evolveReport(state, upcastSubmitted(event));
    case 'ReportSubmitted.v3': {
      const { by, at, onBehalfOf, levels, warnings } = event.data;
      // The report's lateness is its first submission's; a resubmission after a rejection is a correction.
      const { deadline, onTime } = state.everSubmitted ? state : event.data;
      return {
        ...state, revision, status: 'submitted', submittedBy: by, submittedOnBehalfOf: onBehalfOf ?? null, submittedAt: at, deadline, onTime,
        levels, levelApprovals: [], warnings: warnings ?? [], everSubmitted: true,
      };
    }
    case 'ReportLevelApproved.v1': {
      const { level, unitId, by, at, comment } = event.data;
      return { ...state, revision, levelApprovals: [...state.levelApprovals, { level, unitId, by, at, comment }] };
    }
    case 'ReportApproved.v1': {
      const { by, at, comment } = event.data;
      const approved = { revision, figures: state.figures, approvedBy: by, approvedAt: at, comment };
      return { ...state, revision, status: 'approved', approved, levelApprovals: [] };
    }
    case 'ReportRejected.v1':
      // A rejection at any level returns the version to the reporter; the next one starts at the first level.
      return { ...state, revision, status: 'rejected', levelApprovals: [] };
    case 'ReportReopened.v1':
      return { ...state, revision, status: 'amending' };
    default:
      return assertNever(event);
  }
}

/**
 * Figures as they would stand if everything now awaiting approval were approved: a submitted
 * report's working figures, otherwise its last approved figures (a draft or an amendment in
 * progress is not awaiting approval).
 */
export function proposedFigures(state: ExistingReport): Record<string, Figure> {
  if (state.status === 'submitted') return state.figures;
  return state.approved?.figures ?? {};
}

export function approvedFigures(state: ExistingReport): Record<string, Figure> {
  return state.approved?.figures ?? {};
}

/**
 * Does the consolidated report cover this one? A report of a unit it consolidates (below its own
 * unit) for the same period, whatever program: its figures are already in the consolidated ones,
 * so totals count those instead. Reports of shorter periods inside it are not covered (they count
 * in their own half or quarter, where the consolidated report does not).
 */
export function consolidationCovers(
  consolidated: { reportId: string; period: string; consolidates: readonly string[] | null },
  report: { reportId: string; unitId: string; period: string },
): boolean {
  return (
    consolidated.consolidates !== null && consolidated.reportId !== report.reportId && consolidated.consolidates.includes(report.unitId) &&
    report.period === consolidated.period
  );
}
