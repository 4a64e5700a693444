import { assertFieldName, assertScalar, Checkpoint, Condition, Doc, Filter, Scalar, SortKey } from './read-model-store.port';

/**
 * Input checks shared by every ReadModelStore adapter, so that a name, filter or sort valid on one
 * store is valid on the other, and each adapter only translates already-checked conditions.
 */

// Collection names are interpolated into SQL table names: this pattern is all that stands between
// a name and the statement text.
const COLLECTION_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Reserved on every store: MongoDB keeps checkpoints in a collection of that name. */
export const CHECKPOINTS_COLLECTION = 'checkpoints';

export type RangeOperator = 'gt' | 'gte' | 'lt' | 'lte';
const RANGE_OPERATORS: readonly RangeOperator[] = ['gt', 'gte', 'lt', 'lte'];

export type NormalizedCondition =
  | { field: string; op: 'eq'; value: Scalar }
  | { field: string; op: RangeOperator; value: Exclude<Scalar, null> }
  | { field: string; op: 'in'; values: Scalar[] };

export function assertCollectionName(collection: unknown): asserts collection is string {
  if (typeof collection !== 'string' || !COLLECTION_PATTERN.test(collection)) {
    throw new Error(`invalid collection name: ${String(collection)}`);
  }
  if (collection === CHECKPOINTS_COLLECTION) throw new Error(`reserved collection name: ${collection}`);
}

function assertFilterValue(value: unknown): asserts value is Scalar {
  assertScalar(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('filter numbers must be finite');
}

/** Checks a filter and flattens it into one condition per operator. */
export function normalizeFilter(filter: Filter): NormalizedCondition[] {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw new Error('a filter must be an object');
  return Object.entries(filter).flatMap(([field, condition]) => {
    assertFieldName(field);
    return normalizeCondition(field, condition);
  });
}

function normalizeCondition(field: string, condition: Condition): NormalizedCondition[] {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    assertFilterValue(condition);
    return [{ field, op: 'eq', value: condition }];
  }
  const keys = Object.keys(condition);
  // An object with any other key (`$ne`, `$where`, ...) is not a condition: assertScalar rejects
  // it as the object it is.
  if (keys.some((k) => k !== 'in' && !RANGE_OPERATORS.includes(k as RangeOperator))) assertScalar(condition);
  if (keys.length === 0) throw new Error(`empty condition on ${field}`);
  return keys.map((key): NormalizedCondition => {
    if (key === 'in') {
      const values: unknown = condition.in;
      if (!Array.isArray(values)) throw new Error(`in on ${field} must be an array`);
      values.forEach(assertFilterValue);
      return { field, op: 'in', values: [...values] };
    }
    const value: unknown = condition[key as RangeOperator];
    assertFilterValue(value);
    if (value === null) throw new Error(`range bound ${key} on ${field} must not be null`);
    return { field, op: key as RangeOperator, value };
  });
}

/**
 * Checks sort keys and appends `_id` (in the direction of the last key, so that a one-way sort
 * can walk an index backwards) as a tie-breaker: equal keys then come back in the same order from
 * every adapter, which pagination by limit relies on.
 */
export function normalizeSort(sort: readonly SortKey[]): SortKey[] {
  const seen = new Set<string>();
  for (const key of sort) {
    assertFieldName(key.field);
    if (key.direction !== 1 && key.direction !== -1) throw new Error(`sort direction must be 1 or -1: ${key.field}`);
    if (seen.has(key.field)) throw new Error(`duplicate sort field: ${key.field}`);
    seen.add(key.field);
  }
  if (sort.length === 0 || seen.has('_id')) return [...sort];
  return [...sort, { field: '_id', direction: sort[sort.length - 1].direction }];
}

export function indexFields(fields: readonly string[]): readonly string[] {
  if (fields.length === 0) throw new Error('an index needs at least one field');
  fields.forEach(assertFieldName);
  if (new Set(fields).size !== fields.length) throw new Error(`duplicate index field: ${fields.join(',')}`);
  return fields;
}

export function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') throw new Error('document ids must be non-empty strings');
}

export function assertDoc(doc: unknown): asserts doc is Doc {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('a document must be an object');
  assertId((doc as Doc)._id);
  assertKeys(doc, 0);
}

// Keys come from code, never from users: a report id or an area code with a `.` or a `$` as a
// key is refused by MongoDB servers (and once wedged a projection). User values live in values
// and arrays; this check makes a slip fail the same way on every adapter, before any write.
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Keys already checked (documents repeat a few hundred field names): a set lookup, not a match, per key. */
const KNOWN_KEYS = new Set<string>();

function assertKeys(value: unknown, depth: number): void {
  if (depth > 32) throw new Error('document nested too deeply');
  if (Array.isArray(value)) {
    for (const v of value) assertKeys(v, depth + 1);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    if ((value as { _bsontype?: unknown })._bsontype) return;
    for (const k of Object.keys(value)) {
      if (!KNOWN_KEYS.has(k)) {
        if (!KEY_PATTERN.test(k)) throw new Error(`document key not allowed (keys come from code, never from data): ${JSON.stringify(k).slice(0, 80)}`);
        if (KNOWN_KEYS.size < 4096) KNOWN_KEYS.add(k);
      }
      assertKeys((value as Record<string, unknown>)[k], depth + 1);
    }
  }
}

export function assertCheckpointName(name: unknown): void {
  if (typeof name !== 'string' || name === '') throw new Error('checkpoint names must be non-empty strings');
}

export function assertCheckpoint(checkpoint: Checkpoint): void {
  assertCheckpointName(checkpoint.name);
  if (typeof checkpoint.position !== 'string') throw new Error('checkpoint positions must be strings');
}

export function assertLimit(limit: unknown): void {
  if (!Number.isSafeInteger(limit) || (limit as number) < 1) throw new Error('limit must be a positive integer');
}
