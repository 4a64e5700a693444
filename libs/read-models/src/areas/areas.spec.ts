import { randomUUID } from 'node:crypto';
import { AreaMapEvent, ProgramEvent, ReportEvent, UnitEvent } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { ReadSide } from '../projection/replay';
import { ReadModelStore } from '../read-model-store.port';
import { programCompleteness } from '../programs/program.queries';
import { getPeriodSummary } from '../period-summaries/summary.queries';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { predecessorsOf, listUnits } from '../reference/reference.queries';
import { queryUnitRollup } from '../unit-totals/totals.queries';
import { queryBreakdown } from '../unit-totals/breakdown.queries';
import { expandArea, getArea, listAreas, queryAreaTotals } from './area.queries';

/** Projection + queries for areas, programs and unit succession: given events, then documents and answers. */
type AnyEvent = AreaMapEvent | ProgramEvent | ReportEvent | UnitEvent | { type: 'IndicatorDefined.v1'; data: Record<string, unknown> };

class Log {
  readonly events: RecordedEvent[] = [];
  add(streamId: string, ...events: AnyEvent[]): this {
    for (const e of events) {
      this.events.push({
        ...e, id: randomUUID(), streamId, revision: this.events.filter((x) => x.streamId === streamId).length,
        position: (this.events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', recordedAt: '2021-06-30T00:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    return this;
  }
  area(code: string, name: string, level: 'province' | 'district' | 'commune', parentCode: string | null = null): this {
    return this.add('areamap', { type: 'AreaRegistered.v1', data: { code, name, level, parentCode } });
  }
  /** An approved report of `unitId` with one work_days figure per area. */
  report(reportId: string, unitId: string, period: string, figures: Record<string, string>, programId: string | null = null, approve = true): this {
    const at = '2022-01-10T00:00:00.000Z';
    this.add(`report-${reportId}`, { type: 'ReportCreated.v1', data: { reportId, unitId, programId, period, by: 'rep', at } });
    for (const [areaCode, value] of Object.entries(figures)) {
      this.add(`report-${reportId}`, { type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode, value, previousValue: null, note: null, reason: null } });
    }
    this.add(`report-${reportId}`, { type: 'ReportSubmitted.v2', data: { reportId, by: 'rep', at, deadline: '2022-01-15', onTime: true } });
    if (approve) this.add(`report-${reportId}`, { type: 'ReportApproved.v1', data: { reportId, by: 'sup', at, comment: null } });
    return this;
  }
}

const change = { effectiveFrom: '2025-07-01', reason: 'sắp xếp đơn vị hành chính' };

function sampleLog(): Log {
  return new Log()
    .add('indicator-work_days', { type: 'IndicatorDefined.v1', data: { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 } })
    .area('tinh', 'Đắk Lắk', 'province')
    .area('huyen-ea-sup', 'Ea Súp', 'district', 'tinh')
    .area('huyen-buon-don', 'Buôn Đôn', 'district', 'tinh')
    .area('xa-ia-lop', 'Ia Lốp', 'commune', 'huyen-ea-sup')
    .area('xa-ia-rve', "Ia R'vê", 'commune', 'huyen-ea-sup')
    .area('xa-ea-bung', 'Ea Bung', 'commune', 'huyen-ea-sup')
    .area('xa-krong-na', 'Krông Na', 'commune', 'huyen-buon-don')
    .report('r1', 'bdbp', '2021', { 'xa-ia-lop': '10', 'xa-ia-rve': '20', 'xa-ea-bung': '5', 'xa-krong-na': '7' })
    .report('r2', 'doan737', '2021', { 'xa-ia-lop': '100', 'xa-ia-rve': '200' })
    // Ia Lốp and Ia R'vê merge into a new commune; later Ea Bung merges into that one too (a chain).
    .add('areamap',
      { type: 'AreaRegistered.v1', data: { code: 'xa-ia-rve-moi', name: 'Ia Rvê', level: 'commune', parentCode: 'huyen-ea-sup' } },
      { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop', 'xa-ia-rve'], successorCode: 'xa-ia-rve-moi' } })
    .report('r3', 'bdbp', '2025-H2', { 'xa-ia-rve-moi': '1000' })
    .add('areamap',
      { type: 'AreaRegistered.v1', data: { code: 'xa-ea-sup-moi', name: 'Ea Súp', level: 'commune', parentCode: 'huyen-ea-sup' } },
      { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-rve-moi', 'xa-ea-bung'], successorCode: 'xa-ea-sup-moi' } })
    // Krông Na splits; its history goes to part A.
    .add('areamap',
      { type: 'AreaRegistered.v1', data: { code: 'xa-krong-na-a', name: 'Krông Na A', level: 'commune', parentCode: 'huyen-buon-don' } },
      { type: 'AreaRegistered.v1', data: { code: 'xa-krong-na-b', name: 'Krông Na B', level: 'commune', parentCode: 'huyen-buon-don' } },
      { type: 'AreaSplit.v1', data: { ...change, sourceCode: 'xa-krong-na', partCodes: ['xa-krong-na-a', 'xa-krong-na-b'], defaultSuccessorCode: 'xa-krong-na-a' } })
    // The district level goes: the surviving communes move under the province.
    .add('areamap',
      { type: 'AreaReparented.v1', data: { ...change, code: 'xa-ea-sup-moi', parentCode: 'tinh', previousParentCode: 'huyen-ea-sup' } },
      { type: 'AreaRenamed.v1', data: { ...change, code: 'xa-ea-sup-moi', name: 'Ea Súp (mới)', previousName: 'Ea Súp' } });
}

const workDays = async (store: ReadModelStore, areaCode: string, period = '2021') =>
  (await queryAreaTotals(store, { areaCode, period, indicator: 'work_days', scope: 'all', limit: 200 }))?.items.map(({ approved, units }) => ({ approved, units }));

describe('areas read model and roll-ups', () => {
  let store: ReadModelStore;
  beforeEach(async () => {
    store = (await new ReadSide(new SqliteReadModelStore({ file: ':memory:' })).apply(sampleLog().events)).live;
  });
  afterEach(() => store.close());

  it('given a chain of merges, then the last successor carries every predecessor\'s figures once', async () => {
    expect(await expandArea(store, 'xa-ea-sup-moi')).toEqual(['xa-ea-bung', 'xa-ea-sup-moi', 'xa-ia-lop', 'xa-ia-rve', 'xa-ia-rve-moi']);
    // 10 + 20 + 5 (bdbp) + 100 + 200 (doan737): Ia Lốp, held by two units, counts each unit's own figure once.
    expect(await workDays(store, 'xa-ea-sup-moi')).toEqual([{ approved: '335', units: 2 }]);
    expect(await workDays(store, 'xa-ea-sup-moi', '2025')).toEqual([{ approved: '1000', units: 1 }]);
  });

  it('given a merge, then a retired area still answers for its own figures and its predecessors', async () =>
    expect(await workDays(store, 'xa-ia-rve-moi')).toEqual([{ approved: '330', units: 2 }]));

  it('given a split, then the source\'s history counts under its default successor only', async () => {
    expect(await workDays(store, 'xa-krong-na-a')).toEqual([{ approved: '7', units: 1 }]);
    expect(await workDays(store, 'xa-krong-na-b')).toEqual([]);
  });

  it('given communes moved under the province, then the province counts everything once and the old district only what stayed', async () => {
    expect(await workDays(store, 'tinh')).toEqual([{ approved: '342', units: 2 }]);
    expect(await workDays(store, 'huyen-buon-don')).toEqual([{ approved: '7', units: 1 }]);
    expect(await workDays(store, 'huyen-ea-sup')).toEqual([]);
  });

  it('narrows area totals to the caller\'s units', async () =>
    expect((await queryAreaTotals(store, { areaCode: 'tinh', period: '2021', scope: ['doan737'], limit: 200 }))?.items.map((i) => i.approved)).toEqual(['300']));

  it('breaks an area down by child area under the current map, with a total equal to the rows\' sum', async () => {
    const byChild = await queryBreakdown(store, { period: '2021', indicator: 'work_days', by: 'area', areaCode: 'tinh', scope: 'all', limit: 50 });
    // The province's children now: Buôn Đôn (Krông Na's 7), Ea Súp (emptied) and the moved commune (10 + 20 + 5 + 100 + 200).
    expect(byChild?.items.map(({ key, approved }) => ({ key, approved }))).toEqual([
      { key: 'huyen-buon-don', approved: '7' },
      { key: 'huyen-ea-sup', approved: null },
      { key: 'xa-ea-sup-moi', approved: '335' },
    ]);
    expect(byChild?.total).toEqual({ approved: '342', proposed: '342' });
    const communes = await queryBreakdown(store, { period: '2021', indicator: 'work_days', by: 'area', areaCode: 'tinh', level: 'commune', scope: 'all', limit: 1 });
    expect(communes?.items.map((r) => [r.key, r.approved])).toEqual([['xa-ea-sup-moi', '335']]);
    expect(communes?.total.approved).toBe('342');
    const next = await queryBreakdown(store, { period: '2021', indicator: 'work_days', by: 'area', areaCode: 'tinh', level: 'commune', scope: 'all', limit: 5, cursor: communes!.nextCursor! });
    expect(next?.items.map((r) => [r.key, r.approved])).toEqual([['xa-krong-na-a', '7'], ['xa-krong-na-b', null]]);
    // Scoped to one unit: only its figures, in the rows and in the total.
    const scoped = await queryBreakdown(store, { period: '2021', indicator: 'work_days', by: 'area', areaCode: 'tinh', scope: ['doan737'], limit: 50 });
    expect(scoped?.items.map((r) => r.approved)).toEqual([null, null, '300']);
    expect(scoped?.total.approved).toBe('300');
  });

  it('answers null for an unknown area', async () => expect(await queryAreaTotals(store, { areaCode: 'nowhere', scope: 'all', limit: 200 })).toBeNull());

  it('keeps each area\'s lineage and history', async () => {
    expect(await getArea(store, 'xa-ia-lop')).toMatchObject({ status: 'retired', successorCode: 'xa-ia-rve-moi', retiredFrom: '2025-07-01', successors: ['xa-ia-rve-moi'] });
    expect(await getArea(store, 'xa-ea-sup-moi')).toMatchObject({
      name: 'Ea Súp (mới)', parentCode: 'tinh', predecessors: ['xa-ia-rve-moi', 'xa-ea-bung'],
      history: [{ change: 'registered' }, { change: 'absorbed' }, { change: 'reparented', details: { from: 'huyen-ea-sup', to: 'tinh' } }, { change: 'renamed', details: { from: 'Ea Súp', to: 'Ea Súp (mới)' } }],
    });
    expect(await getArea(store, 'xa-krong-na-b')).toMatchObject({ predecessors: ['xa-krong-na'], history: [{}, { change: 'split_from', details: { carriesHistory: false } }] });
  });

  it('finds areas by name without diacritics or case, by level and by parent', async () => {
    expect((await listAreas(store, { q: 'ia lop' })).map((a) => a._id)).toEqual(['xa-ia-lop']);
    expect((await listAreas(store, { q: 'IA RVE' })).map((a) => a._id)).toEqual(['xa-ia-rve', 'xa-ia-rve-moi']);
    expect((await listAreas(store, { q: 'krông' })).map((a) => a._id)).toEqual(['xa-krong-na', 'xa-krong-na-a', 'xa-krong-na-b']);
    expect((await listAreas(store, { level: 'commune', parentCode: 'tinh' })).map((a) => a._id)).toEqual(['xa-ea-sup-moi']);
    expect((await listAreas(store, { q: '{"$gt":""}' }))).toEqual([]);
  });

  it('every event delivered twice gives the same documents and answers', async () => {
    const side = new ReadSide(new SqliteReadModelStore({ file: ':memory:' }));
    const twice = side.live;
    for (const e of sampleLog().events) {
      await side.applyRaw([e]);
      await side.applyRaw([e]);
    }
    // Fresh logs carry fresh event ids; compare what the documents say, not the ids.
    const strip = (docs: unknown[]) => JSON.parse(JSON.stringify(docs, (k, v) => (k === 'eventId' ? undefined : v)));
    expect(strip(await twice.find('areas', {}, { sort: [{ field: '_id', direction: 1 }] }))).toEqual(strip(await store.find('areas', {}, { sort: [{ field: '_id', direction: 1 }] })));
    expect(await workDays(twice, 'tinh')).toEqual([{ approved: '342', units: 2 }]);
    await twice.close();
  });
});

describe('programs read model', () => {
  let store: ReadModelStore;
  afterEach(() => store.close());

  const programId = 'p2021';
  const assigned = (assignmentId: string, unitId: string, areaCode: string): ProgramEvent => ({
    type: 'AreaAssigned.v1', data: { programId, assignmentId, unitId, areaCode, year: 2021, decisionRef: null, decidedAt: null },
  });

  it('counts expected, received, approved and on-time reports per program and period', async () => {
    const side = new ReadSide(new SqliteReadModelStore({ file: ':memory:' }));
    store = side.live;
    const log = new Log()
      .add(`program-${programId}`,
        { type: 'ProgramCreated.v1', data: { programId, name: 'P', parties: ['a'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }] } },
        assigned('a1', 'bdbp', 'xa-ia-lop'), assigned('a2', 'doan737', 'xa-ia-lop'), assigned('a3', 'td66', 'xa-ea-tir'), assigned('a4', 'bdbp', 'xa-ia-rve'),
        { type: 'AssignmentEnded.v1', data: { programId, assignmentId: 'a3', reason: 'điều chuyển', effectiveFrom: '2021-01-01' } })
      .report('r1', 'bdbp', '2021', { 'xa-ia-lop': '1' }, programId)
      .report('r2', 'doan737', '2021', { 'xa-ia-lop': '1' }, programId, false)
      .report('r3', 'ctxd470', '2021', { 'xa-cu-ewi': '1' }, programId);
    await side.apply(log.events);
    const c = await programCompleteness(store, programId, '2021');
    expect(c).toMatchObject({ expected: 2, received: 2, approved: 1, onTime: 2 });
    expect(c.units).toEqual([
      { unitId: 'bdbp', areas: ['xa-ia-lop', 'xa-ia-rve'], expected: true, reportId: 'r1', status: 'approved', received: true, approved: true, onTime: true },
      expect.objectContaining({ unitId: 'ctxd470', expected: false }),
      expect.objectContaining({ unitId: 'doan737', expected: true, status: 'submitted', approved: false }),
    ]);
  });

  it('sums a phase over its years, per program', async () => {
    const side = new ReadSide(new SqliteReadModelStore({ file: ':memory:' }));
    store = side.live;
    const log = new Log()
      .add('indicator-work_days', { type: 'IndicatorDefined.v1', data: { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 } })
      .report('y17', 'bchqs', '2017', { 'tinh': '5' }, 'ld')
      .report('y19', 'bchqs', '2019-H1', { 'tinh': '7' }, 'ld')
      .report('y21', 'bchqs', '2021', { 'tinh': '11' }, 'ld')
      .report('y22', 'bchqs', '2022', { 'tinh': '1000' }, 'ld')
      .report('other', 'bchqs', '2018', { 'tinh': '1000' }, 'other');
    await side.apply(log.events);
    const phase = await getPeriodSummary(store, { period: '2017..2021', programId: 'ld', scope: 'all' });
    expect(phase).toEqual({
      period: '2017..2021', programId: 'ld',
      indicators: [{ indicator: 'work_days', approved: '23', proposed: '23', units: 1 }],
      reports: { draft: 0, submitted: 0, approved: 3, rejected: 0, amending: 0 },
    });
  });
});

describe('unit succession', () => {
  it('a successor\'s totals hold its predecessors\' figures, through chains', async () => {
    const side = new ReadSide(new SqliteReadModelStore({ file: ':memory:' }));
    const store = side.live;
    const log = new Log()
      .add('unit-a', { type: 'UnitRegistered.v1', data: { unitId: 'a', name: 'A', kind: 'k', parentId: null } })
      .add('unit-b', { type: 'UnitRegistered.v1', data: { unitId: 'b', name: 'B', kind: 'k', parentId: null } })
      .add('unit-c', { type: 'UnitRegistered.v1', data: { unitId: 'c', name: 'C', kind: 'k', parentId: null } })
      .report('ra', 'a', '2024', { 'x': '1' })
      .report('rb', 'b', '2024', { 'x': '10' })
      .report('rc', 'c', '2025', { 'x': '100' })
      .add('unit-a', { type: 'UnitSucceeded.v1', data: { unitId: 'a', successorId: 'b', effectiveFrom: '2025-01-01', reason: 'r' } })
      .add('unit-b', { type: 'UnitSucceeded.v1', data: { unitId: 'b', successorId: 'c', effectiveFrom: '2025-07-01', reason: 'r' } });
    await side.apply(log.events);
    const units = await listUnits(store);
    expect(predecessorsOf(units, 'c').sort()).toEqual(['a', 'b', 'c']);
    const totals = await queryUnitRollup(store, { unitId: 'c', unitIds: predecessorsOf(units, 'c'), limit: 200 });
    expect(totals.items.filter((t) => /^\d{4}$/.test(t.period)).map((t) => [t.period, t.approved])).toEqual([['2024', '11'], ['2025', '100']]);
    await store.close();
  });
});
