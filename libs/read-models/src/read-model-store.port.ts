/**
 * The read-model store port: a small document store that both SQLite (embedded) and MongoDB
 * (production) implement, and that `read-model-store.contract.ts` checks on each.
 *
 * Filters are typed data, not query objects: a field name comes from code, a value is a scalar.
 * Adapters translate every condition into an explicit operator (`$eq`, `$gt`, ...) so that no
 * client value can ever act as a MongoDB operator.
 */

import type { Database } from 'better-sqlite3';
import type { Db } from 'mongodb';

export type Scalar = string | number | boolean | null;

/** The store underneath, for projections that keep their own typed tables (see unit-totals). */
export type NativeHandle = { kind: 'sqlite'; db: Database } | { kind: 'mongodb'; db: Db };

export interface Doc {
  _id: string;
  [field: string]: unknown;
}

/** One condition per field; a bare scalar means equality. `in` matches any of the values. */
export type Condition = Scalar | { gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar; in?: readonly Scalar[] };
export type Filter = Readonly<Record<string, Condition>>;

export interface SortKey {
  field: string;
  direction: 1 | -1;
}

export interface FindOptions {
  sort?: readonly SortKey[];
  limit?: number;
  /**
   * The answer may be kept and handed out again, frozen, until the collection changes (a small
   * reference collection that every request reads whole: units, areas). Callers must not modify
   * it. A store that cannot tell cheaply when a collection changed reads it again.
   */
  reuse?: boolean;
}

export type DocChange =
  | { collection: string; kind: 'put'; doc: Doc }
  | { collection: string; kind: 'delete'; id: string };

export interface Checkpoint {
  name: string;
  position: string;
}

export interface IndexSpec {
  collection: string;
  fields: readonly string[];
}

export interface ReadModelStore {
  readonly native: NativeHandle;
  /**
   * The physical name of a logical collection: itself on an adapter, the live build's name on a
   * live view (`unit_totals` → `unit_totals_b3`), so typed storage finds its tables.
   */
  resolve(collection: string): Promise<string>;
  get<T extends Doc>(collection: string, id: string): Promise<T | null>;
  getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]>;
  find<T extends Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]>;
  count(collection: string, filter: Filter): Promise<number>;
  /**
   * Writes the changes in the order given, then the checkpoint. SQLite does it in one
   * transaction. MongoDB cannot (no multi-collection transactions on every deployment, none on
   * FerretDB): it writes each collection's changes in one ordered bulkWrite, in the order the
   * collections first appear, and the checkpoint last. Projections order their changes so that
   * a crash between two writes leaves documents whose position guards make the replay harmless.
   * The same holds for a write that fails: the documents already written stay, including those
   * of events after the one that failed (and mongo-java-server, unlike MongoDB, goes on past the
   * first error of an ordered bulkWrite); the projector's one-by-one retry re-applies them.
   */
  commit(changes: readonly DocChange[], checkpoint?: Checkpoint): Promise<void>;
  getCheckpoint(name: string): Promise<string | null>;
  ensureIndexes(specs: readonly IndexSpec[]): Promise<void>;
  /** Drops the given collections and checkpoints: the first step of a rebuild by replay. */
  drop(collections: readonly string[], checkpointNames: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

const FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Field names come from code; this guards against a mistake turning one into an operator. */
export function assertFieldName(field: string): void {
  if (!FIELD_PATTERN.test(field)) throw new Error(`invalid field name: ${field}`);
}

export function assertScalar(value: unknown): asserts value is Scalar {
  const t = typeof value;
  if (value !== null && t !== 'string' && t !== 'number' && t !== 'boolean') {
    throw new Error(`filter values must be scalars, got ${t}`);
  }
}
