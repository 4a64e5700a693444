import type { Database, Statement } from 'better-sqlite3';
import { StatementCache } from '../sqlite-statements';
import {
  AmountAggregate, ContributionRow, JointEntry, NO_AMOUNT, RollupRow, rowKey, fromLimbs, fromMaxKey, periodColumns, periodGrain, toAmount, TotalsGroup,
  TotalsGroupBy, TotalsSelection, UnitBlock, UnitTotalsStorage, valueOfLatestKey, MemberGroup, selectMembers,
} from './unit-totals';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Unit totals in SQLite: a real table with typed columns. Amounts are three INTEGER limbs (see
 * toAmount) summed by SUM() into BigInts (safeIntegers), `max` and `latest` are MAX() over
 * fixed-width text keys, and roll-ups are GROUP BY over the period columns. `base` is the build's
 * physical name (`unit_totals_b3`); the table is `t_<base>`, the states `t_<base>_reports`.
 */
export class SqliteUnitTotals implements UnitTotalsStorage {
  private readonly rows: string;
  private readonly reports: string;
  private readonly rollups: string;
  private readonly overall: string;
  private readonly joint: string;
  private readonly statements: StatementCache;

  constructor(private readonly db: Database, base: string) {
    if (!NAME.test(base)) throw new Error(`invalid table name: ${base}`);
    this.statements = new StatementCache(db);
    this.rows = `"t_${base}"`;
    this.reports = `"t_${base}_reports"`;
    this.rollups = `"t_${base}_rollups"`;
    this.overall = `"t_${base}_all"`;
    this.joint = `"t_${base}_joint"`;
  }

  private ready = false;

  /** Queries may come before the projector's first batch: the tables then exist, empty. */
  private ensure(): void {
    if (this.ready) return;
    this.createTables();
  }

  async prepare(): Promise<void> {
    this.createTables();
  }

