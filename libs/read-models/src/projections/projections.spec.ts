import { randomUUID } from 'node:crypto';
import { RecordedEvent } from '@app/event-store';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { Checkpoint, DocChange, ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { PROJECTIONS } from '../projections';
import { BuildHandle } from '../projection/replay';
import { LiveReadModels } from '../projection/live-read-models';
import { ensureRegistered } from '../projection/registry';
import { applyTotals, openUnitTotals, unitTotalsProjection } from '../unit-totals/unit-totals.projection';
import { ContributionRow, UnitTotalsStorage } from '../unit-totals/unit-totals';
import { queryTotals, queryUnitRollup } from '../unit-totals/totals.queries';
import { getPeriodSummary } from '../period-summaries/summary.queries';
import { queryAudit } from '../audit-trail/audit.queries';
import { SqliteAuditTrail } from '../audit-trail/audit-trail.sqlite';
import { Log, sampleLog, unitRegistered } from '../testing/sample-log';

/** Every projection's build 1 on one store, fed the same batches. */
function handles(store: ReadModelStore): BuildHandle[] {
  return PROJECTIONS.map((p) => new BuildHandle(store, p));
}

async function feed(store: ReadModelStore, batches: readonly RecordedEvent[][]): Promise<void> {
  const hs = handles(store);
  for (const b of batches) for (const h of hs) await h.apply(b);
}

async function snapshot(store: ReadModelStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const h of handles(store)) out[h.projection.name] = await h.dump();
  return out;
}

describe('a bulk build on SQLite', () => {
  it('builds its secondary indexes when it finishes, not while it is fed, and its queries then use them', async () => {
    const store = new SqliteReadModelStore({ file: ':memory:' });
    const db = (store.native as { db: import('better-sqlite3').Database }).db;
    const indexes = () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[]);
    const bulk = PROJECTIONS.map((p) => new BuildHandle(store, p, 7, { bulk: true }));
    for (const b of inBatches(sampleLog().events, 5)) for (const h of bulk) await h.apply(b);
    const fed = indexes();
    expect(fed.filter((n) => n.startsWith('ix_rm_'))).toEqual([]);
    for (const h of bulk) await h.finish();
    const finished = indexes();
    expect(fed.filter((n) => n.startsWith('t_audit_trail_'))).toEqual([]);
    expect(finished).toEqual(expect.arrayContaining(['t_audit_trail_b7_report', 't_audit_trail_b7_unit', 'ix_rm_reports_b7(status)', 't_unit_totals_b7_r_unit_year']));
    const audit = new SqliteAuditTrail(db, 'audit_trail_b7');
    expect(audit.explainFind({ reportId: 'r1' }, 1, 5).join(' ')).toMatch(/USING INDEX t_audit_trail_b7_report \(report_id=\?\)/);
    expect(audit.explainFind({}, 1, 5).join(' ')).toMatch(/^SCAN t_audit_trail_b7$/);
    const totals = openUnitTotals(store.native, 'unit_totals_b7') as import('../unit-totals/unit-totals.sqlite').SqliteUnitTotals;
    expect(totals.explainAggregate({ unitIds: ['u1'], years: [2021, 2021] }, ['unit', 'period']).join(' ')).toMatch(/t_unit_totals_b7_r_unit_year/);
    await store.close();
  });
});

const inBatches = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

type Factory = () => Promise<{ store: ReadModelStore; dispose: () => Promise<void> }>;
const factories: [string, Factory][] = [
  ['sqlite', async () => {
    const store = new SqliteReadModelStore({ file: ':memory:' });
    return { store, dispose: () => store.close() };
  }],
];
if (process.env.MONGODB_URI) {
  factories.push(['mongodb', async () => {
    const db = `proj_${randomUUID().slice(0, 8)}`;
    const store = await MongoReadModelStore.connect(process.env.MONGODB_URI!, db);
    return { store, dispose: async () => { for (const h of handles(store)) await h.drop(); await store.close(); } };
  }]);
}

