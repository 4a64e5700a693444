import type { Database, Statement } from 'better-sqlite3';
import { StatementCache } from '../sqlite-statements';
import { AUDIT_REPORTS, AUDIT_TRAIL, AuditAction, AuditEntryDoc, AuditFilter, AuditReportDoc, AuditTrailStorage } from './audit-trail';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The event type whose entries carry a note (null or text); on the others the field is absent. */
const FIGURE_RECORDED = 'FigureRecorded.v1';

/**
 * The audit trail in SQLite: a table with a typed column per field, clustered by the log
 * position (entries arrive in log order, so a replay appends, and a page in log order is a range
 * of the key), with (report, position) and (unit, position) indexes; the report facts beside it.
 * No JSON is encoded or parsed and no expression index kept. `base` is the build's physical
 * name (`audit_trail_b3`): the tables are `t_<base>` and `t_<base>_reports`.
 */
export class SqliteAuditTrail implements AuditTrailStorage {
  private readonly entries: string;
  private readonly reports: string;
  private readonly statements: StatementCache;
  private ready = false;

  constructor(private readonly db: Database, base: string) {
    if (!NAME.test(base)) throw new Error(`invalid table name: ${base}`);
    this.statements = new StatementCache(db);
    this.entries = `"t_${base}"`;
    this.reports = `"t_${base}_reports"`;
  }

  async prepare(bulk: boolean): Promise<void> {
    this.createTables();
    if (!bulk) this.db.exec(this.indexes());
  }

  async finish(): Promise<void> {
    this.createTables();
    this.db.transaction(() => this.db.exec(this.indexes())).immediate();
  }

  async drop(checkpointName: string): Promise<void> {
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${this.entries}; DROP TABLE IF EXISTS ${this.reports};`);
      this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(checkpointName);
    }).immediate();
    this.statements.clear();
    this.ready = false;
  }

  async loadReports(ids: readonly string[]): Promise<Map<string, AuditReportDoc>> {
    if (ids.length === 0) return new Map();
    const rows = this.stmt(`SELECT id, unit_id, period, program_id FROM ${this.reports} WHERE id IN (SELECT value FROM json_each(?))`).raw(true).all(JSON.stringify([...new Set(ids)])) as [string, string, string, string | null][];
    return new Map(rows.map(([id, unitId, period, programId]) => [id, { _id: id, unitId, period, programId }]));
  }

  async commit(write: { reports: readonly AuditReportDoc[]; entries: readonly AuditEntryDoc[] }, checkpoint: { name: string; position: string }): Promise<void> {
    this.createTables();
    const report = this.stmt(`INSERT INTO ${this.reports} (id, unit_id, period, program_id) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, period = excluded.period, program_id = excluded.program_id`);
    const entry = this.stmt(`INSERT INTO ${this.entries} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
      ON CONFLICT (position) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'position').map((c) => `${c} = excluded.${c}`).join(', ')}`);
    const cp = this.stmt('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
    this.db.transaction(() => {
      for (const r of write.reports) report.run(r._id, r.unitId, r.period, r.programId);
      for (const e of write.entries) entry.run(toParams(e));
      cp.run(checkpoint.name, checkpoint.position);
    }).immediate();
  }

  async find(filter: AuditFilter, direction: 1 | -1, limit?: number): Promise<AuditEntryDoc[]> {
    const { sql, params } = this.findSql(filter, direction, limit);
    return (this.stmt(sql).raw(true).all(...params) as unknown[][]).map(fromRaw);
  }

  /** EXPLAIN QUERY PLAN of what find runs (for BENCHMARKS.md and diagnosis). */
  explainFind(filter: AuditFilter, direction: 1 | -1, limit?: number): string[] {
    const { sql, params } = this.findSql(filter, direction, limit);
    return (this.stmt(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  async dump(): Promise<{ [AUDIT_REPORTS]: AuditReportDoc[]; [AUDIT_TRAIL]: AuditEntryDoc[] }> {
    const reports = this.stmt(`SELECT id, unit_id, period, program_id FROM ${this.reports} ORDER BY id`).raw(true).all() as [string, string, string, string | null][];
    const entries = this.stmt(`SELECT ${COLUMNS.join(', ')} FROM ${this.entries} ORDER BY id`).raw(true).all() as unknown[][];
    return {
      [AUDIT_REPORTS]: reports.map(([id, unitId, period, programId]) => ({ _id: id, unitId, period, programId })),
      [AUDIT_TRAIL]: entries.map(fromRaw),
    };
  }

  private findSql(filter: AuditFilter, direction: 1 | -1, limit?: number): { sql: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (column: string, value: string | undefined) => {
      if (value !== undefined) where.push(`${column} = ?`), params.push(value);
    };
    eq('report_id', filter.reportId);
    eq('indicator', filter.indicator);
    eq('actor', filter.actor);
    if (filter.unitIds?.length === 1) eq('unit_id', filter.unitIds[0]);
    else if (filter.unitIds) where.push('unit_id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(filter.unitIds));
    if (filter.from !== undefined) where.push('at >= ?'), params.push(filter.from);
    if (filter.to !== undefined) where.push('at <= ?'), params.push(filter.to);
    if (filter.position !== undefined) eq('position', filter.position);
    else {
      if (filter.after !== undefined) where.push('position > ?'), params.push(filter.after);
      if (filter.upTo !== undefined) where.push('position <= ?'), params.push(filter.upTo);
    }
    let sql = `SELECT ${COLUMNS.join(', ')} FROM ${this.entries}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY position ${direction === 1 ? 'ASC' : 'DESC'}`;
    if (limit !== undefined) {
      if (!Number.isInteger(limit) || limit < 0) throw new Error(`invalid limit: ${limit}`);
      sql += ' LIMIT ?';
      params.push(limit);
    }
    return { sql, params };
  }

  private createTables(): void {
    if (this.ready) return;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.entries} (
        position TEXT NOT NULL PRIMARY KEY, id TEXT NOT NULL, at TEXT NOT NULL, occurred_at TEXT, actor TEXT NOT NULL, action TEXT NOT NULL,
        report_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL, program_id TEXT, indicator TEXT, area_code TEXT,
        old_value TEXT, new_value TEXT, old_qualifier TEXT, new_qualifier TEXT, note TEXT, old_note TEXT, reason TEXT, comment TEXT,
        event_type TEXT NOT NULL, correlation_id TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${this.reports} (id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, period TEXT NOT NULL, program_id TEXT) WITHOUT ROWID;
    `);
    this.ready = true;
  }

  /** A report's trail and a unit's, each in log order. */
  private indexes(): string {
    const name = (suffix: string) => `"${this.entries.slice(1, -1)}_${suffix}"`;
    return `CREATE INDEX IF NOT EXISTS ${name('report')} ON ${this.entries} (report_id, position);
      CREATE INDEX IF NOT EXISTS ${name('unit')} ON ${this.entries} (unit_id, position);`;
  }

  private stmt(sql: string): Statement {
    this.createTables();
    return this.statements.get(sql);
  }
}