  private createTables(): void {
    const ix = (suffix: string) => this.index(suffix);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.rows} (
        report_id TEXT NOT NULL, indicator TEXT NOT NULL, area_code TEXT NOT NULL,
        unit_id TEXT NOT NULL, program_key TEXT NOT NULL, period TEXT NOT NULL,
        year INTEGER NOT NULL, half TEXT, quarter TEXT, end_key TEXT NOT NULL,
        approved TEXT, approved_pos TEXT, a0 INTEGER, a1 INTEGER, a2 INTEGER, a_q INTEGER NOT NULL DEFAULT 0,
        proposed TEXT, proposed_pos TEXT, p0 INTEGER, p1 INTEGER, p2 INTEGER, p_q INTEGER NOT NULL DEFAULT 0,
        -- Clustered by year and unit: a unit's year, or a whole year, is one contiguous range.
        PRIMARY KEY (year, unit_id, indicator, report_id, area_code)
      ) WITHOUT ROWID;
      -- Base rows are read by report (the projection's own fold), by roll-up group (year, unit,
      -- indicator: the primary key's prefix), and as the month grain: a month's all-units groups
      -- are recomputed from them (period, indicator), and questions about units in a month read them.
      CREATE UNIQUE INDEX IF NOT EXISTS ${ix('report')} ON ${this.rows} (report_id, indicator, area_code);
      CREATE INDEX IF NOT EXISTS ${ix('month')} ON ${this.rows} (period, indicator, area_code);
      CREATE TABLE IF NOT EXISTS ${this.reports} (id TEXT PRIMARY KEY, state TEXT NOT NULL, position TEXT NOT NULL) WITHOUT ROWID;
      -- Roll-ups: one row per (quarter, half or year, unit, indicator, area, program), recomputed
      -- from the base rows for every group a batch touches (see commit). kind: 1 quarter, 2 half,
      -- 3 year. No month rows: they would repeat the base rows (monthRows presents those in this
      -- shape). Sums are limb sums (exact), max / latest the fixed-width keys. Clustered by
      -- (period, indicator, area): an indicator's period over every unit, the all-units groups'
      -- source, is one range of the table itself; a unit's rows are found by its index.
      CREATE TABLE IF NOT EXISTS ${this.rollups} (
        period TEXT NOT NULL, kind INTEGER NOT NULL, year INTEGER NOT NULL,
        unit_id TEXT NOT NULL, indicator TEXT NOT NULL, area_code TEXT NOT NULL, program_key TEXT NOT NULL,
        a0 INTEGER NOT NULL, a1 INTEGER NOT NULL, a2 INTEGER NOT NULL, an INTEGER NOT NULL, aq INTEGER NOT NULL, amax TEXT, alatest TEXT,
        p0 INTEGER NOT NULL, p1 INTEGER NOT NULL, p2 INTEGER NOT NULL, pn INTEGER NOT NULL, pq INTEGER NOT NULL, pmax TEXT, platest TEXT,
        PRIMARY KEY (period, indicator, area_code, program_key, unit_id)
      ) WITHOUT ROWID;
      ${this.rollupIndexes()}
      -- Across all units: one row per (period at every grain, month included, indicator, program,
      -- area), plus '*' rows over every program and / or every area ('*' is neither an id nor a
      -- code), each with its distinct units. kind as above, 0 a month. Recomputed for the groups a
      -- batch touches, a month's from the base rows, the others' from the roll-ups; unscoped
      -- questions read these.
      CREATE TABLE IF NOT EXISTS ${this.overall} (
        period TEXT NOT NULL, kind INTEGER NOT NULL, year INTEGER NOT NULL,
        indicator TEXT NOT NULL, program_key TEXT NOT NULL, area_code TEXT NOT NULL,
        a0 INTEGER NOT NULL, a1 INTEGER NOT NULL, a2 INTEGER NOT NULL, an INTEGER NOT NULL, aq INTEGER NOT NULL, amax TEXT, alatest TEXT,
        p0 INTEGER NOT NULL, p1 INTEGER NOT NULL, p2 INTEGER NOT NULL, pn INTEGER NOT NULL, pq INTEGER NOT NULL, pmax TEXT, platest TEXT,
        units INTEGER NOT NULL,
        PRIMARY KEY (period, program_key, area_code, indicator)
      ) WITHOUT ROWID;
      -- Joint figures as their own reports have them (the whole entry as JSON), found by activity
      -- (a_key, p_key: the approved and the proposed side's) and by unit and year.
      CREATE TABLE IF NOT EXISTS ${this.joint} (
        report_id TEXT NOT NULL, indicator TEXT NOT NULL, area_code TEXT NOT NULL,
        a_key TEXT, p_key TEXT, unit_id TEXT NOT NULL, year INTEGER NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (report_id, indicator, area_code)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS ${ix('j_a')} ON ${this.joint} (a_key);
      CREATE INDEX IF NOT EXISTS ${ix('j_p')} ON ${this.joint} (p_key);
      CREATE INDEX IF NOT EXISTS ${ix('j_unit')} ON ${this.joint} (unit_id, year);
    `);
    this.ready = true;
  }

  private index(suffix: string): string {
    return `"${this.rows.slice(1, -1)}_${suffix}"`;
  }

  /** A unit's periods (its totals, paged totals, breakdowns by unit); an indicator's period across units is the key's own order. */
  private rollupIndexes(): string {
    return `CREATE INDEX IF NOT EXISTS ${this.index('r_unit_year')} ON ${this.rollups} (unit_id, year, kind);`;
  }

  async drop(checkpointName: string): Promise<void> {
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${this.rows}; DROP TABLE IF EXISTS ${this.reports}; DROP TABLE IF EXISTS ${this.rollups}; DROP TABLE IF EXISTS ${this.overall}; DROP TABLE IF EXISTS ${this.joint};`);
      this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(checkpointName);
    }).immediate();
    this.statements.clear();
    this.ready = false;
  }

  async loadReports(ids: readonly string[]): Promise<Map<string, { state: string; position: string }>> {
    if (ids.length === 0) return new Map();
    const rows = this.stmt(`SELECT id, state, position FROM ${this.reports} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as {
      id: string; state: string; position: string;
    }[];
    return new Map(rows.map((r) => [r.id, { state: r.state, position: r.position }]));
  }

  async loadRows(reportIds: readonly string[]): Promise<ContributionRow[]> {
    if (reportIds.length === 0) return [];
    return (this.stmt(`${SELECT_ROW} FROM ${this.rows} WHERE report_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(reportIds)) as RawRow[]).map(fromRaw);
  }

  async listRows(selection: TotalsSelection, after: string | null, limit: number): Promise<ContributionRow[]> {
    this.ensure();
    const where: string[] = [];
    const params: unknown[] = [];
    if (selection.unitIds) where.push('unit_id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(selection.unitIds));
    if (selection.areaCodes) where.push('area_code IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(selection.areaCodes));
    if (selection.indicator !== undefined) where.push('indicator = ?'), params.push(selection.indicator);
    if (selection.programKey !== undefined) where.push('program_key = ?'), params.push(selection.programKey);
    if (selection.period !== undefined) {
      const g = periodGrain(selection.period);
      where.push(`${g.column} = ?`), params.push(g.value);
    }
    if (selection.years) where.push('year BETWEEN ? AND ?'), params.push(selection.years[0], selection.years[1]);
    if (after !== null) {
      const [reportId, indicator, areaCode] = JSON.parse(after) as string[];
      where.push('(report_id, indicator, area_code) > (?, ?, ?)'), params.push(reportId, indicator, areaCode);
    }
    const sql = `${SELECT_ROW} FROM ${this.rows} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY report_id, indicator, area_code LIMIT ?`;
    return (this.stmt(sql).all(...params, limit) as RawRow[]).map(fromRaw);
  }

  async loadJoint(by: { reportIds?: readonly string[]; activityKeys?: readonly string[] }): Promise<JointEntry[]> {
    this.ensure();
    const out = new Map<string, JointEntry>();
    const read = (sql: string, list: readonly string[] | undefined, times = 1) => {
      if (!list?.length) return;
      for (const doc of this.stmt(sql).pluck().all(...Array.from({ length: times }, () => JSON.stringify(list))) as string[]) {
        const e = JSON.parse(doc) as JointEntry;
        out.set(rowKey(e), e);
      }
    };
    read(`SELECT doc FROM ${this.joint} WHERE report_id IN (SELECT value FROM json_each(?))`, by.reportIds);
    read(`SELECT doc FROM ${this.joint} WHERE a_key IN (SELECT value FROM json_each(?)) UNION SELECT doc FROM ${this.joint} WHERE p_key IN (SELECT value FROM json_each(?))`, by.activityKeys, 2);
    return [...out.values()];
  }

  async jointIn(unitIds: readonly string[], years: readonly [number, number]): Promise<JointEntry[]> {
    this.ensure();
    if (unitIds.length === 0) return [];
    const docs = this.stmt(`SELECT doc FROM ${this.joint} WHERE unit_id IN (SELECT value FROM json_each(?)) AND year BETWEEN ? AND ? ORDER BY report_id, indicator, area_code`)
      .pluck().all(JSON.stringify(unitIds), years[0], years[1]) as string[];
    return docs.map((d) => JSON.parse(d) as JointEntry);
  }

  async jointBlocks(unitIds: readonly string[] | undefined): Promise<UnitBlock[]> {
    const where = unitIds ? ' WHERE unit_id IN (SELECT value FROM json_each(?))' : '';
    const rows = this.stmt(`SELECT DISTINCT unit_id, year FROM ${this.joint}${where} ORDER BY unit_id, year`).all(...(unitIds ? [JSON.stringify(unitIds)] : [])) as { unit_id: string; year: number }[];
    return rows.map((r) => ({ unitId: r.unit_id, year: r.year }));
  }

  async dumpJoint(): Promise<JointEntry[]> {
    this.ensure();
    return (this.stmt(`SELECT doc FROM ${this.joint} ORDER BY report_id, indicator, area_code`).pluck().all() as string[]).map((d) => JSON.parse(d) as JointEntry);
  }

  async dump(): Promise<ContributionRow[]> {
    return (this.stmt(`${SELECT_ROW} FROM ${this.rows} ORDER BY report_id, indicator, area_code`).all() as RawRow[]).map(fromRaw);
  }

  async commit(
    write: {
      rows: readonly ContributionRow[]; deletes: readonly ContributionRow[]; reports: readonly { id: string; state: string; position: string }[];
      joint?: { puts: readonly JointEntry[]; deletes: readonly JointEntry[] };
    },
    checkpoint: { name: string; position: string },
    options: { deferRollups?: boolean } = {},
  ): Promise<void> {
    this.ensure();
    const jointPut = this.stmt(`INSERT INTO ${this.joint} (report_id, indicator, area_code, a_key, p_key, unit_id, year, doc) VALUES (?,?,?,?,?,?,?,?)
      ON CONFLICT (report_id, indicator, area_code) DO UPDATE SET a_key = excluded.a_key, p_key = excluded.p_key, doc = excluded.doc`);
    const jointDelete = this.stmt(`DELETE FROM ${this.joint} WHERE report_id = ? AND indicator = ? AND area_code = ?`);
    const upsert = this.stmt(`INSERT INTO ${this.rows} (report_id, indicator, area_code, unit_id, program_key, period, year, half, quarter, end_key,
        approved, approved_pos, a0, a1, a2, a_q, proposed, proposed_pos, p0, p1, p2, p_q)
      VALUES (?,?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?, ?,?,?,?,?,?)
      ON CONFLICT (year, unit_id, indicator, report_id, area_code) DO UPDATE SET
        approved = excluded.approved, approved_pos = excluded.approved_pos, a0 = excluded.a0, a1 = excluded.a1, a2 = excluded.a2, a_q = excluded.a_q,
        proposed = excluded.proposed, proposed_pos = excluded.proposed_pos, p0 = excluded.p0, p1 = excluded.p1, p2 = excluded.p2, p_q = excluded.p_q`);
    const remove = this.stmt(`DELETE FROM ${this.rows} WHERE report_id = ? AND indicator = ? AND area_code = ?`);
    const state = this.stmt(`INSERT INTO ${this.reports} (id, state, position) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state, position = excluded.position`);
    const cp = this.stmt('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
    const params = write.rows.map(toParams);
    // The base rows the batch writes, as they were and as they are, carry the batch into the
    // roll-ups (see maintainRollups); a deferred build computes those once at the end instead.
    const keys = options.deferRollups ? '[]' : JSON.stringify([...write.rows, ...write.deletes].map((r) => [r.reportId, r.indicator, r.areaCode]));
    this.db.transaction(() => {
      const before = keys !== '[]' ? this.baseRowsByKey(keys) : [];
      for (const p of params) upsert.run(p);
      for (const d of write.deletes) remove.run(d.reportId, d.indicator, d.areaCode);
      for (const r of write.reports) state.run(r.id, r.state, r.position);
      for (const e of write.joint?.deletes ?? []) jointDelete.run(e.reportId, e.indicator, e.areaCode);
      for (const e of write.joint?.puts ?? []) {
        jointPut.run(e.reportId, e.indicator, e.areaCode, e.approvedJoint?.activityKey ?? null, e.proposedJoint?.activityKey ?? null, e.unitId, periodColumns(e.period).year, JSON.stringify(e));
      }
      if (keys !== '[]') {
        const changes = pairRows(before, this.baseRowsByKey(keys), (r) => r.key!).filter(([was, now]) => !(was && now && sameValues(was, now)));
        // A month's all-units groups are over its base rows; every other period's over the per-unit roll-ups.
        const months = changes.filter(([was, now]) => kindOf((now ?? was)!.period) === MONTH);
        this.maintainOverall([...this.maintainRollups(changes), ...months]);
      }
      cp.run(checkpoint.name, checkpoint.position);
    }).immediate();
  }

  /**
   * Recomputes every roll-up from the base rows: a rebuild defers the roll-ups (deferRollups) and
   * calls this once before its build goes live. Idempotent (it starts by emptying both tables);
   * not read until live. SQLite computes the groups itself (INSERT … SELECT … GROUP BY), one year
   * at a time in its own transaction: every value stays inside SQLite, where binding ~20
   * parameters per roll-up row from JavaScript cost several µs a row (BENCHMARKS.md). The base
   * rows' key starts with the year and the roll-ups' with the period (whose text starts with
   * its year), so each year is a range of both; the sorts are SQLite's (bounded memory, spilled
   * to a temporary file beyond its cache). The two secondary indexes are dropped first and built
   * at the end (one sort each, not an index update per row); the groups come out of GROUP BY in
   * the roll-ups' key order, so each year's rows are appended to the table's B-tree in order.
   */
  async rebuildRollups(): Promise<void> {
    this.ensure();
    const unitYearIx = this.index('r_unit_year');
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM ${this.rollups}; DELETE FROM ${this.overall}; DROP INDEX IF EXISTS ${unitYearIx};`);
    }).immediate();
    const years = this.db.prepare(`SELECT DISTINCT year FROM ${this.rows} ORDER BY year`).pluck().all() as number[];
    // Each grain's period of a base row, and which rows have one (as rollupPeriods: a row's own period, then its quarter, half and year).
    const grains: [number, string, string][] = [
      [1, 'quarter', 'quarter IS NOT NULL'],
      [2, 'half', 'half IS NOT NULL'],
      [3, 'CAST(year AS TEXT)', '1'],
    ];
    const perUnit = grains.map(([kind, period, where]) => this.db.prepare(`INSERT INTO ${this.rollups} (${ROLLUP_COLUMNS})
      SELECT ${period}, ${kind}, year, unit_id, indicator, area_code, program_key, ${ROLLUP_SUMS('')}
      FROM ${this.rows} WHERE year = ? AND ${where} GROUP BY ${period}, indicator, area_code, program_key, unit_id`));
    const variants = [['program_key', 'area_code'], ["'*'", 'area_code'], ['program_key', "'*'"], ["'*'", "'*'"]];
    // The all-units groups of each variant, from `source` rows that `where` picks, with `sums`.
    const allUnits = (source: string, kind: string, sums: string, where: string) => variants.map(([program, area]) => this.db.prepare(`INSERT INTO ${this.overall} (${OVERALL_COLUMNS})
      SELECT period, ${kind}, year, indicator, ${program}, ${area}, ${sums}
      FROM ${source} WHERE ${where} GROUP BY period, indicator, ${program}, ${area}`));
    // Every period of year y sorts in [y, y+1) as text ('2021', '2021-H1', '2021-Q1').
    const overall = allUnits(this.rollups, 'kind', OVERALL_SUMS(''), 'period >= ? AND period < ? AND year = ?');
    // A month's all-units groups straight from its base rows (the same sums: a group of groups is a group of their rows).
    const months = allUnits(this.rows, String(MONTH), `${ROLLUP_SUMS('')}, COUNT(DISTINCT unit_id)`, `year = ? AND ${IS_MONTH('')}`);
    for (const year of years) {
      this.db.transaction(() => {
        for (const s of perUnit) s.run(year);
        for (const s of overall) s.run(String(year), String(year + 1), year);
        for (const s of months) s.run(year);
      }).immediate();
    }
    this.db.transaction(() => this.db.exec(this.rollupIndexes())).immediate();
  }

  /** Every roll-up row, ordered by key: for equivalence tests. */
  async dumpRollups(): Promise<RollupRow[]> {
    const perUnit = this.stmt(`SELECT * FROM ${this.rollups} ORDER BY period, unit_id, indicator, area_code, program_key`).safeIntegers(true).all() as Record<string, unknown>[];
    const overall = this.stmt(`SELECT *, '*' AS unit_id FROM ${this.overall} ORDER BY period, program_key, area_code, indicator`).safeIntegers(true).all() as Record<string, unknown>[];
    return [...perUnit, ...overall].map((r) => ({
      period: r.period as string, unitId: r.unit_id as string, indicator: r.indicator as string, areaCode: r.area_code as string, programKey: r.program_key as string,
      approved: amount(r.an, r.a0, r.a1, r.a2, r.amax, r.alatest, r.aq), proposed: amount(r.pn, r.p0, r.p1, r.p2, r.pmax, r.platest, r.pq),
      ...(r.units !== undefined && { units: Number(r.units) }),
    }));
  }

  /**
   * Answers from the roll-ups, never from the base rows: a selection names a period (the roll-up
   * rows of that period), a range of years (the year rows, or with `period` grouping every grain's
   * rows of those years), or nothing (the year rows). Each roll-up row carries its group's limb
   * sums, counts and max / latest keys, so combining rows is exact (see combineAmounts).
   */
  async aggregate(selection: TotalsSelection, groupBy: readonly TotalsGroupBy[]): Promise<TotalsGroup[]> {
    const { sql, params, keys } = this.aggregateSql(selection, groupBy);
    const rows = this.stmt(sql).safeIntegers(true).all(...params) as Record<string, unknown>[];
    return rows.map((r) => ({
      indicator: r.indicator as string,
      ...(keys.includes('unit_id') && { unitId: r.unit_id as string }),
      ...(keys.includes('area_code') && { areaCode: r.area_code as string }),
      ...(keys.includes('period') && { period: r.period as string }),
      approved: amount(r.an, r.a0, r.a1, r.a2, r.amax, r.alatest, r.aq),
      proposed: amount(r.pn, r.p0, r.p1, r.p2, r.pmax, r.platest, r.pq),
      units: Number(r.units),
    }));
  }

  /**
   * Maps each member to its group inside SQLite (a join with the members as a JSON object), so
   * the answer has a row per member group rather than per member. Every area over all units, one
   * period: each member area's own all-units row, one seek each (the members drive the join);
   * otherwise the per-unit roll-ups (or a month's base rows), narrowed as aggregate narrows them.
   */
  async aggregateMembers(selection: TotalsSelection, by: 'area' | 'unit', members: ReadonlyMap<string, string>): Promise<MemberGroup[]> {
    if (members.size === 0) return [];
    this.ensure();
    const { sql, params } = this.membersSql(selection, by, members);
    const rows = this.stmt(sql).safeIntegers(true).all(...params) as Record<string, unknown>[];
    return rows.map((r) => ({
      indicator: r.indicator as string,
      key: r.member_key as string,
      approved: amount(r.an, r.a0, r.a1, r.a2, r.amax, r.alatest, r.aq),
      proposed: amount(r.pn, r.p0, r.p1, r.p2, r.pmax, r.platest, r.pq),
    }));
  }

  /** EXPLAIN QUERY PLAN of what aggregateMembers runs (for benchmarks and diagnosis). */
  explainMembers(selection: TotalsSelection, by: 'area' | 'unit', members: ReadonlyMap<string, string>): string[] {
    return this.plan(this.membersSql(selection, by, members));
  }

  private plan({ sql, params }: { sql: string; params: unknown[] }): string[] {
    this.ensure();
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  private membersSql(selection: TotalsSelection, by: 'area' | 'unit', members: ReadonlyMap<string, string>): { sql: string; params: unknown[] } {
    const map = JSON.stringify(Object.fromEntries(members));
    if (by === 'area' && !selection.unitIds && selection.period !== undefined) {
      // CROSS JOIN keeps the members outside: a seek per member into (period, program_key, area_code, indicator).
      const { where, params } = overallWhere({ ...selection, areaCodes: undefined }, true);
      return {
        sql: `SELECT indicator, m.value AS member_key, ${GROUP_SUMS} FROM json_each(?) AS m CROSS JOIN ${this.overall} AS o${where} AND o.area_code = m.key
          GROUP BY indicator, m.value`,
        params: [map, ...params],
      };
    }
    const { from, where, params } = this.perUnit(selectMembers(selection, by, members), true);
    const column = by === 'area' ? 'area_code' : 'unit_id';
    return {
      sql: `WITH m (member, member_key) AS MATERIALIZED (SELECT key, value FROM json_each(?))
        SELECT indicator, m.member_key, ${GROUP_SUMS} FROM ${from} AS r JOIN m ON m.member = r.${column}${where} GROUP BY indicator, m.member_key`,
      params: [map, ...params],
    };
  }

  /** EXPLAIN QUERY PLAN of what aggregate runs (for BENCHMARKS.md and diagnosis). */
  explainAggregate(selection: TotalsSelection, groupBy: readonly TotalsGroupBy[]): string[] {
    return this.plan(this.aggregateSql(selection, groupBy));
  }

  /**
   * A question about every unit whose every answer group is one row of the all-units table reads
   * that table (a year summary: one row per indicator; a breakdown by area: one per area);
   * anything about units, or combining periods or areas without grouping by them (distinct units
   * are not additive), reads the per-unit roll-ups.
   */
  private aggregateSql(selection: TotalsSelection, groupBy: readonly TotalsGroupBy[]): { sql: string; params: unknown[]; keys: string[] } {
    const byPeriod = groupBy.includes('period') && !selection.period;
    const keys = ['indicator', ...(groupBy.includes('unit') ? ['unit_id'] : []), ...(groupBy.includes('area') ? ['area_code'] : []), ...(groupBy.includes('period') ? ['period'] : [])];
    const oneRowPerGroup =
      !selection.unitIds && !groupBy.includes('unit') && (selection.period !== undefined || groupBy.includes('period')) &&
      (!selection.areaCodes || selection.areaCodes.length === 1 || groupBy.includes('area'));
    // A phase over every unit (a summary of 2017..2021): the all-units rows of its years add up
    // exactly; only the distinct units need the per-unit year rows, a range of their key
    // (period, indicator, …, unit_id) per year.
    const phaseOfAll = selection.years && selection.period === undefined && !selection.unitIds && !selection.areaCodes && groupBy.length === 0;
    if (phaseOfAll) {
      const years = JSON.stringify(Array.from({ length: selection.years![1] - selection.years![0] + 1 }, (_, k) => String(selection.years![0] + k)));
      const indicator = selection.indicator !== undefined ? ' AND indicator = ?' : '';
      const program = selection.programKey !== undefined ? ' AND program_key = ?' : '';
      const narrow = [...(selection.indicator !== undefined ? [selection.indicator] : []), ...(selection.programKey !== undefined ? [selection.programKey] : [])];
      return {
        sql: `SELECT o.*, u.units FROM
          (SELECT indicator, ${GROUP_SUMS} FROM ${this.overall} WHERE period IN (SELECT value FROM json_each(?)) AND program_key = ? AND area_code = '*'${indicator} GROUP BY indicator) o
          JOIN (SELECT indicator, COUNT(DISTINCT unit_id) AS units FROM ${this.rollups} WHERE period IN (SELECT value FROM json_each(?))${indicator}${program} GROUP BY indicator) u
          ON u.indicator = o.indicator`,
        params: [years, selection.programKey ?? '*', ...(selection.indicator !== undefined ? [selection.indicator] : []), years, ...narrow],
        keys,
      };
    }
    if (oneRowPerGroup) {
      const { where, params } = overallWhere(selection, groupBy.includes('area'));
      return { sql: `SELECT ${keys.join(', ')}, ${GROUP_SUMS}, SUM(units) AS units FROM ${this.overall}${where} GROUP BY ${keys.join(', ')}`, params, keys };
    }
    const { from, where, params } = this.perUnit(selection, !byPeriod);
    return { sql: `SELECT ${keys.join(', ')}, ${GROUP_SUMS}, COUNT(DISTINCT unit_id) AS units FROM ${from}${where} GROUP BY ${keys.join(', ')}`, params, keys };
  }

  /**
   * Where a question about units reads its groups: a month's in the base rows (as monthRows
   * shows them), the other grains' in the roll-ups, every grain's in both.
   */
  private perUnit(selection: TotalsSelection, yearsOnly: boolean): { from: string; where: string; params: unknown[] } {
    const month = selection.period !== undefined && periodGrain(selection.period).column === 'period';
    const everyGrain = selection.period === undefined && !yearsOnly;
    const from = month ? `(${this.monthRows()})` : everyGrain ? `(SELECT ${ROLLUP_COLUMNS} FROM ${this.rollups} UNION ALL ${this.monthRows()})` : this.rollups;
    return { from, ...rollupWhere(selection, yearsOnly, month) };
  }

  /** The base rows of months (kind 0) in the roll-ups' shape (each its own group of one row), as a SELECT in ROLLUP_COLUMNS' order. */
  private monthRows(): string {
    return this.groupShape(IS_MONTH(''), false);
  }

  /** The base rows `where` picks in the roll-ups' shape (kind: a month), each its own group of one row, with its key if `keyed`. */
  private groupShape(where: string, keyed: boolean): string {
    const side = (v: string, l: string, q: string, pos: string) => `COALESCE(${l}0, 0) AS ${v[0]}0, COALESCE(${l}1, 0) AS ${v[0]}1, COALESCE(${l}2, 0) AS ${v[0]}2,
      (${v} IS NOT NULL) AS ${v[0]}n, ${q} AS ${v[0]}q,
      CASE WHEN ${v} IS NOT NULL THEN printf('%010d%010d%010d', ${l}2, ${l}1, ${l}0) END AS ${v[0]}max,
      CASE WHEN ${v} IS NOT NULL THEN end_key || ${pos} || '|' || ${v} END AS ${v[0]}latest`;
    return `SELECT period, ${MONTH} AS kind, year, unit_id, indicator, area_code, program_key,
      ${side('approved', 'a', 'a_q', 'approved_pos')}, ${side('proposed', 'p', 'p_q', 'proposed_pos')}${keyed ? ', json_array(report_id, indicator, area_code) AS key' : ''}
      FROM ${this.rows} WHERE ${where}`;
  }

  /**
   * The base rows with these keys (a JSON array of [report, indicator, area]), each in the
   * roll-ups' shape (as monthRows: kind says month whatever its period) with its key.
   */
  private baseRowsByKey(keys: string): GroupRow[] {
    return this.stmt(`${this.groupShape('(report_id, indicator, area_code) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))', true)}`)
      .safeIntegers(true).all(keys) as GroupRow[];
  }

  /**
   * Carries changed base rows (as they were and as they are) into the per-unit roll-up groups of
   * their quarter, half and year (and their own period, when not a month), by difference as
   * maintainOverall does; a group that lost a row, or whose max, latest or qualified flag may have
   * gone down, is recomputed from its base rows (the key's year, unit and indicator). Returns each
   * changed group as it was and as it is.
   */
  private maintainRollups(changes: readonly Change[]): Change[] {
    const groups = new Map<string, { key: RollupKey; changes: Change[]; lostRow: boolean }>();
    for (const [was, now] of changes) {
      const row = (now ?? was)!;
      for (const [period, kind] of rollupPeriods(row.period)) {
        const id = `${period}\u0000${row.unit_id}\u0000${row.indicator}\u0000${row.area_code}\u0000${row.program_key}`;
        let g = groups.get(id);
        if (!g) {
          const key = { period, kind, year: row.year, unit: row.unit_id, indicator: row.indicator, area: row.area_code, program: row.program_key };
          groups.set(id, (g = { key, changes: [], lostRow: false }));
        }
        g.changes.push([was, now]);
        if (!now) g.lostRow = true;
      }
    }
    const out: Change[] = [];
    for (const { key, changes: rows, lostRow } of groups.values()) {
      const where = 'period = @period AND indicator = @indicator AND area_code = @area AND program_key = @program AND unit_id = @unit';
      const current = this.stmt(`SELECT ${ROLLUP_COLUMNS} FROM ${this.rollups} WHERE ${where}`).safeIntegers(true).get(key) as GroupRow | undefined;
      let next: GroupRow | undefined;
      if (current && (lostRow || lowered(current, rows))) {
        this.stmt(`DELETE FROM ${this.rollups} WHERE ${where}`).run(key);
        next = this.stmt(RECOMPUTE_ROLLUP(this.rollups, this.rows, key.kind)).safeIntegers(true).get(key) as GroupRow | undefined;
      } else {
        next = {
          period: key.period, kind: BigInt(key.kind), year: key.year, unit_id: key.unit, indicator: key.indicator, area_code: key.area, program_key: key.program,
          ...changed(current, rows),
        } as GroupRow;
        this.stmt(`INSERT INTO ${this.rollups} (${ROLLUP_COLUMNS}) VALUES (@period, @kind, @year, @unit_id, @indicator, @area_code, @program_key,
            @a0, @a1, @a2, @an, @aq, @amax, @alatest, @p0, @p1, @p2, @pn, @pq, @pmax, @platest)
          ON CONFLICT (period, indicator, area_code, program_key, unit_id) DO UPDATE SET
            ${[...SUMMED, ...HIGHEST].map((c) => `${c} = excluded.${c}`).join(', ')}`).run(next);
      }
      out.push([current, next]);
    }
    return out;
  }

  /**
   * Carries a batch's changed per-unit groups (each touched roll-up group and each month's base
   * row, as it was and as it is) into the all-units groups over them (every variant: its program
   * and area, or '*'), by difference instead of recomputing each group from every unit's rows
   * (~40–150 µs a group on the 1M store): sums and counts move by the change, max / latest /
   * qualified rise to the new values, and the distinct units move by the units that entered or
   * left the group. Where a changed row held the group's max, latest or qualified flag and no
   * longer does, the group is recomputed from its rows (as every group was before).
   */
  private maintainOverall(changes: readonly Change[]): void {
    const groups = new Map<string, OverallChange>();
    for (const [was, now] of changes) {
      const row = (now ?? was)!;
      if (was && now && sameValues(was, now)) continue;
      const month = Number(row.kind) === MONTH;
      for (const [program, area] of [[row.program_key, row.area_code], ['*', row.area_code], [row.program_key, '*'], ['*', '*']]) {
        const id = `${row.period}\u0000${row.indicator}\u0000${program}\u0000${area}`;
        let g = groups.get(id);
        if (!g) {
          g = { key: { period: row.period, kind: row.kind, year: row.year, indicator: row.indicator, program, area }, month, changes: [], units: new Map() };
          groups.set(id, g);
        }
        g.changes.push([was, now]);
        const seen = g.units.get(row.unit_id) ?? { was: 0, now: 0 };
        seen.was += was ? 1 : 0;
        seen.now += now ? 1 : 0;
        g.units.set(row.unit_id, seen);
      }
    }
    for (const g of groups.values()) this.applyOverall(g);
  }

  /**
   * One all-units group: read (and, where a highest value went down, recomputed) only when a
   * changed row held a highest value it no longer does; otherwise the change is added in the
   * upsert itself, with no read (the group's new units say whether it is now empty).
   */
  private applyOverall(g: OverallChange): void {
    const { key } = g;
    const where = 'period = @period AND program_key = @program AND area_code = @area AND indicator = @indicator';
    if (g.changes.some(([was, now]) => was !== undefined && lowers(was, now))) {
      const current = this.stmt(`SELECT ${OVERALL_COLUMNS} FROM ${this.overall} WHERE ${where}`).safeIntegers(true).get(key) as OverallRow | undefined;
      if (current && lowered(current, g.changes)) {
        this.stmt(`DELETE FROM ${this.overall} WHERE ${where}`).run(key);
        this.stmt(RECOMPUTE_OVERALL(this.overall, g.month ? this.rows : this.rollups, g.month, key.area !== '*', key.program !== '*')).run(key);
        return;
      }
    }
    let units = 0;
    for (const [unit, { was, now }] of g.units) {
      if (was === now) continue;
      // The unit's rows in the group now; before, the unchanged ones plus those the batch changed.
      // A per-unit roll-up group is one row per unit of its exact group: no count to make.
      const rows = !g.month && key.program !== '*' && key.area !== '*' ? now : this.unitRowsIn(g, unit);
      units += Number(rows > 0) - Number(rows - now + was > 0);
    }
    // A new group is inserted as the change itself (it is the change from nothing). A qualified
    // flag no changed row has is 0 (the NOT NULL columns are checked before the conflict).
    const change = changed(undefined, g.changes);
    // higher() in SQL: the larger of the stored value and the change's, NULL the smallest.
    const higherSql = (c: string) => `CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL OR excluded.${c} > ${c} THEN excluded.${c} ELSE ${c} END`;
    const left = this.stmt(`INSERT INTO ${this.overall} (${OVERALL_COLUMNS}) VALUES (@period, @kind, @year, @indicator, @program, @area,
        @a0, @a1, @a2, @an, @aq, @amax, @alatest, @p0, @p1, @p2, @pn, @pq, @pmax, @platest, @units)
      ON CONFLICT (period, program_key, area_code, indicator) DO UPDATE SET
        ${[...SUMMED, 'units'].map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
        ${HIGHEST.map((c) => `${c} = ${higherSql(c)}`).join(', ')}
      RETURNING units`).pluck().get({ ...key, units, ...change, aq: change.aq ?? 0n, pq: change.pq ?? 0n });
    if (Number(left) === 0) this.stmt(`DELETE FROM ${this.overall} WHERE ${where}`).run(key);
  }

  /** How many rows a unit has in an all-units group: its month's base rows (key year, unit, indicator), else its roll-ups (index unit, year, kind). */
  private unitRowsIn(g: OverallChange, unit: string): number {
    const narrow = `${g.key.area !== '*' ? ' AND area_code = @area' : ''}${g.key.program !== '*' ? ' AND program_key = @program' : ''}`;
    const sql = g.month
      ? `SELECT COUNT(*) FROM ${this.rows} WHERE year = @year AND unit_id = @unit AND indicator = @indicator AND period = @period${narrow}`
      : `SELECT COUNT(*) FROM ${this.rollups} WHERE unit_id = @unit AND year = @year AND kind = @kind AND period = @period AND indicator = @indicator${narrow}`;
    return Number(this.stmt(sql).pluck().get({ ...g.key, unit }));
  }

  async years(selection: TotalsSelection, after: number | null, limit: number): Promise<number[]> {
    const { from, where, params } = this.perUnit(selection, true);
    const cursor = after !== null ? `${where ? `${where} AND` : ' WHERE'} year > ?` : where;
    const rows = this.stmt(`SELECT DISTINCT year FROM ${from}${cursor} ORDER BY year LIMIT ?`).all(...params, ...(after !== null ? [after] : []), limit) as { year: number }[];
    return rows.map((r) => r.year);
  }

  async blocks(selection: TotalsSelection, after: UnitBlock | null, limit: number): Promise<UnitBlock[]> {
    const { from, where, params } = this.perUnit(selection, true);
    const cursor = after ? `${where ? `${where} AND` : ' WHERE'} (unit_id > ? OR (unit_id = ? AND year > ?))` : where;
    const rows = this.stmt(`SELECT DISTINCT unit_id, year FROM ${from}${cursor} ORDER BY unit_id, year LIMIT ?`).all(
      ...params, ...(after ? [after.unitId, after.unitId, after.year] : []), limit,
    ) as { unit_id: string; year: number }[];
    return rows.map((r) => ({ unitId: r.unit_id, year: r.year }));
  }

  private stmt(sql: string): Statement {
    this.ensure();
    return this.statements.get(sql);
  }
}

/** A per-unit group in the roll-ups' columns (safe integers): a roll-up row, or a month's base row with its key. */
interface GroupRow {
  period: string; kind: bigint; year: bigint; unit_id: string; indicator: string; area_code: string; program_key: string;
  a0: bigint; a1: bigint; a2: bigint; an: bigint; aq: bigint; amax: string | null; alatest: string | null;
  p0: bigint; p1: bigint; p2: bigint; pn: bigint; pq: bigint; pmax: string | null; platest: string | null;
  key?: string;
}

/** A per-unit group as it was and as it is (either absent). */
type Change = [GroupRow | undefined, GroupRow | undefined];

type OverallRow = Omit<GroupRow, 'unit_id' | 'key'> & { units: bigint };

interface OverallChange {
  key: { period: string; kind: bigint; year: bigint; indicator: string; program: string; area: string };
  /** A month's group: its rows are base rows. */
  month: boolean;
  changes: Change[];
  /** Per unit: how many of its rows in the group the batch changed, present before and after. */
  units: Map<string, { was: number; now: number }>;
}

const SUMMED = ['a0', 'a1', 'a2', 'an', 'p0', 'p1', 'p2', 'pn'] as const;
const HIGHEST = ['aq', 'amax', 'alatest', 'pq', 'pmax', 'platest'] as const;

function sameValues(a: GroupRow, b: GroupRow): boolean {
  return [...SUMMED, ...HIGHEST].every((f) => a[f] === b[f]);
}

/** A group's values moved by the changes of its rows: sums and counts by difference, the highest values raised to the rows' new ones. */
function changed(current: OverallRow | GroupRow | undefined, changes: readonly Change[]): Pick<GroupRow, (typeof SUMMED)[number] | (typeof HIGHEST)[number]> {
  const out: Record<string, unknown> = {};
  for (const f of SUMMED) out[f] = changes.reduce((sum, [was, now]) => sum + (now ? now[f] : 0n) - (was ? was[f] : 0n), current ? current[f] : 0n);
  for (const f of HIGHEST) out[f] = changes.reduce<bigint | string | null>((top, [, now]) => higher(top, now ? now[f] : null), current ? current[f] : null);
  return out as Pick<GroupRow, (typeof SUMMED)[number] | (typeof HIGHEST)[number]>;
}

function higher<T extends bigint | string | null>(a: T, b: T): T {
  return a === null ? b : b === null ? a : b > a ? b : a;
}

/** A row the batch changed held one of the group's highest values (max, latest, a qualified flag) and no longer does. */
function lowered(current: OverallRow | GroupRow, changes: readonly Change[]): boolean {
  return changes.some(([was, now]) => was !== undefined && lowers(was, now, current));
}

/** One of a row's highest values went down or away (and, given the group, was the group's). */
function lowers(was: GroupRow, now: GroupRow | undefined, group?: OverallRow | GroupRow): boolean {
  return HIGHEST.some((f) => {
    const held = was[f];
    if (held === null || held === 0n || (group !== undefined && held !== group[f])) return false;
    const kept = now ? now[f] : null;
    return kept === null || kept < held;
  });
}

/** Pairs the rows before and after by key. */
function pairRows(before: readonly GroupRow[], after: readonly GroupRow[], keyOf: (r: GroupRow) => string): Change[] {
  const pairs = new Map<string, Change>();
  for (const r of before) pairs.set(keyOf(r), [r, undefined]);
  for (const r of after) {
    const pair = pairs.get(keyOf(r));
    if (pair) pair[1] = r;
    else pairs.set(keyOf(r), [undefined, r]);
  }
  return [...pairs.values()];
}

const SELECT_ROW = 'SELECT report_id, indicator, area_code, unit_id, program_key, period, approved, approved_pos, a_q, proposed, proposed_pos, p_q';

interface RawRow {
  report_id: string; indicator: string; area_code: string; unit_id: string; program_key: string; period: string;
  approved: string | null; approved_pos: string | null; a_q: number; proposed: string | null; proposed_pos: string | null; p_q: number;
}

function fromRaw(r: RawRow): ContributionRow {
  return {
    reportId: r.report_id, indicator: r.indicator, areaCode: r.area_code, unitId: r.unit_id, programKey: r.program_key, period: r.period,
    approved: r.approved, approvedPosition: r.approved_pos, approvedQualified: Number(r.a_q) === 1,
    proposed: r.proposed, proposedPosition: r.proposed_pos, proposedQualified: Number(r.p_q) === 1,
  };
}

function toParams(r: ContributionRow): unknown[] {
  const p = periodColumns(r.period);
  const side = (value: string | null, position: string | null, qualified: boolean) => {
    if (value === null) return [null, null, null, null, null, 0];
    const a = toAmount(value);
    return [value, position, a.l0, a.l1, a.l2, qualified ? 1 : 0];
  };
  return [
    r.reportId, r.indicator, r.areaCode, r.unitId, r.programKey, r.period, p.year, p.half, p.quarter, p.endKey,
    ...side(r.approved, r.approvedPosition, r.approvedQualified), ...side(r.proposed, r.proposedPosition, r.proposedQualified),
  ];
}

/**
 * The roll-up rows a selection covers. A period names its own rows (any grain); otherwise
 * `yearsOnly` keeps the year rows (each base row counts once), else every grain's rows. A month
 * is read from the base rows (`baseRows`), whose key starts with the year: the year is named too.
 */
function rollupWhere(s: TotalsSelection, yearsOnly: boolean, baseRows = false): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (column: string, values: readonly string[]) => {
    if (values.length === 1) {
      parts.push(`${column} = ?`);
      params.push(values[0]);
      return;
    }
    parts.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  // Units without an indicator: their own rows of the period, through the unit index, not every
  // unit's rows of the period through the key's first column (~2 ms against ~0.2 ms for a unit's
  // year on the 1M store; SQLite has no statistics to tell them apart). `+` keeps the column off
  // any index. With an indicator, the key's (period, indicator) range is as narrow.
  const period = s.unitIds && s.indicator === undefined ? '+period' : 'period';
  if (s.period !== undefined) (parts.push(`${period} = ?`), params.push(s.period));
  else if (yearsOnly) parts.push('kind = 3');
  // The base rows' key starts with the year; the roll-ups' unit index is (unit_id, year, kind): with
  // the year given, a unit's period is a seek, not a walk over every roll-up row of the unit
  // (~0.9 ms against 0.05 ms per query at 1M events). Without units the (period, …) keys serve.
  if (s.period !== undefined && (baseRows || s.unitIds)) (parts.push('year = ?'), params.push(periodColumns(s.period).year));
  // …and its grain, the index's third column (a unit's year holds every quarter's and half's rows too).
  if (s.period !== undefined && s.unitIds && !baseRows) (parts.push('kind = ?'), params.push(kindOf(s.period)));
  if (s.unitIds) list('unit_id', s.unitIds);
  if (s.areaCodes) list('area_code', s.areaCodes);
  if (s.indicator !== undefined) (parts.push('indicator = ?'), params.push(s.indicator));
  if (s.programKey !== undefined) (parts.push('program_key = ?'), params.push(s.programKey));
  // A period already fixes the year; a second condition on it would only mislead the planner.
  // One year is an equality: the base rows' key (year, unit_id, …) then seeks the unit too.
  if (s.years && s.period === undefined && s.years[0] === s.years[1]) (parts.push('year = ?'), params.push(s.years[0]));
  else if (s.years && s.period === undefined) (parts.push('year BETWEEN ? AND ?'), params.push(s.years[0], s.years[1]));
  return { where: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

/** The all-units rows a selection without units covers (see aggregateSql). */
function overallWhere(s: TotalsSelection, byArea: boolean): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (s.period !== undefined) (parts.push('period = ?'), params.push(s.period));
  else if (s.years) (parts.push('year BETWEEN ? AND ?'), params.push(s.years[0], s.years[1]));
  if (s.indicator !== undefined) (parts.push('indicator = ?'), params.push(s.indicator));
  parts.push('program_key = ?');
  params.push(s.programKey ?? '*');
  if (s.areaCodes) {
    parts.push(s.areaCodes.length === 1 ? 'area_code = ?' : 'area_code IN (SELECT value FROM json_each(?))');
    params.push(s.areaCodes.length === 1 ? s.areaCodes[0] : JSON.stringify(s.areaCodes));
  } else parts.push(byArea ? "area_code <> '*'" : "area_code = '*'");
  return { where: ` WHERE ${parts.join(' AND ')}`, params };
}

interface RollupKey {
  period: string; kind: number; year: bigint; unit: string; indicator: string; area: string; program: string;
}

/** The per-unit roll-up groups a base row of `period` belongs to: its own period unless a month, then its quarter, half and year. */
function rollupPeriods(period: string): [string, number][] {
  const c = periodColumns(period);
  const chain: [string, number][] = [];
  const own = kindOf(period);
  if (own !== MONTH) chain.push([period, own]);
  if (c.quarter !== null && c.quarter !== period) chain.push([c.quarter, 1]);
  if (c.half !== null && c.half !== period) chain.push([c.half, 2]);
  if (String(c.year) !== period) chain.push([String(c.year), 3]);
  return chain;
}

function kindOf(period: string): number {
  const g = periodGrain(period).column;
  return g === 'period' ? 0 : g === 'quarter' ? 1 : g === 'half' ? 2 : 3;
}

const ROLLUP_COLUMNS = `period, kind, year, unit_id, indicator, area_code, program_key,
  a0, a1, a2, an, aq, amax, alatest, p0, p1, p2, pn, pq, pmax, platest`;

/** A group's sums, counts and max / latest keys over base rows aliased `b` ('b.') or unaliased (''). */
const ROLLUP_SUMS = (b: string) => `
  COALESCE(SUM(${b}a0), 0), COALESCE(SUM(${b}a1), 0), COALESCE(SUM(${b}a2), 0), COUNT(${b}approved), MAX(${b}a_q),
  MAX(CASE WHEN ${b}approved IS NOT NULL THEN printf('%010d%010d%010d', ${b}a2, ${b}a1, ${b}a0) END),
  MAX(CASE WHEN ${b}approved IS NOT NULL THEN ${b}end_key || ${b}approved_pos || '|' || ${b}approved END),
  COALESCE(SUM(${b}p0), 0), COALESCE(SUM(${b}p1), 0), COALESCE(SUM(${b}p2), 0), COUNT(${b}proposed), MAX(${b}p_q),
  MAX(CASE WHEN ${b}proposed IS NOT NULL THEN printf('%010d%010d%010d', ${b}p2, ${b}p1, ${b}p0) END),
  MAX(CASE WHEN ${b}proposed IS NOT NULL THEN ${b}end_key || ${b}proposed_pos || '|' || ${b}proposed END)`;

/** The sums, counts and max / latest keys of roll-up rows grouped together, as amount() reads them. */
const GROUP_SUMS = [...SUMMED.map((c) => `SUM(${c}) AS ${c}`), ...HIGHEST.map((c) => `MAX(${c}) AS ${c}`)].join(', ');

const OVERALL_COLUMNS = `period, kind, year, indicator, program_key, area_code,
  a0, a1, a2, an, aq, amax, alatest, p0, p1, p2, pn, pq, pmax, platest, units`;

/** Combines per-unit roll-up rows (aliased `r` ('r.') or not ('')) into one all-units row. */
const OVERALL_SUMS = (r: string) => `
  SUM(${r}a0), SUM(${r}a1), SUM(${r}a2), SUM(${r}an), MAX(${r}aq), MAX(${r}amax), MAX(${r}alatest),
  SUM(${r}p0), SUM(${r}p1), SUM(${r}p2), SUM(${r}pn), MAX(${r}pq), MAX(${r}pmax), MAX(${r}platest), COUNT(DISTINCT ${r}unit_id)`;

/** A roll-up's kind for a month; months are stored over all units only. */
const MONTH = 0;

/** A base row of a month (aliased `b` ('b.') or not ('')): its quarter is another period. */
const IS_MONTH = (b: string) => `${b}quarter IS NOT NULL AND ${b}quarter <> ${b}period`;

/**
 * Recomputes one all-units group (its key as named parameters; the area and the program narrow
 * the rows unless '*'), deleted before: where a live batch cannot carry a group by difference
 * (maintainOverall: its max, latest or qualified flag went down). A month's from its base rows
 * (months are stored over all units only), through their (period, indicator, area) index; a longer
 * period's from the per-unit roll-ups, a range of their key (period, indicator, area_code, …) read
 * in place. An empty group is not written (HAVING). Every touched group was recomputed so before
 * (~40–150 µs a group on the 1M store; see BENCHMARKS.md).
 */
const RECOMPUTE_OVERALL = (overall: string, source: string, month: boolean, byArea: boolean, byProgram: boolean) => `
  INSERT INTO ${overall} (${OVERALL_COLUMNS})
  SELECT @period, @kind, @year, @indicator, @program, @area, ${month ? `${ROLLUP_SUMS('')}, COUNT(DISTINCT unit_id)` : OVERALL_SUMS('')}
  FROM ${source} WHERE period = @period AND indicator = @indicator${byArea ? ' AND area_code = @area' : ''}${byProgram ? ' AND program_key = @program' : ''}
  HAVING COUNT(*) > 0`;

/** Recomputes one per-unit roll-up group (its key as named parameters, a RollupKey) from its base rows, deleted before; an empty group is not written. */
const RECOMPUTE_ROLLUP = (rollups: string, rows: string, kind: number) => `
  INSERT INTO ${rollups} (${ROLLUP_COLUMNS})
  SELECT @period, @kind, @year, @unit, @indicator, @area, @program, ${ROLLUP_SUMS('')}
  FROM ${rows} WHERE year = @year AND unit_id = @unit AND indicator = @indicator AND area_code = @area AND program_key = @program${
    kind === 1 ? ' AND quarter = @period' : kind === 2 ? ' AND half = @period' : ''}
  HAVING COUNT(*) > 0
  RETURNING ${ROLLUP_COLUMNS}`;

function amount(n: unknown, l0: unknown, l1: unknown, l2: unknown, max: unknown, latest: unknown, qualified: unknown): AmountAggregate {
  if (Number(n) === 0) return NO_AMOUNT;
  return {
    sum: fromLimbs(BigInt(l0 as bigint), BigInt(l1 as bigint), BigInt(l2 as bigint)),
    max: fromMaxKey(max as string),
    latest: valueOfLatestKey(latest as string),
    maxKey: max as string,
    latestKey: latest as string,
    qualified: Number(qualified) === 1,
  };
}
