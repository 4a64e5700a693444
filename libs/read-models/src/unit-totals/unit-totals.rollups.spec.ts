import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { openUnitTotals } from './unit-totals.projection';
import { ContributionRow, latestKey, periodColumns, rowKey, TotalsGroupBy, TotalsSelection } from './unit-totals';

/**
 * Whatever sequence of batches wrote the base rows, every answer of `aggregate` equals the same
 * question asked of the rows themselves (an oracle over the dump, in BigInt), and the stored
 * roll-ups kept batch by batch equal the ones a rebuild computes in one pass at the end.
 */
const factories: [string, () => Promise<ReadModelStore>][] = [['sqlite', async () => new SqliteReadModelStore({ file: ':memory:' })]];
if (process.env.MONGODB_URI) factories.push(['mongodb', () => MongoReadModelStore.connect(process.env.MONGODB_URI!, `utr_${randomUUID().slice(0, 8)}`)]);

const REPORTS = [
  { reportId: 'r0', unitId: 'u1', period: '2021-01', programKey: '-' },
  { reportId: 'r1', unitId: 'u1', period: '2021-05', programKey: 'p1' },
  { reportId: 'r2', unitId: 'u2', period: '2021-Q1', programKey: '-' },
  { reportId: 'r3', unitId: 'u2', period: '2021-H2', programKey: '-' },
  { reportId: 'r4', unitId: 'u1', period: '2021', programKey: '-' },
  { reportId: 'r5', unitId: 'u3', period: '2022-03', programKey: '-' },
  { reportId: 'r6', unitId: 'u2', period: '2021-02', programKey: 'p1' },
];

const amount = fc.oneof(fc.constant(null), fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.nat(999)).map(([i, f]) => (f ? `${i}.${String(f).replace(/0+$/, '')}` : `${i}`)));
const op = fc.record({
  report: fc.nat(REPORTS.length - 1),
  indicator: fc.constantFrom('a', 'b'),
  areaCode: fc.constantFrom('', 'x1', 'x2'),
  approved: amount,
  proposed: amount,
  approvedQualified: fc.boolean(),
  proposedQualified: fc.boolean(),
  // A row with neither side is kept (not deleted) now and then: it still counts its unit.
  keepEmpty: fc.boolean(),
});
const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });

/** Applies the ops batch by batch as the projection would: upserts, deletes when both sides are empty (unless keepEmpty). */
type Op = { report: number; indicator: string; areaCode: string; approved: string | null; proposed: string | null; approvedQualified: boolean; proposedQualified: boolean; keepEmpty: boolean };

function planBatches(ops: Op[][]) {
  const current = new Map<string, ContributionRow>();
  let position = 0;
  return ops.map((batch) => {
    const before = new Map(current);
    for (const o of batch) {
      const r = REPORTS[o.report];
      const key = rowKey({ reportId: r.reportId, indicator: o.indicator, areaCode: o.areaCode });
      position += 1;
      const pos = position.toString(16).padStart(16, '0');
      if (o.approved === null && o.proposed === null && !o.keepEmpty) {
        current.delete(key);
        continue;
      }
      current.set(key, {
        ...r, indicator: o.indicator, areaCode: o.areaCode,
        approved: o.approved, approvedPosition: o.approved === null ? null : pos, approvedQualified: o.approved !== null && o.approvedQualified,
        proposed: o.proposed, proposedPosition: o.proposed === null ? null : pos, proposedQualified: o.proposed !== null && o.proposedQualified,
      });
    }
    const rows = [...current].filter(([k, row]) => before.get(k) !== row).map(([, row]) => row);
    const deletes = [...before].filter(([k]) => !current.has(k)).map(([, row]) => row);
    return { rows, deletes, position: position.toString(16).padStart(16, '0') };
  });
}

const scaled = (v: string) => {
  const [i, f = ''] = v.split('.');
  return BigInt(i + f.padEnd(6, '0'));
};

function chain(period: string): string[] {
  const c = periodColumns(period);
  return [...new Set([period, ...(c.quarter ? [c.quarter] : []), ...(c.half ? [c.half] : []), String(c.year)])];
}

/** The oracle: the question answered from the base rows in plain code. */
function oracle(rows: readonly ContributionRow[], s: TotalsSelection, groupBy: readonly TotalsGroupBy[]) {
  const groups = new Map<string, { key: Record<string, string>; rows: ContributionRow[] }>();
  for (const r of rows) {
    if (s.unitIds && !s.unitIds.includes(r.unitId)) continue;
    if (s.areaCodes && !s.areaCodes.includes(r.areaCode)) continue;
    if (s.indicator !== undefined && r.indicator !== s.indicator) continue;
    if (s.programKey !== undefined && r.programKey !== s.programKey) continue;
    const year = periodColumns(r.period).year;
    if (s.period === undefined && s.years && (year < s.years[0] || year > s.years[1])) continue;
    const periods = s.period !== undefined ? (chain(r.period).includes(s.period) ? [s.period] : []) : groupBy.includes('period') ? chain(r.period) : [''];
    for (const p of periods) {
      const key: Record<string, string> = { indicator: r.indicator };
      if (groupBy.includes('unit')) key.unitId = r.unitId;
      if (groupBy.includes('area')) key.areaCode = r.areaCode;
      if (groupBy.includes('period')) key.period = p;
      const id = JSON.stringify(key);
      const g = groups.get(id) ?? { key, rows: [] };
      g.rows.push(r);
      groups.set(id, g);
    }
  }
  const side = (rs: ContributionRow[], pick: 'approved' | 'proposed') => {
    const present = rs.filter((r) => r[pick] !== null);
    if (!present.length) return { sum: null, max: null, latest: null, qualified: false };
    const values = present.map((r) => r[pick]!);
    const latest = present.map((r) => latestKey(periodColumns(r.period).endKey, r[`${pick}Position`]!, r[pick]!)).sort().at(-1)!;
    const sum = values.reduce((a, v) => a + scaled(v), 0n);
    const max = values.reduce((a, v) => (scaled(v) > scaled(a) ? v : a));
    return { sum: canonical(sum), max: canonical(scaled(max)), latest: latest.slice(latest.indexOf('|') + 1), qualified: present.some((r) => r[`${pick}Qualified`]) };
  };
  return [...groups.values()]
    .map((g) => ({ ...g.key, approved: side(g.rows, 'approved'), proposed: side(g.rows, 'proposed'), units: new Set(g.rows.map((r) => r.unitId)).size }))
    .sort(byKey);
}

