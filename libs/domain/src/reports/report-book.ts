import { parsePeriod, periodsOverlap } from '../kernel/period';
import { assertNever, conflict } from '../errors';

/**
 * A unit's reporting book for one program (or none) and one year: the periods its reports
 * claim. Reports in one book never overlap in time, or the same work would count twice. The
 * book is its own stream so that two racing creations contend on one expected revision and
 * exactly one wins.
 */
export type ReportBookEvent = {
  type: 'ReportPeriodClaimed.v1';
  data: { reportId: string; unitId: string; programId: string | null; period: string };
};

export const REPORT_BOOK_EVENT_TYPES: readonly ReportBookEvent['type'][] = ['ReportPeriodClaimed.v1'];

export interface ReportBookState {
  claims: { reportId: string; period: string }[];
}

export const initialReportBookState: ReportBookState = { claims: [] };

export type ReportBookCommand = {
  type: 'ClaimReportPeriod';
  data: { reportId: string; unitId: string; programId: string | null; period: string };
};

export function reportBookStreamId(unitId: string, programId: string | null, period: string): string {
  const year = period.slice(0, 4);
  return `reportbook-${unitId}~${programId ?? '-'}~${year}`;
}

export function decideReportBook(command: ReportBookCommand, state: ReportBookState): ReportBookEvent[] {
  switch (command.type) {
    case 'ClaimReportPeriod': {
      const { reportId, period } = command.data;
      const wanted = parsePeriod(period);
      if (!wanted) throw new Error(`not a period: ${period}`);
      if (state.claims.some((c) => c.reportId === reportId && c.period === period)) return [];
      const clash = state.claims.find((c) => periodsOverlap(parsePeriod(c.period)!, wanted));
      if (clash) {
        throw conflict(`period ${period} overlaps report ${clash.reportId} (${clash.period}) of the same unit and program`);
      }
      return [{ type: 'ReportPeriodClaimed.v1', data: { ...command.data } }];
    }
    default:
      return assertNever(command.type);
  }
}

export function evolveReportBook(state: ReportBookState, event: ReportBookEvent): ReportBookState {
  switch (event.type) {
    case 'ReportPeriodClaimed.v1':
      return { claims: [...state.claims, { reportId: event.data.reportId, period: event.data.period }] };
    default:
      return assertNever(event.type);
  }
}
