import { Aggregation } from '@app/domain';
import { AuditEntryDoc } from '../audit-trail/audit-trail';
import { openAuditTrail } from '../audit-trail/audit-trail.projection';
import { decodeCursor, encodeCursor } from '../paging';
import { ReadModelStore } from '../read-model-store.port';
import { loadAggregations } from './totals.queries';
import { liveUnitTotals } from './unit-totals.projection';
import { combineAmounts, ContributionRow, latestKey, periodColumns, qualifiedFlags, rowKey, toAmount, TotalsSelection, valueFor } from './unit-totals';

/** An event as the audit trail has it: enough to find it in the log and to say who did what, when and why. */
export interface EventRef {
  eventId: string;
  type: string;
  position: string;
  recordedAt: string;
  occurredAt?: string;
  actor: string;
  reason: string | null;
  comment: string | null;
}

export interface ContributionSide {
  value: string;
  qualifier?: string;
  /** For `max` and `latest`: this contribution's value is the total's. */
  wins?: true;
  /** The figure change that set this value (recorded or corrected). */
  event: EventRef | null;
  /** The act that put it in this total: the approval (approved side) or the submission (proposed side). */
  decidedBy: EventRef | null;
}

export interface Contribution {
  reportId: string;
  unitId: string;
  period: string;
  areaCode: string | null;
  approved: ContributionSide | null;
  proposed: ContributionSide | null;
}

export interface Explanation {
  unitId: string;
  period: string;
  indicator: string;
  aggregation: Aggregation;
  approved: string | null;
  proposed: string | null;
  qualified?: true;
  proposedQualified?: true;
  items: Contribution[];
  nextCursor: string | null;
}

export interface ExplainQuery {
  unitId: string;
  /** The units whose figures count as `unitId`'s (predecessors, and with descendants its subtree), resolved by the caller. */
  unitIds: readonly string[];
  period: string;
  indicator: string;
  /** The area's codes under the current boundary map (resolved by the caller); absent: every area. */
  areaCodes?: readonly string[];
  programId?: string;
  limit: number;
  cursor?: string;
}

const FIGURE_ACTIONS = new Set(['figure_recorded', 'figure_corrected']);

/**
 * What a total is made of: the base rows of unit_totals it sums (each with the events that set its
 * value, from the audit trail), in key order and paged, beside the total computed as /api/totals
 * computes it. The contributions' sum is the total (for `sum`); for `max` and `latest` the winning
 * contribution is marked. A report that a consolidated report covers holds no value in its rows, so it
 * does not appear. Throws RangeError for a foreign cursor.
 */
export async function explainTotal(store: ReadModelStore, q: ExplainQuery): Promise<Explanation> {
  const totals = await liveUnitTotals(store);
  const aggregation = (await loadAggregations(store)).get(q.indicator) ?? 'sum';
  const selection: TotalsSelection = {
    unitIds: q.unitIds, period: q.period, indicator: q.indicator,
    ...(q.areaCodes && { areaCodes: q.areaCodes }), ...(q.programId && { programKey: q.programId }),
  };
  let after: string | null = null;
  if (q.cursor) {
    after = decodeCursor(q.cursor);
    if (after === null || !isRowKey(after)) throw new RangeError('cursor');
  }
  const groups = await totals.aggregate(selection, [], new Map([[q.indicator, aggregation]]));
  const approved = combineAmounts(groups.map((g) => g.approved));
  const proposed = combineAmounts(groups.map((g) => g.proposed));
  const rows = await totals.listRows(selection, after, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const items: Contribution[] = [];
  for (const row of page) {
    items.push({
      reportId: row.reportId, unitId: row.unitId, period: row.period, areaCode: row.areaCode || null,
      approved: await side(store, row, 'approved', aggregation, approved.maxKey, approved.latestKey),
      proposed: await side(store, row, 'proposed', aggregation, proposed.maxKey, proposed.latestKey),
    });
  }
  return {
    unitId: q.unitId, period: q.period, indicator: q.indicator, aggregation,
    approved: valueFor(aggregation, approved), proposed: valueFor(aggregation, proposed), ...qualifiedFlags(approved, proposed),
    items,
    nextCursor: rows.length > q.limit ? encodeCursor(rowKey(page[page.length - 1])) : null,
  };
}

function isRowKey(text: string): boolean {
  try {
    const key = JSON.parse(text) as unknown;
    return Array.isArray(key) && key.length === 3 && key.every((k) => typeof k === 'string');
  } catch {
    return false;
  }
}

async function side(
  store: ReadModelStore, row: ContributionRow, which: 'approved' | 'proposed', aggregation: Aggregation, maxKey: string | null, winningLatest: string | null,
): Promise<ContributionSide | null> {
  const value = row[which];
  const position = which === 'approved' ? row.approvedPosition : row.proposedPosition;
  if (value === null || position === null) return null;
  const wins =
    (aggregation === 'max' && toAmount(value).maxKey === maxKey) ||
    (aggregation === 'latest' && latestKey(periodColumns(row.period).endKey, position, value) === winningLatest);
  // The report's figure changes up to the position this side stands at; the last one that gave it this value set it.
  const audit = await openAuditTrail(store);
  const trail = await audit.find({ reportId: row.reportId, indicator: row.indicator, upTo: position }, -1);
  const figure = trail.find((e) => FIGURE_ACTIONS.has(e.action) && (e.areaCode ?? '') === row.areaCode && e.newValue === value) ?? null;
  const decided = (await audit.find({ reportId: row.reportId, position }, 1))[0] ?? null;
  return {
    value,
    ...(figure?.newQualifier && { qualifier: figure.newQualifier }),
    ...(wins && { wins: true as const }),
    event: figure && eventRef(figure),
    decidedBy: decided && eventRef(decided),
  };
}

function eventRef(e: AuditEntryDoc): EventRef {
  return {
    eventId: e.eventId, type: e.eventType, position: e.position, recordedAt: e.at, ...(e.occurredAt && { occurredAt: e.occurredAt }),
    actor: e.actor, reason: e.reason, comment: e.comment,
  };
}

