import { randomUUID } from 'node:crypto';
import { decideReport, evolveReport, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { ReadModelStore } from '../read-model-store.port';
import { BuildHandle } from '../projection/replay';
import { openUnitTotals, unitTotalsProjection } from './unit-totals.projection';
import { physicalName } from '../projection/projection';
import { UNIT_TOTALS } from './unit-totals';
import { readModelStoreFactories } from '../testing/stores';

/**
 * Seed 000's rule in unit totals: the steering committee's consolidated 2020 report already sums
 * its units' work, so their 2020 reports do not count again (a shorter period's report does).
 */
function consolidationLog(): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const states = new Map<string, ReportState>();
  const run = (reportId: string, actor: string, command: Omit<ReportCommand, 'actor' | 'at'>) => {
    const state = states.get(reportId) ?? initialReportState;
    const decided = decideReport({ ...command, actor, at: '2021-01-19T04:00:00.000Z' } as ReportCommand, state);
    for (const e of decided) {
      events.push({
        ...e, id: randomUUID(), streamId: `report-${reportId}`, revision: events.filter((x) => x.streamId === `report-${reportId}`).length,
        position: (events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor, commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-01-19T04:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    states.set(reportId, decided.reduce((s, e) => evolveReport(s, e as ReportEvent), state));
  };
  const filed = (reportId: string, unitId: string, period: string, houses: string, extra: object = {}) => {
    run(reportId, 'rep', { type: 'CreateReport', data: { reportId, unitId, programId: null, period, ...extra } } as never);
    run(reportId, 'rep', { type: 'SetFigures', data: { reportId, figures: [{ indicator: 'houses_supported', value: houses }], reason: null }, scales: { houses_supported: 0 } } as never);
    run(reportId, 'rep', { type: 'SubmitReport', data: { reportId } } as never);
  };
  const approve = (reportId: string) => run(reportId, 'sup', { type: 'ApproveReport', data: { reportId, comment: null } });
  filed('td66-2020', 'td66', '2020', '20');
  approve('td66-2020');
  filed('bchqs-2020', 'bchqs', '2020', '15');
  approve('bchqs-2020');
  filed('bchqs-2020-h1', 'bchqs', '2020-H1', '4');
  approve('bchqs-2020-h1');
  filed('bcd-2020', 'bcd', '2020', '540', { consolidates: ['td66', 'bchqs', 'ld198'] });
  approve('bcd-2020');
  filed('ld198-2020', 'ld198', '2020', '5', { reason: 'nộp sau' });
  approve('ld198-2020');
  run('bcd-2020', 'sup', { type: 'ReopenReport', data: { reportId: 'bcd-2020', reason: 'thêm một nhà' } });
  run('bcd-2020', 'rep', { type: 'SetFigures', data: { reportId: 'bcd-2020', figures: [{ indicator: 'houses_supported', value: '541' }], reason: 'thêm một nhà' }, scales: { houses_supported: 0 } } as never);
  run('bcd-2020', 'rep', { type: 'SubmitReport', data: { reportId: 'bcd-2020' } } as never);
  approve('bcd-2020');
  return events;
}

const factories = readModelStoreFactories('cons', [unitTotalsProjection]);

async function feed(store: ReadModelStore, events: RecordedEvent[], size: number) {
  const handle = new BuildHandle(store, unitTotalsProjection);
  for (let i = 0; i < events.length; i += size) await handle.apply(events.slice(i, i + size));
  return { dump: await handle.dump(), totals: openUnitTotals(store.native, physicalName(UNIT_TOTALS, handle.ref.build)) };
}

const sums = async (totals: Awaited<ReturnType<typeof feed>>['totals'], period: string) =>
  (await totals.aggregate({ period }, [])).map((g) => ({ indicator: g.indicator, approved: g.approved.sum, proposed: g.proposed.sum }));

describe.each(factories)('consolidated reports in unit totals on %s', (_, factory) => {
  it('counts the consolidated figures instead of the covered ones, whatever the batch size (replay from zero equals incremental)', async () => {
    const events = consolidationLog();
    const builds = [];
    for (const size of [1, 4, events.length]) {
      const { store, dispose } = await factory();
      const { dump, totals } = await feed(store, events, size);
      builds.push({ dump, year: await sums(totals, '2020'), half: await sums(totals, '2020-H1') });
      await dispose();
    }
    expect(builds[1]).toEqual(builds[0]);
    expect(builds[2]).toEqual(builds[0]);
    // 541, never 541 + 20 + 15 + 5; the half-year report is not covered (the consolidated report does not count in H1) and counts in the year too.
    expect(builds[0].year).toEqual([{ indicator: 'houses_supported', approved: '545', proposed: '545' }]);
    expect(builds[0].half).toEqual([{ indicator: 'houses_supported', approved: '4', proposed: '4' }]);
  });

  it('before the consolidated report is approved, only the proposed totals leave the covered reports out', async () => {
    const events = consolidationLog();
    const upToSubmission = events.slice(0, events.findIndex((e) => e.type === 'ReportSubmitted.v3' && (e.data as { reportId: string }).reportId === 'bcd-2020') + 1);
    const { store, dispose } = await factory();
    const { totals } = await feed(store, upToSubmission, 5);
    expect(await sums(totals, '2020')).toEqual([{ indicator: 'houses_supported', approved: '39', proposed: '544' }]);
    await dispose();
  });
});
