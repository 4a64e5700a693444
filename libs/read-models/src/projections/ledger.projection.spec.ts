import { randomUUID } from 'node:crypto';
import { decideReport, evolveReport, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { Checkpoint, DocChange, ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { LEDGER_COLLECTIONS, LEDGER_SUBSCRIPTION, LedgerProjection } from './ledger.projection';

/** A tiny log writer: runs commands through the pure decider and records the events with positions. */
class Log {
  readonly events: RecordedEvent[] = [];
  private readonly states = new Map<string, ReportState>();

  run(reportId: string, actor: string, command: Omit<ReportCommand, 'actor' | 'at'>): this {
    const state = this.states.get(reportId) ?? initialReportState;
    const decided = decideReport({ ...command, actor, at: `2021-06-${String(this.events.length % 28 + 1).padStart(2, '0')}T00:00:00.000Z` } as ReportCommand, state);
    for (const e of decided) {
      const revision = this.events.filter((x) => x.streamId === `report-${reportId}`).length;
      this.events.push({
        ...e, id: randomUUID(), streamId: `report-${reportId}`, revision,
        position: (this.events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor, commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-06-30T00:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    this.states.set(reportId, decided.reduce((s, e) => evolveReport(s, e as ReportEvent), state));
    return this;
  }

  report(reportId: string, unitId: string, period: string, figures: Record<string, string>, approve = true): this {
    this.run(reportId, 'rep', { type: 'CreateReport', data: { reportId, unitId, programId: null, period } });
    this.setFigures(reportId, figures, null);
    this.run(reportId, 'rep', { type: 'SubmitReport', data: { reportId } });
    if (approve) this.run(reportId, 'sup', { type: 'ApproveReport', data: { reportId, comment: null } });
    return this;
  }

  setFigures(reportId: string, figures: Record<string, string | null>, reason: string | null): this {
    const list = Object.entries(figures).map(([indicator, value]) => ({ indicator, value }));
    return this.run(reportId, 'rep', { type: 'SetFigures', data: { reportId, figures: list, reason }, scales: { work_days: 0, road_km: 2, rate_pct: 2 } } as never);
  }
}

const unitRegistered = (position: number, unitId: string): RecordedEvent => ({
  id: randomUUID(), streamId: `unit-${unitId}`, revision: 0, type: 'UnitRegistered.v1',
  position: position.toString(16).padStart(16, '0'),
  data: { unitId, name: unitId, kind: 'regiment', parentId: null },
  metadata: { actor: 'admin', commandId: 'x', correlationId: 'x', causationId: 'x', recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** A sample log with every kind of change: corrections, removals, rejection, amendment, several units and periods. */
function sampleLog(): Log {
  const log = new Log()
    .report('r1', 'u1', '2021-H1', { work_days: '100', road_km: '0.1' })
    .report('r2', 'u1', '2021-Q3', { work_days: '50', road_km: '0.2', rate_pct: '36.24' })
    .report('r3', 'u2', '2021-07', { work_days: '7' }, false);
  log.run('r3', 'sup', { type: 'RejectReport', data: { reportId: 'r3', reason: 'thiếu' } });
  log.setFigures('r3', { work_days: '8', road_km: '1.5' }, 'bổ sung');
  log.run('r3', 'rep', { type: 'SubmitReport', data: { reportId: 'r3' } });
  log.run('r1', 'sup', { type: 'ReopenReport', data: { reportId: 'r1', reason: 'sai' } });
  log.setFigures('r1', { work_days: '120', road_km: null }, 'sửa');
  log.run('r1', 'rep', { type: 'SubmitReport', data: { reportId: 'r1' } });
  return log;
}

async function snapshot(store: ReadModelStore): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of LEDGER_COLLECTIONS) out[c] = await store.find(c, {}, { sort: [{ field: '_id', direction: 1 }] });
  out.checkpoint = [await store.getCheckpoint(LEDGER_SUBSCRIPTION)];
  return out;
}

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
    return { store, dispose: async () => { await store.drop([...LEDGER_COLLECTIONS], [LEDGER_SUBSCRIPTION]); await store.close(); } };
  }]);
}

describe.each(factories)('ledger projection on %s', (_, factory) => {
  let store: ReadModelStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await factory()));
  afterEach(() => dispose());

  async function fresh(): Promise<{ store: ReadModelStore; dispose: () => Promise<void> }> {
    return factory();
  }

  it('given a log, then the report, totals, summary and audit documents say what happened', async () => {
    const log = sampleLog();
    await new LedgerProjection(store).apply([unitRegistered(1000, 'u1'), ...log.events]);

    const r1 = await store.get<any>('reports', 'r1');
    expect(r1).toMatchObject({ status: 'submitted', revision: 8, approved: { revision: 4 } });
    expect(r1.approved.figures['work_days|'].value).toBe('100');
    expect(r1.figures['work_days|'].value).toBe('120');

    const year = await store.get<any>('unit_totals', 'u1|-|work_days|2021');
    expect(Object.values(year.contributions)).toEqual([
      expect.objectContaining({ reportId: 'r1', period: '2021-H1', approved: '100', proposed: '120' }),
      expect.objectContaining({ reportId: 'r2', period: '2021-Q3', approved: '50', proposed: '50' }),
    ]);
    const road = await store.get<any>('unit_totals', 'u1|-|road_km|2021-H1');
    expect(road.contributions['r1|']).toMatchObject({ approved: '0.1', proposed: null });
    expect(await store.get('unit_totals', 'u1|-|work_days|2021-Q3')).toMatchObject({ period: '2021-Q3' });
    expect(await store.get('unit_totals', 'u1|-|work_days|2021-Q1')).toBeNull();
    // A draft figure of a never-approved report is neither approved nor proposed until submitted: r3 is submitted now.
    expect((await store.get<any>('unit_totals', 'u2|-|road_km|2021-07')).contributions['r3|']).toMatchObject({ approved: null, proposed: '1.5' });

    expect(await store.get('period_summaries', '2021|-')).toMatchObject({ reports: { draft: 0, submitted: 2, approved: 1, rejected: 0, amending: 0 } });
    expect(await store.get('period_summaries', '2021-H2|-')).toMatchObject({ reports: { approved: 1, submitted: 1 } });
    expect(await store.count('audit_trail', {})).toBe(log.events.length);
    expect(await store.get('units', 'u1')).toMatchObject({ name: 'u1', parentId: null });
    expect(await store.getCheckpoint(LEDGER_SUBSCRIPTION)).toBe(log.events.at(-1)!.position);
  });

  it('every event delivered twice gives the same documents as once', async () => {
    const log = sampleLog();
    await new LedgerProjection(store).apply(log.events);
    const once = await snapshot(store);

    const twice = await fresh();
    const projection = new LedgerProjection(twice.store);
    for (const event of log.events) {
      await projection.apply([event]);
      await projection.apply([event]);
    }
    await projection.apply(log.events);
    expect(await snapshot(twice.store)).toEqual(once);
    await twice.dispose();
  });

  it('a replay from zero in any batch size gives the same documents as incremental processing', async () => {
    const log = sampleLog();
    const projection = new LedgerProjection(store);
    for (const event of log.events) await projection.apply([event]);
    const incremental = await snapshot(store);

    for (const size of [2, 5, log.events.length]) {
      const replay = await fresh();
      const p = new LedgerProjection(replay.store);
      for (let i = 0; i < log.events.length; i += size) await p.apply(log.events.slice(i, i + size));
      expect(await snapshot(replay.store)).toEqual(incremental);
      await replay.dispose();
    }
  });

  it('a batch whose commit stopped part-way (as a crash between MongoDB bulkWrites leaves it) is harmless to replay', async () => {
    const log = sampleLog();
    const batches = [log.events.slice(0, 9), log.events.slice(9, 20), log.events.slice(20)];
    const clean = await fresh();
    for (const b of batches) await new LedgerProjection(clean.store).apply(b);
    const expected = await snapshot(clean.store);
    await clean.dispose();

    // Count the changes the middle batch writes, then cut its commit after k of them, for every k.
    let total = 0;
    const counter = await fresh();
    await new LedgerProjection(counter.store).apply(batches[0]);
    await new LedgerProjection(crashingAfter(counter.store, Infinity, (n) => (total = n))).apply(batches[1]);
    await counter.dispose();
    expect(total).toBeGreaterThan(5);

    for (let k = 0; k < total; k++) {
      const crashed = await fresh();
      await new LedgerProjection(crashed.store).apply(batches[0]);
      await expect(new LedgerProjection(crashingAfter(crashed.store, k)).apply(batches[1])).rejects.toThrow('crash');
      for (const b of batches.slice(1)) await new LedgerProjection(crashed.store).apply(b);
      expect(await snapshot(crashed.store)).toEqual(expected);
      await crashed.dispose();
    }
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
