import { parsePhase, ReportStatus, rollupChain } from '@app/domain';
import { unitTotalsFilter } from '../areas/area.queries';
import { REPORTS } from '../reports/report-view';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { UnitScope } from '../paging';
import { aggregate, Contribution } from '../unit-totals/aggregate';
import { approvedOf, loadAggregations, proposedOf } from '../unit-totals/totals.queries';
import { UNIT_TOTALS, UnitTotalsDoc } from '../unit-totals/unit-totals';
import { PERIOD_SUMMARIES, PeriodSummaryDoc, REPORT_STATUSES } from './period-summaries';

export interface SummaryIndicator {
  indicator: string;
  approved: string | null;
  proposed: string | null;
  /** Units with a value for this indicator in the period. */
  units: number;
}

export interface PeriodSummary {
  period: string;
  programId: string | null;
  indicators: SummaryIndicator[];
  reports: Record<ReportStatus, number>;
}

/**
 * A period's summary across the units in scope: sums add up, `max` takes the largest, and a
 * `latest` level is the most recent value any unit reported (levels are never added across units).
 * Report counts cover the period and every shorter period inside it.
 *
 * A phase (`2017..2021`) covers its years: sums add the years up, `max` takes the largest value
 * of any year, and `latest` the value of the latest period reported in the phase.
 *
 * `areaCodes` (the codes of an area under the current map, see expandArea) narrows the
 * indicators to figures reported against those areas; report counts are not narrowed by area
 * (a report belongs to a unit, not to an area).
 */
export async function getPeriodSummary(
  store: ReadModelStore,
  q: { period: string; programId?: string; scope: UnitScope; areaCodes?: readonly string[] },
): Promise<PeriodSummary> {
  const phase = parsePhase(q.period);
  const periods = phase ? Array.from({ length: phase.toYear - phase.fromYear + 1 }, (_, i) => String(phase.fromYear + i)) : [q.period];
  const inArea = q.areaCodes ? new Set(q.areaCodes) : null;
  const docs = await store.find<UnitTotalsDoc>(UNIT_TOTALS, unitTotalsFilter({ periods, programId: q.programId, scope: q.scope }));
  const aggregations = await loadAggregations(store);
  const byIndicator = new Map<string, { approved: Contribution[]; proposed: Contribution[]; units: Set<string> }>();
  for (const doc of docs) {
    const entries = Object.values(doc.contributions).filter((e) => !inArea || (e.areaCode !== null && inArea.has(e.areaCode)));
    if (entries.length === 0) continue;
    const acc = byIndicator.get(doc.indicator) ?? { approved: [], proposed: [], units: new Set<string>() };
    acc.approved.push(...approvedOf(doc.unitId, entries));
    acc.proposed.push(...proposedOf(doc.unitId, entries));
    acc.units.add(doc.unitId);
    byIndicator.set(doc.indicator, acc);
  }
  const indicators = [...byIndicator]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([indicator, acc]) => {
      const aggregation = aggregations.get(indicator) ?? 'sum';
      return {
        indicator,
        approved: aggregate(aggregation, acc.approved),
        proposed: aggregate(aggregation, acc.proposed),
        units: acc.units.size,
      };
    });

  const countFilter: Record<string, Condition> = { period: { in: periods } };
  if (q.programId) countFilter.programKey = q.programId;
  const reports = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
  if (q.scope === 'all') {
    for (const doc of await store.find<PeriodSummaryDoc>(PERIOD_SUMMARIES, countFilter as Filter)) {
      for (const s of REPORT_STATUSES) reports[s] += doc.reports[s] ?? 0;
    }
  } else {
    await countReportsInScope(store, periods, q.programId, q.scope, reports);
  }
  return { period: q.period, programId: q.programId ?? null, indicators, reports };
}

/** A scoped principal's counts cannot use the all-units documents; count its reports instead. */
async function countReportsInScope(
  store: ReadModelStore,
  periods: readonly string[],
  programId: string | undefined,
  scope: readonly string[],
  into: Record<ReportStatus, number>,
): Promise<void> {
  const filter: Record<string, Condition> = { unitId: { in: scope } };
  if (programId) filter.programId = programId;
  const reports = await store.find<{ _id: string; period: string; status: ReportStatus }>(REPORTS, filter as Filter);
  for (const r of reports) if (rollupChain(r.period).some((p) => periods.includes(p))) into[r.status] += 1;
}
