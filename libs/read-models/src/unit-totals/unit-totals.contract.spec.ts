import { randomUUID } from 'node:crypto';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { openUnitTotals } from './unit-totals.projection';
import { activityKeyOf, combineMembers, ContributionRow, JointEntry, MemberGroup, selectMembers, TotalsGroup, UnitTotalsStorage } from './unit-totals';

/** The unit-totals storage contract: both adapters answer every question the same, exactly. */
const factories: [string, () => Promise<ReadModelStore>][] = [['sqlite', async () => new SqliteReadModelStore({ file: ':memory:' })]];
if (process.env.MONGODB_URI) factories.push(['mongodb', () => MongoReadModelStore.connect(process.env.MONGODB_URI!, `ut_${randomUUID().slice(0, 8)}`)]);

const row = (r: Partial<ContributionRow> & Pick<ContributionRow, 'reportId' | 'indicator' | 'unitId' | 'period'>): ContributionRow => ({
  areaCode: '', programKey: '-', approved: null, approvedPosition: null, approvedQualified: false, proposed: null, proposedPosition: null, proposedQualified: false, ...r,
});

const ROWS: ContributionRow[] = [
  row({ reportId: 'a.1', indicator: 'km', unitId: 'u1', period: '2021-07', approved: '0.1', approvedPosition: '0000000000000001', proposed: '0.1', proposedPosition: '0000000000000001' }),
  // Approved as "hơn 0.2", proposed exactly: only the approved side is qualified.
  row({ reportId: 'a.2', indicator: 'km', unitId: 'u1', period: '2021-Q3', approved: '0.2', approvedPosition: '0000000000000002', approvedQualified: true, proposed: '0.25', proposedPosition: '0000000000000009' }),
  row({ reportId: 'a.3', indicator: 'km', unitId: 'u2', period: '2021-H1', areaCode: 'xa.1', proposed: '7', proposedPosition: '0000000000000003' }),
  // 24 integer digits and 6 decimals, twice: beyond 64-bit integers and doubles, summed exactly.
  row({ reportId: 'b$1', indicator: 'vnd', unitId: 'u1', period: '2021', areaCode: 'xa.1', approved: '999999999999999999999999.999999', approvedPosition: '0000000000000004' }),
  row({ reportId: 'b$2', indicator: 'vnd', unitId: 'u2', period: '2021-12', areaCode: 'xa.2', approved: '999999999999999999999999.999999', approvedPosition: '0000000000000005' }),
  // `latest`: the period ending last wins (the shorter one when two end together), then the later change; `max` the largest value.
  row({ reportId: 'c1', indicator: 'rate', unitId: 'u1', period: '2021-H2', approved: '30', approvedPosition: '0000000000000006' }),
  row({ reportId: 'c2', indicator: 'rate', unitId: 'u2', period: '2021-12', approved: '12.5', approvedPosition: '0000000000000007' }),
  row({ reportId: 'c3', indicator: 'rate', unitId: 'u1', period: '2021-Q4', approved: '40', approvedPosition: '0000000000000008' }),
  row({ reportId: 'd1', indicator: 'km', unitId: 'u1', period: '2022-01', programKey: 'p1', approved: '5', approvedPosition: '0000000000000010' }),
];

const pick = (groups: TotalsGroup[]) =>
  groups
    .map((g) => ({ ...g, approved: { sum: g.approved.sum, max: g.approved.max, latest: g.approved.latest }, proposed: { sum: g.proposed.sum, max: g.proposed.max, latest: g.proposed.latest } }))
    .sort((a, b) => {
      const [x, y] = [a, b].map((g) => JSON.stringify([g.indicator, g.unitId, g.areaCode, g.period]));
      return x < y ? -1 : x > y ? 1 : 0;
    });