const COLUMNS = [
  'position', 'id', 'at', 'occurred_at', 'actor', 'action', 'report_id', 'unit_id', 'period', 'program_id', 'indicator', 'area_code',
  'old_value', 'new_value', 'old_qualifier', 'new_qualifier', 'note', 'old_note', 'reason', 'comment', 'event_type', 'correlation_id',
] as const;

function toParams(e: AuditEntryDoc): unknown[] {
  return [
    e.position, e._id, e.at, e.occurredAt ?? null, e.actor, e.action, e.reportId, e.unitId, e.period, e.programId, e.indicator, e.areaCode,
    e.oldValue, e.newValue, e.oldQualifier ?? null, e.newQualifier ?? null, e.note ?? null, e.oldNote ?? null, e.reason, e.comment, e.eventType, e.correlationId,
  ];
}

/** A row back into the entry the projection made: the optional fields absent where it left them out, in its order. */
function fromRaw(r: unknown[]): AuditEntryDoc {
  const [position, id, at, occurredAt, actor, action, reportId, unitId, period, programId, indicator, areaCode,
    oldValue, newValue, oldQualifier, newQualifier, note, oldNote, reason, comment, eventType, correlationId] = r as (string | null)[];
  return {
    _id: id!,
    at: at!,
    ...(occurredAt !== null && { occurredAt }),
    actor: actor!,
    action: action as AuditAction,
    reportId: reportId!,
    unitId: unitId!,
    period: period!,
    programId,
    indicator,
    areaCode,
    oldValue,
    newValue,
    ...(oldQualifier !== null && { oldQualifier }),
    ...(newQualifier !== null && { newQualifier }),
    ...(eventType === FIGURE_RECORDED && { note }),
    ...(oldNote !== null && { oldNote }),
    reason,
    comment,
    eventId: id!,
    eventType: eventType!,
    position: position!,
    correlationId: correlationId!,
  };
}
