import { randomUUID } from 'node:crypto';
import { decideReport, evolveReport, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { ReadModelStore } from '../read-model-store.port';
import { PROJECTIONS } from '../projections';
import { BuildHandle, ReadSide } from '../projection/replay';
import { changesSinceReviews, reviewView } from './review.queries';
import { REVIEWS, ReviewDoc } from './reviews';
import { readModelStoreFactories } from '../testing/stores';

/**
 * A program's log, decided by the pure deciders: the 2020 figures approved, a sơ kết of 2020
 * recorded, then an amendment (86 → 87 houses) and a late report approved after it.
 */
function reviewLog(): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const states = new Map<string, ReportState>();
  const push = (streamId: string, type: string, data: object, actor = 'admin') =>
    events.push({
      type, data, id: randomUUID(), streamId, revision: events.filter((x) => x.streamId === streamId).length,
      position: (events.length + 1).toString(16).padStart(16, '0'),
      metadata: { actor, commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-01-19T04:00:00.000Z', schemaVersion: 1 },
    } as RecordedEvent);
  const run = (reportId: string, actor: string, command: Omit<ReportCommand, 'actor' | 'at'>) => {
    const state = states.get(reportId) ?? initialReportState;
    const decided = decideReport({ ...command, actor, at: '2021-01-19T04:00:00.000Z' } as ReportCommand, state);
    for (const e of decided) push(`report-${reportId}`, e.type, e.data, actor);
    states.set(reportId, decided.reduce((s, e) => evolveReport(s, e as ReportEvent), state));
  };
  const scales = { houses_supported: 0, poverty_rate_pct: 2 };
  const figures = (reportId: string, list: { indicator: string; value: string; qualifier?: string; areaCode?: string }[], reason: string | null = null) =>
    run(reportId, 'rep', { type: 'SetFigures', data: { reportId, figures: list, reason }, scales } as never);
  const approve = (reportId: string) => {
    run(reportId, 'rep', { type: 'SubmitReport', data: { reportId } } as never);
    run(reportId, 'sup', { type: 'ApproveReport', data: { reportId, comment: null } });
  };
  push('indicator-houses_supported', 'IndicatorDefined.v1', { code: 'houses_supported', name: 'nhà', unit: 'houses', aggregation: 'sum', scale: 0 });
  push('indicator-poverty_rate_pct', 'IndicatorDefined.v1', { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: '%', aggregation: 'latest', scale: 2 });
  push('program-p', 'ProgramCreated.v1', { programId: 'p', name: 'P', parties: ['u1', 'u2', 'u3'], steeringUnitId: 'bcd', fromYear: 2017, toYear: 2021, calendar: [] });
  run('a', 'rep', { type: 'CreateReport', data: { reportId: 'a', unitId: 'u1', programId: 'p', period: '2020' } });
  figures('a', [{ indicator: 'houses_supported', value: '86', qualifier: 'over', areaCode: 'xa-1' }, { indicator: 'poverty_rate_pct', value: '36.24' }]);
  approve('a');
  run('b', 'rep', { type: 'CreateReport', data: { reportId: 'b', unitId: 'u2', programId: 'p', period: '2020-H1' } });
  figures('b', [{ indicator: 'houses_supported', value: '10' }, { indicator: 'poverty_rate_pct', value: '40' }]);
  approve('b');
  // Outside every program: never part of a review.
  run('x', 'rep', { type: 'CreateReport', data: { reportId: 'x', unitId: 'u1', programId: null, period: '2020' } });
  figures('x', [{ indicator: 'houses_supported', value: '1000' }]);
  approve('x');
  push('program-p', 'ReviewConferenceRecorded.v1', { programId: 'p', reviewId: 'rv-2020', period: '2020', kind: 'preliminary', heldAt: '2021-01-19', title: 'Sơ kết năm 2020', decisionRef: null }, 'sup-bcd');
  run('a', 'sup', { type: 'ReopenReport', data: { reportId: 'a', reason: 'thêm một nhà' } });
  figures('a', [{ indicator: 'houses_supported', value: '87', qualifier: 'over', areaCode: 'xa-1' }], 'thêm một nhà');
  approve('a');
  run('c', 'rep', { type: 'CreateReport', data: { reportId: 'c', unitId: 'u3', programId: 'p', period: '2020-Q4', reason: 'báo cáo muộn' }, announcedIn: ['rv-2020'] } as never);
  figures('c', [{ indicator: 'houses_supported', value: '5' }]);
  approve('c');
  push('program-p', 'ReviewConferenceRecorded.v1', { programId: 'p', reviewId: 'rv-phase', period: '2017..2021', kind: 'final', heldAt: '2022-11-21', title: 'Tổng kết giai đoạn', decisionRef: 'QĐ 1' }, 'sup-bcd');
  return events;
}

const factories = readModelStoreFactories('reviews');

const reviewsProjection = () => PROJECTIONS.find((p) => p.name === 'reviews')!;

async function feed(store: ReadModelStore, events: RecordedEvent[], size: number): Promise<Record<string, unknown[]>> {
  const handle = new BuildHandle(store, reviewsProjection());
  for (let i = 0; i < events.length; i += size) await handle.apply(events.slice(i, i + size));
  return handle.dump();
}

describe.each(factories)('the reviews read model on %s', (_, factory) => {
  it('replayed from zero in one batch, in batches of 3 and event by event: the same documents', async () => {
    const events = reviewLog();
    const builds = [];
    for (const size of [1, 3, events.length]) {
      const { store, dispose } = await factory();
      builds.push(await feed(store, events, size));
      await dispose();
    }
    expect(builds[1]).toEqual(builds[0]);
    expect(builds[2]).toEqual(builds[0]);
  });

  it('applying a batch twice changes nothing (idempotent per document)', async () => {
    const events = reviewLog();
    const { store, dispose } = await factory();
    const once = await feed(store, events, 4);
    const handle = new BuildHandle(store, reviewsProjection());
    await handle.applyRaw(events.slice(10, 30));
    await handle.applyRaw(events.slice(30));
    expect({ ...(await handle.dump()), checkpoint: [] }).toEqual({ ...once, checkpoint: [] });
    await dispose();
  });

  it('freezes what the sơ kết announced; the amendment and the late report after it show only as changes', async () => {
    const { store, dispose } = await factory();
    const dump = await feed(store, reviewLog(), 5);
    const docs = dump[REVIEWS] as ReviewDoc[];
    const year = docs.find((d) => d._id === 'rv-2020')!;
    const view = reviewView(year, 'all');
    expect(view.figures).toEqual([
      { unitId: 'u1', areaCode: 'xa-1', indicator: 'houses_supported', value: '86', qualified: true },
      { unitId: 'u1', areaCode: null, indicator: 'poverty_rate_pct', value: '36.24' },
      { unitId: 'u2', areaCode: null, indicator: 'houses_supported', value: '10' },
      { unitId: 'u2', areaCode: null, indicator: 'poverty_rate_pct', value: '40' },
    ]);
    // 86 + 10 houses (the report outside the program does not count); a level is never added: the latest period's (2020 ends after 2020-H1).
    expect(view.totals).toEqual([
      { indicator: 'houses_supported', value: '96', qualified: true, units: 2 },
      { indicator: 'poverty_rate_pct', value: '36.24', units: 2 },
    ]);
    expect(view.changedSinceReview).toEqual([{ reviewId: 'rv-2020', indicator: 'houses_supported', announced: '96', now: '102' }]);
    // A scoped reader sees its own units' rows, and their changes.
    expect(reviewView(year, ['u2'])).toMatchObject({ totals: [{ indicator: 'houses_supported', value: '10', units: 1 }, { indicator: 'poverty_rate_pct', value: '40', units: 1 }], changedSinceReview: [] });
    expect(reviewView(year, ['u3']).changedSinceReview).toEqual([{ reviewId: 'rv-2020', indicator: 'houses_supported', announced: null, now: '5' }]);
    // The phase review came after both: it announced them, and nothing changed since.
    expect(reviewView(docs.find((d) => d._id === 'rv-phase')!, 'all')).toMatchObject({
      totals: [{ indicator: 'houses_supported', value: '102' }, { indicator: 'poverty_rate_pct', value: '36.24' }], changedSinceReview: [],
    });
    await dispose();
  });

  it('answers the changes per period for the rows a question covers', async () => {
    const { store, dispose } = await factory();
    const live = (await new ReadSide(store, [reviewsProjection()]).apply(reviewLog())).live;
    const changes = await changesSinceReviews(live, { periods: ['2020', '2017..2021', '2019'], keep: (r) => r.unitId === 'u1' });
    expect(Object.fromEntries(changes)).toEqual({ '2020': [{ reviewId: 'rv-2020', indicator: 'houses_supported', announced: '86', now: '87' }], '2017..2021': [] });
    await dispose();
  });
});
