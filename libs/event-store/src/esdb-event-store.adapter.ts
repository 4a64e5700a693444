import {
  ANY,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  Position,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  JSONType,
  AppendExpectedRevision,
} from '@eventstore/db-client';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import {
  AppendResult,
  AppendTooLargeError,
  EventData,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  RecordedEvent,
  StoreAvailability,
  WrongExpectedRevisionError,
} from './event-store.port';
import { assertAppendArguments, assertFromRevision, assertInstant, assertLimit, assertStreamId, clampTimeout, instantNanos } from './event-validation';

/** The fields this adapter uses of a recorded event, whichever read returned it. */
interface EsdbRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

const POSITION = /^[0-9a-f]{32}$/;
const MAX_U64 = 0xffffffffffffffffn;
/*
 * Page sizes for reading $all. The client cannot filter $all reads server-side, so system events
 * come along and a page yields fewer user events than it holds: read at least MIN_PAGE at a time.
 */
const MIN_PAGE = 128;
const MAX_PAGE = 4096;
const HEAD_PAGE = 64;

function formatPosition({ commit, prepare }: Position): string {
  return commit.toString(16).padStart(16, '0') + prepare.toString(16).padStart(16, '0');
}

function parsePosition(position: string): Position {
  if (typeof position !== 'string' || !POSITION.test(position)) {
    throw new Error(`malformed event store position ${JSON.stringify(position)}: expected 32 lower-case hex digits`);
  }
  return { commit: BigInt(`0x${position.slice(0, 16)}`), prepare: BigInt(`0x${position.slice(16)}`) };
}

