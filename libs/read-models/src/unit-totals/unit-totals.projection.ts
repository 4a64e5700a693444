import { approvedFigures, consolidationCovers, ExistingReport, Figure, proposedFigures } from '@app/domain';
import { comparePositions, RecordedEvent } from '@app/event-store';
import { physicalName, Projection } from '../projection/projection';
import { NativeHandle, ReadModelStore } from '../read-model-store.port';
import { decodeReport, encodeReport, StoredReport } from '../reports/report-view';
import { foldReportSteps, ReportStep } from '../reports/reports.projection';
import { MongoUnitTotals } from './unit-totals.mongo';
import { SqliteUnitTotals } from './unit-totals.sqlite';
import { activityKeyOf, ContributionRow, JointEntry, JointSide, periodColumns, programKeyOf, rowKey, UNIT_TOTALS, UnitTotalsStorage } from './unit-totals';

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
  // 5: SQLite keeps roll-ups per period grain beside the base rows and queries read them;
  // 6: the reports a consolidated report covers do not count (pseudo-states track consolidations);
  // 7: joint work counts once (the activity's leading figure; the others' rows are led) and joint entries are kept;
  // 8: SQLite keeps no per-unit month roll-ups (they repeated the base rows): questions about units in a month read the base rows;
  // 9: SQLite's per-unit roll-ups are clustered by (period, indicator, area), the all-units groups' source.
  version: 9,
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
      dump: async () => ({ [UNIT_TOTALS]: await storage.dump(), [`${UNIT_TOTALS}_rollups`]: await storage.dumpRollups(), [`${UNIT_TOTALS}_joint`]: await storage.dumpJoint() }),
    };
  },
};

/** Consolidated reports the projection knows, and per unit and year its reports: pseudo-states beside the report states ('~' starts no report id). */
const CONSOLIDATIONS = '~consolidations';
const unitYearKey = (unitId: string, year: number) => `~unit:${unitId}:${year}`;

interface ConsolidationEntry {
  reportId: string;
  period: string;
  consolidates: string[];
  /** It has an approved version: the covered reports' approved figures do not count. */
  approved: boolean;
  /** It is submitted or has an approved version: the covered reports' proposed figures do not count. */
  proposed: boolean;
}

interface Coverage {
  approved: boolean;
  proposed: boolean;
}

function coverageOf(report: ExistingReport, consolidations: readonly ConsolidationEntry[]): Coverage {
  const covering = consolidations.filter((c) => consolidationCovers(c, report));
  return { approved: covering.some((c) => c.approved), proposed: covering.some((c) => c.proposed) };
}

const entryOf = (s: ExistingReport): ConsolidationEntry => ({
  reportId: s.reportId, period: s.period, consolidates: s.consolidates ?? [], approved: s.approved !== null, proposed: s.status === 'submitted' || s.approved !== null,
});

