import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepared statements keyed by their SQL text, least recently used evicted first: the SQLite
 * adapters build SQL from table names and filters, so the set is open-ended but small in practice.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database, private readonly size = 256) {}

  get(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt) {
      this.statements.delete(sql);
    } else {
      stmt = this.db.prepare(sql);
      if (this.statements.size >= this.size) this.statements.delete(this.statements.keys().next().value as string);
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  /** After a table is dropped: its statements name a table that no longer exists. */
  clear(): void {
    this.statements.clear();
  }
}
