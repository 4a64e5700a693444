import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { StatementCache } from './sqlite-statements';
import { dirname } from 'node:path';
import {
  assertFieldName,
  Checkpoint,
  Doc,
  DocChange,
  Filter,
  FindOptions,
  IndexSpec,
  NativeHandle,
  ReadModelStore,
  Scalar,
  SortKey,
} from './read-model-store.port';
import {
  assertCheckpoint, assertCheckpointName, assertCollectionName, assertDoc, assertId, assertLimit, indexFields,
  NormalizedCondition, normalizeFilter, normalizeSort,
} from './read-model-validation';

export interface SqliteReadModelStoreOptions {
  /** A file path, or ':memory:' for a private in-memory database. */
  file: string;
  /** With `file: ':memory:'`: start from this database image (`serialize()` of another store). */
  image?: Buffer;
}

const SQL_OPERATORS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

type Statement = Database.Statement<unknown[], unknown>;
type TypeClass = 'text' | 'number' | 'boolean';

// SQLite compares across storage classes (numbers sort below text) and json_extract returns
// JSON booleans as 1/0 and objects/arrays as JSON text. Each comparison is therefore paired with
// a json_type guard so that a string bound never matches a number, `true` never matches 1 and a
// string never matches an object's JSON text: the same type bracketing MongoDB applies.
const JSON_TYPES: Record<TypeClass, string> = {
  text: "('text')",
  number: "('integer','real')",
  boolean: "('true','false')",
};

