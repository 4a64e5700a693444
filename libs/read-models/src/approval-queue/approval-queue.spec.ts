import { randomUUID } from 'node:crypto';
import { decideReport, decideUnit, evolveReport, evolveUnit, initialReportState, initialUnitState, ReportCommand, ReportEvent, ReportState, UnitCommand, UnitState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { ReadModelStore } from '../read-model-store.port';
import { PROJECTIONS } from '../projections';
import { BuildHandle } from '../projection/replay';
import { UNITS, UnitDoc } from '../reference/reference';
import { APPROVAL_QUEUE, ApprovalQueueDoc } from './approval-queue';
import { readModelStoreFactories } from '../testing/stores';

/**
 * Report streams decided by the pure decider, with positions: a review through two levels, a
 * rejection at the second, one waiting; the unit tree's levels set, changed and cleared, and a
 * report under no program submitted with them.
 */
function levelsLog(): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const states = new Map<string, ReportState>();
  const units = new Map<string, UnitState>();
  const unit = (command: UnitCommand) => {
    const unitId = command.data.unitId;
    const state = units.get(unitId) ?? initialUnitState;
    const decided = decideUnit(command, state);
    for (const e of decided) {
      events.push({
        ...e, id: randomUUID(), streamId: `unit-${unitId}`, revision: events.filter((x) => x.streamId === `unit-${unitId}`).length,
        position: (events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor: 'admin', commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2024-12-20T00:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    units.set(unitId, decided.reduce(evolveUnit, state));
  };
  for (const [unitId, parentId] of [['prov', null], ['dist', 'prov'], ['xa', 'dist']] as const) unit({ type: 'RegisterUnit', data: { unitId, name: unitId, kind: 'party-committee', parentId } });
  const lineage = ['dist', 'prov'];
  unit({ type: 'SetUnitApprovalLevels', data: { unitId: 'dist', levels: [{ unitId: 'prov', name: 'Tỉnh' }] }, lineage });
  unit({ type: 'SetUnitApprovalLevels', data: { unitId: 'dist', levels: [{ unitId: 'dist', name: 'Huyện' }, { unitId: 'prov', name: 'Tỉnh' }] }, lineage });
  unit({ type: 'SetUnitApprovalLevels', data: { unitId: 'xa', levels: [] }, lineage: ['xa', ...lineage] });
  unit({ type: 'SetUnitApprovalLevels', data: { unitId: 'prov', levels: [{ unitId: 'prov', name: 'Tỉnh' }] }, lineage: ['prov'] });
  unit({ type: 'SetUnitApprovalLevels', data: { unitId: 'prov', levels: [] }, lineage: ['prov'] });
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
  // Under no program: the unit tree's levels (dist's), as the submit handler reads them.
  run('e', 'rep', { type: 'CreateReport', data: { reportId: 'e', unitId: 'xa', programId: null, period: '2024-05' } });
  run('e', 'rep', { type: 'SetFigures', data: { reportId: 'e', figures: [{ indicator: 'work_days', value: '3' }], reason: null }, scales: { work_days: 0 } } as never);
  run('e', 'rep', { type: 'SubmitReport', data: { reportId: 'e' }, levels: ['dist', 'prov'] } as never);
  run('e', 'huyen', { type: 'ApproveReport', data: { reportId: 'e', comment: null } });
  return events;
}

const factories = readModelStoreFactories('queue');

async function feed(store: ReadModelStore, events: RecordedEvent[], size: number): Promise<Record<string, unknown>> {
  const handles = PROJECTIONS.map((p) => new BuildHandle(store, p));
  for (let i = 0; i < events.length; i += size) for (const h of handles) await h.apply(events.slice(i, i + size));
  const out: Record<string, unknown> = {};
  for (const h of handles) out[h.projection.name] = await h.dump();
  return out;
}

describe.each(factories)('approval levels in the read models on %s', (_, factory) => {
  it('every projection replayed from zero in one batch equals the event-by-event build, levels (programs\' and the unit tree\'s) included', async () => {
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
      e: { status: 'submitted', mode: 'levels', awaitingUnitId: 'prov', approvedBy: ['huyen'] },
    });
    const unitDocs = (await new BuildHandle(store, PROJECTIONS.find((p) => p.name === 'units')!).dump())[UNITS] as UnitDoc[];
    expect(Object.fromEntries(unitDocs.map((u) => [u._id, u.approvalLevels ?? []]))).toEqual({
      prov: [], dist: [{ unitId: 'dist', name: 'Huyện' }, { unitId: 'prov', name: 'Tỉnh' }], xa: [],
    });
    await dispose();
  });
});
