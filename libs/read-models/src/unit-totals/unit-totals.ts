import { Doc } from '../read-model-store.port';

export const UNIT_TOTALS = 'unit_totals';

/** One contribution of one report (and area) to a unit's total for one period. */
export interface ContributionEntry {
  reportId: string;
  areaCode: string | null;
  /** The period the report covers: a month contributes to its quarter, half and year docs. */
  period: string;
  approved: string | null;
  approvedPosition: string | null;
  proposed: string | null;
  proposedPosition: string | null;
}

/**
 * A unit's figures for one indicator, one period and one program (`-` for none). The document
 * keeps every contribution rather than a running total, so `max` and `latest` stay exact when an
 * amendment lowers a value, and a replay is a set, not an increment.
 */
export interface UnitTotalsDoc extends Doc {
  unitId: string;
  programKey: string;
  indicator: string;
  period: string;
  contributions: Record<string, ContributionEntry>;
  position: string;
}

export const programKeyOf = (programId: string | null) => programId ?? '-';

export const unitTotalsId = (unitId: string, programKey: string, indicator: string, period: string) =>
  `${unitId}|${programKey}|${indicator}|${period}`;
