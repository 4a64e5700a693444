/**
 * The event store port. Two adapters implement it: SQLite (embedded default) and EventStoreDB
 * (production). Both pass `event-store.contract.ts`.
 *
 * Positions in the global log are opaque, fixed-width strings per adapter, so that they sort
 * lexicographically in log order and never pass through a JS number (EventStoreDB positions are
 * 64-bit). Compare them with `comparePositions`, never by parsing.
 */

export interface EventMetadata {
  /** `sub` of the principal who issued the command. */
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** ISO-8601 instant, from the clock the command carried. */
  recordedAt: string;
  schemaVersion: number;
  /** Hash of the request that produced the event; lets a replayed Idempotency-Key be recognised. */
  requestHash?: string;
}

/** An event to append: plain, versioned data. `id` is a UUID derived from the command. */
export interface EventData<Type extends string = string, Data = Record<string, unknown>> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = Record<string, unknown>>
  extends EventData<Type, Data> {
  streamId: string;
  /** 0-based index of the event in its stream. */
  revision: number;
  /** Opaque global position, see `comparePositions`. */
  position: string;
}

/** `no_stream`: the stream must not exist; a number: the revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  revision: number;
  /** Global position of the last event appended (or of the original, for an idempotent retry). */
  position: string;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * An append larger than the store takes in one write (EventStoreDB's `MaxAppendSize`, 1 MiB by
 * default). Nothing was appended; the caller should split the command or refuse it as too large.
 */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventCount: number,
    readonly bytes: number,
    readonly maxBytes: number | null,
  ) {
    super(
      `append to ${streamId}: ${eventCount} event(s) of ${bytes} bytes (data and metadata) exceed the store's maximum append size` +
        (maxBytes === null ? '' : ` of ${maxBytes} bytes`) +
        '; nothing was appended (split the command, or raise the server\'s MaxAppendSize)',
    );
    this.name = 'AppendTooLargeError';
  }
}

/** Whether the store answers; an adapter whose store can be down reports it (see `availability`). */
export interface StoreAvailability {
  available: boolean;
  /** Why not, when not available. */
  reason: string | null;
  /** ISO instant of the last change. */
  since: string;
}

export interface ReadAllOptions {
  /** Exclusive lower bound; null or absent reads from the start of the log. */
  after?: string | null;
  limit: number;
}

export interface ReadTypesOptions {
  /** Exclusive lower bound; null reads from the start of the log. */
  after: string | null;
  /** Inclusive upper bound (a position the caller read, say the head): the read is over (after, until]. */
  until: string;
  /** Only events of these types. */
  types: readonly string[];
  limit: number;
}

export interface EventStore {
  /**
   * Appends atomically. Fails with WrongExpectedRevisionError when the stream moved.
   * Appending the same event ids again with the same expected revision (a retried command)
   * appends nothing and answers like the first append.
   */
  append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Events of a stream in order from `fromRevision` (default 0, the whole stream); [] when the
   * stream does not exist or has nothing from there on. Lets a caller that keeps a folded state
   * read only what came after it.
   */
  readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]>;
  /** Events of the global log strictly after `after`, oldest first, at most `limit`. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in the log, or null when the log is empty. */
  headPosition(): Promise<string | null>;
  /**
   * Position of the last event (greatest position) whose metadata.recordedAt is at or before
   * `instant` (an ISO-8601 instant), or null when no event is. Resolves an as-of time to a log
   * position. recordedAt comes from each command's clock, so it is not strictly monotonic in
   * position: this is the greatest qualifying position, not the position of the greatest
   * qualifying recordedAt. Instants compare as instants (offsets and fraction digits may differ);
   * an event whose recordedAt is not an ISO-8601 instant never qualifies. Rejects a malformed
   * `instant`.
   */
  positionAt(instant: string): Promise<string | null>;
  /**
   * Optional: the events of the given types in (after, until], oldest first, at most `limit`; the
   * store skips the others without decoding them. For a reader that folds few of the log's event
   * types over a long stretch of it (a cold start on a large log). When the answer holds fewer than
   * `limit` events the reader has seen everything up to `until`. Without it, readers use `readAll`
   * and skip the other types themselves (EventStoreDB's $all read cannot filter on the server;
   * only its subscriptions can).
   */
  readTypes?(options: ReadTypesOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: how many events the log holds strictly after `after`, counted up to `cap`, without
   * reading them (lag for /health). Without it, callers read up to `cap` events and count them.
   */
  countAfter?(after: string | null, cap: number): Promise<number>;
  /**
   * Resolves when an event may have been appended after `after`, or when `timeoutMs` has passed,
   * or when `signal` aborts; never rejects. A cheap wake-up for pull loops, not a delivery.
   */
  waitForAppend(after: string | null, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: a native catch-up subscription (catch-up, then live) from `after`, in batches. When
   * absent, `subscribeToAll` pulls with `readAll` + `waitForAppend`. Ends when `signal` aborts;
   * throws when the store fails (the caller resubscribes from its checkpoint).
   */
  subscribe?(options: { after: string | null; batchSize: number; signal?: AbortSignal }): AsyncIterable<RecordedEvent[]>;
  /** Optional: whether a remote store answers. Embedded stores leave it out (always available). */
  availability?(): StoreAvailability;
  /** Optional: resolves once the store answers (retrying with backoff), or when `signal` aborts. */
  untilAvailable?(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * Positions from one adapter are fixed-width hex, so string order is log order. A position read
 * back from a client may lack the leading zeros (`minPosition=2a`): compare by value.
 */
export function comparePositions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x === y ? 0 : x < y ? -1 : 1;
}
