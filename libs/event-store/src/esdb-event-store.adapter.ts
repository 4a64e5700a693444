import {
  ANY,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  Position,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  JSONType,
  AppendExpectedRevision,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventData,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  RecordedEvent,
  WrongExpectedRevisionError,
} from './event-store.port';
import { assertAppendArguments, assertFromRevision, assertLimit, assertStreamId, clampTimeout } from './event-validation';

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
    metadata: record.metadata as EventMetadata,
  };
}

/**
 * The production event store on EventStoreDB (gRPC client v6). Idempotency of retried appends
 * comes from the server, which recognises the same event ids at the same expected revision.
 */
export class EsdbEventStore implements EventStore {
  private readonly pendingWaits = new Set<() => void>();
  private closed = false;

  constructor(private readonly client: EventStoreDBClient) {}

  /** The client connects lazily: a wrong address or credentials surface on the first call. */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendArguments(streamId, events, expected);
    let nextExpectedRevision: bigint;
    try {
      ({ nextExpectedRevision } = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata as unknown as JSONType }),
        ),
        { expectedRevision: toEsdbExpected(expected) },
      ));
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? toRevision(error.actualVersion, streamId) : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
    // The append response cannot give the last event's position: the server answers with the
    // write's commit position in both fields (not the (commit, prepare) pair readAll reports for a
    // multi-event write), and with no position at all for an idempotent retry. Reading the event
    // back costs a round trip but gives the exact $all position (stream reads carry it since 22.6).
    const last = await this.readEventAt(streamId, nextExpectedRevision);
    return { revision: last.revision, position: last.position };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    assertFromRevision(fromRevision);
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
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    assertLimit(limit);
    let cursor = after == null ? null : parsePosition(after);
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
  }

  async headPosition(): Promise<string | null> {
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
    await this.client.dispose();
  }

  private async readEventAt(streamId: string, revision: bigint): Promise<RecordedEvent> {
    for await (const resolved of this.client.readStream(streamId, { fromRevision: revision, direction: FORWARDS, maxCount: 1 })) {
      if (resolved.event) return toRecordedEvent(resolved.event);
    }
    throw new Error(`append to ${streamId}: revision ${revision} cannot be read back`);
  }
}
