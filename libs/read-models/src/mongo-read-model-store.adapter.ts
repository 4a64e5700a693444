import { AnyBulkWriteOperation, ClientSession, Collection, Db, Document, Filter as MongoFilter, MongoClient, MongoServerError, Sort } from 'mongodb';
import {
  Checkpoint,
  Doc,
  DocChange,
  Filter,
  FindOptions,
  IndexSpec,
  NativeHandle,
  ReadModelStore,
  SortKey,
} from './read-model-store.port';
import {
  assertCheckpoint, assertCheckpointName, assertCollectionName, assertDoc, assertId, assertLimit, CHECKPOINTS_COLLECTION,
  indexFields, normalizeFilter, normalizeSort,
} from './read-model-validation';

const CHECKPOINTS = CHECKPOINTS_COLLECTION;
const DEFAULT_DB_NAME = 'danvan';
const NAMESPACE_NOT_FOUND = 26;
/**
 * Writes per bulkWrite call. FerretDB v1.24.2 holds one pool connection per matched update inside
 * a bulkWrite and deadlocks from about 100 replacements (50 on its PostgreSQL backend), so every
 * server gets bounded chunks; the position guards make a batch cut between chunks harmless.
 */
export const MONGO_BULK_CHUNK = 50;
/** Server-side bound on every query (maxTimeMS) and on every write (wtimeout is not enough). */
export const MONGO_OP_TIMEOUT_MS = 15_000;
export const MONGO_CLIENT_OPTIONS = {
  ignoreUndefined: true,
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 30_000,
} as const;

interface CheckpointDoc {
  _id: string;
  position: string;
}

/** How `commit` writes: in one transaction, or as ordered writes with the checkpoint last. */
export interface WriteMode {
  transactions: boolean;
  /** Why, from the server's `hello` answer. */
  why: string;
}

/**
 * Whether the server can run multi-document transactions, from its `hello` answer: a replica-set
 * member (`setName`) or a mongos (`msg: "isdbgrid"`) with sessions (`logicalSessionTimeoutMinutes`)
 * and a wire version that has them (7: MongoDB 4.0 on replica sets; 8: 4.2 on sharded clusters).
 * A standalone server, FerretDB and mongo-java-server have no `setName`: ordered writes there.
 */
export function writeModeOf(hello: Document): WriteMode {
  const sessions = typeof hello.logicalSessionTimeoutMinutes === 'number';
  const wire = typeof hello.maxWireVersion === 'number' ? hello.maxWireVersion : 0;
  if (typeof hello.setName === 'string' && sessions && wire >= 7) return { transactions: true, why: `replica set ${hello.setName}` };
  if (hello.msg === 'isdbgrid' && sessions && wire >= 8) return { transactions: true, why: 'sharded cluster (mongos)' };
  const what = typeof hello.setName === 'string' || hello.msg === 'isdbgrid' ? 'no sessions or an old wire version' : 'not a replica set or sharded cluster';
  return { transactions: false, why: `${what}: ordered writes, checkpoint last` };
}

