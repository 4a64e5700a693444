import { parsePeriod } from '@app/domain';

/**
 * Unit totals at base grain: one row per contribution, that is per report, indicator and area
 * (none: `''`), at the report's own period, with its approved (last approved version) and
 * proposed value and the position of the event that last set each. On SQLite, roll-ups (quarter,
 * half, year per unit; every grain, month included, over all units) are kept beside them,
 * recomputed per batch for the groups it touched, and queries read those, or a unit's months in
 * the base rows (a phase adds up its years); see BENCHMARKS.md for why.
 */
export const UNIT_TOTALS = 'unit_totals';
/** The projection's own copy of each report's state (it must not depend on another projection). */
export const UNIT_TOTALS_REPORTS = 'unit_totals_reports';

export const programKeyOf = (programId: string | null) => programId ?? '-';

export interface ContributionRow {
  reportId: string;
  indicator: string;
  /** '' for a figure without an area. */
  areaCode: string;
  unitId: string;
  programKey: string;
  /** The report's own period. */
  period: string;
  approved: string | null;
  approvedPosition: string | null;
  /** The approved figure carries a qualifier ("gần", "hơn", ...): a total including it is qualified. */
  approvedQualified: boolean;
  proposed: string | null;
  proposedPosition: string | null;
  proposedQualified: boolean;
}

export const rowKey = (r: Pick<ContributionRow, 'reportId' | 'indicator' | 'areaCode'>) => JSON.stringify([r.reportId, r.indicator, r.areaCode]);

/**
 * Joint work: which activity a side (approved, proposed) of a figure reports, and since when (the
 * position of the event that first gave this report's figure that activity). Among the figures of
 * one activity (same ref, indicator and area, across reports and units) the earliest `since`
 * leads: its value is the one that counts.
 */
export interface JointSide {
  activityKey: string;
  since: string;
}

/**
 * A figure as its own report has it (its approved and proposed value, whatever the activity's
 * other figures are), with the activity of each side. Stored for every joint figure: the base
 * row of a figure that another partner's figure covers holds null on that side.
 */
export interface JointEntry extends ContributionRow {
  approvedJoint: JointSide | null;
  proposedJoint: JointSide | null;
}

export const activityKeyOf = (activityRef: string, indicator: string, areaCode: string) => JSON.stringify([activityRef, indicator, areaCode]);

/**
 * Amounts are exact: the value scaled by 10^6 (the largest indicator scale), split into three
 * base-10^10 limbs, each an ordinary 64-bit integer. A store sums each limb exactly (no row is
 * near 10^10, so no sum overflows below ~9·10^8 rows in one group) and the caller recombines
 * them as a BigInt. Never a float anywhere.
 */
export const AMOUNT_SCALE = 6;
const LIMB = 10_000_000_000n;

export interface Amount {
  l0: number;
  l1: number;
  l2: number;
  /** 30 digits, zero-padded: string order is numeric order (what MAX compares). */
  maxKey: string;
}

export function toAmount(value: string): Amount {
  const [int, frac = ''] = value.split('.');
  const units = BigInt(int + frac.padEnd(AMOUNT_SCALE, '0'));
  return {
    l0: Number(units % LIMB),
    l1: Number((units / LIMB) % LIMB),
    l2: Number(units / (LIMB * LIMB)),
    maxKey: units.toString().padStart(30, '0'),
  };
}

/** Canonical decimal text of a scaled sum (no trailing fractional zeros). */
export function fromLimbs(l0: bigint, l1: bigint, l2: bigint): string {
  return fromUnits(l0 + l1 * LIMB + l2 * LIMB * LIMB);
}

export function fromMaxKey(key: string): string {
  return fromUnits(BigInt(key));
}

