import { Aggregation, approvedFigures, AreaLevel, consolidationCovers, Figure, proposedFigures } from '@app/domain';
import { AreaDoc, AREAS } from '../areas/areas';
import { expandAreaDocs, unitsIn } from '../areas/area.queries';
import { Page, UnitScope } from '../paging';
import { ReadModelStore } from '../read-model-store.port';
import { listUnits, predecessorsOf, subtreeOf } from '../reference/reference.queries';
import { cmp, cursorKey, loadAggregations, pageOf } from './totals.queries';
import { liveUnitTotals } from './unit-totals.projection';
import { decodeReport, REPORTS, ReportViewDoc } from '../reports/report-view';
import { AmountAggregate, combineAmounts, latestKey, NO_AMOUNT, periodColumns, qualifiedFlags, toAmount, TotalsSelection, valueFor } from './unit-totals';

export interface BreakdownRow {
  /** The child area's code (by area) or the child unit's id (by unit). */
  key: string;
  name: string;
  approved: string | null;
  proposed: string | null;
  qualified?: true;
  proposedQualified?: true;
  /**
   * By unit: the child's figures that a consolidated report covers (its reports of the period):
   * counted in the consolidated report's row, so neither in this row nor again in the total.
   */
  included?: { approved: string | null; proposed: string | null; in: string[] };
}

export interface Breakdown extends Page<BreakdownRow> {
  period: string;
  indicator: string;
  by: 'area' | 'unit';
  /** Over every row of every page: for `sum` indicators the sum of the rows. */
  total: { approved: string | null; proposed: string | null; qualified?: true; proposedQualified?: true };
}

export interface BreakdownQuery {
  period: string;
  indicator: string;
  by: 'area' | 'unit';
  areaCode?: string;
  /** By area: the level of the rows (district, commune); default: the area's direct children. */
  level?: AreaLevel;
  unitId?: string;
  scope: UnitScope;
  limit: number;
  cursor?: string;
}

/**
 * One row per child of an area (under the current boundary map, at the asked level) or of a
 * unit, each with `approved` and `proposed`, and a total row; rows ordered by key and paged.
 * A child area counts its current subtree and every area retired into it; a child unit counts
 * its subtree and its predecessors; a unit's own figures are the row keyed by the unit itself.
 * Null when the area or unit is unknown. Throws RangeError for a foreign cursor.
 */
export async function queryBreakdown(store: ReadModelStore, q: BreakdownQuery): Promise<Breakdown | null> {
  const children = q.by === 'area' ? await areaChildren(store, q.areaCode!, q.level) : await unitChildren(store, q.unitId!, q.scope);
  if (!children) return null;
  const totals = await liveUnitTotals(store);
  const aggregation = (await loadAggregations(store)).get(q.indicator) ?? 'sum';
  const only = new Map([[q.indicator, aggregation]]);
  const after = q.cursor ? cursorKey(q.cursor, 1)[0] : null;
  const keys = [...children.members.keys()].sort(cmp);
  const pageKeys = keys.filter((k) => after === null || k > after).slice(0, q.limit + 1);
  const units = q.by === 'area' ? unitsIn(q.scope, undefined) : undefined;
  const selection: TotalsSelection = { period: q.period, indicator: q.indicator, ...(units && { unitIds: units }) };
  // Each member (an area code, a unit id) counts in one child (the last that lists it); the store groups them so.
  const membersOf = (ks: readonly string[]) => new Map(ks.flatMap((k) => children.members.get(k)!.map((m): [string, string] => [m, k])));
  const groups = pageKeys.length ? await totals.aggregateMembers(selection, q.by, membersOf(pageKeys), only) : [];
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const rows: BreakdownRow[] = pageKeys.map((key) => {
    const g = byKey.get(key);
    const approved = g?.approved ?? NO_AMOUNT;
    const proposed = g?.proposed ?? NO_AMOUNT;
    return {
      key,
      name: children.names.get(key) ?? key,
      approved: g ? valueFor(aggregation, approved) : null,
      proposed: g ? valueFor(aggregation, proposed) : null,
      ...qualifiedFlags(approved, proposed),
    };
  });
  // The total combines every child's group exactly (limb sums, max / latest keys): each member
  // once, as it counts in one child. A page holding every key (the usual case: a province's districts, a
  // committee's units) already read them all.
  const childGroups = pageKeys.length === keys.length ? groups : await totals.aggregateMembers(selection, q.by, membersOf(keys), only);
  const all = childGroups.length
    ? { approved: combineAmounts(childGroups.map((g) => g.approved)), proposed: combineAmounts(childGroups.map((g) => g.proposed)) }
    : undefined;
  if (q.by === 'unit') {
    const included = await includedByChild(store, q, aggregation, new Map(pageKeys.map((k) => [k, children.members.get(k)!])));
    for (const row of rows) if (included.has(row.key)) row.included = included.get(row.key);
  }
  const page = pageOf(rows, q.limit, (r) => [r.key]);
  return {
    period: q.period,
    indicator: q.indicator,
    by: q.by,
    ...page,
    total: {
      approved: all ? valueFor(aggregation, all.approved) : null,
      proposed: all ? valueFor(aggregation, all.proposed) : null,
      ...(all && qualifiedFlags(all.approved, all.proposed)),
    },
  };
}

