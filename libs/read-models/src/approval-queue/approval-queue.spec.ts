import { randomUUID } from 'node:crypto';
import { decideReport, evolveReport, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { PROJECTIONS } from '../projections';
import { BuildHandle } from '../projection/replay';
import { APPROVAL_QUEUE, ApprovalQueueDoc } from './approval-queue';

/** Report streams decided by the pure decider, with positions: a review through two levels, a rejection at the second, one waiting. */
function levelsLog(): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const states = new Map<string, ReportState>();
  const run = (reportId: string, actor: string, command: Omit<ReportCommand, 'actor' | 'at'>) => {
    const state = states.get(reportId) ?? initialReportState;
    const decided = decideReport({ ...command, actor, at: '2024-12-20T00:00:00.000Z' } as ReportCommand, state);
    for (const e of decided) {
      events.push({
        ...e, id: randomUUID(), streamId: `report-${reportId}`, revision: events.filter((x) => x.streamId === `report-${reportId}`).length,
        position: (events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor, commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2024-12-20T00:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    states.set(reportId, decided.reduce((s, e) => evolveReport(s, e as ReportEvent), state));
  };
  for (const [reportId, period] of [['a', '2024-01'], ['b', '2024-02'], ['c', '2024-03'], ['d', '2024-04']]) {
    run(reportId, 'rep', { type: 'CreateReport', data: { reportId, unitId: 'xa', programId: 'p2', period } });
    run(reportId, 'rep', { type: 'SetFigures', data: { reportId, figures: [{ indicator: 'work_days', value: '7' }], reason: null }, scales: { work_days: 0 } } as never);
    run(reportId, 'rep', { type: 'SubmitReport', data: { reportId }, levels: reportId === 'd' ? [] : ['dist', 'prov'] } as never);
  }
  run('a', 'huyen', { type: 'ApproveReport', data: { reportId: 'a', comment: null } });
  run('a', 'tinh', { type: 'ApproveReport', data: { reportId: 'a', comment: 'Đạt' } });
  run('b', 'huyen', { type: 'ApproveReport', data: { reportId: 'b', comment: null } });
  run('c', 'huyen', { type: 'ApproveReport', data: { reportId: 'c', comment: null } });
  run('c', 'tinh', { type: 'RejectReport', data: { reportId: 'c', reason: 'chưa khớp' } });
  return events;
}

const factories: [string, () => Promise<{ store: ReadModelStore; dispose: () => Promise<void> }>][] = [
  ['sqlite', async () => {
    const store = new SqliteReadModelStore({ file: ':memory:' });
    return { store, dispose: () => store.close() };
  }],
];
if (process.env.MONGODB_URI) {
  factories.push(['mongodb', async () => {
    const store = await MongoReadModelStore.connect(process.env.MONGODB_URI!, `queue_${randomUUID().slice(0, 8)}`);
    return { store, dispose: async () => { for (const p of PROJECTIONS) await new BuildHandle(store, p).drop(); await store.close(); } };
  }]);
}

async function feed(store: ReadModelStore, events: RecordedEvent[], size: number): Promise<Record<string, unknown>> {
  const handles = PROJECTIONS.map((p) => new BuildHandle(store, p));
  for (let i = 0; i < events.length; i += size) for (const h of handles) await h.apply(events.slice(i, i + size));
  const out: Record<string, unknown> = {};
  for (const h of handles) out[h.projection.name] = await h.dump();
  return out;
}

describe.each(factories)('approval levels in the read models on %s', (_, factory) => {
  it('every projection replayed from zero in one batch equals the event-by-event build, levels included', async () => {
    const events = levelsLog();
    const one = await factory();
    const incremental = await feed(one.store, events, 1);
    const all = await factory();
    expect(await feed(all.store, events, events.length)).toEqual(incremental);
    await Promise.all([one.dispose(), all.dispose()]);
  });

  it('the queue says whose approval each submitted report awaits', async () => {
    const { store, dispose } = await factory();
    await feed(store, levelsLog(), 3);
    const queue = await new BuildHandle(store, PROJECTIONS.find((p) => p.name === 'approval_queue')!).dump();
    const docs = queue[APPROVAL_QUEUE] as ApprovalQueueDoc[];
    const byId = Object.fromEntries(docs.map((d) => [d._id, { status: d.status, mode: d.mode, awaitingUnitId: d.awaitingUnitId, approvedBy: d.approvedBy }]));
    expect(byId).toEqual({
      a: { status: 'approved', mode: 'levels', awaitingUnitId: null, approvedBy: [] },
      b: { status: 'submitted', mode: 'levels', awaitingUnitId: 'prov', approvedBy: ['huyen'] },
      c: { status: 'rejected', mode: 'levels', awaitingUnitId: null, approvedBy: [] },
      d: { status: 'submitted', mode: 'single', awaitingUnitId: 'xa', approvedBy: [] },
    });
    await dispose();
  });
});
