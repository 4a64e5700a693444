import { RecordedEvent } from '@app/event-store';
import { Doc, DocChange, IndexSpec, ReadModelStore } from '../read-model-store.port';

/**
 * One read model's projection. It has a name and a version (bump the version when what it
 * writes changes: the projector then builds the new version beside the live one and switches
 * once it has caught up), and it is fed, in log order, batches of the global log.
 *
 * A projection may keep documents in the shared document store (`collections`, logical names:
 * the build maps them to its own physical ones) or its own typed tables (see unit-totals), and
 * commits its writes together with its own checkpoint, so it can be rebuilt alone.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Logical document collections it owns; each build gets its own physical copies. */
  readonly collections: readonly string[];
  /** Opens one build's writer: `store` maps the logical collections to the build's. */
  open(store: ReadModelStore, build: BuildRef, mode?: WriterMode): ProjectionWriter;
}

/**
 * How a writer is used. `bulk`: the build is fed beside the live one and read by nobody until
 * `finish`, so a projection may defer what it can derive at the end in one pass (unit totals'
 * roll-ups) instead of keeping it current batch by batch.
 */
export interface WriterMode {
  bulk: boolean;
}

export interface BuildRef {
  projection: string;
  version: number;
  build: number;
}

export interface ProjectionWriter {
  /** Creates tables and indexes (idempotent). */
  prepare(): Promise<void>;
  /** Folds a batch (already past this build's checkpoint) and commits it with `checkpoint`. */
  apply(events: readonly RecordedEvent[], checkpoint: { name: string; position: string }): Promise<void>;
  /** Completes what a bulk writer deferred; called once the build has caught up, before it goes live. Idempotent. */
  finish?(): Promise<void>;
  /** Drops everything this build wrote, checkpoint included. */
  drop(checkpointName: string): Promise<void>;
  /** Everything the build holds, in a stable order: for equivalence tests and benchmarks. */
  dump(): Promise<Record<string, unknown[]>>;
}

/** Physical name of a logical collection in a build. */
export const physicalName = (collection: string, build: number) => `${collection}_b${build}`;
export const checkpointName = (ref: { projection: string; build: number }) => `${ref.projection}_b${ref.build}`;

/** A document projection: a fold over a batch into changes of its own collections. */
export interface DocFold {
  (events: readonly RecordedEvent[], store: ReadModelStore, changes: Changes): Promise<void>;
}

export function docProjection(spec: {
  name: string;
  version: number;
  /** In write order: on MongoDB each collection is its own bulkWrite (see the port). */
  collections: readonly string[];
  indexes: readonly IndexSpec[];
  fold: DocFold;
}): Projection {
  return {
    name: spec.name,
    version: spec.version,
    collections: spec.collections,
    open(store, _build, mode) {
      // A bulk build is read by nobody until it is finished: its secondary indexes are built
      // then, in one sort each, instead of being updated by every write of the replay.
      const bulk = mode?.bulk ?? false;
      return {
        prepare: () => (bulk ? Promise.resolve() : store.ensureIndexes(spec.indexes)),
        finish: () => store.ensureIndexes(spec.indexes),
        async apply(events, checkpoint) {
          if (events.length === 0) return;
          const changes = new Changes(spec.collections);
          await spec.fold(events, store, changes);
          await store.commit(changes.ordered(), checkpoint);
        },
        drop: (name) => store.drop(spec.collections, [name]),
        async dump() {
          const out: Record<string, unknown[]> = {};
          for (const c of spec.collections) out[c] = await store.find(c, {}, { sort: [{ field: '_id', direction: 1 }] });
          return out;
        },
      };
    },
  };
}

/** Last write per document wins within a batch; collections come out in the projection's order. */
export class Changes {
  private readonly byCollection = new Map<string, Map<string, Doc>>();

  constructor(private readonly order: readonly string[]) {}

  put(collection: string, doc: Doc): void {
    if (!this.order.includes(collection)) throw new Error(`collection ${collection} is not this projection's`);
    let docs = this.byCollection.get(collection);
    if (!docs) this.byCollection.set(collection, (docs = new Map()));
    docs.set(doc._id, doc);
  }

  ordered(): DocChange[] {
    return this.order.flatMap((collection) =>
      [...(this.byCollection.get(collection)?.values() ?? [])].map((doc) => ({ collection, kind: 'put' as const, doc })),
    );
  }
}

/** Loads documents by id into a map. */
export async function loadDocs<T extends Doc>(store: ReadModelStore, collection: string, ids: readonly string[]): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const docs = await store.getMany<T>(collection, [...new Set(ids)]);
  return new Map(docs.map((d) => [d._id, d]));
}
