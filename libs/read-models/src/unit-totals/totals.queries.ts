import { Aggregation, parsePeriod, periodContains, rollupChain } from '@app/domain';
import { decodeCursor, encodeCursor, Page, UnitScope } from '../paging';
import { ReadModelStore } from '../read-model-store.port';
import { IndicatorDoc, INDICATORS } from '../reference/reference';
import { liveUnitTotals } from './unit-totals.projection';
import {
  AmountAggregate, combineAmounts, JointEntry, latestKey, periodColumns, qualifiedFlags, toAmount, TotalsGroup, TotalsSelection, UnitBlock, UnitTotalsStorage, valueFor,
} from './unit-totals';

export interface TotalsItem {
  unitId: string;
  period: string;
  indicator: string;
  approved: string | null;
  proposed: string | null;
  /** The official (approved) total includes a qualified figure ("hơn 8.100"); likewise the proposed one. */
  qualified?: true;
  proposedQualified?: true;
  /**
   * The part of the unit's own figures that is joint work with partner units, as the unit reported
   * it. Where another partner's figure leads the activity, this unit's figure counts there and not
   * in `approved` / `proposed`, so that the activity counts once in every total over several units.
   */
  joint?: { approved: string | null; proposed: string | null };
}

export interface TotalsQuery {
  period?: string;
  unitId?: string;
  indicator?: string;
  programId?: string;
  scope: UnitScope;
  limit: number;
  cursor?: string;
}

/** Blocks (or years) fetched per round trip while filling a page. */
const BLOCKS_PER_READ = 16;
/**
 * The first read of a page asks for one block, and each further read twice as many, up to
 * BLOCKS_PER_READ: a block is usually a page by itself (19 periods × the catalogue), so reading 16
 * at once made the unfiltered first page aggregate 16 units' years to show one (27 ms against
 * 2 ms on the 100k bench store, BENCHMARKS.md); a page of sparse blocks still takes few round trips.
 */
const FIRST_READ = 1;

/**
 * Per unit, period and indicator, across programs: official (`approved`) and `proposed` totals,
 * ordered by unit, period, indicator and paged. The store aggregates one (unit, year) block at a
 * time (a block is at most 19 periods × the catalogue), so a page never reads more than the
 * blocks it shows. Throws RangeError for a cursor this service did not issue.
 */
export async function queryTotals(store: ReadModelStore, q: TotalsQuery): Promise<Page<TotalsItem>> {
  const totals = await liveUnitTotals(store);
  const aggregations = await loadAggregations(store);
  const selection: TotalsSelection = {
    ...(q.unitId ? { unitIds: [q.unitId] } : q.scope !== 'all' ? { unitIds: q.scope } : {}),
    ...(q.period && { period: q.period }),
    ...(q.indicator && { indicator: q.indicator }),
    ...(q.programId && { programKey: q.programId }),
  };
  const after = q.cursor ? cursorKey(q.cursor, 3) : null;
  const items: TotalsItem[] = [];
  let block: UnitBlock | null = after ? { unitId: after[0], year: Number(after[1].slice(0, 4)) - 1 } : null;
  // A unit whose figures of a year are all led by a partner's has no rows there, only joint entries: their blocks join the rows'.
  const jointBlocks = (await totals.jointBlocks(selection.unitIds)).filter((b) => inYears(selection, b.year));
  // Resume at the cursor's own block (year - 1 makes `blocks` start there).
  for (let batch = FIRST_READ; items.length <= q.limit; batch = Math.min(2 * batch, BLOCKS_PER_READ)) {
    const blocks = withJointBlocks(await totals.blocks(selection, block, batch), jointBlocks, block, batch);
    if (blocks.length === 0) break;
    const read = readBlocks(totals, selection, aggregations);
    for (const b of blocks) {
      const { groups, joint: entries } = await read(b, blocks);
      const joint = jointTotals(entries, selection, aggregations);
      for (const item of sortItems(withJoint(groups.map((g) => toItem(g, b.unitId, aggregations)), joint, b.unitId))) {
        if (after && compareKeys([item.unitId, item.period, item.indicator], after) <= 0) continue;
        if (item.approved !== null || item.proposed !== null || item.joint) items.push(item);
      }
      block = b;
      if (items.length > q.limit) break;
    }
  }
  return pageOf(items, q.limit, (i) => [i.unitId, i.period, i.indicator]);
}

/**
 * Reads blocks a year at a time: the first block of a year asked for reads that year for every
 * unit of `batch` with that year in one aggregation (grouped by unit, so each block gets exactly
 * its own groups), and the blocks after it are answered from that read. One round trip per year
 * of a batch instead of one per block: a store that aggregates slowly per call (FerretDB runs a
 * pipeline per accumulator) answers the unfiltered page ~16 times sooner.
 */
