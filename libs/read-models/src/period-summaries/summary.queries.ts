import { parsePhase, ReportStatus, rollupChain } from '@app/domain';
import { unitsIn } from '../areas/area.queries';
import { REPORTS } from '../reports/report-view';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { UnitScope } from '../paging';
import { loadAggregations } from '../unit-totals/totals.queries';
import { liveUnitTotals } from '../unit-totals/unit-totals.projection';
import { qualifiedFlags, valueFor } from '../unit-totals/unit-totals';
import { PERIOD_SUMMARIES, PeriodSummaryDoc, REPORT_STATUSES } from './period-summaries';

export interface SummaryIndicator {
  indicator: string;
  approved: string | null;
  proposed: string | null;
  /** The official (approved) total includes a qualified figure ("gần 4.400"); likewise the proposed one. */
  qualified?: true;
  proposedQualified?: true;
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
  const totals = await liveUnitTotals(store);
  const aggregations = await loadAggregations(store);
  const units = unitsIn(q.scope, undefined);
  const groups = await totals.aggregate(
    {
      ...(phase ? { years: [phase.fromYear, phase.toYear] as const } : { period: q.period }),
      ...(q.programId && { programKey: q.programId }),
      ...(units && { unitIds: units }),
      ...(q.areaCodes && { areaCodes: q.areaCodes }),
    },
    [],
    aggregations,
  );
  const indicators = groups
    .sort((a, b) => (a.indicator < b.indicator ? -1 : 1))
    .map((g) => {
      const aggregation = aggregations.get(g.indicator) ?? 'sum';
      return { indicator: g.indicator, approved: valueFor(aggregation, g.approved), proposed: valueFor(aggregation, g.proposed), ...qualifiedFlags(g.approved, g.proposed), units: g.units };
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
