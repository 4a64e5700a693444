import { AnyBulkWriteOperation, Collection, Db, Filter as MongoFilter, MongoClient, MongoServerError, Sort } from 'mongodb';
import {
  assertFieldName,
  assertScalar,
  Checkpoint,
  Condition,
  Doc,
  DocChange,
  Filter,
  FindOptions,
  IndexSpec,
  ReadModelStore,
  Scalar,
  SortKey,
} from './read-model-store.port';

// Kept identical to the SQLite adapter's, so that a name valid on one store is valid on both.
const COLLECTION_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CHECKPOINTS = 'checkpoints';
const DEFAULT_DB_NAME = 'danvan';
const RANGE_OPERATORS = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;
const CONDITION_KEYS = new Set(['gt', 'gte', 'lt', 'lte', 'in']);
const NAMESPACE_NOT_FOUND = 26;

interface CheckpointDoc {
  _id: string;
  position: string;
}

/**
 * MongoDB adapter. CI runs the same contract against FerretDB v1.24.2 (SQLite backend), which
 * passes it unchanged; what differs there, measured rather than assumed:
 * - no multi-document transactions (why `commit` does not use one; see the port);
 * - `createIndex` succeeds and `listIndexes` shows the index, but `explain` reports a full SCAN
 *   for every query, with filter pushdown only for a bare `{_id: <string>}` (not `$eq`, `$in`,
 *   ranges or sorts): FerretDB filters and sorts in memory, so CI checks results, not plans;
 * - `endSessions` is not implemented: `close()` makes FerretDB log a CommandNotFound warning,
 *   which the driver ignores;
 * - dropping a missing collection succeeds, as on MongoDB 7.0+ (older servers fail, see `drop`).
 */
export class MongoReadModelStore implements ReadModelStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /** Connects to `uri`; the database is `dbName`, else the URI's path, else `danvan`. */
  static async connect(uri: string, dbName?: string): Promise<MongoReadModelStore> {
    // Without ignoreUndefined the driver would store `undefined` fields as null, where SQLite's
    // JSON.stringify drops them.
    const client = new MongoClient(uri, { ignoreUndefined: true });
    await client.connect();
    return new MongoReadModelStore(client, client.db(dbName ?? dbNameFromUri(uri) ?? DEFAULT_DB_NAME));
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    assertId(id);
    return (await this.collection(collection).findOne({ _id: { $eq: id } })) as T | null;
  }

  async getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    ids.forEach(assertId);
    const coll = this.collection(collection);
    if (ids.length === 0) return [];
    const docs = await coll.find({ _id: { $in: [...ids] } }).toArray();
    // Same order as the SQLite adapter: that of the ids asked for, each once.
    const byId = new Map(docs.map((d) => [d._id, d]));
    const out: T[] = [];
    for (const id of new Set(ids)) {
      const doc = byId.get(id);
      if (doc) out.push(doc as T);
    }
    return out;
  }

  async find<T extends Doc>(collection: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const coll = this.collection(collection);
    const query = toMongoFilter(filter);
    const sort = toMongoSort(options.sort ?? []);
    if (options.limit !== undefined) assertLimit(options.limit);
    let cursor = coll.find(query);
    if (sort) cursor = cursor.sort(sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as T[];
  }

  async count(collection: string, filter: Filter): Promise<number> {
    return this.collection(collection).countDocuments(toMongoFilter(filter));
  }

  async commit(changes: readonly DocChange[], checkpoint?: Checkpoint): Promise<void> {
    // Validate everything first so that a bad change fails before any write.
    const groups = new Map<string, AnyBulkWriteOperation<Doc>[]>();
    for (const change of changes) {
      const coll = this.collection(change.collection);
      let op: AnyBulkWriteOperation<Doc>;
      if (change.kind === 'put') {
        assertDoc(change.doc);
        op = { replaceOne: { filter: { _id: change.doc._id }, replacement: change.doc, upsert: true } };
      } else if (change.kind === 'delete') {
        assertId(change.id);
        op = { deleteOne: { filter: { _id: change.id } } };
      } else {
        throw new Error(`unknown change kind: ${(change as { kind: unknown }).kind}`);
      }
      const ops = groups.get(coll.collectionName) ?? [];
      ops.push(op);
      groups.set(coll.collectionName, ops);
    }
    if (checkpoint) assertCheckpoint(checkpoint);
    // No transaction (see the port): one ordered bulkWrite per collection, in order of first
    // appearance, each awaited before the next, and the checkpoint strictly last.
    for (const [name, ops] of groups) {
      await this.db.collection<Doc>(name).bulkWrite(ops, { ordered: true });
    }
    if (checkpoint) {
      // An upsert takes `_id` from the equality filter: the stored document is {_id: name, position}.
      await this.checkpoints().replaceOne({ _id: checkpoint.name }, { position: checkpoint.position }, { upsert: true });
    }
  }

  async getCheckpoint(name: string): Promise<string | null> {
    assertCheckpointName(name);
    const doc = await this.checkpoints().findOne({ _id: { $eq: name } });
    return doc ? doc.position : null;
  }

  async ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    const planned = specs.map((spec) => {
      const coll = this.collection(spec.collection);
      const fields = indexFields(spec.fields);
      // The _id suffix matches the tie-breaker every sorted query appends, so the index also
      // serves the sort.
      const keys: Record<string, 1> = {};
      for (const f of fields) keys[f] = 1;
      if (!fields.includes('_id')) keys._id = 1;
      return { coll, keys };
    });
    for (const { coll, keys } of planned) await coll.createIndex(keys);
  }

  async drop(collections: readonly string[], checkpointNames: readonly string[]): Promise<void> {
    const colls = collections.map((c) => this.collection(c));
    checkpointNames.forEach(assertCheckpointName);
    for (const coll of colls) {
      try {
        await coll.drop();
      } catch (err) {
        // MongoDB before 7.0 reports dropping a missing collection as NamespaceNotFound ("ns not
        // found"); 7.0+ and FerretDB v1.24 succeed.
        if (!(err instanceof MongoServerError && (err.code === NAMESPACE_NOT_FOUND || /ns not found/i.test(err.message))))
          throw err;
      }
    }
    if (checkpointNames.length > 0) await this.checkpoints().deleteMany({ _id: { $in: [...checkpointNames] } });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private collection(name: string): Collection<Doc> {
    if (typeof name !== 'string' || !COLLECTION_PATTERN.test(name)) {
      throw new Error(`invalid collection name: ${String(name)}`);
    }
    if (name === CHECKPOINTS) throw new Error(`reserved collection name: ${name}`);
    return this.db.collection<Doc>(name);
  }

  private checkpoints(): Collection<CheckpointDoc> {
    return this.db.collection<CheckpointDoc>(CHECKPOINTS);
  }
}