function canonical(units: bigint): string {
  const digits = units.toString().padStart(7, '0');
  const frac = digits.slice(-6).replace(/0+$/, '');
  return frac ? `${digits.slice(0, -6)}.${frac}` : digits.slice(0, -6);
}

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const [x, y] = [a, b].map((g) => JSON.stringify([g.indicator, g.unitId, g.areaCode, g.period]));
  return x < y ? -1 : x > y ? 1 : 0;
};

const QUESTIONS: [TotalsSelection, TotalsGroupBy[]][] = [
  [{}, []],
  [{}, ['period']],
  [{ period: '2021' }, []],
  [{ period: '2021' }, ['unit']],
  [{ period: '2021-Q1' }, ['area']],
  [{ period: '2021-H1', indicator: 'a' }, ['unit', 'area']],
  [{ period: '2021-05' }, ['unit', 'period']],
  // Months: over every unit from the all-units rows, about units from the base rows.
  [{ period: '2021-02' }, []],
  [{ period: '2021-01' }, ['area']],
  [{ period: '2021-02', areaCodes: ['x1', 'x2'] }, []],
  [{ period: '2021-01', unitIds: ['u1', 'u2'], indicator: 'b' }, ['unit']],
  [{ period: '2022-03', programKey: '-' }, ['period']],
  [{ unitIds: ['u1'], years: [2021, 2021] }, ['unit', 'period']],
  [{ unitIds: ['u2', 'u3'], years: [2021, 2022] }, []],
  [{ years: [2021, 2022], programKey: 'p1' }, ['period']],
  [{ areaCodes: ['x1', 'x2'], period: '2021' }, ['area']],
  [{ areaCodes: ['x1'], years: [2022, 2022] }, ['period']],
  [{ areaCodes: ['', 'x1'], period: '2021' }, []],
  [{ areaCodes: ['x2'], period: '2021-H2', programKey: '-' }, ['period']],
  [{ programKey: 'p1' }, ['unit']],
  // Phases over every unit (summaries of 2021..2022): the all-units year rows plus distinct units.
  [{ years: [2021, 2022] }, []],
  [{ years: [2021, 2022], programKey: 'p1' }, []],
  [{ years: [2020, 2022], indicator: 'a' }, []],
];

describe.each(factories)('unit totals roll-ups on %s', (backend, open) => {
  let store: ReadModelStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  it('answer every question as the base rows do, whatever batches wrote them; a deferred build finished equals them', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(batches, async (ops) => {
        run += 1;
        const live = openUnitTotals(store.native, `unit_totals_b${run * 2}`);
        const bulk = openUnitTotals(store.native, `unit_totals_b${run * 2 + 1}`);
        await live.prepare();
        await bulk.prepare();
        try {
          for (const b of planBatches(ops)) {
            await live.commit({ rows: b.rows, deletes: b.deletes, reports: [] }, { name: `l${run}`, position: b.position });
            await bulk.commit({ rows: b.rows, deletes: b.deletes, reports: [] }, { name: `b${run}`, position: b.position }, { deferRollups: true });
          }
          await bulk.rebuildRollups();
          const rows = await live.dump();
          expect(await bulk.dump()).toEqual(rows);
          expect(await bulk.dumpRollups()).toEqual(await live.dumpRollups());
          for (const [selection, groupBy] of QUESTIONS) {
            const got = (await live.aggregate(selection, groupBy)).map((g) => ({
              ...g,
              approved: { sum: g.approved.sum, max: g.approved.max, latest: g.approved.latest, qualified: g.approved.qualified },
              proposed: { sum: g.proposed.sum, max: g.proposed.max, latest: g.proposed.latest, qualified: g.proposed.qualified },
            }));
            expect({ selection, groupBy, groups: got.sort(byKey) }).toEqual({ selection, groupBy, groups: oracle(rows, selection, groupBy) });
          }
          for (const [selection] of QUESTIONS) {
            const years = [...new Set(oracle(rows, selection, []).length ? rows.filter((r) => oracle([r], selection, []).length).map((r) => periodColumns(r.period).year) : [])].sort();
            expect(await live.years(selection, null, 50)).toEqual(years);
            const blocks = [...new Set(rows.filter((r) => oracle([r], selection, []).length).map((r) => JSON.stringify([r.unitId, periodColumns(r.period).year])))].sort();
            expect((await live.blocks(selection, null, 50)).map((b) => JSON.stringify([b.unitId, b.year]))).toEqual(blocks);
          }
        } finally {
          await live.drop(`l${run}`);
          await bulk.drop(`b${run}`);
        }
      }),
      // FerretDB (CI's MongoDB stand-in) is slow on upserts: fewer runs there, with room to finish.
      { numRuns: backend === 'sqlite' ? 200 : 8 },
    );
  }, 600_000);
});