describe.each(factories)('unit totals storage on %s', (_, open) => {
  let store: ReadModelStore;
  let totals: UnitTotalsStorage;
  beforeAll(async () => {
    store = await open();
    totals = openUnitTotals(store.native, 'unit_totals_b7');
    await totals.prepare();
    await totals.commit({ rows: ROWS, deletes: [], reports: [{ id: 'a.1', state: '{"x":1}', position: '0000000000000001' }] }, { name: 'unit_totals_b7', position: '0000000000000010' });
  });
  afterAll(async () => {
    await totals.drop('unit_totals_b7');
    await store.close();
  });

  it('stores rows, report states and the checkpoint', async () => {
    expect(await totals.dump()).toEqual([...ROWS].sort((a, b) => (a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : a.indicator < b.indicator ? -1 : 1)));
    expect(await totals.loadReports(['a.1', 'zz'])).toEqual(new Map([['a.1', { state: '{"x":1}', position: '0000000000000001' }]]));
    expect(await totals.loadRows(['b$1'])).toEqual([ROWS[3]]);
    expect(await store.getCheckpoint('unit_totals_b7')).toBe('0000000000000010');
  });

  it('says a group is qualified when any figure in it is, per side', async () => {
    const q = (groups: TotalsGroup[]) =>
      groups.map((g) => [g.indicator, g.unitId ?? null, g.period ?? null, g.approved.qualified, g.proposed.qualified]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(q(await totals.aggregate({ period: '2021', indicator: 'km' }, ['unit']))).toEqual([
      ['km', 'u1', null, true, false],
      ['km', 'u2', null, false, false],
    ]);
    // Only the month's row (exact) falls in 2021-07; the quarter holds the qualified one.
    expect(q(await totals.aggregate({ indicator: 'km', unitIds: ['u1'], years: [2021, 2021] }, ['period']))).toEqual([
      ['km', null, '2021', true, false],
      ['km', null, '2021-07', false, false],
      ['km', null, '2021-H2', true, false],
      ['km', null, '2021-Q3', true, false],
    ]);
  });

  it('sums exactly, counts units, and keeps max and latest', async () => {
    expect(pick(await totals.aggregate({ period: '2021' }, []))).toEqual([
      { indicator: 'km', approved: { sum: '0.3', max: '0.2', latest: '0.2' }, proposed: { sum: '7.35', max: '7', latest: '0.25' }, units: 2 },
      { indicator: 'rate', approved: { sum: '82.5', max: '40', latest: '12.5' }, proposed: { sum: null, max: null, latest: null }, units: 2 },
      { indicator: 'vnd', approved: { sum: '1999999999999999999999999.999998', max: '999999999999999999999999.999999', latest: '999999999999999999999999.999999' }, proposed: { sum: null, max: null, latest: null }, units: 2 },
    ]);
  });

  it('rolls each row up its period chain when grouping by period, and filters by every grain', async () => {
    const km = pick(await totals.aggregate({ indicator: 'km', unitIds: ['u1'], years: [2021, 2021] }, ['unit', 'period']));
    expect(km.map((g) => [g.period, g.approved.sum, g.proposed.sum])).toEqual([
      ['2021', '0.3', '0.35'], ['2021-07', '0.1', '0.1'], ['2021-H2', '0.3', '0.35'], ['2021-Q3', '0.3', '0.35'],
    ]);
    expect(pick(await totals.aggregate({ indicator: 'km', period: '2021-Q3' }, ['period'])).map((g) => [g.period, g.approved.sum])).toEqual([['2021-Q3', '0.3']]);
    expect(pick(await totals.aggregate({ indicator: 'km', period: '2021-H1' }, [])).map((g) => g.proposed.sum)).toEqual(['7']);
    expect(pick(await totals.aggregate({ indicator: 'km', period: '2021-07' }, [])).map((g) => g.approved.sum)).toEqual(['0.1']);
    expect(pick(await totals.aggregate({ programKey: 'p1', years: [2017, 2022] }, [])).map((g) => g.approved.sum)).toEqual(['5']);
  });

  it('groups by area and unit, narrowed to areas and units', async () => {
    expect(pick(await totals.aggregate({ indicator: 'vnd', areaCodes: ['xa.1', 'xa.2'], period: '2021' }, ['area'])).map((g) => [g.areaCode, g.approved.sum, g.units])).toEqual([
      ['xa.1', '999999999999999999999999.999999', 1], ['xa.2', '999999999999999999999999.999999', 1],
    ]);
    expect(pick(await totals.aggregate({ indicator: 'rate', unitIds: ['u2'], period: '2021' }, ['unit'])).map((g) => [g.unitId, g.approved.latest])).toEqual([['u2', '12.5']]);
    expect(await totals.aggregate({ unitIds: [], period: '2021' }, [])).toEqual([]);
  });

  it('groups members into their groups: every area over all units, areas of some units, units; others left out', async () => {
    const mg = (groups: MemberGroup[]) =>
      groups.map((g) => [g.indicator, g.key, g.approved.sum, g.approved.max, g.approved.latest, g.approved.qualified, g.proposed.sum, g.proposed.latest]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    // Both areas in one group (a district of two communes), over all units: the two huge sums added exactly.
    const district = new Map([['xa.1', 'huyen'], ['xa.2', 'huyen']]);
    expect(mg(await totals.aggregateMembers({ period: '2021' }, 'area', district))).toEqual([
      ['km', 'huyen', null, null, null, false, '7', '7'],
      ['vnd', 'huyen', '1999999999999999999999999.999998', '999999999999999999999999.999999', '999999999999999999999999.999999', false, null, null],
    ]);
    // The same through the per-unit roll-ups (some units), and one area per group.
    expect(mg(await totals.aggregateMembers({ period: '2021', indicator: 'vnd', unitIds: ['u2'] }, 'area', district))).toEqual([
      ['vnd', 'huyen', '999999999999999999999999.999999', '999999999999999999999999.999999', '999999999999999999999999.999999', false, null, null],
    ]);
    expect(mg(await totals.aggregateMembers({ period: '2021', indicator: 'vnd' }, 'area', new Map([['xa.2', 'b'], ['xa.9', 'a']])))).toEqual([
      ['vnd', 'b', '999999999999999999999999.999999', '999999999999999999999999.999999', '999999999999999999999999.999999', false, null, null],
    ]);
    // Units: u1 and u2 in one group; qualified and latest carried across members; a month.
    expect(mg(await totals.aggregateMembers({ period: '2021', indicator: 'km' }, 'unit', new Map([['u1', 'all'], ['u2', 'all']])))).toEqual([
      ['km', 'all', '0.3', '0.2', '0.2', true, '7.35', '0.25'],
    ]);
    expect(mg(await totals.aggregateMembers({ period: '2021-12' }, 'unit', new Map([['u2', 'x']])))).toEqual([
      ['rate', 'x', '12.5', '12.5', '12.5', false, null, null],
      ['vnd', 'x', '999999999999999999999999.999999', '999999999999999999999999.999999', '999999999999999999999999.999999', false, null, null],
    ]);
    expect(await totals.aggregateMembers({ period: '2021' }, 'unit', new Map())).toEqual([]);
    // Each answer equals aggregate's groups by member, combined.
    for (const [selection, by, members] of [
      [{ period: '2021' }, 'area', district],
      [{ period: '2021-H2', indicator: 'km' }, 'unit', new Map([['u1', 'g'], ['u2', 'h']])],
      [{ period: '2021', unitIds: ['u1', 'u2'] }, 'area', new Map([['xa.1', 'g']])],
    ] as const) {
      const oracle = combineMembers(await totals.aggregate(selectMembers(selection, by, members), [by]), by, members);
      expect(mg(await totals.aggregateMembers(selection, by, members))).toEqual(mg(oracle));
    }
  });

  it('lists (unit, year) blocks and years in order, after a cursor', async () => {
    expect(await totals.blocks({}, null, 10)).toEqual([{ unitId: 'u1', year: 2021 }, { unitId: 'u1', year: 2022 }, { unitId: 'u2', year: 2021 }]);
    expect(await totals.blocks({}, { unitId: 'u1', year: 2021 }, 1)).toEqual([{ unitId: 'u1', year: 2022 }]);
    expect(await totals.years({ unitIds: ['u1'] }, null, 10)).toEqual([2021, 2022]);
    expect(await totals.years({ unitIds: ['u1'] }, 2021, 10)).toEqual([2022]);
  });

  it('stores joint entries whole, finds them by report, by activity (either side) and by unit and year, and deletes them', async () => {
    const road = activityKeyOf('ia-lop-road', 'km', 'xa.1');
    const entry = (reportId: string, unitId: string, period: string, sides: Partial<JointEntry>): JointEntry =>
      ({ ...row({ reportId, indicator: 'km', unitId, period, areaCode: 'xa.1' }), approvedJoint: null, proposedJoint: null, ...sides });
    const lead = entry('j1', 'u1', '2021', { approved: '3', approvedPosition: '0000000000000013', approvedJoint: { activityKey: road, since: '0000000000000013' } });
    const partner = entry('j2', 'u2', '2021-H2', { proposed: '2.8', proposedPosition: '0000000000000014', proposedJoint: { activityKey: road, since: '0000000000000014' } });
    const other = entry('j3', 'u2', '2022', { approved: '1', approvedPosition: '0000000000000015', approvedJoint: { activityKey: activityKeyOf('x', 'km', 'xa.1'), since: '0000000000000015' } });
    await totals.commit({ rows: [], deletes: [], reports: [], joint: { puts: [lead, partner, other], deletes: [] } }, { name: 'unit_totals_b7', position: '0000000000000015' });
    const byKey = (es: JointEntry[]) => [...es].sort((a, b) => (a.reportId < b.reportId ? -1 : 1));
    expect(byKey(await totals.loadJoint({ activityKeys: [road] }))).toEqual([lead, partner]);
    expect(byKey(await totals.loadJoint({ reportIds: ['j3', 'j1'] }))).toEqual([lead, other]);
    expect(await totals.jointIn(['u2'], [2021, 2021])).toEqual([partner]);
    expect(await totals.jointBlocks(undefined)).toEqual([{ unitId: 'u1', year: 2021 }, { unitId: 'u2', year: 2021 }, { unitId: 'u2', year: 2022 }]);
    expect(await totals.jointBlocks(['u2', 'u3'])).toEqual([{ unitId: 'u2', year: 2021 }, { unitId: 'u2', year: 2022 }]);
    expect(await totals.dumpJoint()).toEqual([lead, partner, other]);
    await totals.commit({ rows: [], deletes: [], reports: [], joint: { puts: [], deletes: [lead, partner, other] } }, { name: 'unit_totals_b7', position: '0000000000000016' });
    expect(await totals.dumpJoint()).toEqual([]);
    expect(await totals.jointBlocks(undefined)).toEqual([]);
  });

  it('updates and deletes rows', async () => {
    const changed = { ...ROWS[0], approved: '1', approvedPosition: '0000000000000011' };
    await totals.commit({ rows: [changed], deletes: [ROWS[1]], reports: [] }, { name: 'unit_totals_b7', position: '0000000000000011' });
    expect(pick(await totals.aggregate({ indicator: 'km', unitIds: ['u1'], period: '2021' }, [])).map((g) => g.approved.sum)).toEqual(['1']);
    await totals.commit({ rows: [ROWS[0], ROWS[1]], deletes: [], reports: [] }, { name: 'unit_totals_b7', position: '0000000000000012' });
  });
});