interface Children {
  /** Child key → the area codes or unit ids whose figures count in it. */
  members: Map<string, string[]>;
  names: Map<string, string>;
}

async function areaChildren(store: ReadModelStore, areaCode: string, level: AreaLevel | undefined): Promise<Children | null> {
  const docs = await expandAreaDocs(store, areaCode);
  if (!docs) return null;
  const codes = [...docs.keys()].sort();
  const isChild = (d: AreaDoc) => d._id !== areaCode && d.status === 'active' && (level ? d.level === level : d.parentCode === areaCode);
  const childCodes = new Set([...docs.values()].filter(isChild).map((d) => d._id));
  const members = new Map<string, string[]>([...childCodes].map((c) => [c, []]));
  // Each code counts in the child it now lies under: follow successions to an active area, then parents.
  for (const code of codes) {
    let c: string | null = code;
    const seen = new Set<string>();
    while (c && !seen.has(c)) {
      seen.add(c);
      if (childCodes.has(c)) {
        members.get(c)!.push(code);
        break;
      }
      const d = docs.get(c);
      if (!d) break;
      c = d.status === 'retired' && d.successorCode ? d.successorCode : d.parentCode;
    }
  }
  return { members, names: new Map([...childCodes].map((c) => [c, docs.get(c)!.name])) };
}

async function unitChildren(store: ReadModelStore, unitId: string, scope: UnitScope): Promise<Children | null> {
  const units = await listUnits(store);
  if (!units.some((u) => u._id === unitId)) return null;
  const visible = (u: string) => scope === 'all' || scope.includes(u);
  const own = predecessorsOf(units, unitId);
  const ownSet = new Set(own);
  const members = new Map<string, string[]>([[unitId, own.filter(visible)]]);
  for (const child of units.filter((u) => u.parentId !== null && ownSet.has(u.parentId) && !u.successorId && visible(u._id))) {
    members.set(child._id, subtreeOf(units, predecessorsOf(units, child._id)).filter(visible));
  }
  return { members, names: new Map(units.filter((u) => members.has(u._id)).map((u) => [u._id, u.name])) };
}

/**
 * By unit: the figures of each child's reports that an approved (or, for `proposed`, a submitted)
 * consolidated report covers. They count in the consolidated report's row, not in the total again;
 * the child's row shows them as `included`, with the consolidated reports they are in.
 */
async function includedByChild(
  store: ReadModelStore,
  q: { period: string; indicator: string },
  aggregation: Aggregation,
  members: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, NonNullable<BreakdownRow['included']>>> {
  const reports = (await store.find<ReportViewDoc>(REPORTS, { period: q.period })).map(({ _id, position, updatedAt, ...stored }) => ({ ...decodeReport(stored), position }));
  const consolidations = reports.filter((r) => r.consolidates !== null);
  const out = new Map<string, NonNullable<BreakdownRow['included']>>();
  if (consolidations.length === 0) return out;
  const amounts = (figures: Record<string, Figure>, position: string): AmountAggregate[] =>
    Object.values(figures)
      .filter((f) => f.indicator === q.indicator)
      .map((f) => ({ sum: f.value, max: null, latest: null, maxKey: toAmount(f.value).maxKey, latestKey: latestKey(periodColumns(q.period).endKey, position, f.value), qualified: f.qualifier !== undefined }));
  for (const [key, units] of members) {
    const approved: AmountAggregate[] = [];
    const proposed: AmountAggregate[] = [];
    const within = new Set<string>();
    for (const r of reports.filter((x) => units.includes(x.unitId))) {
      const covering = consolidations.filter((c) => consolidationCovers(c, r));
      const byApproved = covering.filter((c) => c.approved !== null);
      const byProposed = covering.filter((c) => c.status === 'submitted' || c.approved !== null);
      if (byApproved.length) approved.push(...amounts(approvedFigures(r), r.position));
      if (byProposed.length) proposed.push(...amounts(proposedFigures(r), r.position));
      for (const c of byProposed) within.add(c.reportId);
    }
    if (!approved.length && !proposed.length) continue;
    out.set(key, { approved: valueFor(aggregation, combineAmounts(approved)), proposed: valueFor(aggregation, combineAmounts(proposed)), in: [...within].sort() });
  }
  return out;
}
