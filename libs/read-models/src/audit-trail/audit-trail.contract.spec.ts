import { readModelStoreFactories } from '../testing/stores';
import { buildStore } from '../projection/registry';
import { checkpointName } from '../projection/projection';
import { ReadModelStore } from '../read-model-store.port';
import { AuditAction, AuditEntryDoc, AuditFilter, AuditReportDoc, AuditTrailStorage } from './audit-trail';
import { auditTrailProjection, openAuditTrail } from './audit-trail.projection';

const ref = { projection: auditTrailProjection.name, version: auditTrailProjection.version, build: 1 };
const position = (n: number) => n.toString(16).padStart(16, '0');

const reports: AuditReportDoc[] = [
  { _id: 'r1', unitId: 'u1', period: '2021-01', programId: null },
  { _id: 'r2', unitId: 'u2', period: '2021-Q1', programId: 'p1' },
  { _id: 'r3', unitId: 'u3', period: '2022', programId: null },
];

/** Entries of every shape the projection writes: optional fields present and absent, nulls, notes on figure changes only. */
function entries(): AuditEntryDoc[] {
  const out: AuditEntryDoc[] = [];
  const actions: AuditAction[] = ['created', 'figure_recorded', 'figure_corrected', 'note_changed', 'submitted', 'approved', 'rejected'];
  for (let n = 1; n <= 42; n++) {
    const report = reports[n % 3];
    const action = actions[n % actions.length];
    const figure = action.startsWith('figure') || action === 'note_changed';
    out.push({
      _id: `e-${String(100 - n).padStart(3, '0')}`,
      at: `2021-0${1 + (n % 6)}-${String(1 + (n % 27)).padStart(2, '0')}T0${n % 10}:00:00.000Z`,
      ...(n % 5 === 0 && { occurredAt: '2020-12-31T00:00:00.000Z' }),
      actor: ['rep-1', 'sup-1', 'rep-2'][(n >> 1) % 3],
      action,
      reportId: report._id,
      unitId: report.unitId,
      period: report.period,
      programId: report.programId,
      indicator: figure ? ['houses', 'road_km'][n % 2] : null,
      areaCode: figure && n % 4 === 0 ? 'xa-a' : null,
      oldValue: action === 'figure_corrected' ? '1.5' : null,
      newValue: figure ? String(n) : null,
      ...(n % 7 === 1 && { oldQualifier: 'nearly' }),
      ...(figure && n % 3 === 1 && { newQualifier: 'over' }),
      ...(figure && { note: n % 2 ? `ghi chú ${n}` : null }),
      ...(action === 'note_changed' && { oldNote: 'cũ' }),
      reason: action === 'rejected' ? 'thiếu' : null,
      comment: action === 'approved' ? 'đạt' : null,
      eventId: `e-${String(100 - n).padStart(3, '0')}`,
      eventType: figure ? 'FigureRecorded.v1' : action === 'created' ? 'ReportCreated.v1' : 'ReportSubmitted.v3',
      position: position(n * 3),
      correlationId: `c-${n}`,
    });
  }
  return out;
}

/** What every store must answer: the entries the filter admits, in position order. */
function oracle(all: readonly AuditEntryDoc[], f: AuditFilter, direction: 1 | -1, limit?: number): AuditEntryDoc[] {
  const hits = all
    .filter((e) =>
      (f.reportId === undefined || e.reportId === f.reportId) && (f.indicator === undefined || e.indicator === f.indicator) &&
      (f.actor === undefined || e.actor === f.actor) && (f.unitIds === undefined || f.unitIds.includes(e.unitId)) &&
      (f.from === undefined || e.at >= f.from) && (f.to === undefined || e.at <= f.to) &&
      (f.position === undefined || e.position === f.position) && (f.after === undefined || e.position > f.after) && (f.upTo === undefined || e.position <= f.upTo))
    .sort((a, b) => (a.position < b.position ? -direction : direction));
  return limit === undefined ? hits : hits.slice(0, limit);
}