function fromUnits(units: bigint): string {
  const digits = units.toString().padStart(AMOUNT_SCALE + 1, '0');
  const int = digits.slice(0, digits.length - AMOUNT_SCALE);
  const frac = digits.slice(digits.length - AMOUNT_SCALE).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Where a row sits in time: its year, half and quarter (null when the report is longer), and its end. */
export interface PeriodColumns {
  year: number;
  half: string | null;
  quarter: string | null;
  /** year, last month, first month: sorts by period end, then by start (comparePeriodEnds). */
  endKey: string;
}

export function periodColumns(period: string): PeriodColumns {
  const p = parsePeriod(period);
  if (!p) throw new Error(`not a period: ${period}`);
  const two = (n: number) => String(n).padStart(2, '0');
  const half = p.type === 'month' || p.type === 'quarter' || p.type === 'half' ? `${p.year}-H${Math.ceil(p.toMonth / 6)}` : null;
  const quarter = p.type === 'month' || p.type === 'quarter' ? `${p.year}-Q${Math.ceil(p.toMonth / 3)}` : null;
  return { year: p.year, half, quarter, endKey: `${p.year}${two(p.toMonth)}${two(p.fromMonth)}` };
}

/** `latest` orders by period end, then by the position of the change; the value follows a '|'. */
export const latestKey = (endKey: string, position: string, value: string) => `${endKey}${position}|${value}`;
export const valueOfLatestKey = (key: string) => key.slice(key.indexOf('|') + 1);

/** Which rows a question is about. Every field narrows; an absent one does not. */
export interface TotalsSelection {
  unitIds?: readonly string[];
  areaCodes?: readonly string[];
  indicator?: string;
  programKey?: string;
  /** One period key at any grain: rows of that period and of every period inside it. */
  period?: string;
  /** Inclusive range of years (a phase, or one year's block). */
  years?: readonly [number, number];
}

/**
 * Group rows by indicator and optionally by unit, by area code, or by period: `period` expands
 * each row into every period of its roll-up chain (month, quarter, half, year), unless the
 * selection names a period, which is then the only one.
 */
export type TotalsGroupBy = 'unit' | 'area' | 'period';

export interface AmountAggregate {
  /** Exact sum (canonical decimal), `max` and `latest` value; all null when no row had a value. */
  sum: string | null;
  max: string | null;
  latest: string | null;
  /** The keys behind max and latest, so that groups can be combined further. */
  maxKey: string | null;
  latestKey: string | null;
  /** Some figure behind the aggregate is qualified (about, nearly, over, at least). */
  qualified: boolean;
}

export const NO_AMOUNT: AmountAggregate = { sum: null, max: null, latest: null, maxKey: null, latestKey: null, qualified: false };

/**
 * `qualified: true` when the official (approved) total includes a qualified figure,
 * `proposedQualified: true` likewise; absent when the total is built from exact figures only.
 */
export function qualifiedFlags(approved: AmountAggregate, proposed: AmountAggregate): { qualified?: true; proposedQualified?: true } {
  return { ...(approved.qualified && { qualified: true as const }), ...(proposed.qualified && { proposedQualified: true as const }) };
}

/** Combines aggregates of disjoint row sets exactly. */
export function combineAmounts(parts: readonly AmountAggregate[]): AmountAggregate {
  const present = parts.filter((p) => p.sum !== null);
  if (present.length === 0) return NO_AMOUNT;
  let sum = 0n;
  let maxKey = '';
  let latestKey = '';
  for (const p of present) {
    sum += scaledOf(p.sum!);
    if (p.maxKey !== null && p.maxKey > maxKey) maxKey = p.maxKey;
    if (p.latestKey !== null && p.latestKey > latestKey) latestKey = p.latestKey;
  }
  return {
    sum: fromUnits(sum),
    max: maxKey ? fromMaxKey(maxKey) : null,
    latest: latestKey ? valueOfLatestKey(latestKey) : null,
    maxKey: maxKey || null,
    latestKey: latestKey || null,
    qualified: present.some((p) => p.qualified),
  };
}

function scaledOf(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  return BigInt(int + frac.padEnd(AMOUNT_SCALE, '0'));
}

/** The value an indicator's aggregation reports. */
export function valueFor(aggregation: 'sum' | 'max' | 'latest', a: AmountAggregate): string | null {
  return aggregation === 'sum' ? a.sum : aggregation === 'max' ? a.max : a.latest;
}

export interface TotalsGroup {
  indicator: string;
  unitId?: string;
  areaCode?: string;
  period?: string;
  approved: AmountAggregate;
  proposed: AmountAggregate;
  /** Distinct units with a row in the group. */
  units: number;
}

/** What aggregateMembers answers: one indicator's rows of the members mapped to `key`. */
export interface MemberGroup {
  indicator: string;
  key: string;
  approved: AmountAggregate;
  proposed: AmountAggregate;
}

/** The selection narrowed to the members of `by` (their area codes or unit ids), as aggregateMembers reads them. */
export function selectMembers(selection: TotalsSelection, by: 'area' | 'unit', members: ReadonlyMap<string, string>): TotalsSelection {
  return by === 'area' ? { ...selection, areaCodes: [...members.keys()] } : { ...selection, unitIds: [...members.keys()] };
}

/**
 * aggregateMembers from aggregate's groups by member: each member's groups combined into its
 * member group (exact: limb sums, max / latest keys). For a store that cannot map members itself.
 */
export function combineMembers(groups: readonly TotalsGroup[], by: 'area' | 'unit', members: ReadonlyMap<string, string>): MemberGroup[] {
  const parts = new Map<string, { indicator: string; key: string; approved: AmountAggregate[]; proposed: AmountAggregate[] }>();
  for (const g of groups) {
    const key = members.get((by === 'area' ? g.areaCode : g.unitId)!);
    if (key === undefined) continue;
    const id = JSON.stringify([g.indicator, key]);
    const p = parts.get(id) ?? { indicator: g.indicator, key, approved: [], proposed: [] };
    p.approved.push(g.approved);
    p.proposed.push(g.proposed);
    parts.set(id, p);
  }
  return [...parts.values()].map((p) => ({ indicator: p.indicator, key: p.key, approved: combineAmounts(p.approved), proposed: combineAmounts(p.proposed) }));
}

/** One stored roll-up group: a period at one grain, a unit ('*': every unit), an indicator, an area and a program ('*': all). */
export interface RollupRow {
  period: string;
  unitId: string;
  /** Distinct units in an all-units row. */
  units?: number;
  indicator: string;
  areaCode: string;
  programKey: string;
  approved: AmountAggregate;
  proposed: AmountAggregate;
}

export interface UnitBlock {
  unitId: string;
  year: number;
}

/** The storage one unit-totals build writes and queries; one adapter per store, one contract. */
export interface UnitTotalsStorage {
  prepare(): Promise<void>;
  drop(checkpointName: string): Promise<void>;
  loadReports(ids: readonly string[]): Promise<Map<string, { state: string; position: string }>>;
  loadRows(reportIds: readonly string[]): Promise<ContributionRow[]>;
  /** The joint entries of these reports, or of these activities. */
  loadJoint(by: { reportIds?: readonly string[]; activityKeys?: readonly string[] }): Promise<JointEntry[]>;
  /** The joint entries of these units in these years (a unit's own totals show its joint work apart). */
  jointIn(unitIds: readonly string[], years: readonly [number, number]): Promise<JointEntry[]>;
  /** The distinct (unit, year) pairs with joint entries, of these units (all when absent), in order: a unit whose figures are all led still has totals to show. */
  jointBlocks(unitIds: readonly string[] | undefined): Promise<UnitBlock[]>;
  /** Upserts and deletes rows and joint entries, stores report states, then the checkpoint (one transaction where the store has them). */
  commit(
    write: {
      rows: readonly ContributionRow[]; deletes: readonly ContributionRow[]; reports: readonly { id: string; state: string; position: string }[];
      joint?: { puts: readonly JointEntry[]; deletes: readonly JointEntry[] };
    },
    checkpoint: { name: string; position: string },
    /** A rebuild beside the live build defers the stored roll-ups to one rebuildRollups at the end. */
    options?: { deferRollups?: boolean },
  ): Promise<void>;
  /** Recomputes every stored roll-up from the base rows (a no-op where the store rolls up at query time). */
  rebuildRollups(): Promise<void>;
  /**
   * Groups the selected rows: exact sums, counts and distinct units always; `max` and `latest`
   * for every indicator, or (when `aggregations` is given) only where the indicator's aggregation
   * reports them (a store without $max computes them by a sorted read).
   */
  aggregate(selection: TotalsSelection, groupBy: readonly TotalsGroupBy[], aggregations?: ReadonlyMap<string, 'sum' | 'max' | 'latest'>): Promise<TotalsGroup[]>;
  /**
   * The selected rows grouped by indicator and by member group: each area code (`by` 'area') or
   * unit id ('unit') of `members` counts in the group it maps to, rows of any other are left out
   * (the members take the place of the selection's own list of that dimension). Exact as aggregate, `max` and `latest` as there; no distinct units (they do not add up
   * across members). One group per indicator and member group with rows, in no order.
   */
  aggregateMembers(selection: TotalsSelection, by: 'area' | 'unit', members: ReadonlyMap<string, string>, aggregations?: ReadonlyMap<string, 'sum' | 'max' | 'latest'>): Promise<MemberGroup[]>;
  /** Distinct years with rows, in order, strictly after `after`. */
  years(selection: TotalsSelection, after: number | null, limit: number): Promise<number[]>;
  /** Distinct (unit, year) pairs with rows, in order, strictly after `after`. */
  blocks(selection: TotalsSelection, after: UnitBlock | null, limit: number): Promise<UnitBlock[]>;
  /** The base rows a selection covers, ordered by key (report, indicator, area) after `after` (a rowKey): what a total is made of. */
  listRows(selection: TotalsSelection, after: string | null, limit: number): Promise<ContributionRow[]>;
  /** Every row, ordered by key: for equivalence tests and benchmarks. */
  dump(): Promise<ContributionRow[]>;
  /** Every joint entry, ordered by key. */
  dumpJoint(): Promise<JointEntry[]>;
  /** Every stored roll-up group, ordered by key ([] on a store that rolls up at query time). */
  dumpRollups(): Promise<RollupRow[]>;
}

/** The period-grain condition: which column a period key filters on. */
export function periodGrain(period: string): { column: 'period' | 'quarter' | 'half' | 'year'; value: string | number } {
  const p = parsePeriod(period);
  if (!p) throw new Error(`not a period: ${period}`);
  switch (p.type) {
    case 'year':
      return { column: 'year', value: p.year };
    case 'half':
      return { column: 'half', value: period };
    case 'quarter':
      return { column: 'quarter', value: period };
    case 'month':
      return { column: 'period', value: period };
  }
}