export async function applyTotals(
  storage: UnitTotalsStorage,
  events: readonly RecordedEvent[],
  checkpoint: { name: string; position: string },
  options: { deferRollups?: boolean } = {},
): Promise<void> {
  if (events.length === 0) return;
  const decode = (s: { state: string; position: string }) => ({ state: decodeReport(JSON.parse(s.state) as StoredReport), position: s.position });
  const { steps, finals } = await foldReportSteps(events, async (ids) => new Map([...(await storage.loadReports(ids))].map(([id, s]) => [id, decode(s)])));
  if (steps.length === 0) return storage.commit({ rows: [], deletes: [], reports: [] }, checkpoint, options);

  // Pseudo-states: the consolidated reports, and an index of reports per unit and year (to find what a consolidation covers).
  const pseudo = new Map<string, { state: string; position: string }>(await storage.loadReports([CONSOLIDATIONS]));
  const pseudoChanged = new Map<string, string>();
  let consolidations: ConsolidationEntry[] = pseudo.has(CONSOLIDATIONS) ? (JSON.parse(pseudo.get(CONSOLIDATIONS)!.state) as ConsolidationEntry[]) : [];
  /** Loads the unit-year indexes not held yet, in one read (an index never stored is empty). */
  const loadIndexes = async (keys: readonly string[]) => {
    const missing = [...new Set(keys)].filter((k) => !pseudo.has(k));
    if (missing.length === 0) return;
    const loaded = await storage.loadReports(missing);
    for (const key of missing) pseudo.set(key, loaded.get(key) ?? { state: '[]', position: '' });
  };
  const indexOf = async (key: string): Promise<{ reportId: string; period: string }[]> => {
    await loadIndexes([key]);
    return JSON.parse(pseudo.get(key)!.state) as { reportId: string; period: string }[];
  };
  // The indexes the batch's new reports join, all at once rather than one read each during the walk.
  await loadIndexes(steps.filter((s) => s.before.status === 'none').map((s) => unitYearKey(s.after.unitId, periodColumns(s.after.period).year)));
  const setPseudo = (key: string, value: unknown, position: string) => {
    pseudo.set(key, { state: JSON.stringify(value), position });
    pseudoChanged.set(key, position);
  };

  // Report states as the walk reaches them (the batch's own, or loaded when a consolidation touches a report outside it).
  const states = new Map<string, ExistingReport>();
  // Each figure as it counts before joint work is decided (its report's value, null on a side a
  // consolidated report covers), with its activity per side: the base row, or for joint work the
  // stored entry (whose base row another partner's figure may lead). Before the batch and now.
  const ownBefore = new Map<string, JointEntry>();
  const own = new Map<string, JointEntry>();
  const existing = new Map<string, ContributionRow>();
  const rowsLoaded = new Set<string>();
  const loadRowsOf = async (ids: readonly string[]) => {
    const fresh = ids.filter((id) => !rowsLoaded.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) rowsLoaded.add(id);
    for (const row of await storage.loadRows(fresh)) {
      existing.set(rowKey(row), row);
      ownBefore.set(rowKey(row), { ...row, approvedJoint: null, proposedJoint: null });
    }
    for (const e of await storage.loadJoint({ reportIds: fresh })) ownBefore.set(rowKey(e), e);
    const wanted = new Set(fresh);
    for (const [id, e] of ownBefore) if (wanted.has(e.reportId)) own.set(id, e);
  };
  await loadRowsOf([...new Set(steps.map((s) => s.after.reportId))]);
  const visited = new Set<string>();

  /** Sets the report's figures for the keys given, as its state and the consolidations now say, at `position`. */
  const writeOwn = (report: ExistingReport, keys: readonly ChangedKey[], position: string) => {
    const coverage = coverageOf(report, consolidations);
    const approvedNow = approvedFigures(report);
    const proposedNow = proposedFigures(report);
    for (const key of keys) {
      const areaCode = key.areaCode ?? '';
      const id = rowKey({ reportId: report.reportId, indicator: key.indicator, areaCode });
      visited.add(id);
      const previous = own.get(id);
      const a = approvedNow[key.figureKey];
      const p = proposedNow[key.figureKey];
      // A covered report's figures are in the consolidated report's: they do not count again.
      const approved = coverage.approved ? null : (a?.value ?? null);
      const proposed = coverage.proposed ? null : (p?.value ?? null);
      // The activity stays with the figure while it is covered, and keeps the position where this
      // figure first reported it (the earliest leads): a consolidation lifted gives the lead back.
      const side = (figure: Figure | undefined, was: JointSide | null | undefined): JointSide | null => {
        if (!figure?.activityRef) return null;
        const activityKey = activityKeyOf(figure.activityRef, key.indicator, areaCode);
        return { activityKey, since: was?.activityKey === activityKey ? was.since : position };
      };
      const entry: JointEntry = {
        reportId: report.reportId, indicator: key.indicator, areaCode,
        unitId: report.unitId, programKey: programKeyOf(report.programId), period: report.period,
        approved,
        approvedPosition: approved === null ? null : previous?.approved === approved ? previous.approvedPosition : position,
        approvedQualified: approved !== null && a?.qualifier !== undefined,
        proposed,
        proposedPosition: proposed === null ? null : previous?.proposed === proposed ? previous.proposedPosition : position,
        proposedQualified: proposed !== null && p?.qualifier !== undefined,
        approvedJoint: side(a, previous?.approvedJoint),
        proposedJoint: side(p, previous?.proposedJoint),
      };
      if (approved === null && proposed === null && !isJoint(entry)) own.delete(id);
      else own.set(id, entry);
    }
  };

  for (const step of steps) {
    const { after, event, before } = step;
    states.set(after.reportId, after);
    if (before.status === 'none') {
      const key = unitYearKey(after.unitId, periodColumns(after.period).year);
      const index = await indexOf(key);
      if (!index.some((r) => r.reportId === after.reportId)) setPseudo(key, [...index, { reportId: after.reportId, period: after.period }], event.position);
    }
    writeOwn(after, changedFigureKeys(step), event.position);
    if (!after.consolidates) continue;
    const entry = entryOf(after);
    const was = consolidations.find((c) => c.reportId === after.reportId);
    if (was && was.approved === entry.approved && was.proposed === entry.proposed) continue;
    consolidations = [...consolidations.filter((c) => c.reportId !== after.reportId), entry].sort((a, b) => (a.reportId < b.reportId ? -1 : 1));
    setPseudo(CONSOLIDATIONS, consolidations, event.position);
    // The reports it covers now count, or stop counting: every figure of theirs is written again.
    const year = periodColumns(after.period).year;
    const covered: string[] = [];
    for (const unitId of entry.consolidates) {
      for (const r of await indexOf(unitYearKey(unitId, year))) if (consolidationCovers(entry, { ...r, unitId })) covered.push(r.reportId);
    }
    const missing = covered.filter((id) => !states.has(id));
    for (const [id, s] of await storage.loadReports(missing)) states.set(id, decode(s).state);
    await loadRowsOf(covered);
    for (const id of covered) {
      const report = states.get(id);
      if (report) writeOwn(report, allFigureKeys(report), event.position);
    }
  }

  // Joint work: every activity a visited figure reports (before or after) is decided again, from all its figures.
  const activityKeys = new Set<string>();
  for (const id of visited) {
    for (const e of [ownBefore.get(id), own.get(id)]) {
      if (e?.approvedJoint) activityKeys.add(e.approvedJoint.activityKey);
      if (e?.proposedJoint) activityKeys.add(e.proposedJoint.activityKey);
    }
  }
  const entries = new Map<string, JointEntry>();
  for (const e of activityKeys.size ? await storage.loadJoint({ activityKeys: [...activityKeys] }) : []) entries.set(rowKey(e), e);
  for (const id of visited) {
    const e = own.get(id);
    if (isJoint(e)) entries.set(id, e);
    else entries.delete(id);
  }
  // Per side, the figure with a value that reported the activity first leads: a covered figure (null) takes no part.
  const leads = { approved: new Map<string, { id: string; since: string }>(), proposed: new Map<string, { id: string; since: string }>() };
  for (const [id, e] of entries) {
    for (const [sideName, joint, value] of [['approved', e.approvedJoint, e.approved], ['proposed', e.proposedJoint, e.proposed]] as const) {
      if (!joint || value === null) continue;
      const best = leads[sideName].get(joint.activityKey);
      if (!best || comparePositions(joint.since, best.since) < 0 || (joint.since === best.since && id < best.id)) leads[sideName].set(joint.activityKey, { id, since: joint.since });
    }
  }
  /** The base row of a figure: its values, except a side of joint work another figure of the activity leads. */
  const derive = (id: string, e: JointEntry): ContributionRow | null => {
    const led = (joint: JointSide | null, sideName: 'approved' | 'proposed') => joint !== null && leads[sideName].get(joint.activityKey)?.id !== id;
    const { approvedJoint, proposedJoint, ...row } = e;
    const out: ContributionRow = { ...row };
    if (led(approvedJoint, 'approved')) Object.assign(out, { approved: null, approvedPosition: null, approvedQualified: false });
    if (led(proposedJoint, 'proposed')) Object.assign(out, { proposed: null, proposedPosition: null, proposedQualified: false });
    return out.approved === null && out.proposed === null ? null : out;
  };
  const others = [...new Set([...entries.values()].map((e) => e.reportId).filter((r) => !rowsLoaded.has(r)))];
  for (const row of others.length ? await storage.loadRows(others) : []) existing.set(rowKey(row), row);
  const wanted = new Map<string, ContributionRow | null>();
  for (const id of visited) wanted.set(id, own.has(id) ? derive(id, own.get(id)!) : null);
  for (const [id, e] of entries) wanted.set(id, derive(id, e));
  const rows: ContributionRow[] = [];
  const deletes: ContributionRow[] = [];
  for (const [id, row] of wanted) {
    const before = existing.get(id);
    if (row && !sameRow(before, row)) rows.push(row);
    if (!row && before) deletes.push(before);
  }
  const jointPuts = [...visited].map((id) => own.get(id)).filter(isJoint).filter((e) => JSON.stringify(e) !== JSON.stringify(ownBefore.get(rowKey(e))));
  const jointDeletes = [...visited].filter((id) => isJoint(ownBefore.get(id)) && !isJoint(own.get(id))).map((id) => ownBefore.get(id)!);
  const reports = [
    ...[...finals].map(([id, f]) => ({ id, state: JSON.stringify(encodeReport(f.state)), position: f.position })),
    ...[...pseudoChanged].map(([id, position]) => ({ id, state: pseudo.get(id)!.state, position })),
  ];
  await storage.commit({ rows, deletes, reports, joint: { puts: jointPuts, deletes: jointDeletes } }, checkpoint, options);
}

const isJoint = (e: JointEntry | undefined): e is JointEntry => !!e && (e.approvedJoint !== null || e.proposedJoint !== null);

/** Every figure key of the report, approved or proposed. */
function allFigureKeys(report: ExistingReport): ChangedKey[] {
  const all = new Map<string, Figure>([...Object.entries(approvedFigures(report)), ...Object.entries(proposedFigures(report))]);
  return [...all].map(([figureKey, f]) => ({ figureKey, indicator: f.indicator, areaCode: f.areaCode }));
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
      if (then[k]?.value !== now[k]?.value || then[k]?.qualifier !== now[k]?.qualifier || then[k]?.activityRef !== now[k]?.activityRef) changed.set(k, now[k] ?? then[k]);
    }
  }
  return [...changed].map(([figureKey, f]) => ({ figureKey, indicator: f.indicator, areaCode: f.areaCode }));
}
