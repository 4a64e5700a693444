import { Aggregation } from '@app/domain';
import { AnyBulkWriteOperation, Db, Document, Long } from 'mongodb';
import { idsFilter, MONGO_BULK_CHUNK, MONGO_OP_TIMEOUT_MS } from '../mongo-read-model-store.adapter';
import { CHECKPOINTS_COLLECTION } from '../read-model-validation';
import {
  AmountAggregate, ContributionRow, JointEntry, RollupRow, NO_AMOUNT, fromLimbs, fromMaxKey, latestKey, periodColumns, periodGrain, rowKey, toAmount, TotalsGroup,
  TotalsGroupBy, TotalsSelection, UnitBlock, UnitTotalsStorage, valueOfLatestKey, MemberGroup, combineMembers, selectMembers,
} from './unit-totals';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface RowDoc extends Document {
  _id: string;
  r: string; i: string; a: string; u: string; pk: string; per: string;
  y: number; h: string | null; q: string | null; end: string;
  /** The longer periods of its chain the row also counts in (null where the report is that long). */
  gq: string | null; gh: string | null; gy: string | null;
  ap: string | null; apos: string | null; ac: number; a0: Long | null; a1: Long | null; a2: Long | null; amax: string | null; alat: string | null;
  pp: string | null; ppos: string | null; pc: number; p0: Long | null; p1: Long | null; p2: Long | null; pmax: string | null; plat: string | null;
  /** 1 when the figure is qualified: summed like the counts, so a group's total is qualified when the sum is above 0. */
  aq: number; pq: number;
}

/**
 * Unit totals in MongoDB: one document per contribution with native Int64 limbs (see toAmount),
 * summed by `$group`/`$sum`, `max`/`latest` as `$max` over fixed-width string keys, roll-ups by
 * `$unwind` over the row's period chain. Only operators FerretDB v1.24 implements are used.
 * Every id is a value (`_id` is the JSON of report, indicator, area), never a key; writes go in
 * chunks of MONGO_BULK_CHUNK; rows first, report states next, the checkpoint last: a batch cut
 * anywhere replays to the same rows (rows are set to absolute values, not incremented).
 */
export class MongoUnitTotals implements UnitTotalsStorage {
  constructor(private readonly db: Db, private readonly base: string) {
    if (!NAME.test(base)) throw new Error(`invalid collection name: ${base}`);
  }

  private single: Promise<boolean> | null = null;

  /** True on FerretDB (its buildInfo names it), whose $group keeps only its first accumulator. */
  private oneAccumulatorPerGroup(): Promise<boolean> {
    this.single ??= this.db.admin().command({ buildInfo: 1 }).then((info) => 'ferretdbVersion' in info, () => false);
    return this.single;
  }

  private get rows() {
    return this.db.collection<RowDoc>(this.base);
  }

  /** Joint entries: the whole entry as JSON text (`e`), found by activity (`ka`, `kp`) and by unit and year. */
  private get joint() {
    return this.db.collection<{ _id: string; r: string; ka: string | null; kp: string | null; u: string; y: number; e: string }>(`${this.base}_joint`);
  }

  private get reports() {
    return this.db.collection<{ _id: string; state: string; position: string }>(`${this.base}_reports`);
  }

  async prepare(): Promise<void> {
    await this.rows.createIndex({ u: 1, y: 1, i: 1 });
    await this.rows.createIndex({ y: 1, u: 1, i: 1 });
    await this.rows.createIndex({ y: 1, i: 1, a: 1 });
    await this.rows.createIndex({ r: 1 });
    await this.joint.createIndex({ r: 1 });
    await this.joint.createIndex({ ka: 1 });
    await this.joint.createIndex({ kp: 1 });
    await this.joint.createIndex({ u: 1, y: 1 });
  }

  async drop(checkpointName: string): Promise<void> {
    for (const c of [this.rows, this.reports, this.joint]) {
      try {
        await c.drop();
      } catch (error) {
        if (!/ns not found/i.test(String((error as Error).message))) throw error;
      }
    }
    await this.db.collection<{ _id: string }>(CHECKPOINTS_COLLECTION).deleteOne({ _id: { $eq: checkpointName } }, { maxTimeMS: MONGO_OP_TIMEOUT_MS });
  }

