import { Aggregation } from '@app/domain';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { UnitScope } from '../paging';
import { IndicatorDoc, INDICATORS } from '../reference/reference';
import { aggregate, Contribution } from './aggregate';
import { ContributionEntry, UNIT_TOTALS, UnitTotalsDoc } from './unit-totals';

export interface TotalsItem {
  unitId: string;
  period: string;
  indicator: string;
  approved: string | null;
  proposed: string | null;
}

export interface TotalsQuery {
  period?: string;
  unitId?: string;
  indicator?: string;
  programId?: string;
  scope: UnitScope;
}

/** Per unit, period and indicator, across programs: official (`approved`) and `proposed` totals. */
export async function queryTotals(store: ReadModelStore, q: TotalsQuery): Promise<TotalsItem[]> {
  const docs = await store.find<UnitTotalsDoc>(UNIT_TOTALS, totalsFilter(q));
  const aggregations = await loadAggregations(store);
  const groups = new Map<string, { unitId: string; period: string; indicator: string; entries: ContributionEntry[] }>();
  for (const doc of docs) {
    const key = `${doc.unitId}|${doc.period}|${doc.indicator}`;
    const group = groups.get(key) ?? { unitId: doc.unitId, period: doc.period, indicator: doc.indicator, entries: [] };
    group.entries.push(...Object.values(doc.contributions));
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ unitId, period, indicator, entries }) => {
      const aggregation = aggregations.get(indicator) ?? 'sum';
      return {
        unitId,
        period,
        indicator,
        approved: aggregate(aggregation, approvedOf(unitId, entries)),
        proposed: aggregate(aggregation, proposedOf(unitId, entries)),
      };
    })
    .filter((item) => item.approved !== null || item.proposed !== null)
    .sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.period, b.period) || cmp(a.indicator, b.indicator));
}

export function totalsFilter(q: Omit<TotalsQuery, 'indicator'> & { indicator?: string }): Filter {
  const filter: Record<string, Condition> = {};
  if (q.period) filter.period = q.period;
  if (q.indicator) filter.indicator = q.indicator;
  if (q.programId) filter.programKey = q.programId;
  if (q.unitId) filter.unitId = q.unitId;
  else if (q.scope !== 'all') filter.unitId = { in: q.scope };
  return filter;
}

export async function loadAggregations(store: ReadModelStore): Promise<Map<string, Aggregation>> {
  const indicators = await store.find<IndicatorDoc>(INDICATORS, {});
  return new Map(indicators.map((i) => [i._id, i.aggregation]));
}

export function approvedOf(unitId: string, entries: readonly ContributionEntry[]): Contribution[] {
  return entries.flatMap((e) => (e.approved === null ? [] : [{ unitId, period: e.period, value: e.approved, position: e.approvedPosition! }]));
}

export function proposedOf(unitId: string, entries: readonly ContributionEntry[]): Contribution[] {
  return entries.flatMap((e) => (e.proposed === null ? [] : [{ unitId, period: e.period, value: e.proposed, position: e.proposedPosition! }]));
}

/**
 * One unit's totals over several units' figures, labelled with that unit: its predecessors
 * (succession) and, when asked, its subtree. `unitIds` is the resolved set; each figure counts
 * once because each report belongs to exactly one unit.
 */
export async function queryUnitRollup(
  store: ReadModelStore,
  q: { unitId: string; unitIds: readonly string[]; period?: string; indicator?: string; programId?: string },
): Promise<TotalsItem[]> {
  const filter: Record<string, Condition> = { unitId: { in: q.unitIds } };
  if (q.period) filter.period = q.period;
  if (q.indicator) filter.indicator = q.indicator;
  if (q.programId) filter.programKey = q.programId;
  const docs = await store.find<UnitTotalsDoc>(UNIT_TOTALS, filter as Filter);
  const aggregations = await loadAggregations(store);
  const groups = new Map<string, { period: string; indicator: string; approved: Contribution[]; proposed: Contribution[] }>();
  for (const doc of docs) {
    const key = `${doc.period}|${doc.indicator}`;
    const g = groups.get(key) ?? { period: doc.period, indicator: doc.indicator, approved: [], proposed: [] };
    const entries = Object.values(doc.contributions);
    g.approved.push(...approvedOf(doc.unitId, entries));
    g.proposed.push(...proposedOf(doc.unitId, entries));
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const aggregation = aggregations.get(g.indicator) ?? 'sum';
      return { unitId: q.unitId, period: g.period, indicator: g.indicator, approved: aggregate(aggregation, g.approved), proposed: aggregate(aggregation, g.proposed) };
    })
    .filter((item) => item.approved !== null || item.proposed !== null)
    .sort((a, b) => cmp(a.period, b.period) || cmp(a.indicator, b.indicator));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