function readBlocks(totals: UnitTotalsStorage, selection: TotalsSelection, aggregations: ReadonlyMap<string, Aggregation>) {
  const years = new Map<number, Promise<{ groups: TotalsGroup[]; joint: JointEntry[] }>>();
  return async (block: UnitBlock, batch: readonly UnitBlock[]): Promise<{ groups: TotalsGroup[]; joint: JointEntry[] }> => {
    let read = years.get(block.year);
    if (!read) {
      const unitIds = [...new Set(batch.filter((b) => b.year === block.year).map((b) => b.unitId))];
      const span: [number, number] = [block.year, block.year];
      read = Promise.all([totals.aggregate({ ...selection, unitIds, years: span }, ['unit', 'period'], aggregations), totals.jointIn(unitIds, span)]).then(([groups, joint]) => ({ groups, joint }));
      years.set(block.year, read);
    }
    const { groups, joint } = await read;
    return { groups: groups.filter((g) => g.unitId === block.unitId), joint: joint.filter((e) => e.unitId === block.unitId) };
  };
}

/** Is the year one the selection reads? (A block of another year would be read as the selection's period.) */
function inYears(selection: TotalsSelection, year: number): boolean {
  if (selection.years && (year < selection.years[0] || year > selection.years[1])) return false;
  return !selection.period || parsePeriod(selection.period)?.year === year;
}

const blockAfter = (a: UnitBlock, b: UnitBlock) => a.unitId > b.unitId || (a.unitId === b.unitId && a.year > b.year);

/**
 * The next blocks in order: the rows' page (`limit` asked), with the joint blocks after `from` up
 * to its last one (all of them once the rows' blocks are exhausted), each pair once.
 */
function withJointBlocks(rows: readonly UnitBlock[], joint: readonly UnitBlock[], from: UnitBlock | null, limit: number): UnitBlock[] {
  const last = rows.length === limit ? rows[rows.length - 1] : null;
  const extra = joint.filter((b) => (!from || blockAfter(b, from)) && (!last || !blockAfter(b, last)));
  const all = new Map([...rows, ...extra].map((b) => [JSON.stringify([b.unitId, b.year]), b]));
  return [...all.values()].sort((a, b) => cmp(a.unitId, b.unitId) || a.year - b.year);
}

/**
 * One unit's totals over several units' figures, labelled with that unit: its predecessors
 * (succession) and, when asked, its subtree. `unitIds` is the resolved set; each figure counts
 * once because each report belongs to exactly one unit. Paged by period and indicator.
 */
export async function queryUnitRollup(
  store: ReadModelStore,
  q: { unitId: string; unitIds: readonly string[]; period?: string; indicator?: string; programId?: string; limit: number; cursor?: string },
): Promise<Page<TotalsItem>> {
  const totals = await liveUnitTotals(store);
  const aggregations = await loadAggregations(store);
  const selection: TotalsSelection = {
    unitIds: q.unitIds,
    ...(q.period && { period: q.period }),
    ...(q.indicator && { indicator: q.indicator }),
    ...(q.programId && { programKey: q.programId }),
  };
  const jointYears = [...new Set((await totals.jointBlocks(q.unitIds)).map((b) => b.year))].filter((y) => inYears(selection, y));
  return pageByYears(totals, selection, q.limit, q.cursor, aggregations, (g) => toItem(g, q.unitId, aggregations), async (year, items) =>
    withJoint(items, jointTotals(await totals.jointIn(q.unitIds, [year, year]), selection, aggregations), q.unitId), jointYears);
}

/**
 * A unit's joint work per period and indicator, from its joint entries (few: read whole, summed
 * here exactly), each side the figure as its report has it.
 */
function jointTotals(entries: readonly JointEntry[], selection: TotalsSelection, aggregations: ReadonlyMap<string, Aggregation>): Map<string, { approved: string | null; proposed: string | null }> {
  const wanted = selection.period ? parsePeriod(selection.period) : null;
  const groups = new Map<string, { indicator: string; approved: AmountAggregate[]; proposed: AmountAggregate[] }>();
  for (const e of entries) {
    if (selection.indicator && e.indicator !== selection.indicator) continue;
    if (selection.programKey && e.programKey !== selection.programKey) continue;
    const own = parsePeriod(e.period)!;
    if (wanted && !periodContains(wanted, own)) continue;
    const periods = wanted ? [selection.period!] : rollupChain(e.period);
    const amount = (value: string | null, position: string | null, qualified: boolean): AmountAggregate[] =>
      value === null ? [] : [{ sum: value, max: value, latest: value, maxKey: toAmount(value).maxKey, latestKey: latestKey(periodColumns(e.period).endKey, position ?? '', value), qualified }];
    for (const period of periods) {
      const key = JSON.stringify([period, e.indicator]);
      const g = groups.get(key) ?? { indicator: e.indicator, approved: [], proposed: [] };
      if (e.approvedJoint) g.approved.push(...amount(e.approved, e.approvedPosition, e.approvedQualified));
      if (e.proposedJoint) g.proposed.push(...amount(e.proposed, e.proposedPosition, e.proposedQualified));
      groups.set(key, g);
    }
  }
  const out = new Map<string, { approved: string | null; proposed: string | null }>();
  for (const [key, g] of groups) {
    if (g.approved.length === 0 && g.proposed.length === 0) continue;
    const aggregation = aggregations.get(g.indicator) ?? 'sum';
    out.set(key, { approved: g.approved.length ? valueFor(aggregation, combineAmounts(g.approved)) : null, proposed: g.proposed.length ? valueFor(aggregation, combineAmounts(g.proposed)) : null });
  }
  return out;
}

