import { parsePeriod, periodsOverlap } from '../kernel/period';
import { assertNever, conflict } from '../errors';

/**
 * A unit's reporting book for one program (or none) and one year: the periods its reports
 * claim. Reports in one book never overlap in time, or the same work would count twice. The
 * book is its own stream so that two racing creations contend on one expected revision and
 * exactly one wins.
 */
export type ReportBookEvent =
  | { type: 'ReportPeriodClaimed.v1'; data: { reportId: string; unitId: string; programId: string | null; period: string } }
  /** A claim whose report was never written (a creation that stopped between its two appends), given up. */
  | { type: 'ReportPeriodReleased.v1'; data: { reportId: string; unitId: string; programId: string | null; period: string; reason: string } };

export const REPORT_BOOK_EVENT_TYPES: readonly ReportBookEvent['type'][] = ['ReportPeriodClaimed.v1', 'ReportPeriodReleased.v1'];

/**
 * Creating a report is two appends (the claim here, then the report's own stream). A claim whose
 * report stream is still empty this long after the claim was recorded is abandoned: a command
 * that stopped between the two appends, which no retry is coming to finish. The next creation
 * that clashes with it releases it in the same append as its own claim.
 */
export const ABANDONED_CLAIM_AFTER_MS = 10 * 60_000;

export interface ReportBookState {
  claims: { reportId: string; period: string }[];
}

export const initialReportBookState: ReportBookState = { claims: [] };

export type ReportBookCommand = {
  type: 'ClaimReportPeriod';
  data: { reportId: string; unitId: string; programId: string | null; period: string };
  /** Report ids of clashing claims the handler found abandoned (see ABANDONED_CLAIM_AFTER_MS); absent: none. */
  abandoned?: readonly string[];
};

export function reportBookStreamId(unitId: string, programId: string | null, period: string): string {
  const year = period.slice(0, 4);
  return `reportbook-${unitId}~${programId ?? '-'}~${year}`;
}

/** Claims of other reports whose periods overlap `period`. */
export function clashingClaims(state: ReportBookState, reportId: string, period: string): ReportBookState['claims'] {
  const wanted = parsePeriod(period);
  if (!wanted) return [];
  return state.claims.filter((c) => c.reportId !== reportId && periodsOverlap(parsePeriod(c.period)!, wanted));
}

export function decideReportBook(command: ReportBookCommand, state: ReportBookState): ReportBookEvent[] {
  switch (command.type) {
    case 'ClaimReportPeriod': {
      const { reportId, period } = command.data;
      if (!parsePeriod(period)) throw new Error(`not a period: ${period}`);
      if (state.claims.some((c) => c.reportId === reportId && c.period === period)) return [];
      const clashes = clashingClaims(state, reportId, period);
      const live = clashes.find((c) => !command.abandoned?.includes(c.reportId));
      if (live) {
        throw conflict(`period ${period} overlaps report ${live.reportId} (${live.period}) of the same unit and program`);
      }
      const { unitId, programId } = command.data;
      return [
        ...clashes.map((c): ReportBookEvent => ({
          type: 'ReportPeriodReleased.v1',
          data: { reportId: c.reportId, unitId, programId, period: c.period, reason: `report ${c.reportId} was never created` },
        })),
        { type: 'ReportPeriodClaimed.v1', data: { ...command.data } },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

export function evolveReportBook(state: ReportBookState, event: ReportBookEvent): ReportBookState {
  switch (event.type) {
    case 'ReportPeriodClaimed.v1':
      return { claims: [...state.claims, { reportId: event.data.reportId, period: event.data.period }] };
    case 'ReportPeriodReleased.v1':
      return { claims: state.claims.filter((c) => c.reportId !== event.data.reportId || c.period !== event.data.period) };
    default:
      return assertNever(event);
  }
}