/**
 * MongoDB adapter. `commit` writes the documents and the checkpoint in one transaction where the
 * server runs them (detected at connect from `hello`, see `writeModeOf`), else as ordered,
 * chunked writes with the checkpoint last (see the port). CI runs the same contract against
 * FerretDB v1.24.2 (SQLite backend) and mongo-java-server, neither of which has transactions, so
 * only the ordered path runs there; what differs on FerretDB, measured rather than assumed:
 * - no multi-document transactions;
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
    /** Detected at connect; the process logs it at start. */
    readonly writeMode: WriteMode,
  ) {}

  /** Connects to `uri`; the database is `dbName`, else the URI's path, else `danvan`. */
  static async connect(uri: string, dbName?: string): Promise<MongoReadModelStore> {
    // Without ignoreUndefined the driver would store `undefined` fields as null, where SQLite's
    // JSON.stringify drops them.
    const client = new MongoClient(uri, { ...MONGO_CLIENT_OPTIONS });
    await client.connect();
    const hello = await client.db('admin').command({ hello: 1 })
      .catch(() => client.db('admin').command({ isMaster: 1 }));
    return new MongoReadModelStore(client, client.db(dbName ?? dbNameFromUri(uri) ?? DEFAULT_DB_NAME), writeModeOf(hello));
  }

  get native(): NativeHandle {
    return { kind: 'mongodb', db: this.db };
  }

  async resolve(collection: string): Promise<string> {
    assertCollectionName(collection);
    return collection;
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    assertId(id);
    return (await this.collection(collection).findOne({ _id: { $eq: id } }, { maxTimeMS: MONGO_OP_TIMEOUT_MS })) as T | null;
  }

  async getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    ids.forEach(assertId);
    const coll = this.collection(collection);
    if (ids.length === 0) return [];
    const docs = await coll.find(idsFilter(ids), { maxTimeMS: MONGO_OP_TIMEOUT_MS }).toArray();
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
    let cursor = coll.find(query, { maxTimeMS: MONGO_OP_TIMEOUT_MS });
    if (sort) cursor = cursor.sort(sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as T[];
  }

  async count(collection: string, filter: Filter): Promise<number> {
    return this.collection(collection).countDocuments(toMongoFilter(filter), { maxTimeMS: MONGO_OP_TIMEOUT_MS });
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
    if (this.writeMode.transactions) {
      // Documents and checkpoint commit together or not at all. Not run in CI: no server there
      // has transactions (see the class comment).
      const session = this.client.startSession();
      try {
        await session.withTransaction(() => this.write(groups, checkpoint, session), { maxCommitTimeMS: MONGO_OP_TIMEOUT_MS });
      } finally {
        await session.endSession();
      }
      return;
    }
    // No transaction (see the port): one ordered bulkWrite per collection, in order of first
    // appearance, each awaited before the next, and the checkpoint strictly last.
    await this.write(groups, checkpoint);
  }

  private async write(groups: Map<string, AnyBulkWriteOperation<Doc>[]>, checkpoint: Checkpoint | undefined, session?: ClientSession): Promise<void> {
    // Inside a transaction the commit's own time limit bounds it (maxTimeMS is for the commit).
    const bound = session ? { session } : { maxTimeMS: MONGO_OP_TIMEOUT_MS };
    for (const [name, ops] of groups) {
      for (let i = 0; i < ops.length; i += MONGO_BULK_CHUNK) {
        await this.db.collection<Doc>(name).bulkWrite(ops.slice(i, i + MONGO_BULK_CHUNK), { ordered: true, ...bound });
      }
    }
    if (checkpoint) {
      // An upsert takes `_id` from the equality filter: the stored document is {_id: name, position}.
      await this.checkpoints().replaceOne({ _id: checkpoint.name }, { position: checkpoint.position }, { upsert: true, ...bound });
    }
  }

  async getCheckpoint(name: string): Promise<string | null> {
    assertCheckpointName(name);
    const doc = await this.checkpoints().findOne({ _id: { $eq: name } }, { maxTimeMS: MONGO_OP_TIMEOUT_MS });
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
    assertCollectionName(name);
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
/**
 * A filter on `_id` for string ids (typed, never a client's filter object): one id as an equality, which a server
 * may answer from its index where it scans for `$in` (FerretDB v1.24 pushes down only `{_id: <string>}`).
 */
export function idsFilter(ids: readonly string[]): { _id: string | { $in: string[] } } {
  return ids.length === 1 ? { _id: ids[0] } : { _id: { $in: [...ids] } };
}

function toMongoFilter(filter: Filter): MongoFilter<Doc> {
  const query: Record<string, Record<string, unknown>> = {};
  for (const c of normalizeFilter(filter)) {
    const ops = (query[c.field] ??= {});
    if (c.op === 'in') ops.$in = c.values;
    else ops[`$${c.op}`] = c.value;
  }
  return query as MongoFilter<Doc>;
}

function toMongoSort(sort: readonly SortKey[]): Sort | undefined {
  if (sort.length === 0) return undefined;
  return normalizeSort(sort).map((k): [string, 1 | -1] => [k.field, k.direction]);
}