const FILTERS: AuditFilter[] = [
  {},
  { reportId: 'r1' },
  { reportId: 'r2', indicator: 'houses' },
  { reportId: 'r2', indicator: 'houses', upTo: position(60) },
  { reportId: 'r1', position: position(9) },
  { reportId: 'r1', position: position(10) },
  { unitIds: ['u3'] },
  { unitIds: ['u1', 'u3'] },
  { unitIds: [] },
  { actor: 'sup-1' },
  { indicator: 'road_km' },
  { indicator: 'nope' },
  { from: '2021-03-01T00:00:00.000Z', to: '2021-05-15T00:00:00.000Z' },
  { from: '2021-06-01T00:00:00.000Z' },
  { after: position(30) },
  { after: position(30), upTo: position(90) },
  { unitIds: ['u2'], after: position(12), actor: 'rep-2' },
];

describe.each(readModelStoreFactories('audit'))('the audit trail storage on %s', (_backend, factory) => {
  let store: ReadModelStore;
  let dispose: () => Promise<void>;
  let storage: AuditTrailStorage;
  beforeEach(async () => {
    ({ store, dispose } = await factory());
    storage = await openAuditTrail(buildStore(store, ref, auditTrailProjection));
    await storage.prepare(false);
  });
  afterEach(async () => {
    await storage.drop(checkpointName(ref));
    await dispose();
  });

  it('gives back every entry and report as written, optional fields absent where they were, with the checkpoint', async () => {
    const all = entries();
    await storage.commit({ reports, entries: all.slice(0, 20) }, { name: checkpointName(ref), position: position(60) });
    await storage.commit({ reports: [], entries: all.slice(20) }, { name: checkpointName(ref), position: position(126) });
    const dump = await storage.dump();
    expect(dump.audit_reports).toEqual([...reports].sort((a, b) => (a._id < b._id ? -1 : 1)));
    expect(dump.audit_trail).toEqual([...all].sort((a, b) => (a._id < b._id ? -1 : 1)));
    // Absent and null are kept apart (toEqual alone treats an undefined field as absent).
    for (const [got, want] of dump.audit_trail.map((e) => [e, all.find((x) => x._id === e._id)!])) expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    expect(await store.getCheckpoint(checkpointName(ref))).toBe(position(126));
    expect(await storage.loadReports(['r2', 'r9', 'r2'])).toEqual(new Map([['r2', reports[1]]]));
  });

  it('answers every filter, in both directions and with a limit, as the oracle does', async () => {
    const all = entries();
    await storage.commit({ reports, entries: all }, { name: checkpointName(ref), position: position(126) });
    for (const filter of FILTERS) {
      for (const direction of [1, -1] as const) {
        expect([filter, direction, await storage.find(filter, direction)]).toEqual([filter, direction, oracle(all, filter, direction)]);
        expect([filter, direction, await storage.find(filter, direction, 3)]).toEqual([filter, direction, oracle(all, filter, direction, 3)]);
      }
    }
    expect(oracle(all, { reportId: 'r1', position: position(9) }, 1)).toHaveLength(1);
    expect(oracle(all, { unitIds: ['u2'], after: position(12), actor: 'rep-2' }, 1).length).toBeGreaterThan(0);
  });

  it('a replayed entry replaces the one of its event, and a replayed report its facts', async () => {
    const all = entries();
    await storage.commit({ reports, entries: all }, { name: checkpointName(ref), position: position(126) });
    const again = { ...all[4], comment: 'again' };
    await storage.commit({ reports: [reports[0]], entries: [again] }, { name: checkpointName(ref), position: position(126) });
    const dump = await storage.dump();
    expect(dump.audit_trail).toHaveLength(all.length);
    expect(dump.audit_trail.find((e) => e._id === again._id)).toEqual(again);
    expect(dump.audit_reports).toHaveLength(reports.length);
  });
});