/** The database named in a `mongodb://` or `mongodb+srv://` URI's path, if any. */
export function dbNameFromUri(uri: string): string | undefined {
  // Hosts and percent-encoded credentials contain no '/', so the path starts at the first one
  // after the scheme. WHATWG URL cannot parse multi-host URIs, hence no `new URL`.
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}

/** Every condition becomes an explicit operator, so no client value can act as one. */
function toMongoFilter(filter: Filter): MongoFilter<Doc> {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw new Error('a filter must be an object');
  const query: Record<string, Record<string, unknown>> = {};
  for (const [field, condition] of Object.entries(filter)) {
    assertFieldName(field);
    query[field] = toMongoCondition(field, condition);
  }
  return query as MongoFilter<Doc>;
}

function toMongoCondition(field: string, condition: Condition): Record<string, unknown> {
  if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
    const keys = Object.keys(condition);
    // An object with any other key (`$ne`, `$where`, ...) is not a condition: let assertScalar
    // reject it as the object it is.
    if (keys.some((k) => !CONDITION_KEYS.has(k))) assertScalar(condition);
    if (keys.length === 0) throw new Error(`empty condition on ${field}`);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === 'in') {
        const values: unknown = condition.in;
        if (!Array.isArray(values)) throw new Error(`in on ${field} must be an array`);
        values.forEach(assertFilterValue);
        out.$in = [...values];
        continue;
      }
      const value: unknown = condition[key as keyof typeof RANGE_OPERATORS];
      assertFilterValue(value);
      if (value === null) throw new Error(`range bound ${key} on ${field} must not be null`);
      out[RANGE_OPERATORS[key as keyof typeof RANGE_OPERATORS]] = value;
    }
    return out;
  }
  assertFilterValue(condition);
  return { $eq: condition };
}

function assertFilterValue(value: unknown): asserts value is Scalar {
  assertScalar(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('filter numbers must be finite');
}

/**
 * Validates sort keys and appends `_id` (in the direction of the last key, so that a one-way
 * sort can walk an index backwards) as a tie-breaker: equal keys then come back in the same
 * order from every adapter, which pagination by limit relies on.
 */
function toMongoSort(sort: readonly SortKey[]): Sort | undefined {
  if (sort.length === 0) return undefined;
  const out: [string, 1 | -1][] = [];
  const seen = new Set<string>();
  for (const key of sort) {
    assertFieldName(key.field);
    if (key.direction !== 1 && key.direction !== -1) throw new Error(`sort direction must be 1 or -1: ${key.field}`);
    if (seen.has(key.field)) throw new Error(`duplicate sort field: ${key.field}`);
    seen.add(key.field);
    out.push([key.field, key.direction]);
  }
  if (!seen.has('_id')) out.push(['_id', sort[sort.length - 1].direction]);
  return out;
}

function indexFields(fields: readonly string[]): readonly string[] {
  if (fields.length === 0) throw new Error('an index needs at least one field');
  fields.forEach(assertFieldName);
  if (new Set(fields).size !== fields.length) throw new Error(`duplicate index field: ${fields.join(',')}`);
  return fields;
}

function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') throw new Error('document ids must be non-empty strings');
}

function assertDoc(doc: unknown): asserts doc is Doc {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('a document must be an object');
  assertId((doc as Doc)._id);
}

function assertCheckpointName(name: unknown): void {
  if (typeof name !== 'string' || name === '') throw new Error('checkpoint names must be non-empty strings');
}

function assertCheckpoint(checkpoint: Checkpoint): void {
  assertCheckpointName(checkpoint.name);
  if (typeof checkpoint.position !== 'string') throw new Error('checkpoint positions must be strings');
}

function assertLimit(limit: unknown): void {
  if (!Number.isSafeInteger(limit) || (limit as number) < 1) throw new Error('limit must be a positive integer');
}
