import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
import { chainHash } from './event-chain';
import { assertAppendArguments, assertFromRevision, assertLimit, assertStreamId, clampTimeout } from './event-validation';

export interface SqliteEventStoreOptions {
  /** Path of the database file, or ':memory:'. */
  file: string;
  /** FULL (default) survives power loss; NORMAL may lose the last commits, never corrupts. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often `waitForAppend` looks for appends made by other connections to the same file. */
  pollIntervalMs?: number;
  /**
   * Group commit (default true): appends arriving together (in the same turn of the event loop,
   * typically while the previous commit was syncing) are committed in one transaction and one
   * fsync, each under its own savepoint with its own expected-revision check and outcome.
   * False commits every append on its own (for comparison in the benchmark).
   */
  groupCommit?: boolean;
  /** Most appends committed in one group (default 512); the rest wait for the next group. */
  maxGroupSize?: number;
}

interface PendingAppend {
  streamId: string;
  events: readonly EventData[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; result: AppendResult & { appended: boolean } } | { ok: false; error: unknown };

/** Counters of the group commits made so far by one instance. */
export interface GroupCommitStats {
  /** Transactions committed (each one fsync under synchronous=FULL). */
  commits: number;
  /** Appends answered (succeeded or failed) through those transactions. */
  appends: number;
  /** The largest number of appends committed together. */
  largestGroup: number;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

type EventRef = Pick<EventRow, 'position' | 'event_id' | 'stream_id' | 'revision'>;

interface Waiter {
  after: bigint;
  wake(): void;
}

const POSITION = /^[0-9a-f]{16}$/;
const MAX_ROWID = 0x7fffffffffffffffn;
const DEFAULT_POLL_INTERVAL_MS = 100;

/** Rowid as fixed-width lower-case hex, so that string order is log order. */
function formatPosition(rowid: number): string {
  return rowid.toString(16).padStart(16, '0');
}

function parsePosition(position: string): bigint {
  if (typeof position !== 'string' || !POSITION.test(position)) {
    throw new Error(`malformed event store position ${JSON.stringify(position)}: expected 16 lower-case hex digits`);
  }
  const rowid = BigInt(`0x${position}`);
  if (rowid > MAX_ROWID) throw new Error(`event store position ${position} is beyond the largest SQLite rowid`);
  return rowid;
}

function revisionMatches(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  return expected === 'any' || expected === actual;
}

/** The events table; exported so that the benchmark's raw floor writes the very same table. */
export const SQLITE_EVENTS_DDL = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    chain_hash TEXT,
    UNIQUE (stream_id, revision)
  )`;

// Duck-typed rather than `instanceof`: better-sqlite3's native addon keeps the error class of the
// first realm that loaded it (a second jest test file, a worker thread), so its errors need not be
// instances of this realm's Error.
function isDuplicateEventId(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && /events\.event_id/.test(message);
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: formatPosition(row.position),
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
  };
}

/**
 * The embedded event store: one SQLite file in WAL mode. Several processes may open the same file;
 * appends are serialised by SQLite's write lock (BEGIN IMMEDIATE), and `waitForAppend` notices
 * other processes' appends by polling the head of the log.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly waiters = new Set<Waiter>();
  private pollTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private readonly selectStreamHead;
  private readonly selectEventById;
  private readonly selectStreamSlice;
  private readonly selectStream;
  private readonly selectAfter;
  private readonly selectHead;
  private readonly countAfterStatement;
  private readonly insertEvent;
  private readonly selectLastChainHash;
  private readonly appendTransaction;
  private readonly groupTransaction;
  private readonly groupCommit: boolean;
  private readonly maxGroupSize: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly counters: GroupCommitStats = { commits: 0, appends: 0, largestGroup: 0 };

  constructor({
    file,
    synchronous = 'FULL',
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    groupCommit = true,
    maxGroupSize = 512,
  }: SqliteEventStoreOptions) {
    if (!(Number.isSafeInteger(maxGroupSize) && maxGroupSize >= 1)) throw new Error(`maxGroupSize must be a positive integer, got ${String(maxGroupSize)}`);
    this.groupCommit = groupCommit;
    this.maxGroupSize = maxGroupSize;
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    if (!(Number.isFinite(pollIntervalMs) && pollIntervalMs > 0)) throw new Error(`pollIntervalMs must be positive, got ${String(pollIntervalMs)}`);
    this.pollIntervalMs = pollIntervalMs;

    if (file !== ':memory:' && file !== '' && !file.startsWith('file:')) mkdirSync(dirname(resolve(file)), { recursive: true });
    this.db = new Database(file);
    try {
      // busy_timeout first, so that switching to WAL waits for a process holding the lock.
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${synchronous}`);
      this.db.exec(SQLITE_EVENTS_DDL);
      this.chainUnchainedEvents();
    } catch (error) {
      this.db.close();
      throw error;
    }

    this.selectStreamHead = this.db.prepare<[string], { revision: number | null }>(
      'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
    );
    this.selectEventById = this.db.prepare<[string], EventRef>(
      'SELECT position, event_id, stream_id, revision FROM events WHERE event_id = ?',
    );
    this.selectStreamSlice = this.db.prepare<[string, number, number], EventRef>(
      'SELECT position, event_id, stream_id, revision FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    this.selectStream = this.db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision');
    this.selectAfter = this.db.prepare<[bigint, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.selectHead = this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
    this.countAfterStatement = this.db.prepare<[bigint, number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE position > ? LIMIT ?)');
    this.insertEvent = this.db.prepare<[string, string, number, string, string, string, string]>(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectLastChainHash = this.db.prepare<[], { chain_hash: string | null }>('SELECT chain_hash FROM events ORDER BY position DESC LIMIT 1');
    // Called inside groupTransaction, better-sqlite3 runs this under a SAVEPOINT: a failing append
    // rolls back only its own writes.
    this.appendTransaction = this.db.transaction(
      (streamId: string, events: readonly EventData[], expected: ExpectedRevision) => this.appendInTransaction(streamId, events, expected),
    );
    this.groupTransaction = this.db.transaction((group: readonly PendingAppend[]): Outcome[] =>
      group.map((request): Outcome => {
        try {
          return { ok: true, result: this.appendTransaction(request.streamId, request.events, request.expected) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Resolves only after the transaction holding this append has committed (under the default
   * synchronous=FULL, after the WAL was fsynced): no caller learns of an append before it is on disk.
   */
  async append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendArguments(streamId, events, expected);
    if (this.closed) throw new Error('the event store is closed');
    if (!this.groupCommit) {
      const { appended, ...result } = this.appendTransaction.immediate(streamId, events, expected);
      this.countCommit(1);
      if (appended) this.wakeWaitersUpTo(parsePosition(result.position));
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Group commit counters, for tests and the benchmark. */
  groupCommitStats(): GroupCommitStats {
    return { ...this.counters };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    assertFromRevision(fromRevision);
    return this.selectStream.all(streamId, fromRevision).map(toRecordedEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    assertLimit(limit);
    const afterRowid = after == null ? 0n : parsePosition(after);
    return this.selectAfter.all(afterRowid, limit).map(toRecordedEvent);
  }

  /** Counts on the primary key, reading no event row: microseconds where reading them costs milliseconds. */
  async countAfter(after: string | null, cap: number): Promise<number> {
    assertLimit(cap);
    return this.countAfterStatement.get(after == null ? 0n : parsePosition(after), cap)!.n;
  }

  async headPosition(): Promise<string | null> {
    const head = this.selectHead.get()?.head ?? null;
    return head === null ? null : formatPosition(head);
  }

  /**
   * Rejects only for a malformed `after` (a caller bug); every other outcome, including a failing
   * or closed database, resolves, and the caller's next read surfaces the real error.
   */
  waitForAppend(after: string | null, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    let afterRowid: bigint;
    try {
      afterRowid = after === null ? 0n : parsePosition(after);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolvePromise) => {
      if (this.closed || signal?.aborted) return resolvePromise();
      try {
        if (this.currentHead() > afterRowid) return resolvePromise();
      } catch {
        return resolvePromise();
      }

      const onAbort = (): void => waiter.wake();
      const timer = setTimeout(onAbort, clampTimeout(timeoutMs));
      const waiter: Waiter = {
        after: afterRowid,
        wake: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          if (this.waiters.size === 0) this.stopPolling();
          resolvePromise();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.startPolling();
    });
  }

  /**
   * Looks at the head of the log now and wakes the `waitForAppend` callers it has passed: for a
   * reader told of another connection's append (the API tells its projector thread), so that it
   * need not wait for its next poll. Does nothing on a closed store.
   */
  checkAppends(): void {
    if (this.closed || this.waiters.size === 0) return;
    try {
      this.wakeWaitersUpTo(this.currentHead());
    } catch {
      // A failing read: the waiters' next poll (or timeout) surfaces it.
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed (and answered) before the database closes.
    while (this.pending.length > 0) this.flush();
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.wake();
    this.stopPolling();
    this.db.close();
  }

  /**
   * setImmediate, not a microtask: the group takes every append made in this turn of the event
   * loop and the requests whose I/O arrived while the previous group was committing.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  /** Commits up to maxGroupSize pending appends in one transaction, then answers each. */
  private flush(): void {
    const group = this.pending.splice(0, this.maxGroupSize);
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.groupTransaction.immediate(group);
    } catch (error) {
      // BEGIN or COMMIT failed (busy past the timeout, disk full, I/O error): nothing of the group
      // is committed, so every append of it fails.
      for (const request of group) request.reject(error);
      return;
    }
    this.countCommit(group.length);
    let head = 0n;
    outcomes.forEach((outcome, i) => {
      if (!outcome.ok) return group[i].reject(outcome.error);
      const { appended, ...result } = outcome.result;
      if (appended) {
        const position = parsePosition(result.position);
        if (position > head) head = position;
      }
      group[i].resolve(result);
    });
    if (head > 0n) this.wakeWaitersUpTo(head);
  }

  private countCommit(appends: number): void {
    this.counters.commits += 1;
    this.counters.appends += appends;
    if (appends > this.counters.largestGroup) this.counters.largestGroup = appends;
  }

  private appendInTransaction(
    streamId: string,
    events: readonly EventData[],
    expected: ExpectedRevision,
  ): AppendResult & { appended: boolean } {
    const current = this.selectStreamHead.get(streamId)?.revision ?? null;
    const actual = current ?? 'no_stream';

    const recorded = this.selectEventById.get(events[0].id);
    if (recorded) return { ...this.answerRetry(streamId, events, expected, actual, recorded), appended: false };

    if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

    let revision = current ?? -1;
    let position = 0;
    // Read inside the transaction (and inside this append's savepoint): the predecessor is the
    // last event committed or written earlier in this group, whichever process wrote it.
    let previous = this.selectLastChainHash.get()?.chain_hash ?? null;
    for (const event of events) {
      revision += 1;
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      const hash = chainHash(previous, { streamId, revision, eventId: event.id, type: event.type, data, metadata });
      try {
        const inserted = this.insertEvent.run(event.id, streamId, revision, event.type, data, metadata, hash);
        previous = hash;
        position = Number(inserted.lastInsertRowid);
      } catch (error) {
        if (isDuplicateEventId(error)) throw new Error(`append to ${streamId}: event id ${event.id} is already recorded`);
        throw error;
      }
    }
    return { revision, position: formatPosition(position), appended: true };
  }

  /**
   * The first id is already recorded. A retried command carries the same ids in the same order,
   * recorded right after the revision it expected: answer like the first append did.
   */
  private answerRetry(
    streamId: string,
    events: readonly EventData[],
    expected: ExpectedRevision,
    actual: number | 'no_stream',
    recorded: EventRef,
  ): AppendResult {
    const first = expected === 'no_stream' ? 0 : expected === 'any' ? recorded.revision : expected + 1;
    if (recorded.stream_id === streamId && recorded.revision === first) {
      const slice = this.selectStreamSlice.all(streamId, first, events.length);
      if (slice.length === events.length && slice.every((row, i) => row.event_id === events[i].id)) {
        const last = slice[slice.length - 1];
        return { revision: last.revision, position: formatPosition(last.position) };
      }
    }
    if (recorded.stream_id !== streamId) {
      throw new Error(`append to ${streamId}: event id ${recorded.event_id} is already recorded in stream ${recorded.stream_id}`);
    }
    if (revisionMatches(expected, actual)) {
      throw new Error(`append to ${streamId}: event id ${recorded.event_id} is already recorded at revision ${recorded.revision}`);
    }
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }

  /**
   * A store written before chain hashes existed: add the column, chain its events in log order (once,
   * in one transaction) and mark the store chained. From then on the chain vouches for them as they
   * were found, and the store is never chained again: an event whose hash is later cleared stays
   * unchained, and verification names it, instead of being healed on the next start (and a start
   * costs no scan of the log).
   */
  private chainUnchainedEvents(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    if (this.db.prepare("SELECT 1 FROM store_meta WHERE key = 'chained'").get() !== undefined) return;
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(events)').all();
    this.db
      .transaction(() => {
        if (!columns.some((column) => column.name === 'chain_hash')) this.db.exec('ALTER TABLE events ADD COLUMN chain_hash TEXT');
        if (this.db.prepare('SELECT 1 FROM events WHERE chain_hash IS NULL LIMIT 1').get() !== undefined) {
          const update = this.db.prepare<[string, number]>('UPDATE events SET chain_hash = ? WHERE position = ?');
          let previous: string | null = null;
          const rows = this.db
            .prepare<[], { position: number; stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string; chain_hash: string | null }>(
              'SELECT position, stream_id, revision, event_id, type, data, metadata, chain_hash FROM events ORDER BY position',
            )
            .all();
          for (const row of rows) {
            const hash: string =
              row.chain_hash ?? chainHash(previous, { streamId: row.stream_id, revision: row.revision, eventId: row.event_id, type: row.type, data: row.data, metadata: row.metadata });
            if (row.chain_hash === null) update.run(hash, row.position);
            previous = hash;
          }
        }
        this.db.prepare("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('chained', ?)").run(new Date().toISOString());
      })
      .immediate();
  }

  private currentHead(): bigint {
    const head = this.selectHead.get()?.head ?? null;
    return head === null ? 0n : BigInt(head);
  }

  private wakeWaitersUpTo(head: bigint): void {
    for (const waiter of [...this.waiters]) if (head > waiter.after) waiter.wake();
  }

  private startPolling(): void {
    if (this.pollTimer !== null) return;
    this.pollTimer = setInterval(() => {
      let head: bigint;
      try {
        head = this.currentHead();
      } catch {
        for (const waiter of [...this.waiters]) waiter.wake();
        return;
      }
      this.wakeWaitersUpTo(head);
    }, this.pollIntervalMs);
  }

  private stopPolling(): void {
    if (this.pollTimer === null) return;
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
