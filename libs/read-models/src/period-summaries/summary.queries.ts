import { ReportStatus, rollupChain } from '@app/domain';
import { REPORTS } from '../reports/report-view';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { UnitScope } from '../paging';
import { aggregate, Contribution } from '../unit-totals/aggregate';
import { approvedOf, loadAggregations, proposedOf, totalsFilter } from '../unit-totals/totals.queries';
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
 */
export async function getPeriodSummary(
  store: ReadModelStore,
  q: { period: string; programId?: string; scope: UnitScope },
): Promise<PeriodSummary> {
  const docs = await store.find<UnitTotalsDoc>(UNIT_TOTALS, totalsFilter(q));
  const aggregations = await loadAggregations(store);
  const byIndicator = new Map<string, { approved: Contribution[]; proposed: Contribution[]; units: Set<string> }>();
  for (const doc of docs) {
    const entries = Object.values(doc.contributions);
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

  const countFilter: Record<string, Condition> = { period: q.period };
  if (q.programId) countFilter.programKey = q.programId;
  const reports = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
  if (q.scope === 'all') {
    for (const doc of await store.find<PeriodSummaryDoc>(PERIOD_SUMMARIES, countFilter as Filter)) {
      for (const s of REPORT_STATUSES) reports[s] += doc.reports[s] ?? 0;
    }
  } else {
    await countReportsInScope(store, q.period, q.programId, q.scope, reports);
  }
  return { period: q.period, programId: q.programId ?? null, indicators, reports };
}

/** A scoped principal's counts cannot use the all-units documents; count its reports instead. */
async function countReportsInScope(
  store: ReadModelStore,
  period: string,
  programId: string | undefined,
  scope: readonly string[],
  into: Record<ReportStatus, number>,
): Promise<void> {
  const filter: Record<string, Condition> = { unitId: { in: scope } };
  if (programId) filter.programId = programId;
  const reports = await store.find<{ _id: string; period: string; status: ReportStatus }>(REPORTS, filter as Filter);
  for (const r of reports) if (rollupChain(r.period).includes(period)) into[r.status] += 1;
}
