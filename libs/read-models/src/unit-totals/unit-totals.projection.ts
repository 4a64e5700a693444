import { approvedFigures, ExistingReport, Figure, proposedFigures } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { physicalName, Projection } from '../projection/projection';
import { NativeHandle, ReadModelStore } from '../read-model-store.port';
import { decodeReport, encodeReport, StoredReport } from '../reports/report-view';
import { foldReportSteps, ReportStep } from '../reports/reports.projection';
import { MongoUnitTotals } from './unit-totals.mongo';
import { SqliteUnitTotals } from './unit-totals.sqlite';
import { ContributionRow, programKeyOf, rowKey, UNIT_TOTALS, UnitTotalsStorage } from './unit-totals';

/** The storage of one build (`base` is its physical name), on whichever store is configured. */
export function openUnitTotals(native: NativeHandle, base: string): UnitTotalsStorage {
  const cache = opened.get(native.db) ?? new Map<string, UnitTotalsStorage>();
  opened.set(native.db, cache);
  let storage = cache.get(base);
  if (!storage) {
    storage = native.kind === 'sqlite' ? new SqliteUnitTotals(native.db, base) : new MongoUnitTotals(native.db, base);
    cache.set(base, storage);
  }
  return storage;
}

const opened = new WeakMap<object, Map<string, UnitTotalsStorage>>();

/** The live build's storage, as queries use it. */
export async function liveUnitTotals(store: ReadModelStore): Promise<UnitTotalsStorage> {
  return openUnitTotals(store.native, await store.resolve(UNIT_TOTALS));
}

/**
 * Unit totals: every approved and proposed contribution once, at base grain (see unit-totals.ts).
 * The projection keeps its own copy of each report's state, folds the batch's report events in
 * memory, and writes each changed row once per batch with the states and its checkpoint.
 */
export const unitTotalsProjection: Projection = {
  name: 'unit_totals',
  // 2: max / latest keys computed by the SQLite query instead of stored;
  // 3: SQLite rows clustered by (year, unit) instead of by report;
  // 4: rows say whether their figure is qualified (a_q / p_q);
  // 5: SQLite keeps roll-ups per period grain beside the base rows and queries read them.
  version: 5,
  // Not documents: the name only maps to the build's tables (`unit_totals_b3`), see liveUnitTotals.
  collections: [UNIT_TOTALS],
  open(store, ref, mode) {
    const storage = openUnitTotals(store.native, physicalName(UNIT_TOTALS, ref.build));
    const bulk = mode?.bulk ?? false;
    return {
      prepare: () => storage.prepare(),
      drop: (name) => storage.drop(name),
      apply: (events, checkpoint) => applyTotals(storage, events, checkpoint, { deferRollups: bulk }),
      // A bulk build wrote base rows only: its roll-ups are computed once, in one pass per grain.
      finish: () => (bulk ? storage.rebuildRollups() : Promise.resolve()),
      dump: async () => ({ [UNIT_TOTALS]: await storage.dump(), [`${UNIT_TOTALS}_rollups`]: await storage.dumpRollups() }),
    };
  },
};

export async function applyTotals(
  storage: UnitTotalsStorage,
  events: readonly RecordedEvent[],
  checkpoint: { name: string; position: string },
  options: { deferRollups?: boolean } = {},
): Promise<void> {
  if (events.length === 0) return;
  const { steps, finals } = await foldReportSteps(events, async (ids) => {
    const stored = await storage.loadReports(ids);
    return new Map([...stored].map(([id, s]) => [id, { state: decodeReport(JSON.parse(s.state) as StoredReport), position: s.position }]));
  });
  const touched = steps.map((step) => ({ step, keys: changedFigureKeys(step) })).filter((t) => t.keys.length > 0);
  const existing = new Map<string, ContributionRow>();
  for (const row of await storage.loadRows([...new Set(touched.map((t) => t.step.after.reportId))])) existing.set(rowKey(row), row);
  const current = new Map(existing);
  for (const { step, keys } of touched) {
    const { after, event } = step;
    const approvedNow = approvedFigures(after);
    const proposedNow = proposedFigures(after);
    for (const key of keys) {
      const id = rowKey({ reportId: after.reportId, indicator: key.indicator, areaCode: key.areaCode ?? '' });
      const previous = current.get(id);
      const approved = approvedNow[key.figureKey]?.value ?? null;
      const proposed = proposedNow[key.figureKey]?.value ?? null;
      const approvedQualified = approved !== null && approvedNow[key.figureKey]?.qualifier !== undefined;
      const proposedQualified = proposed !== null && proposedNow[key.figureKey]?.qualifier !== undefined;
      if (approved === null && proposed === null) {
        current.delete(id);
        continue;
      }
      current.set(id, {
        reportId: after.reportId, indicator: key.indicator, areaCode: key.areaCode ?? '',
        unitId: after.unitId, programKey: programKeyOf(after.programId), period: after.period,
        approved,
        approvedPosition: approved === null ? null : previous?.approved === approved ? previous.approvedPosition : event.position,
        approvedQualified,
        proposed,
        proposedPosition: proposed === null ? null : previous?.proposed === proposed ? previous.proposedPosition : event.position,
        proposedQualified,
      });
    }
  }
  const rows = [...current].filter(([id, row]) => !sameRow(existing.get(id), row)).map(([, row]) => row);
  const deletes = [...existing].filter(([id]) => !current.has(id)).map(([, row]) => row);
  const reports = [...finals].map(([id, f]) => ({ id, state: JSON.stringify(encodeReport(f.state)), position: f.position }));
  await storage.commit({ rows, deletes, reports }, checkpoint, options);
}

function sameRow(a: ContributionRow | undefined, b: ContributionRow): boolean {
  return (
    !!a && a.approved === b.approved && a.approvedPosition === b.approvedPosition && a.proposed === b.proposed && a.proposedPosition === b.proposedPosition &&
    a.approvedQualified === b.approvedQualified && a.proposedQualified === b.proposedQualified
  );
}

interface ChangedKey {
  figureKey: string;
  indicator: string;
  areaCode: string | null;
}

/** Figure keys whose approved or proposed value differs between before and after. */
function changedFigureKeys({ before, after }: ReportStep): ChangedKey[] {
  const was = (pick: (s: ExistingReport) => Record<string, Figure>) => (before.status === 'none' ? {} : pick(before));
  const pairs = [
    [was(approvedFigures), approvedFigures(after)],
    [was(proposedFigures), proposedFigures(after)],
  ];
  const changed = new Map<string, Figure>();
  for (const [then, now] of pairs) {
    for (const k of new Set([...Object.keys(then), ...Object.keys(now)])) {
      if (then[k]?.value !== now[k]?.value || then[k]?.qualifier !== now[k]?.qualifier) changed.set(k, now[k] ?? then[k]);
    }
  }
  return [...changed].map(([figureKey, f]) => ({ figureKey, indicator: f.indicator, areaCode: f.areaCode }));
}
