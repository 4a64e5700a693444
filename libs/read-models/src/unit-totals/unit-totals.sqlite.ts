import type { Database, Statement } from 'better-sqlite3';
import {
  AmountAggregate, ContributionRow, NO_AMOUNT, fromLimbs, fromMaxKey, periodColumns, periodGrain, toAmount, TotalsGroup,
  TotalsGroupBy, TotalsSelection, UnitBlock, UnitTotalsStorage, valueOfLatestKey,
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
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database, base: string) {
    if (!NAME.test(base)) throw new Error(`invalid table name: ${base}`);
    this.rows = `"t_${base}"`;
    this.reports = `"t_${base}_reports"`;
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
    const ix = (suffix: string) => `"${this.rows.slice(1, -1)}_${suffix}"`;
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
      CREATE UNIQUE INDEX IF NOT EXISTS ${ix('report')} ON ${this.rows} (report_id, indicator, area_code);
      CREATE INDEX IF NOT EXISTS ${ix('unit_year')} ON ${this.rows} (unit_id, year);
      -- Led by the indicator, so that only an area question (indicator and codes) takes it over the primary key.
      CREATE INDEX IF NOT EXISTS ${ix('indicator_area_year')} ON ${this.rows} (indicator, area_code, year);
      CREATE TABLE IF NOT EXISTS ${this.reports} (id TEXT PRIMARY KEY, state TEXT NOT NULL, position TEXT NOT NULL) WITHOUT ROWID;
    `);
    this.ready = true;
  }

  async drop(checkpointName: string): Promise<void> {
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${this.rows}; DROP TABLE IF EXISTS ${this.reports};`);
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

  async dump(): Promise<ContributionRow[]> {
    return (this.stmt(`${SELECT_ROW} FROM ${this.rows} ORDER BY report_id, indicator, area_code`).all() as RawRow[]).map(fromRaw);
  }

  async commit(
    write: { rows: readonly ContributionRow[]; deletes: readonly ContributionRow[]; reports: readonly { id: string; state: string; position: string }[] },
    checkpoint: { name: string; position: string },
  ): Promise<void> {
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
    this.db.transaction(() => {
      for (const p of params) upsert.run(p);
      for (const d of write.deletes) remove.run(d.reportId, d.indicator, d.areaCode);
      for (const r of write.reports) state.run(r.id, r.state, r.position);
      cp.run(checkpoint.name, checkpoint.position);
    }).immediate();
  }

  async aggregate(selection: TotalsSelection, groupBy: readonly TotalsGroupBy[]): Promise<TotalsGroup[]> {
    const { where, params } = whereOf(selection);
    const byPeriod = groupBy.includes('period') && !selection.period;
    const keys = ['indicator', ...(groupBy.includes('unit') ? ['unit_id'] : []), ...(groupBy.includes('area') ? ['area_code'] : []), ...(groupBy.includes('period') ? ['p'] : [])];
    // max and latest compare fixed-width text keys (see unit-totals.ts): the limbs zero-padded, and
    // period end ‖ position ‖ '|' ‖ value; computed here rather than stored (smaller rows, faster writes).
    const cols = `indicator, unit_id, area_code, a0, a1, a2, a_q, approved, p0, p1, p2, p_q, proposed,
      CASE WHEN approved IS NOT NULL THEN printf('%010d%010d%010d', a2, a1, a0) END AS a_max,
      CASE WHEN approved IS NOT NULL THEN end_key || approved_pos || '|' || approved END AS a_latest,
      CASE WHEN proposed IS NOT NULL THEN printf('%010d%010d%010d', p2, p1, p0) END AS p_max,
      CASE WHEN proposed IS NOT NULL THEN end_key || proposed_pos || '|' || proposed END AS p_latest`;
    let source: string;
    let allParams: unknown[];
    if (byPeriod) {
      // Each row counts in its own period and every longer one of its chain.
      const arms = [
        `SELECT ${cols}, period AS p FROM ${this.rows}${where}`,
        `SELECT ${cols}, quarter AS p FROM ${this.rows}${where ? `${where} AND` : ' WHERE'} quarter IS NOT NULL AND quarter <> period`,
        `SELECT ${cols}, half AS p FROM ${this.rows}${where ? `${where} AND` : ' WHERE'} half IS NOT NULL AND half <> period`,
        `SELECT ${cols}, CAST(year AS TEXT) AS p FROM ${this.rows}${where ? `${where} AND` : ' WHERE'} period <> CAST(year AS TEXT)`,
      ];
      source = `(${arms.join(' UNION ALL ')})`;
      allParams = [...params, ...params, ...params, ...params];
    } else {
      source = `(SELECT ${cols}, ? AS p FROM ${this.rows}${where})`;
      allParams = [selection.period ?? null, ...params];
    }
    const sql = `SELECT ${keys.join(', ')},
        SUM(a0) AS a0, SUM(a1) AS a1, SUM(a2) AS a2, COUNT(approved) AS an, MAX(a_max) AS amax, MAX(a_latest) AS alatest, MAX(a_q) AS aq,
        SUM(p0) AS p0, SUM(p1) AS p1, SUM(p2) AS p2, COUNT(proposed) AS pn, MAX(p_max) AS pmax, MAX(p_latest) AS platest, MAX(p_q) AS pq,
        COUNT(DISTINCT unit_id) AS units
      FROM ${source} GROUP BY ${keys.join(', ')}`;
    const rows = this.stmt(sql).safeIntegers(true).all(...allParams) as Record<string, unknown>[];
    return rows.map((r) => ({
      indicator: r.indicator as string,
      ...(keys.includes('unit_id') && { unitId: r.unit_id as string }),
      ...(keys.includes('area_code') && { areaCode: r.area_code as string }),
      ...(keys.includes('p') && { period: r.p as string }),
      approved: amount(r.an, r.a0, r.a1, r.a2, r.amax, r.alatest, r.aq),
      proposed: amount(r.pn, r.p0, r.p1, r.p2, r.pmax, r.platest, r.pq),
      units: Number(r.units),
    }));
  }

  async years(selection: TotalsSelection, after: number | null, limit: number): Promise<number[]> {
    const { where, params } = whereOf(selection);
    const cursor = after !== null ? `${where ? `${where} AND` : ' WHERE'} year > ?` : where;
    const rows = this.stmt(`SELECT DISTINCT year FROM ${this.rows}${cursor} ORDER BY year LIMIT ?`).all(...params, ...(after !== null ? [after] : []), limit) as { year: number }[];
    return rows.map((r) => r.year);
  }

  async blocks(selection: TotalsSelection, after: UnitBlock | null, limit: number): Promise<UnitBlock[]> {
    const { where, params } = whereOf(selection);
    const cursor = after ? `${where ? `${where} AND` : ' WHERE'} (unit_id > ? OR (unit_id = ? AND year > ?))` : where;
    const rows = this.stmt(`SELECT DISTINCT unit_id, year FROM ${this.rows}${cursor} ORDER BY unit_id, year LIMIT ?`).all(
      ...params, ...(after ? [after.unitId, after.unitId, after.year] : []), limit,
    ) as { unit_id: string; year: number }[];
    return rows.map((r) => ({ unitId: r.unit_id, year: r.year }));
  }

  private stmt(sql: string): Statement {
    this.ensure();
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }
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

function whereOf(s: TotalsSelection): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (column: string, values: readonly string[]) => {
    parts.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  if (s.unitIds) list('unit_id', s.unitIds);
  if (s.areaCodes) list('area_code', s.areaCodes);
  if (s.indicator !== undefined) (parts.push('indicator = ?'), params.push(s.indicator));
  if (s.programKey !== undefined) (parts.push('program_key = ?'), params.push(s.programKey));
  if (s.period !== undefined) {
    const g = periodGrain(s.period);
    parts.push(`${g.column} = ?`);
    params.push(g.value);
  }
  // A period already fixes the year; a second condition on it would only mislead the planner.
  if (s.years && s.period === undefined) (parts.push('year BETWEEN ? AND ?'), params.push(s.years[0], s.years[1]));
  return { where: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

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