describe.each(factories)('projections on %s', (backend, factory) => {
  let store: ReadModelStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await factory()));
  afterEach(() => dispose());

  const fresh = () => factory();

  it('given a log, then reports, totals, summaries and the audit trail say what happened', async () => {
    const log = sampleLog();
    const events = [unitRegistered(1000, 'u1'), ...log.events].sort((a, b) => (a.position < b.position ? -1 : 1));
    await ensureRegistered(store, PROJECTIONS);
    await feed(store, [events]);
    const live = new LiveReadModels(store, PROJECTIONS);

    const r1 = await live.get<any>('reports', 'r1');
    expect(r1).toMatchObject({ status: 'submitted', revision: 8, approved: { revision: 4 } });
    expect(r1.approved.figures).toEqual([expect.objectContaining({ indicator: 'work_days', areaCode: null, value: '100' }), expect.objectContaining({ indicator: 'road_km', value: '0.1' })]);
    expect(r1.figures).toEqual([expect.objectContaining({ indicator: 'work_days', value: '120' })]);

    const u1 = await queryUnitRollup(live, { unitId: 'u1', unitIds: ['u1'], period: '2021', indicator: 'work_days', limit: 50 });
    // r1 (2021-H1): approved 100, proposed 120 (submitted amendment); r2 (2021-Q3): 50 and 50.
    expect(u1.items).toEqual([{ unitId: 'u1', period: '2021', indicator: 'work_days', approved: '150', proposed: '170' }]);
    const h1road = await queryUnitRollup(live, { unitId: 'u1', unitIds: ['u1'], period: '2021-H1', indicator: 'road_km', limit: 50 });
    expect(h1road.items).toEqual([{ unitId: 'u1', period: '2021-H1', indicator: 'road_km', approved: '0.1', proposed: null }]);
    expect((await queryUnitRollup(live, { unitId: 'u1', unitIds: ['u1'], period: '2021-Q1', indicator: 'work_days', limit: 50 })).items).toEqual([]);
    // A draft figure is neither approved nor proposed until submitted: r3 is submitted now.
    const u2 = await queryTotals(live, { unitId: 'u2', period: '2021-07', scope: 'all', limit: 50 });
    expect(u2.items).toEqual([
      { unitId: 'u2', period: '2021-07', indicator: 'road_km', approved: null, proposed: '1.5' },
      { unitId: 'u2', period: '2021-07', indicator: 'work_days', approved: null, proposed: '8' },
    ]);
    // Every period of every chain, paged: month → quarter → half → year.
    const all = await queryTotals(live, { scope: 'all', limit: 200 });
    expect(all.items.filter((i) => i.unitId === 'u2' && i.indicator === 'work_days').map((i) => i.period)).toEqual(['2021', '2021-07', '2021-H2', '2021-Q3']);
    const pages: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryTotals(live, { scope: 'all', limit: 3, cursor });
      pages.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(all.items);

    const summary = await getPeriodSummary(live, { period: '2021', scope: 'all' });
    expect(summary.reports).toEqual({ draft: 0, submitted: 2, approved: 1, rejected: 0, amending: 0 });
    expect(summary.indicators.find((i) => i.indicator === 'work_days')).toEqual({ indicator: 'work_days', approved: '150', proposed: '178', units: 2 });
    expect((await queryAudit(live, { scope: 'all', limit: 200 })).items).toHaveLength(log.events.length);
    expect(await live.get('units', 'u1')).toMatchObject({ name: 'u1', parentId: null });
    expect(await live.position(true)).toBe(events.at(-1)!.position);
  });

  it('every event delivered twice gives the same rows as once', async () => {
    const log = sampleLog();
    await feed(store, [log.events]);
    const once = await snapshot(store);

    const twice = await fresh();
    for (const h of handles(twice.store)) {
      for (const event of log.events) {
        await h.applyRaw([event]);
        await h.applyRaw([event]);
      }
      await h.applyRaw(log.events);
    }
    expect(await snapshot(twice.store)).toEqual(once);
    await twice.dispose();
  });

  it('a replay from zero in any batch size gives the same rows as incremental processing (batch 1)', async () => {
    const log = sampleLog();
    await feed(store, inBatches(log.events, 1));
    const incremental = await snapshot(store);
    for (const size of [2, 5, log.events.length]) {
      const replay = await fresh();
      await feed(replay.store, inBatches(log.events, size));
      expect(await snapshot(replay.store)).toEqual(incremental);
      await replay.dispose();
    }
  });

  it('a bulk rebuild (what npm run rebuild feeds: derived rows deferred, then finished) gives the same rows as batch 1', async () => {
    const log = sampleLog();
    await feed(store, inBatches(log.events, 1));
    const incremental = await snapshot(store);
    // Stored roll-ups are SQLite's; MongoDB groups the base rows at query time and stores none.
    const rollups = (incremental.unit_totals as Record<string, unknown[]>).unit_totals_rollups;
    if (backend === 'sqlite') expect(rollups.length).toBeGreaterThan(0);
    else expect(rollups).toEqual([]);
    for (const size of [3, log.events.length]) {
      const rebuilt = await fresh();
      const bulk = PROJECTIONS.map((p) => new BuildHandle(rebuilt.store, p, 1, { bulk: true }));
      for (const b of inBatches(log.events, size)) for (const h of bulk) await h.apply(b);
      for (const h of bulk) await h.finish();
      expect(await snapshot(rebuilt.store)).toEqual(incremental);
      await rebuilt.dispose();
    }
  });

  it('a document batch whose commit stopped part-way (a crash between MongoDB bulkWrites) is harmless to replay', async () => {
    const log = sampleLog();
    const batches = [log.events.slice(0, 9), log.events.slice(9, 20), log.events.slice(20)];
    const clean = await fresh();
    await feed(clean.store, batches);
    const expected = await snapshot(clean.store);
    await clean.dispose();

    for (const projection of PROJECTIONS.filter((p) => p !== unitTotalsProjection)) {
      let total = 0;
      const counter = await fresh();
      await new BuildHandle(counter.store, projection).apply(batches[0]);
      await new BuildHandle(crashingAfter(counter.store, Infinity, (n) => (total = n)), projection).apply(batches[1]);
      await counter.dispose();
      for (let k = 0; k < total; k++) {
        const crashed = await fresh();
        await feed(crashed.store, [batches[0]]);
        await expect(new BuildHandle(crashingAfter(crashed.store, k), projection).apply(batches[1])).rejects.toThrow('crash');
        await feed(crashed.store, batches.slice(1));
        expect(await snapshot(crashed.store)).toEqual(expected);
        await crashed.dispose();
      }
    }
  }, 180_000);

  it('a unit-totals batch whose rows were written without its states and checkpoint replays to the same rows', async () => {
    const log = sampleLog();
    const batches = [log.events.slice(0, 9), log.events.slice(9, 20), log.events.slice(20)];
    const clean = await fresh();
    await feed(clean.store, batches);
    const expected = (await snapshot(clean.store)).unit_totals;
    await clean.dispose();

    const totals = new BuildHandle(store, unitTotalsProjection);
    await totals.apply(batches[0]);
    const storage = openUnitTotals(store.native, 'unit_totals_b1');
    const rowsOnly: UnitTotalsStorage = Object.create(storage, {
      commit: {
        value: async (write: { rows: ContributionRow[]; deletes: ContributionRow[] }) => {
          await storage.commit({ rows: write.rows, deletes: write.deletes, reports: [] }, { name: totals.checkpointName, position: batches[0].at(-1)!.position });
          throw new Error('crash');
        },
      },
    });
    await expect(applyTotals(rowsOnly, batches[1], { name: totals.checkpointName, position: batches[1].at(-1)!.position })).rejects.toThrow('crash');
    for (const b of batches.slice(1)) await totals.apply(b);
    expect(await totals.dump()).toEqual(expected);
  });
});

/** Writes the first `k` changes of a commit in order and no checkpoint, then fails, like a process killed between bulkWrites. */
function crashingAfter(store: ReadModelStore, k: number, count?: (n: number) => void): ReadModelStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'commit') return Reflect.get(target, prop, receiver);
      return async (changes: readonly DocChange[], checkpoint?: Checkpoint) => {
        count?.(changes.length);
        if (k >= changes.length) return target.commit(changes, checkpoint);
        if (k > 0) await target.commit(changes.slice(0, k));
        throw new Error('crash');
      };
    },
  });
}