  async loadReports(ids: readonly string[]): Promise<Map<string, { state: string; position: string }>> {
    if (ids.length === 0) return new Map();
    const docs = await this.reports.find(idsFilter(ids), { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
    return new Map(docs.map((d) => [d._id, { state: d.state, position: d.position }]));
  }

  async loadRows(reportIds: readonly string[]): Promise<ContributionRow[]> {
    if (reportIds.length === 0) return [];
    return (await this.rows.find({ r: { $in: [...reportIds] } }, { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray()).map(fromDoc);
  }

  async loadJoint(by: { reportIds?: readonly string[]; activityKeys?: readonly string[] }): Promise<JointEntry[]> {
    const out = new Map<string, JointEntry>();
    const read = async (filter: Document) => {
      for (const d of await this.joint.find(filter, { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray()) out.set(d._id, JSON.parse(d.e) as JointEntry);
    };
    if (by.reportIds?.length) await read({ r: { $in: [...by.reportIds] } });
    if (by.activityKeys?.length) {
      await read({ ka: { $in: [...by.activityKeys] } });
      await read({ kp: { $in: [...by.activityKeys] } });
    }
    return [...out.values()];
  }

  async jointIn(unitIds: readonly string[], years: readonly [number, number]): Promise<JointEntry[]> {
    if (unitIds.length === 0) return [];
    const docs = await this.joint.find({ u: { $in: [...unitIds] }, y: { $gte: years[0], $lte: years[1] } }, { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
    return docs.sort((a, b) => cmp(a._id, b._id)).map((d) => JSON.parse(d.e) as JointEntry);
  }

  async jointBlocks(unitIds: readonly string[] | undefined): Promise<UnitBlock[]> {
    const docs = await this.joint.find(unitIds ? { u: { $in: [...unitIds] } } : {}, { projection: { u: 1, y: 1 }, maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
    const pairs = new Map(docs.map((d) => [JSON.stringify([d.u, d.y]), { unitId: d.u, year: Number(d.y) }]));
    return [...pairs.values()].sort((a, b) => cmp(a.unitId, b.unitId) || a.year - b.year);
  }

  async dumpJoint(): Promise<JointEntry[]> {
    const docs = await this.joint.find({}, { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
    return docs.map((d) => JSON.parse(d.e) as JointEntry).sort((a, b) => cmp(a.reportId, b.reportId) || cmp(a.indicator, b.indicator) || cmp(a.areaCode, b.areaCode));
  }

  /** None stored yet: MongoDB rolls up at query time ($group over the base rows). */
  async rebuildRollups(): Promise<void> {
    // nothing stored to rebuild
  }

  /** None stored yet: MongoDB rolls up at query time ($group over the base rows). */
  async dumpRollups(): Promise<RollupRow[]> {
    return [];
  }

  async listRows(selection: TotalsSelection, after: string | null, limit: number): Promise<ContributionRow[]> {
    // The row id is the JSON of (report, indicator, area), so its order is not the key's: filter and order by the fields.
    const match = matchOf(selection);
    const filter: Document = after === null ? match : { $and: [match, afterKey(JSON.parse(after) as string[])] };
    const docs = await this.rows.find(filter, { sort: { r: 1, i: 1, a: 1 }, limit, maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
    return docs.map(fromDoc);
  }

  async dump(): Promise<ContributionRow[]> {
    const rows = (await this.rows.find({}, { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray()).map(fromDoc);
    return rows.sort((a, b) => cmp(a.reportId, b.reportId) || cmp(a.indicator, b.indicator) || cmp(a.areaCode, b.areaCode));
  }

  async commit(
    write: {
      rows: readonly ContributionRow[]; deletes: readonly ContributionRow[]; reports: readonly { id: string; state: string; position: string }[];
      joint?: { puts: readonly JointEntry[]; deletes: readonly JointEntry[] };
    },
    checkpoint: { name: string; position: string },
  ): Promise<void> {
    // Joint entries first: like the rows, they are set to absolute values, so a batch cut anywhere replays to the same state.
    const jointOps: AnyBulkWriteOperation<{ _id: string; r: string; ka: string | null; kp: string | null; u: string; y: number; e: string }>[] = [
      ...(write.joint?.deletes ?? []).map((e) => ({ deleteOne: { filter: { _id: rowKey(e) } } })),
      ...(write.joint?.puts ?? []).map((e) => {
        const doc = { _id: rowKey(e), r: e.reportId, ka: e.approvedJoint?.activityKey ?? null, kp: e.proposedJoint?.activityKey ?? null, u: e.unitId, y: periodColumns(e.period).year, e: JSON.stringify(e) };
        return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
      }),
    ];
    await chunked(jointOps, (ops) => this.joint.bulkWrite(ops, { ordered: true, maxTimeMS: MONGO_OP_TIMEOUT_MS }));
    const rowOps: AnyBulkWriteOperation<RowDoc>[] = [
      ...write.rows.map((r) => { const doc = toDoc(r); return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }; }),
      ...write.deletes.map((r) => ({ deleteOne: { filter: { _id: rowKey(r) } } })),
    ];
    await chunked(rowOps, (ops) => this.rows.bulkWrite(ops, { ordered: true, maxTimeMS: MONGO_OP_TIMEOUT_MS }));
    await chunked(
      write.reports.map((r) => ({ replaceOne: { filter: { _id: r.id }, replacement: { _id: r.id, state: r.state, position: r.position }, upsert: true } })),
      (ops) => this.reports.bulkWrite(ops, { ordered: true, maxTimeMS: MONGO_OP_TIMEOUT_MS }),
    );
    await this.db
      .collection<{ _id: string; position: string }>(CHECKPOINTS_COLLECTION)
      .replaceOne({ _id: checkpoint.name }, { position: checkpoint.position }, { upsert: true, maxTimeMS: MONGO_OP_TIMEOUT_MS });
  }

  /** Groups by member in the store, combined here into member groups (combineMembers). */
  async aggregateMembers(selection: TotalsSelection, by: 'area' | 'unit', members: ReadonlyMap<string, string>, aggregations?: ReadonlyMap<string, Aggregation>): Promise<MemberGroup[]> {
    if (members.size === 0) return [];
    return combineMembers(await this.aggregate(selectMembers(selection, by, members), [by], aggregations), by, members);
  }

  async aggregate(selection: TotalsSelection, groupBy: readonly TotalsGroupBy[], aggregations?: ReadonlyMap<string, Aggregation>): Promise<TotalsGroup[]> {
    const byPeriod = groupBy.includes('period') && !selection.period;
    const key: Record<string, string> = { i: '$i' };
    if (groupBy.includes('unit')) key.u = '$u';
    if (groupBy.includes('area')) key.a = '$a';
    if (byPeriod) key.p = '$__grain';
    const sums = { a0: '$a0', a1: '$a1', a2: '$a2', ac: '$ac', aq: '$aq', p0: '$p0', p1: '$p1', p2: '$p2', pc: '$pc', pq: '$pq' };
    // Two stages: per unit first, so the second can count distinct units with $sum (FerretDB has no $addToSet).
    const perUnit = { ...key, uu: '$u' };
    // By period: each row counts in its own period and in each longer one of its chain, one arm
    // per grain (no $unwind: FerretDB v1.24 answers it with nothing).
    const arms: { field: string; head: Document[] }[] = byPeriod
      ? [['per', null], ['gq', 'gq'], ['gh', 'gh'], ['gy', 'gy']].map(([field, present]) => ({
          field: field!,
          head: [{ $match: { ...matchOf(selection), ...(present && { [present]: { $type: 'string' } }) } }],
        }))
      : [{ field: 'per', head: [{ $match: matchOf(selection) }] }];
    const options = { maxTimeMS: MONGO_OP_TIMEOUT_MS, promoteLongs: false };
    // The store sums per group and unit; the per-unit partials are combined here (exact BigInt
    // sums), which also counts distinct units (FerretDB v1.24 has no $addToSet and its $sum of a
    // constant answers 0).
    const accumulators = Object.entries(sums).map(([k, v]) => [k, { $sum: v }] as const);
    const partials: Document[] = [];
    for (const arm of arms) {
      const armUnit = Object.fromEntries(Object.entries(perUnit).map(([k, v]) => [k, v === '$__grain' ? `$${arm.field}` : v]));
      if (!(await this.oneAccumulatorPerGroup())) {
        partials.push(...(await this.rows.aggregate([...arm.head, { $group: { _id: armUnit, ...Object.fromEntries(accumulators) } }], options).toArray()));
      } else {
        // FerretDB v1.24 computes only the first accumulator of a $group (the others answer 0):
        // one pipeline per sum there, merged by group.
        const merged = new Map<string, Document>();
        for (const [k, acc] of accumulators) {
          for (const d of await this.rows.aggregate([...arm.head, { $group: { _id: armUnit, [k]: acc } }], options).toArray()) {
            const id = JSON.stringify(d._id);
            merged.set(id, { ...(merged.get(id) ?? { _id: d._id }), [k]: d[k] });
          }
        }
        partials.push(...merged.values());
      }
    }
    const combined = new Map<string, Document>();
    // Distinct units per group: one unit may come in several partials (one per arm: a month row
    // and a year row of the same unit both land in the year's group).
    const unitsOf = new Map<string, Set<unknown>>();
    for (const p of partials) {
      const id = groupId(p._id as Document, key);
      const d = combined.get(id) ?? { _id: p._id, units: 0, ...Object.fromEntries(Object.keys(sums).map((k) => [k, 0n])) };
      for (const k of Object.keys(sums)) d[k] = (d[k] as bigint) + big(p[k]);
      const units = unitsOf.get(id) ?? new Set<unknown>();
      units.add((p._id as Document).uu);
      unitsOf.set(id, units);
      d.units = units.size;
      combined.set(id, d);
    }
    const docs = [...combined.values()];
    // FerretDB v1.24 has no $max, $first or $push accumulator: the largest key per group is the
    // first met in a descending sort, read here, only for the indicators whose aggregation needs it.
    const keyed = new Map(docs.map((d) => [groupId(d._id as Document, key), d]));
    const needs = (field: string) => {
      const wanted = field.endsWith('max') ? 'max' : 'latest';
      return aggregations ? [...aggregations].filter(([, a]) => a === wanted).map(([i]) => i) : null;
    };
    for (const field of ['amax', 'alat', 'pmax', 'plat']) {
      const indicators = needs(field);
      if (indicators && indicators.length === 0) continue;
      // Per arm the first row met per group is its largest; across arms (a quarter's group gets
      // quarter rows from one arm and month rows from another) the keys are compared.
      for (const arm of arms) {
        const seen = new Set<string>();
        const cursor = this.rows.aggregate(
          [...arm.head, { $match: { [field]: { $type: 'string' }, ...(indicators && { i: { $in: indicators } }) } }, { $sort: { [field]: -1 } }, { $project: { i: 1, u: 1, a: 1, [arm.field]: 1, [field]: 1 } }],
          options,
        );
        for await (const row of cursor) {
          const id = groupId({ i: row.i, u: row.u, a: row.a, p: row[arm.field] }, key);
          if (seen.has(id)) continue;
          seen.add(id);
          const d = keyed.get(id);
          if (d && (d[field] === undefined || String(row[field]) > String(d[field]))) d[field] = row[field];
        }
      }
    }
    return docs.map((d) => {
      const id = d._id as Record<string, string>;
      return {
        indicator: id.i,
        ...(key.u && { unitId: id.u }),
        ...(key.a && { areaCode: id.a }),
        ...(groupBy.includes('period') && { period: byPeriod ? id.p : selection.period }),
        approved: amount(d.ac, d.a0, d.a1, d.a2, d.amax, d.alat, d.aq),
        proposed: amount(d.pc, d.p0, d.p1, d.p2, d.pmax, d.plat, d.pq),
        units: Number(d.units),
      };
    });
  }

  async years(selection: TotalsSelection, after: number | null, limit: number): Promise<number[]> {
    const cursor = after !== null ? [{ $match: { _id: { $gt: after } } }] : [];
    const docs = await this.rows
      .aggregate([{ $match: matchOf(selection) }, { $group: { _id: '$y' } }, ...cursor, { $sort: { _id: 1 } }, { $limit: limit }], { maxTimeMS: MONGO_OP_TIMEOUT_MS })
      .toArray();
    return docs.map((d) => Number(d._id));
  }

  async blocks(selection: TotalsSelection, after: UnitBlock | null, limit: number): Promise<UnitBlock[]> {
    // Distinct pairs from the store; ordered and cut here (FerretDB v1.24 cannot sort on `_id.*`
    // after a $group). Bounded by units × years.
    const docs = await this.rows.aggregate([{ $match: matchOf(selection) }, { $group: { _id: { u: '$u', y: '$y' } } }], { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
    return docs
      .map((d) => ({ unitId: d._id.u as string, year: Number(d._id.y) }))
      .filter((b) => !after || b.unitId > after.unitId || (b.unitId === after.unitId && b.year > after.year))
      .sort((a, b) => cmp(a.unitId, b.unitId) || a.year - b.year)
      .slice(0, limit);
  }
}

/** The group a row or a $group result belongs to, as text. */
function groupId(source: Document, key: Record<string, string>): string {
  return JSON.stringify(Object.keys(key).map((k) => source[k] ?? null));
}

async function chunked<T>(ops: readonly T[], write: (ops: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ops.length; i += MONGO_BULK_CHUNK) await write(ops.slice(i, i + MONGO_BULK_CHUNK));
}

/** Rows whose (report, indicator, area) comes after the key, without a client value reaching the filter as an operator. */
function afterKey([r, i, a]: string[]): Document {
  return { $or: [{ r: { $gt: r } }, { r: { $eq: r }, i: { $gt: i } }, { r: { $eq: r }, i: { $eq: i }, a: { $gt: a } }] };
}

function matchOf(s: TotalsSelection): Document {
  const m: Document = {};
  if (s.unitIds) m.u = { $in: [...s.unitIds] };
  if (s.areaCodes) m.a = { $in: [...s.areaCodes] };
  if (s.indicator !== undefined) m.i = { $eq: s.indicator };
  if (s.programKey !== undefined) m.pk = { $eq: s.programKey };
  if (s.period !== undefined) {
    const g = periodGrain(s.period);
    m[{ period: 'per', quarter: 'q', half: 'h', year: 'y' }[g.column]] = { $eq: g.value };
  }
  if (s.years) m.y = { ...(m.y ?? {}), $gte: s.years[0], $lte: s.years[1] };
  return m;
}

function toDoc(r: ContributionRow): RowDoc {
  const p = periodColumns(r.period);
  const side = (value: string | null, position: string | null) => {
    if (value === null) return { v: null, pos: null, c: 0, l0: null, l1: null, l2: null, max: null, lat: null };
    const a = toAmount(value);
    return { v: value, pos: position, c: 1, l0: Long.fromNumber(a.l0), l1: Long.fromNumber(a.l1), l2: Long.fromNumber(a.l2), max: a.maxKey, lat: latestKey(p.endKey, position ?? '', value) };
  };
  const a = side(r.approved, r.approvedPosition);
  const q = side(r.proposed, r.proposedPosition);
  const longer = (x: string | null) => (x !== null && x !== r.period ? x : null);
  return {
    _id: rowKey(r), r: r.reportId, i: r.indicator, a: r.areaCode, u: r.unitId, pk: r.programKey, per: r.period,
    y: p.year, h: p.half, q: p.quarter, end: p.endKey, gq: longer(p.quarter), gh: longer(p.half), gy: longer(String(p.year)),
    ap: a.v, apos: a.pos, ac: a.c, a0: a.l0, a1: a.l1, a2: a.l2, amax: a.max, alat: a.lat,
    pp: q.v, ppos: q.pos, pc: q.c, p0: q.l0, p1: q.l1, p2: q.l2, pmax: q.max, plat: q.lat,
    aq: a.v !== null && r.approvedQualified ? 1 : 0, pq: q.v !== null && r.proposedQualified ? 1 : 0,
  };
}

function fromDoc(d: RowDoc): ContributionRow {
  return {
    reportId: d.r, indicator: d.i, areaCode: d.a, unitId: d.u, programKey: d.pk, period: d.per,
    approved: d.ap, approvedPosition: d.apos, approvedQualified: d.aq === 1, proposed: d.pp, proposedPosition: d.ppos, proposedQualified: d.pq === 1,
  };
}

/** A limb sum as a BigInt; a server that overflowed into a double is refused, never rounded. */
function big(x: unknown): bigint {
  if (x === null || x === undefined) return 0n;
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new Error('unit totals: a sum left the exact integer range');
    return BigInt(x);
  }
  return BigInt(String(x));
}

function amount(n: unknown, l0: unknown, l1: unknown, l2: unknown, max: unknown, latest: unknown, qualified: unknown): AmountAggregate {
  if (Number(big(n)) === 0) return NO_AMOUNT;
  // max / latest are read only for the indicators that report them (see aggregate): absent otherwise.
  const maxKey = typeof max === 'string' ? max : null;
  const latestKey = typeof latest === 'string' ? latest : null;
  return {
    sum: fromLimbs(big(l0), big(l1), big(l2)),
    max: maxKey && fromMaxKey(maxKey),
    latest: latestKey && valueOfLatestKey(latestKey),
    maxKey,
    latestKey,
    qualified: big(qualified) > 0n,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