function comparePosition(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** metadata.recordedAt of an event as read from $all, in nanoseconds since the epoch; null when it has none that is an instant. */
function recordedAtNanos(metadata: unknown): bigint | null {
  if (typeof metadata !== 'object' || metadata === null || metadata instanceof Uint8Array) return null;
  return instantNanos((metadata as { recordedAt?: unknown }).recordedAt);
}

function isSystem(record: { type: string; streamId: string }): boolean {
  return record.type.startsWith('$') || record.streamId.startsWith('$');
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  return BigInt(expected);
}

function toRevision(revision: bigint, what: string): number {
  const n = Number(revision);
  if (!Number.isSafeInteger(n)) throw new Error(`${what}: revision ${revision} does not fit a JS number`);
  return n;
}

function toRecordedEvent(record: EsdbRecord): RecordedEvent {
  const { position } = record;
  // Stream reads only carry the $all position since EventStoreDB 22.6; older servers send none or u64::MAX.
  if (!position || position.commit === MAX_U64 || position.prepare === MAX_U64) {
    throw new Error(`event ${record.id} in ${record.streamId} came without its $all position (EventStoreDB 22.6 or later is required)`);
  }
  if (!record.isJson || typeof record.data !== 'object' || record.data === null) {
    throw new Error(`event ${record.id} in ${record.streamId} is not a JSON object event; this store only reads what it wrote`);
  }
  return {
    id: record.id,
    streamId: record.streamId,
    revision: toRevision(record.revision, record.streamId),
    position: formatPosition(position),
    type: record.type,
    data: record.data as Record<string, unknown>,
    metadata: fromEsdbMetadata(record.metadata),
  };
}

/**
 * EventStoreDB's conventions name the correlation and causation ids `$correlationId` and
 * `$causationId` (its projections and UI read them); the port calls them correlationId and
 * causationId. Everything else is stored as given.
 */
export function toEsdbMetadata({ correlationId, causationId, ...rest }: EventMetadata): Record<string, unknown> {
  return { ...rest, $correlationId: correlationId, $causationId: causationId };
}

function fromEsdbMetadata(stored: unknown): EventMetadata {
  if (typeof stored !== 'object' || stored === null) throw new Error('event metadata is not a JSON object; this store only reads what it wrote');
  const { $correlationId, $causationId, ...rest } = stored as Record<string, unknown>;
  return { ...(rest as Omit<EventMetadata, 'correlationId' | 'causationId'>), correlationId: $correlationId as string, causationId: $causationId as string };
}

/**
 * Why a connection string cannot be used, or null. Only what @eventstore/db-client 6 parses:
 * `esdb://` and `esdb+discover://` (it refuses `kurrentdb://` and `kdb://` with a ParseError).
 */
export function esdbConnectionStringProblem(connectionString: string): string | null {
  if (!/^esdb(\+discover)?:\/\//.test(connectionString)) {
    return 'must start with esdb:// or esdb+discover:// (the EventStoreDB client does not accept kurrentdb:// or kdb://)';
  }
  try {
    parseConnectionString(connectionString);
    return null;
  } catch (error) {
    return `is not a valid EventStoreDB connection string: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** A call that failed because the server could not be reached (as opposed to a refused request). */
function isUnreachable(error: unknown): boolean {
  return error instanceof UnavailableError || error instanceof DeadlineExceededError;
}

export interface EsdbEventStoreOptions {
  /** First delay between availability probes while the server is down; doubles up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  log?: (message: string) => void;
}

/**
 * The production event store on EventStoreDB (gRPC client v6). Idempotency of retried appends
 * comes from the server, which recognises the same event ids at the same expected revision.
 *
 * The client connects lazily and reconnects by itself; this adapter tracks whether the server
 * answers (`availability`), probes it with exponential backoff while it does not, and never throws
 * at construction, so a process can start while EventStoreDB is down and report not-ready.
 */
export class EsdbEventStore implements EventStore {
  private readonly pendingWaits = new Set<() => void>();
  private readonly subscriptions = new Set<AllStreamSubscription>();
  private readonly availabilityWaiters = new Set<() => void>();
  private state: StoreAvailability = { available: false, reason: 'not yet connected', since: new Date().toISOString() };
  private probing: Promise<void> | null = null;
  private cancelProbeDelay: (() => void) | null = null;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly log: (message: string) => void;
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.log = options.log ?? (() => undefined);
  }

  /**
   * Refuses a connection string the client would not parse, then returns at once: the client
   * connects on the first call, and availability is probed in the background.
   */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    const problem = esdbConnectionStringProblem(connectionString);
    if (problem) throw new Error(`EVENTSTORE_CONNECTION_STRING ${problem}`);
    const store = new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
    store.startProbing();
    return store;
  }

  availability(): StoreAvailability {
    return { ...this.state };
  }

  /** Resolves once the server has answered (probing with backoff meanwhile), or when `signal` aborts or the store closes. */
  untilAvailable(signal?: AbortSignal): Promise<void> {
    if (this.state.available || this.closed || signal?.aborted) return Promise.resolve();
    this.startProbing();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.availabilityWaiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.availabilityWaiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendArguments(streamId, events, expected);
    const proposed = events.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: toEsdbMetadata(event.metadata) as JSONType }),
    );
    let result: { nextExpectedRevision: bigint; position?: Position };
    try {
      result = await this.call(() => this.client.appendToStream(streamId, proposed, { expectedRevision: toEsdbExpected(expected) }));
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? toRevision(error.actualVersion, streamId) : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      if (error instanceof MaxAppendSizeExceededError) {
        const bytes = proposed.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata)), 0);
        throw new AppendTooLargeError(streamId, events.length, bytes, Number.isSafeInteger(error.maxAppendSize) ? error.maxAppendSize : null);
      }
      throw error;
    }
    const revision = toRevision(result.nextExpectedRevision, streamId);
    // The answer carries the write's commit position, in both fields: for a one-event write that
    // is exactly the event's $all position (commit = prepare = its log position). For a longer
    // write its last event sits at (commit, a later prepare), and an idempotent retry carries no
    // position at all: only then is the last event read back for its position.
    if (events.length === 1 && result.position && result.position.commit !== MAX_U64) {
      return { revision, position: formatPosition({ commit: result.position.commit, prepare: result.position.commit }) };
    }
    const last = await this.readEventAt(streamId, result.nextExpectedRevision);
    return { revision: last.revision, position: last.position };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    assertFromRevision(fromRevision);
    return this.call(async () => {
      const events: RecordedEvent[] = [];
      try {
        const from = fromRevision === 0 ? START : BigInt(fromRevision);
        for await (const resolved of this.client.readStream(streamId, { fromRevision: from, direction: FORWARDS })) {
          if (resolved.event) events.push(toRecordedEvent(resolved.event));
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return events;
    });
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    assertLimit(limit);
    let cursor = after == null ? null : parsePosition(after);
    return this.call(async () => {
      // readAll cannot filter server-side (only subscriptions can): system events come along.
      const pageSize = Math.min(Math.max(limit + 1, MIN_PAGE), MAX_PAGE);
      const events: RecordedEvent[] = [];
      for (;;) {
        let read = 0;
        let lastSeen: Position | null = null;
        for await (const resolved of this.client.readAll({ fromPosition: cursor ?? START, direction: FORWARDS, maxCount: pageSize })) {
          read += 1;
          const record = resolved.event;
          if (!record) continue;
          lastSeen = record.position;
          // fromPosition is inclusive: the event at `cursor` was returned before.
          if (cursor && comparePosition(record.position, cursor) <= 0) continue;
          if (isSystem(record) || events.length >= limit) continue;
          events.push(toRecordedEvent(record));
        }
        if (events.length >= limit || read < pageSize || lastSeen === null) return events;
        if (cursor && comparePosition(lastSeen, cursor) <= 0) {
          throw new Error(`reading $all made no progress after ${formatPosition(cursor)}`);
        }
        cursor = lastSeen;
      }
    });
  }

  async headPosition(): Promise<string | null> {
    return this.call(async () => {
      let cursor: Position | null = null;
      for (;;) {
        let read = 0;
        let lastSeen: Position | null = null;
        let head: Position | null = null;
        const page = this.client.readAll({ fromPosition: cursor ?? END, direction: BACKWARDS, maxCount: HEAD_PAGE });
        for await (const resolved of page) {
          read += 1;
          const record = resolved.event;
          if (!record) continue;
          lastSeen = record.position;
          if (cursor && comparePosition(record.position, cursor) >= 0) continue;
          if (head === null && !isSystem(record)) head = record.position;
        }
        if (head) return formatPosition(head);
        if (read < HEAD_PAGE || lastSeen === null) return null;
        if (cursor && comparePosition(lastSeen, cursor) >= 0) throw new Error(`reading $all backwards made no progress before ${formatPosition(cursor)}`);
        cursor = lastSeen;
      }
    });
  }

  /**
   * Reads $all backwards from its end, in pages (64 events, doubling up to 4096), and answers the
   * first user event met whose recordedAt is at or before `instant`: going backwards, the first
   * one met is the one with the greatest position, so the answer is exact however out of order
   * recordedAt is, and no margin is needed.
   *
   * Limit and cost: EventStoreDB keeps no index over event metadata and cannot filter a $all read
   * by it, so this reads (over the wire, data included) every event after the answer: the events
   * recorded after `instant`, plus the system events among them. Cheap for a recent instant; for an
   * instant far back it reads most of the log, and for one before every event (answer null) the
   * whole log. A caller resolving old instants often should keep its own index (a read model of
   * position and recordedAt).
   */
  async positionAt(instant: string): Promise<string | null> {
    const at = assertInstant(instant);
    return this.call(async () => {
      let cursor: Position | null = null;
      let pageSize = HEAD_PAGE;
      for (;;) {
        let read = 0;
        let lastSeen: Position | null = null;
        let found: Position | null = null;
        const page = this.client.readAll({ fromPosition: cursor ?? END, direction: BACKWARDS, maxCount: pageSize });
        // Read each page to its end, see readEventAt.
        for await (const resolved of page) {
          read += 1;
          const record = resolved.event;
          if (!record) continue;
          lastSeen = record.position;
          if (found || (cursor && comparePosition(record.position, cursor) >= 0) || isSystem(record)) continue;
          const recordedAt = recordedAtNanos(record.metadata);
          if (recordedAt !== null && recordedAt <= at) found = record.position;
        }
        if (found) return formatPosition(found);
        if (read < pageSize || lastSeen === null) return null;
        if (cursor && comparePosition(lastSeen, cursor) >= 0) throw new Error(`reading $all backwards made no progress before ${formatPosition(cursor)}`);
        cursor = lastSeen;
        pageSize = Math.min(pageSize * 2, MAX_PAGE);
      }
    });
  }

  /**
   * The client's catch-up subscription to $all from `after` (exclusive), with the server-side
   * filter that leaves out system events: catch-up, then live, on one gRPC stream. Yields what
   * has arrived, up to `batchSize` at a time; throws when the subscription fails, and the caller
   * resubscribes from its own checkpoint. Pauses the stream while a backlog waits.
   */
  async *subscribe({ after, batchSize, signal }: { after: string | null; batchSize: number; signal?: AbortSignal }): AsyncGenerator<RecordedEvent[]> {
    const from = after === null ? null : parsePosition(after);
    if (this.closed || signal?.aborted) return;
    const subscription = this.client.subscribeToAll({ fromPosition: from ?? START, filter: excludeSystemEvents() });
    this.subscriptions.add(subscription);
    const queue: RecordedEvent[] = [];
    const highWater = Math.max(batchSize * 4, 1000);
    let failure: unknown = null;
    let ended = false;
    let wake: (() => void) | null = null;
    const notify = (): void => {
      const resolve = wake;
      wake = null;
      resolve?.();
    };
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      const record = resolved.event;
      if (!record || isSystem(record)) return;
      if (from && comparePosition(record.position, from) <= 0) return;
      try {
        queue.push(toRecordedEvent(record));
      } catch (error) {
        failure = error;
      }
      if (queue.length >= highWater) subscription.pause();
      this.markAvailable();
      notify();
    });
    subscription.on('error', (error: unknown) => {
      failure = error;
      // A dropped subscription (unreachable, or cancelled by a stopping server) may mean the
      // server is gone: report not available and let the probe find out when it is back.
      this.markUnavailable(error);
      notify();
    });
    subscription.on('end', () => {
      ended = true;
      notify();
    });
    signal?.addEventListener('abort', notify, { once: true });
    try {
      while (!signal?.aborted && !this.closed) {
        if (queue.length > 0) {
          const batch = queue.splice(0, batchSize);
          if (subscription.isPaused() && queue.length < highWater / 2) subscription.resume();
          yield batch;
          continue;
        }
        if (failure) throw failure;
        if (ended) throw new Error('the EventStoreDB subscription to $all ended');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', notify);
      this.subscriptions.delete(subscription);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /**
   * Subscribes to $all from `after` rather than from the end, so an append landing between the
   * caller's last read and this call still wakes it at once. Rejects only for a malformed `after`.
   */
  waitForAppend(after: string | null, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    let from: Position | null;
    try {
      from = after === null ? null : parsePosition(after);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve) => {
      if (this.closed || signal?.aborted) return resolve();

      let subscription: AllStreamSubscription;
      try {
        subscription = this.client.subscribeToAll({ fromPosition: from ?? START, filter: excludeSystemEvents() });
      } catch {
        return resolve();
      }
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.pendingWaits.delete(finish);
        subscription.unsubscribe().catch(() => undefined);
        resolve();
      };
      const timer = setTimeout(finish, clampTimeout(timeoutMs));
      signal?.addEventListener('abort', finish, { once: true });
      this.pendingWaits.add(finish);

      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        const record = resolved.event;
        if (!record || isSystem(record)) return;
        // Subscriptions start after fromPosition; this only guards against one that includes it.
        if (from && comparePosition(record.position, from) <= 0) return;
        finish();
      });
      // Stays attached after finish: the cancelled stream may still emit, and an unhandled 'error' would crash.
      subscription.on('error', finish);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const finish of [...this.pendingWaits]) finish();
    for (const done of [...this.availabilityWaiters]) done();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe().catch(() => undefined)));
    this.cancelProbeDelay?.();
    await this.probing?.catch(() => undefined);
    await this.client.dispose();
  }

  /** Runs a call, keeping `availability` up to date from its outcome. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      this.markAvailable();
      return result;
    } catch (error) {
      if (isUnreachable(error)) this.markUnavailable(error);
      else this.markAvailable();
      throw error;
    }
  }

  private markAvailable(): void {
    if (this.state.available) return;
    this.state = { available: true, reason: null, since: new Date().toISOString() };
    this.log('EventStoreDB is available');
    for (const done of [...this.availabilityWaiters]) done();
  }

  private markUnavailable(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (this.state.available) this.log(`EventStoreDB is unavailable: ${reason}; retrying with backoff`);
    this.state = { available: false, reason, since: this.state.available ? new Date().toISOString() : this.state.since };
    this.startProbing();
  }

  /** Probes with exponential backoff until the server answers (or the store closes). */
  private startProbing(): void {
    if (this.probing || this.closed) return;
    this.probing = (async () => {
      let delay = this.retryDelayMs;
      while (!this.closed && !this.state.available) {
        try {
          for await (const _ of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) void _; // read to the end, see readEventAt
          this.markAvailable();
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          this.state = { available: false, reason, since: this.state.since };
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delay);
            this.cancelProbeDelay = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.cancelProbeDelay = null;
          delay = Math.min(delay * 2, this.maxRetryDelayMs);
        }
      }
    })().finally(() => {
      this.probing = null;
    });
  }

  private async readEventAt(streamId: string, revision: bigint): Promise<RecordedEvent> {
    // Read to the end rather than `return` inside the loop: leaving the client's read stream early
    // can leave the iterator's cleanup waiting on a gRPC stream that is never cancelled.
    let found: RecordedEvent | null = null;
    for await (const resolved of this.client.readStream(streamId, { fromRevision: revision, direction: FORWARDS, maxCount: 1 })) {
      if (resolved.event && !found) found = toRecordedEvent(resolved.event);
    }
    if (found) return found;
    throw new Error(`append to ${streamId}: revision ${revision} cannot be read back`);
  }
}