/** Items with their joint part; a group whose every figure another partner leads is an item of joint work only. */
function withJoint(items: TotalsItem[], joint: ReadonlyMap<string, { approved: string | null; proposed: string | null }>, unitId: string): TotalsItem[] {
  const out = items.map((item) => {
    const j = joint.get(JSON.stringify([item.period, item.indicator]));
    return j ? { ...item, joint: j } : item;
  });
  const seen = new Set(items.map((i) => JSON.stringify([i.period, i.indicator])));
  for (const [key, j] of joint) {
    if (seen.has(key)) continue;
    const [period, indicator] = JSON.parse(key) as [string, string];
    out.push({ unitId, period, indicator, approved: null, proposed: null, joint: j });
  }
  return out;
}

/**
 * Pages groups by (period, indicator), one year of rows per aggregation: shared by the unit
 * roll-up and the area totals.
 */
export async function pageByYears<T extends { period: string; indicator: string; approved: string | null; proposed: string | null }>(
  totals: UnitTotalsStorage,
  selection: TotalsSelection,
  limit: number,
  cursor: string | undefined,
  aggregations: ReadonlyMap<string, Aggregation>,
  toItem: (g: TotalsGroup) => T,
  /** Completes a year's items (a unit's joint work) before they are ordered and paged. */
  complete: (year: number, items: T[]) => Promise<T[]> = async (_, items) => items,
  /** Years with joint entries only (a unit whose figures there are all led): read like the rows' years. */
  jointYears: readonly number[] = [],
): Promise<Page<T>> {
  const after = cursor ? cursorKey(cursor, 2) : null;
  const items: T[] = [];
  let year: number | null = after ? Number(after[0].slice(0, 4)) - 1 : null;
  while (items.length <= limit) {
    const rowYears = await totals.years(selection, year, BLOCKS_PER_READ);
    const last = rowYears.length === BLOCKS_PER_READ ? rowYears[rowYears.length - 1] : null;
    const extra = jointYears.filter((y) => (year === null || y > year) && (last === null || y <= last));
    const years = [...new Set([...rowYears, ...extra])].sort((a, b) => a - b);
    if (years.length === 0) break;
    for (const y of years) {
      const groups = await totals.aggregate({ ...selection, years: [y, y] }, ['period'], aggregations);
      const sorted = (await complete(y, groups.map(toItem))).sort((a, b) => cmp(a.period, b.period) || cmp(a.indicator, b.indicator));
      for (const item of sorted) {
        if (after && compareKeys([item.period, item.indicator], after) <= 0) continue;
        if (item.approved !== null || item.proposed !== null || 'joint' in item) items.push(item);
      }
      year = y;
      if (items.length > limit) break;
    }
  }
  return pageOf(items, limit, (i) => [i.period, i.indicator]);
}

function toItem(g: TotalsGroup, unitId: string, aggregations: Map<string, Aggregation>): TotalsItem {
  const aggregation = aggregations.get(g.indicator) ?? 'sum';
  return { unitId, period: g.period!, indicator: g.indicator, approved: valueFor(aggregation, g.approved), proposed: valueFor(aggregation, g.proposed), ...qualifiedFlags(g.approved, g.proposed) };
}

function sortItems(items: TotalsItem[]): TotalsItem[] {
  return items.sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.period, b.period) || cmp(a.indicator, b.indicator));
}

export async function loadAggregations(store: ReadModelStore): Promise<Map<string, Aggregation>> {
  const indicators = await store.find<IndicatorDoc>(INDICATORS, {});
  return new Map(indicators.map((i) => [i._id, i.aggregation]));
}

/** A cursor over composite keys: the JSON of the last item's key. */
export function cursorKey(cursor: string, length: number): string[] {
  const raw = decodeCursor(cursor);
  // The empty key is the start of every list (the single-key lists page after "" the same way),
  // and as a composite key it sorts before every real one.
  if (raw === '') return Array.from({ length }, () => '');
  let key: unknown;
  try {
    key = raw === null ? null : JSON.parse(raw);
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== length || key.some((k) => typeof k !== 'string')) throw new RangeError('cursor');
  return key as string[];
}

export function pageOf<T>(items: T[], limit: number, keyOf: (item: T) => string[]): Page<T> {
  const page = items.slice(0, limit);
  return { items: page, nextCursor: items.length > limit ? encodeCursor(JSON.stringify(keyOf(page[page.length - 1]))) : null };
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = cmp(a[i], b[i]);
    if (c) return c;
  }
  return 0;
}

export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