export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly statements: StatementCache;
  // Tables this connection has created or seen; another process may drop one behind our back,
  // which `withTables` detects and repairs.
  private readonly knownTables = new Set<string>();
  /** Answers of finds asked with `reuse`, by statement and parameters, with the table version they were read at; the oldest go beyond KEPT_ANSWERS. */
  private readonly kept = new Map<string, { version: number; docs: readonly Doc[] }>();

  constructor(options: SqliteReadModelStoreOptions) {
    const { file, image } = options;
    if (image && file !== ':memory:') throw new Error('a database image opens in memory only');
    if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true });
    this.db = image ? new Database(image) : new Database(file);
    this.statements = new StatementCache(this.db);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // NORMAL may lose the last transactions on power loss (never corrupts in WAL mode). Read
    // models are rebuildable by replaying the event log from the stored checkpoint, so that is
    // an acceptable trade for not syncing on every commit.
    this.db.pragma('synchronous = NORMAL');
    // 32 MiB of page cache (the default is 2 MiB): index updates of large read models stay in memory.
    this.db.pragma('cache_size = -32768');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
    // A count per document table, raised in the transaction of every commit or drop that touches
    // it (never reset, so a table dropped and made again is never taken for its old self): a
    // reader on any connection tells in one row whether a kept answer still holds (find's `reuse`).
    this.db.exec('CREATE TABLE IF NOT EXISTS table_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID');
  }

  get native(): NativeHandle {
    return { kind: 'sqlite', db: this.db };
  }

  async resolve(collection: string): Promise<string> {
    assertCollectionName(collection);
    return collection;
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const table = tableName(collection);
    assertId(id);
    return this.withTables([table], () => {
      const row = this.statement(`SELECT doc FROM ${table} WHERE id = ?`).get(id) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as T) : null;
    });
  }

  async getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    const table = tableName(collection);
    ids.forEach(assertId);
    if (ids.length === 0) return [];
    // One statement text for any number of ids: the list travels as a single JSON parameter.
    const rows = this.withTables([table], () =>
      this.statement(`SELECT id, doc FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(ids),
      ),
    ) as { id: string; doc: string }[];
    const byId = new Map(rows.map((r) => [r.id, r.doc]));
    const out: T[] = [];
    for (const id of new Set(ids)) {
      const doc = byId.get(id);
      if (doc !== undefined) out.push(JSON.parse(doc) as T);
    }
    return out;
  }

  async find<T extends Doc>(collection: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const table = tableName(collection);
    const { sql, params } = buildFind(table, filter, options);
    const read = () => (this.withTables([table], () => this.statement(sql).all(...params)) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
    if (!options.reuse) return read();
    // The version is read before the documents: a commit between the two makes the kept answer
    // newer than its version says, and the next call reads again; never older.
    const version = (this.statement('SELECT version FROM table_versions WHERE name = ?').pluck().get(table) as number | undefined) ?? 0;
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    const kept = this.kept.get(key);
    if (kept?.version === version) return kept.docs as T[];
    const docs = read().map(deepFreeze);
    this.kept.delete(key);
    this.kept.set(key, { version, docs });
    if (this.kept.size > KEPT_ANSWERS) this.kept.delete(this.kept.keys().next().value!);
    return docs;
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const table = tableName(collection);
    const where = buildWhere(filter);
    const row = this.withTables([table], () =>
      this.statement(`SELECT count(*) AS n FROM ${table}${where.sql}`).get(...where.params),
    ) as { n: number };
    return row.n;
  }

  async commit(changes: readonly DocChange[], checkpoint?: Checkpoint): Promise<void> {
    // Validate and serialise everything first so that a bad change fails before any write.
    const writes = changes.map((change) => {
      const table = tableName(change.collection);
      if (change.kind === 'put') {
        assertDoc(change.doc);
        return { table, id: change.doc._id, json: JSON.stringify(change.doc) };
      }
      if (change.kind === 'delete') {
        assertId(change.id);
        return { table, id: change.id, json: null };
      }
      throw new Error(`unknown change kind: ${(change as { kind: unknown }).kind}`);
    });
    if (checkpoint) assertCheckpoint(checkpoint);
    const tables = [...new Set(writes.map((w) => w.table))];
    this.withTables(tables, () =>
      this.db.transaction(() => {
        // One statement pair per table for the whole batch (looked up once, not once per write).
        const byTable = new Map<string, { put: Statement; remove: Statement }>();
        for (const w of writes) {
          let s = byTable.get(w.table);
          if (!s) {
            s = {
              put: this.statement(`INSERT INTO ${w.table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`),
              remove: this.statement(`DELETE FROM ${w.table} WHERE id = ?`),
            };
            byTable.set(w.table, s);
          }
          if (w.json === null) s.remove.run(w.id);
          else s.put.run(w.id, w.json);
        }
        for (const table of tables) this.bumpVersion(table);
        if (checkpoint)
          this.statement(
            'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
          ).run(checkpoint.name, checkpoint.position);
        // IMMEDIATE takes the write lock up front (waiting up to busy_timeout), instead of failing
        // with SQLITE_BUSY if another connection writes between our first read and write.
      }).immediate(),
    );
  }

  private bumpVersion(table: string): void {
    this.statement('INSERT INTO table_versions (name, version) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET version = version + 1').run(table);
  }

  async getCheckpoint(name: string): Promise<string | null> {
    assertCheckpointName(name);
    const row = this.statement('SELECT position FROM checkpoints WHERE name = ?').get(name) as
      | { position: string }
      | undefined;
    return row ? row.position : null;
  }

  async ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    const planned = specs.map((spec) => ({ table: tableName(spec.collection), fields: indexFields(spec.fields) }));
    // The primary key already indexes `id`.
    const ddl = planned.filter((p) => !(p.fields.length === 1 && p.fields[0] === '_id')).map(({ table, fields }) => {
      // The expressions must be textually identical to the ones queries use, or the planner
      // ignores the index. The id suffix matches the tie-breaker every sorted query appends.
      const columns = fields.map(columnExpr);
      if (!fields.includes('_id')) columns.push('id');
      // Validated field names contain only [A-Za-z0-9_.], which is safe inside a quoted name.
      const name = `"ix_${table.slice(1, -1)}(${fields.join(',')})"`;
      return { table, sql: `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${columns.join(', ')})` };
    });
    this.withTables([...new Set(planned.map((p) => p.table))], () =>
      this.db.transaction(() => ddl.forEach((d) => this.db.exec(d.sql))).immediate(),
    );
  }

  async drop(collections: readonly string[], checkpointNames: readonly string[]): Promise<void> {
    const tables = collections.map(tableName);
    checkpointNames.forEach(assertCheckpointName);
    this.db.transaction(() => {
      for (const table of tables) {
        this.db.exec(`DROP TABLE IF EXISTS ${table}`);
        this.bumpVersion(table);
      }
      this.statement('DELETE FROM checkpoints WHERE name IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(checkpointNames),
      );
    }).immediate();
    tables.forEach((t) => this.knownTables.delete(t));
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** EXPLAIN QUERY PLAN of the statement `find` would run; for diagnosing missing indexes. */
  explainFind(collection: string, filter: Filter, options: FindOptions = {}): string[] {
    const table = tableName(collection);
    const { sql, params } = buildFind(table, filter, options);
    return this.withTables([table], () =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail),
    );
  }

  /**
   * Runs `fn` once the tables exist. Tables are created lazily; if another connection dropped
   * one since we last saw it (a rebuild in another process), the statement fails with "no such
   * table": forget what we knew, recreate and run once more.
   */
  private withTables<R>(tables: readonly string[], fn: () => R): R {
    for (const t of tables) this.createTable(t);
    try {
      return fn();
    } catch (err) {
      if (!isNoSuchTable(err)) throw err;
      for (const t of tables) {
        this.knownTables.delete(t);
        this.createTable(t);
      }
      return fn();
    }
  }

  private createTable(table: string): void {
    if (this.knownTables.has(table)) return;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
    this.knownTables.add(table);
  }

  private statement(sql: string): Statement {
    return this.statements.get(sql);
  }
}

// Duck-typed rather than `instanceof SqliteError`: better-sqlite3's native addon keeps the error
// class of the first realm that loaded it, so instances need not share our realm's prototypes.
function isNoSuchTable(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_ERROR' && typeof message === 'string' && message.startsWith('no such table');
}

function tableName(collection: string): string {
  assertCollectionName(collection);
  return `"rm_${collection}"`;
}

/** The SQL expression for a field; `_id` lives in the primary-key column. */
function columnExpr(field: string): string {
  assertFieldName(field);
  // Inlined, not bound: an expression index only matches a textually identical expression.
  // assertFieldName admits only [A-Za-z0-9_.], so the literal cannot break out of its quotes.
  return field === '_id' ? 'id' : `json_extract(doc, '$.${field}')`;
}

function jsonTypeExpr(field: string): string {
  return `json_type(doc, '$.${field}')`;
}

function typeClass(value: Exclude<Scalar, null>): TypeClass {
  return typeof value === 'string' ? 'text' : typeof value === 'number' ? 'number' : 'boolean';
}

function bindable(value: Exclude<Scalar, null>): string | number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** `expr <op> ?` restricted to values of the bound value's JSON type. */
function typedComparison(field: string, op: string, value: Exclude<Scalar, null>, params: unknown[]): string {
  const cls = typeClass(value);
  const cmp = `${columnExpr(field)} ${op} ?`;
  // The id column holds only strings, so it needs no guard and matches no other type.
  if (field === '_id' && cls !== 'text') return '0';
  params.push(bindable(value));
  return field === '_id' ? cmp : `(${cmp} AND ${jsonTypeExpr(field)} IN ${JSON_TYPES[cls]})`;
}

function conditionSql(c: NormalizedCondition, params: unknown[]): string {
  if (c.op === 'in') return inSql(c.field, c.values, params);
  if (c.value === null) return `${columnExpr(c.field)} IS NULL`;
  return typedComparison(c.field, SQL_OPERATORS[c.op], c.value, params);
}

function inSql(field: string, values: readonly Scalar[], params: unknown[]): string {
  const groups = new Map<TypeClass, (string | number)[]>();
  let withNull = false;
  for (const v of values) {
    if (v === null) {
      withNull = true;
      continue;
    }
    const cls = typeClass(v);
    const group = groups.get(cls) ?? [];
    group.push(bindable(v));
    groups.set(cls, group);
  }
  const alternatives: string[] = [];
  const expr = columnExpr(field);
  for (const [cls, group] of groups) {
    if (field === '_id' && cls !== 'text') continue;
    params.push(...group);
    const list = `${expr} IN (${group.map(() => '?').join(', ')})`;
    alternatives.push(field === '_id' ? list : `(${list} AND ${jsonTypeExpr(field)} IN ${JSON_TYPES[cls]})`);
  }
  if (withNull) alternatives.push(`${expr} IS NULL`);
  if (alternatives.length === 0) return '0';
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

/** At most this many answers of `reuse` finds are kept per store (a handful of reference collections need them). */
const KEPT_ANSWERS = 32;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function buildWhere(filter: Filter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = normalizeFilter(filter).map((c) => conditionSql(c, params));
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

function buildFind(table: string, filter: Filter, options: FindOptions): { sql: string; params: unknown[] } {
  const where = buildWhere(filter);
  let sql = `SELECT doc FROM ${table}${where.sql}${orderBy(options.sort ?? [])}`;
  const params = where.params;
  if (options.limit !== undefined) {
    assertLimit(options.limit);
    sql += ' LIMIT ?';
    params.push(options.limit);
  }
  return { sql, params };
}

function orderBy(sort: readonly SortKey[]): string {
  if (sort.length === 0) return '';
  const terms = normalizeSort(sort).map((k) => `${columnExpr(k.field)} ${k.direction === 1 ? 'ASC' : 'DESC'}`);
  return ` ORDER BY ${terms.join(', ')}`;
}
