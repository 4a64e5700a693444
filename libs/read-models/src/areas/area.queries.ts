import { AreaLevel, foldName } from '@app/domain';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { UnitScope } from '../paging';
import { aggregate, Contribution } from '../unit-totals/aggregate';
import { loadAggregations } from '../unit-totals/totals.queries';
import { UNIT_TOTALS, UnitTotalsDoc } from '../unit-totals/unit-totals';
import { AREAS, AreaDoc } from './areas';

export interface AreaSearch {
  /** Words to find in the name, ignoring diacritics and case: `ia lop` finds `Ia Lốp`. */
  q?: string;
  level?: AreaLevel;
  parentCode?: string;
  status?: 'active' | 'retired';
}

/**
 * Areas by level, parent and name. Level and parent are store filters; the name match runs
 * here on the folded names (the port has no text operators, and a client's words must never
 * become a query operator).
 */
export async function listAreas(store: ReadModelStore, s: AreaSearch): Promise<AreaDoc[]> {
  const filter: Record<string, Condition> = {};
  if (s.level) filter.level = s.level;
  if (s.parentCode) filter.parentCode = s.parentCode;
  if (s.status) filter.status = s.status;
  const docs = await store.find<AreaDoc>(AREAS, filter as Filter, { sort: [{ field: '_id', direction: 1 }] });
  const words = s.q ? foldName(s.q).split(' ').filter(Boolean) : [];
  if (words.length === 0) return docs;
  return docs.filter((d) => words.every((w) => d.nameFolded.includes(w)));
}

export const getArea = (store: ReadModelStore, code: string) => store.get<AreaDoc>(AREAS, code);

/**
 * Every area code whose figures count under `code` in the current map: the area, its current
 * subtree (active children, recursively), and every area retired into one of those (merge
 * sources, split sources whose default successor it is), through chains of any length. A set,
 * so no code (and no figure) is counted twice. Null when the area is unknown.
 */
export async function expandArea(store: ReadModelStore, code: string): Promise<string[] | null> {
  if (!(await getArea(store, code))) return null;
  const seen = new Set([code]);
  let frontier = [code];
  while (frontier.length) {
    const [children, predecessors] = await Promise.all([
      store.find<AreaDoc>(AREAS, { parentCode: { in: frontier }, status: 'active' }),
      store.find<AreaDoc>(AREAS, { successorCode: { in: frontier } }),
    ]);
    frontier = [];
    for (const d of [...children, ...predecessors]) {
      if (seen.has(d._id)) continue;
      seen.add(d._id);
      frontier.push(d._id);
    }
  }
  return [...seen].sort();
}

export interface AreaTotalsItem {
  areaCode: string;
  period: string;
  indicator: string;
  approved: string | null;
  proposed: string | null;
  /** Units with a figure in the area for this period and indicator. */
  units: number;
}

export interface AreaTotalsQuery {
  areaCode: string;
  period?: string;
  /** Several periods at once (a phase): one item per period. */
  periods?: readonly string[];
  indicator?: string;
  programId?: string;
  unitIds?: readonly string[];
  scope: UnitScope;
}

/**
 * Totals of the figures reported against the area's codes (see `expandArea`), across the units
 * in scope, by period and indicator; `approved` and `proposed` as for unit totals. Null when the
 * area is unknown.
 */
export async function queryAreaTotals(store: ReadModelStore, q: AreaTotalsQuery): Promise<AreaTotalsItem[] | null> {
  const codes = await expandArea(store, q.areaCode);
  if (!codes) return null;
  const inArea = new Set(codes);
  const docs = await store.find<UnitTotalsDoc>(UNIT_TOTALS, unitTotalsFilter(q));
  const aggregations = await loadAggregations(store);
  const groups = new Map<string, { period: string; indicator: string; approved: Contribution[]; proposed: Contribution[]; units: Set<string> }>();
  for (const doc of docs) {
    const entries = Object.values(doc.contributions).filter((e) => e.areaCode !== null && inArea.has(e.areaCode));
    if (entries.length === 0) continue;
    const key = `${doc.period}|${doc.indicator}`;
    const g = groups.get(key) ?? { period: doc.period, indicator: doc.indicator, approved: [], proposed: [], units: new Set<string>() };
    for (const e of entries) {
      if (e.approved !== null) g.approved.push({ unitId: doc.unitId, period: e.period, value: e.approved, position: e.approvedPosition! });
      if (e.proposed !== null) g.proposed.push({ unitId: doc.unitId, period: e.period, value: e.proposed, position: e.proposedPosition! });
    }
    g.units.add(doc.unitId);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const aggregation = aggregations.get(g.indicator) ?? 'sum';
      return { areaCode: q.areaCode, period: g.period, indicator: g.indicator, approved: aggregate(aggregation, g.approved), proposed: aggregate(aggregation, g.proposed), units: g.units.size };
    })
    .filter((i) => i.approved !== null || i.proposed !== null)
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0));
}

/** unit_totals documents for the periods, indicator, program and units asked, within the scope. */
export function unitTotalsFilter(q: { period?: string; periods?: readonly string[]; indicator?: string; programId?: string; unitIds?: readonly string[]; scope: UnitScope }): Filter {
  const filter: Record<string, Condition> = {};
  if (q.periods) filter.period = { in: q.periods };
  else if (q.period) filter.period = q.period;
  if (q.indicator) filter.indicator = q.indicator;
  if (q.programId) filter.programKey = q.programId;
  let units = q.unitIds ?? null;
  if (q.scope !== 'all') units = units ? units.filter((u) => q.scope.includes(u)) : q.scope;
  if (units) filter.unitId = { in: units };
  return filter;
}
