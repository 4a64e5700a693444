import { randomUUID } from 'node:crypto';
import { decideReport, evolveReport, FigureInput, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { ReadModelStore } from '../read-model-store.port';
import { PROJECTIONS } from '../projections';
import { BuildHandle } from '../projection/replay';
import { LiveReadModels } from '../projection/live-read-models';
import { ensureRegistered } from '../projection/registry';
import { getPeriodSummary } from '../period-summaries/summary.queries';
import { queryTotals, queryUnitRollup } from './totals.queries';
import { liveUnitTotals } from './unit-totals.projection';
import { readModelStoreFactories } from '../testing/stores';

/**
 * Joint work (issue 11 item 5): figures of several units that name the same activity (ref,
 * indicator, area) count once in every total over several units, at the value of the figure that
 * reported the activity first; each unit's own totals show its joint figures apart as `joint`.
 * Given a log, then the rows; and replayed in any batch size, the same rows, on both stores.
 */
class Log {
  readonly events: RecordedEvent[] = [];
  private readonly states = new Map<string, ReportState>();

  run(reportId: string, actor: string, command: Omit<ReportCommand, 'actor' | 'at'>): this {
    const state = this.states.get(reportId) ?? initialReportState;
    const decided = decideReport({ ...command, actor, at: '2021-06-01T00:00:00.000Z' } as ReportCommand, state);
    for (const e of decided) {
      this.events.push({
        ...e, id: randomUUID(), streamId: `report-${reportId}`, revision: this.events.filter((x) => x.streamId === `report-${reportId}`).length,
        position: (this.events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor, commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-06-30T00:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    this.states.set(reportId, decided.reduce((s, e) => evolveReport(s, e as ReportEvent), state));
    return this;
  }

  create(reportId: string, unitId: string, period: string): this {
    return this.run(reportId, 'rep', { type: 'CreateReport', data: { reportId, unitId, programId: null, period } });
  }

  figures(reportId: string, figures: FigureInput[], reason: string | null = null): this {
    return this.run(reportId, 'rep', { type: 'SetFigures', data: { reportId, figures, reason }, scales: { work_days: 0 } } as never);
  }

  consolidated(reportId: string, unitId: string, period: string, consolidates: string[]): this {
    return this.run(reportId, 'rep', { type: 'CreateReport', data: { reportId, unitId, programId: null, period, consolidates } });
  }

  submit(reportId: string): this {
    return this.run(reportId, 'rep', { type: 'SubmitReport', data: { reportId } });
  }

  approve(reportId: string): this {
    return this.run(reportId, 'sup', { type: 'ApproveReport', data: { reportId, comment: null } });
  }
}

const joint = (value: string, partners: string[], activityRef = 'ia-lop-road'): FigureInput => ({ indicator: 'work_days', areaCode: 'ia-lop', value, activityRef, partners });

/** Border guards (bp) open the Ia Lốp road activity, Đoàn KT-QP 737 (kt) reports it too with another value; kt also works alone. */
function jointLog(): Log {
  return new Log()
    .create('bp-2021', 'bp', '2021').figures('bp-2021', [joint('300', ['kt']), { indicator: 'work_days', value: '10' }]).submit('bp-2021').approve('bp-2021')
    .create('kt-2021', 'kt', '2021').figures('kt-2021', [joint('280', ['bp']), { indicator: 'work_days', areaCode: 'ia-rve', value: '50' }]).submit('kt-2021').approve('kt-2021');
}

/** Then the border guards reopen and drop their figure: kt's figure now leads the proposed side; the approved side keeps bp's until approval. */
function handOverLog(): Log {
  return jointLog()
    .run('bp-2021', 'sup', { type: 'ReopenReport', data: { reportId: 'bp-2021', reason: 'trùng với 737' } })
    .figures('bp-2021', [{ indicator: 'work_days', areaCode: 'ia-lop', value: null }], 'trùng với 737').submit('bp-2021');
}

/**
 * Consolidation meets joint work: the steering committee (bcd) files a consolidated 2021 report
 * over the border guards (bp, below it); Đoàn KT-QP 737 (kt) is not below it. bp's joint figure,
 * which led, is covered: it takes no part in the activity while covered, and kt's figure leads.
 */
function coveredLeadLog(): Log {
  return jointLog()
    .consolidated('bcd-2021', 'bcd', '2021', ['bp']).figures('bcd-2021', [{ indicator: 'work_days', value: '900' }]).submit('bcd-2021');
}

/** The consolidated report names the activity on its own figure (with kt as partner): it is one of the activity's figures, after kt's. */
function consolidatedJointLog(): Log {
  return jointLog()
    .consolidated('bcd-2021', 'bcd', '2021', ['bp']).figures('bcd-2021', [joint('310', ['kt']), { indicator: 'work_days', value: '900' }]).submit('bcd-2021').approve('bcd-2021');
}

const factories = readModelStoreFactories('joint');

const inBatches = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

async function feed(store: ReadModelStore, batches: readonly RecordedEvent[][]): Promise<LiveReadModels> {
  await ensureRegistered(store, PROJECTIONS);
  const handles = PROJECTIONS.map((p) => new BuildHandle(store, p));
  for (const b of batches) for (const h of handles) await h.apply(b);
  return new LiveReadModels(store, PROJECTIONS);
}

async function snapshot(store: ReadModelStore): Promise<unknown> {
  const handle = new BuildHandle(store, PROJECTIONS.find((p) => p.name === 'unit_totals')!);
  return handle.dump();
}

describe.each(factories)('joint work counted once (unit totals on %s)', (_, factory) => {
  let store: ReadModelStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await factory()));
  afterEach(() => dispose());

  it('given two partners reporting one activity, then the area, the province and any several units count it once, at the leading (first) figure', async () => {
    const live = await feed(store, [jointLog().events]);
    const totals = await liveUnitTotals(live);
    const area = await totals.aggregate({ period: '2021', indicator: 'work_days', areaCodes: ['ia-lop'] }, ['area']);
    expect(area.map((g) => [g.areaCode, g.approved.sum, g.proposed.sum])).toEqual([['ia-lop', '300', '300']]);
    const summary = await getPeriodSummary(live, { period: '2021', scope: 'all' });
    expect(summary.indicators).toEqual([{ indicator: 'work_days', approved: '360', proposed: '360', units: 2 }]);
    const both = await queryUnitRollup(live, { unitId: 'bp', unitIds: ['bp', 'kt'], period: '2021', indicator: 'work_days', limit: 10 });
    expect(both.items.map((i) => [i.approved, i.proposed])).toEqual([['360', '360']]);
  });

  it("each unit's own totals show its joint figures apart; the partner's covered figure counts under the lead only", async () => {
    const live = await feed(store, [jointLog().events]);
    const page = await queryTotals(live, { period: '2021', indicator: 'work_days', scope: 'all', limit: 10 });
    expect(page.items).toEqual([
      { unitId: 'bp', period: '2021', indicator: 'work_days', approved: '310', proposed: '310', joint: { approved: '300', proposed: '300' } },
      { unitId: 'kt', period: '2021', indicator: 'work_days', approved: '50', proposed: '50', joint: { approved: '280', proposed: '280' } },
    ]);
    const kt = await queryUnitRollup(live, { unitId: 'kt', unitIds: ['kt'], period: '2021', limit: 10 });
    expect(kt.items).toEqual([{ unitId: 'kt', period: '2021', indicator: 'work_days', approved: '50', proposed: '50', joint: { approved: '280', proposed: '280' } }]);
  });

  it('a unit whose only figures of a year are led still shows them, as joint work, in its own totals', async () => {
    const log = new Log()
      .create('bp-2021', 'bp', '2021').figures('bp-2021', [joint('300', ['kt'])]).submit('bp-2021').approve('bp-2021')
      .create('kt-2021', 'kt', '2021').figures('kt-2021', [joint('280', ['bp'])]).submit('kt-2021');
    const live = await feed(store, [log.events]);
    const page = await queryTotals(live, { period: '2021', scope: 'all', limit: 10 });
    expect(page.items).toEqual([
      { unitId: 'bp', period: '2021', indicator: 'work_days', approved: '300', proposed: '300', joint: { approved: '300', proposed: '300' } },
      { unitId: 'kt', period: '2021', indicator: 'work_days', approved: null, proposed: null, joint: { approved: null, proposed: '280' } },
    ]);
    // Without a period filter: every period of the chain; paged one item at a time, the same items.
    const all = await queryTotals(live, { unitId: 'kt', scope: 'all', limit: 10 });
    expect(all.items.map((i) => [i.period, i.joint])).toEqual([['2021', { approved: null, proposed: '280' }]]);
    const kt = await queryUnitRollup(live, { unitId: 'kt', unitIds: ['kt'], limit: 10 });
    expect(kt.items).toEqual([{ unitId: 'kt', period: '2021', indicator: 'work_days', approved: null, proposed: null, joint: { approved: null, proposed: '280' } }]);
    const paged = [];
    let cursor: string | undefined;
    do {
      const p = await queryTotals(live, { period: '2021', scope: 'all', limit: 1, cursor });
      paged.push(...p.items);
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(page.items);
  });

  it('given the leading figure withdrawn in an amendment, then the partner leads the proposed side; the approved side keeps the lead until approved', async () => {
    const live = await feed(store, [handOverLog().events]);
    const totals = await liveUnitTotals(live);
    const area = await totals.aggregate({ period: '2021', indicator: 'work_days', areaCodes: ['ia-lop'] }, []);
    expect(area.map((g) => [g.approved.sum, g.proposed.sum])).toEqual([['300', '280']]);
    const page = await queryTotals(live, { period: '2021', indicator: 'work_days', scope: 'all', limit: 10 });
    expect(page.items.map((i) => [i.unitId, i.approved, i.proposed, i.joint])).toEqual([
      ['bp', '310', '10', { approved: '300', proposed: null }],
      ['kt', '50', '330', { approved: '280', proposed: '280' }],
    ]);
  });

  it('a replay from zero in any batch size, or every event twice, gives the same rows, joint entries and roll-ups as batch 1', async () => {
    const events = handOverLog().events;
    await feed(store, inBatches(events, 1));
    const incremental = await snapshot(store);
    expect((incremental as Record<string, unknown[]>).unit_totals_joint).toHaveLength(2);
    for (const batches of [inBatches(events, 2), inBatches(events, 5), [events], events.flatMap((e) => [[e], [e]])]) {
      const replay = await factory();
      await feed(replay.store, batches);
      expect(await snapshot(replay.store)).toEqual(incremental);
      await replay.dispose();
    }
  });

  it('given the leading figure in a covered report, then the proposed side hands the lead to the partner while the consolidation is submitted, and back when it is rejected', async () => {
    const log = coveredLeadLog();
    const live = await feed(store, [log.events]);
    const totals = await liveUnitTotals(live);
    const area = async () => (await totals.aggregate({ period: '2021', indicator: 'work_days', areaCodes: ['ia-lop'] }, [])).map((g) => [g.approved.sum, g.proposed.sum]);
    // Approved: bcd-2021 not approved yet, bp's 300 leads. Proposed: bp-2021 is covered (in bcd's 900), kt's 280 leads.
    expect(await area()).toEqual([['300', '280']]);
    const summary = await getPeriodSummary(live, { period: '2021', scope: 'all' });
    expect(summary.indicators).toEqual([{ indicator: 'work_days', approved: '360', proposed: '1230', units: 3 }]);
    const page = await queryTotals(live, { period: '2021', indicator: 'work_days', scope: 'all', limit: 10 });
    expect(page.items.map((i) => [i.unitId, i.approved, i.proposed, i.joint])).toEqual([
      ['bcd', null, '900', undefined],
      ['bp', '310', null, { approved: '300', proposed: null }],
      ['kt', '50', '330', { approved: '280', proposed: '280' }],
    ]);
    // Rejected: bp's figure counts again, and leads again (it reported the activity first).
    const rejected = log.run('bcd-2021', 'sup', { type: 'RejectReport', data: { reportId: 'bcd-2021', reason: 'chưa đủ' } });
    await feed(store, [rejected.events.slice(-1)]);
    expect(await area()).toEqual([['300', '300']]);
  });

  it('given an approved consolidated report naming the activity, then the activity counts once among the figures not covered (kt first), never again in the consolidation', async () => {
    const live = await feed(store, [consolidatedJointLog().events]);
    const totals = await liveUnitTotals(live);
    const area = await totals.aggregate({ period: '2021', indicator: 'work_days', areaCodes: ['ia-lop'] }, []);
    expect(area.map((g) => [g.approved.sum, g.proposed.sum])).toEqual([['280', '280']]);
    // 900 (bcd's own, area-less) + 280 (the activity, once) + 50 (kt alone); bp's 10 and 300 are in bcd's report.
    const summary = await getPeriodSummary(live, { period: '2021', scope: 'all' });
    expect(summary.indicators).toEqual([{ indicator: 'work_days', approved: '1230', proposed: '1230', units: 2 }]);
    const page = await queryTotals(live, { period: '2021', indicator: 'work_days', scope: 'all', limit: 10 });
    expect(page.items.map((i) => [i.unitId, i.approved, i.proposed, i.joint])).toEqual([
      ['bcd', '900', '900', { approved: '310', proposed: '310' }],
      ['kt', '330', '330', { approved: '280', proposed: '280' }],
    ]);
  });

  it('consolidation and joint work together: a replay from zero in any batch size, or every event twice, gives the same rows and joint entries as batch 1', async () => {
    for (const log of [coveredLeadLog().run('bcd-2021', 'sup', { type: 'RejectReport', data: { reportId: 'bcd-2021', reason: 'chưa đủ' } }), consolidatedJointLog()]) {
      const events = log.events;
      const first = await factory();
      await feed(first.store, inBatches(events, 1));
      const incremental = await snapshot(first.store);
      await first.dispose();
      for (const batches of [inBatches(events, 3), inBatches(events, 7), [events], events.flatMap((e) => [[e], [e]])]) {
        const replay = await factory();
        await feed(replay.store, batches);
        expect(await snapshot(replay.store)).toEqual(incremental);
        await replay.dispose();
      }
    }
  });
});
