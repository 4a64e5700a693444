import { AreaLevel, foldName } from '@app/domain';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { Page, UnitScope } from '../paging';
import { loadAggregations, pageByYears } from '../unit-totals/totals.queries';
import { liveUnitTotals } from '../unit-totals/unit-totals.projection';
import { qualifiedFlags, TotalsSelection, valueFor } from '../unit-totals/unit-totals';
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
  const expanded = await expandAreaDocs(store, code);
  return expanded && [...expanded.keys()].sort();
}

/**
 * expandArea with the documents of the codes found. The whole map is read once (a province holds
 * a few hundred areas) and walked in memory: one read instead of two per level of the tree.
 */
export async function expandAreaDocs(store: ReadModelStore, code: string): Promise<Map<string, AreaDoc> | null> {
  const all = await store.find<AreaDoc>(AREAS, {}, { reuse: true });
  const byCode = new Map(all.map((d) => [d._id, d]));
  if (!byCode.has(code)) return null;
  const into = new Map<string, AreaDoc[]>();
  const link = (target: string | null, d: AreaDoc) => {
    if (target === null) return;
    const list = into.get(target) ?? [];
    list.push(d);
    into.set(target, list);
  };
  for (const d of all) {
    if (d.status === 'active') link(d.parentCode, d);
    link(d.successorCode, d);
  }
  const seen = new Map([[code, byCode.get(code)!]]);
  let frontier = [code];
  while (frontier.length) {
    const next: string[] = [];
    for (const c of frontier) {
      for (const d of into.get(c) ?? []) {
        if (seen.has(d._id)) continue;
        seen.set(d._id, d);
        next.push(d._id);
      }
    }
    frontier = next;
  }
  return seen;
}

export interface AreaTotalsItem {
  areaCode: string;
  period: string;
  indicator: string;
  approved: string | null;
  proposed: string | null;
  /** The official (approved) total includes a qualified figure; likewise the proposed one. */
  qualified?: true;
  proposedQualified?: true;
  /** Units with a figure in the area for this period and indicator. */
  units: number;
}

export interface AreaTotalsQuery {
  areaCode: string;
  period?: string;
  indicator?: string;
  programId?: string;
  unitIds?: readonly string[];
  scope: UnitScope;
  limit: number;
  cursor?: string;
}

/**
 * Totals of the figures reported against the area's codes (see `expandArea`), across the units
 * in scope, by period and indicator, paged; `approved` and `proposed` as for unit totals. Null
 * when the area is unknown. Throws RangeError for a cursor this service did not issue.
 */
export async function queryAreaTotals(store: ReadModelStore, q: AreaTotalsQuery): Promise<Page<AreaTotalsItem> | null> {
  const codes = await expandArea(store, q.areaCode);
  if (!codes) return null;
  const totals = await liveUnitTotals(store);
  const aggregations = await loadAggregations(store);
  const units = unitsIn(q.scope, q.unitIds);
  const selection: TotalsSelection = {
    areaCodes: codes,
    ...(units && { unitIds: units }),
    ...(q.period && { period: q.period }),
    ...(q.indicator && { indicator: q.indicator }),
    ...(q.programId && { programKey: q.programId }),
  };
  return pageByYears(totals, selection, q.limit, q.cursor, aggregations, (g) => {
    const aggregation = aggregations.get(g.indicator) ?? 'sum';
    return { areaCode: q.areaCode, period: g.period!, indicator: g.indicator, approved: valueFor(aggregation, g.approved), proposed: valueFor(aggregation, g.proposed), ...qualifiedFlags(g.approved, g.proposed), units: g.units };
  });
}

/** The units asked for, narrowed to the scope; undefined for every unit. */
export function unitsIn(scope: UnitScope, unitIds: readonly string[] | undefined): readonly string[] | undefined {
  if (scope === 'all') return unitIds;
  return unitIds ? unitIds.filter((u) => scope.includes(u)) : scope;
}
