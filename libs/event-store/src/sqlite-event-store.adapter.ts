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
  ReadTypesOptions,
  RecordedEvent,
} from './event-store.port';
import { chainHash } from './event-chain';
import { AppendOutcome, formatPosition, SqliteAppender } from './sqlite-appender';
import { SqliteWriterThread } from './sqlite-writer-thread';
import { assertAppendArguments, assertFromRevision, assertInstant, assertLimit, assertStreamId, clampTimeout, floorToMillis } from './event-validation';

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
  /**
   * Where the group transactions run. `main` (default): on this thread, whose event loop waits
   * for each commit and its fsync. `worker`: on a writer thread with its own connection (compiled
   * JavaScript from dist/, see sqlite-writer-thread.ts), so this thread answers other requests
   * while a group commits; appends made meanwhile form the next group. Same transaction, same
   * outcomes, same durability: an append resolves once its group committed. Needs group commit.
   */
  writer?: 'main' | 'worker';
  /** The writer thread's script (tests); default the compiled sqlite-writer.worker.js. */
  writerFile?: string;
}

interface PendingAppend {
  streamId: string;
  events: readonly EventData[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}


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

interface Waiter {
  after: bigint;
  wake(): void;
}

const POSITION = /^[0-9a-f]{16}$/;
const MAX_ROWID = 0x7fffffffffffffffn;
const DEFAULT_POLL_INTERVAL_MS = 100;


function parsePosition(position: string): bigint {
  if (typeof position !== 'string' || !POSITION.test(position)) {
    throw new Error(`malformed event store position ${JSON.stringify(position)}: expected 16 lower-case hex digits`);
  }
  const rowid = BigInt(`0x${position}`);
  if (rowid > MAX_ROWID) throw new Error(`event store position ${position} is beyond the largest SQLite rowid`);
  return rowid;
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


/**
 * An event's metadata.recordedAt as whole milliseconds since the Unix epoch, in SQL; NULL when the
 * metadata is not JSON or recordedAt is not an ISO-8601 instant with its offset (date, hh:mm, `Z`
 * or ±hh:mm; SQLite reads the offset and rounds a fraction to the millisecond). The commands write
 * it with toISOString (UTC, milliseconds), so nothing is lost to the rounding for what they write.
 */
function recordedAtMillisSql(metadata: string): string {
  return `(SELECT CASE
      WHEN r GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][Tt][0-9][0-9]:[0-9][0-9]*'
        AND (r GLOB '*[Zz]' OR r GLOB '*[+-][0-9][0-9]:[0-9][0-9]')
        AND date(substr(r, 1, 10)) = substr(r, 1, 10)
      THEN CAST(round((julianday(r) - 2440587.5) * 86400000.0) AS INTEGER)
    END
    FROM (SELECT CASE WHEN json_valid(${metadata}) THEN json_extract(${metadata}, '$.recordedAt') END AS r))`;
}

/*
 * What `positionAt` searches, kept by SQLite itself (a trigger, so every connection that appends
 * keeps it: the writer thread's, another process's, the benchmark's raw inserts):
 *
 *   recorded_floor(position, floor), one row per event whose recordedAt is an instant, where floor
 *   is the least recordedAt (ms) of that event and of every event after it (a suffix minimum).
 *
 * floor never decreases with position, and an event at position p or later has recordedAt <= t
 * exactly when floor(p) <= t. So the greatest position whose recordedAt is <= t is the greatest p
 * with floor(p) <= t: one seek down the (floor, position) index, whatever the order of recordedAt.
 *
 * Keeping it costs an append one more small row, its index entry, and the lowering of the floors
 * of the events just before it that were recorded later than it (an index range, usually empty:
 * recordedAt comes from the commands' clocks, nearly monotonic). An event recorded much earlier
 * than the events before it (a back-dated clock) lowers the floor of every one of them: its
 * append then updates as many rows.
 */
const RECORDED_FLOOR_DDL = `
  CREATE TABLE IF NOT EXISTS recorded_floor (
    position INTEGER PRIMARY KEY,
    floor INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS recorded_floor_by_floor ON recorded_floor (floor);
  CREATE TRIGGER IF NOT EXISTS events_recorded_floor AFTER INSERT ON events
  BEGIN
    INSERT INTO recorded_floor (position, floor)
      SELECT NEW.position, at FROM (SELECT ${recordedAtMillisSql('NEW.metadata')} AS at) WHERE at IS NOT NULL;
    UPDATE recorded_floor SET floor = (SELECT floor FROM recorded_floor WHERE position = NEW.position)
      WHERE floor > (SELECT floor FROM recorded_floor WHERE position = NEW.position);
  END;`;

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

  private readonly selectStream;
  private readonly selectAfter;
  private readonly selectHead;
  private readonly countAfterStatement;
  private readonly selectTypes;
  private readonly selectPositionAt;
  /** The append connection's writer on this thread (`writer: 'main'`), else null. */
  private readonly appender: SqliteAppender | null;
  /** The writer thread (`writer: 'worker'`), else null. */
  private readonly writerThread: SqliteWriterThread | null;
  /** The group the writer thread is committing, if any. */
  private committing: Promise<void> | null = null;
  /** close() was called: appends are refused, those accepted before are committed. */
  private closing = false;
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
    writer = 'main',
    writerFile,
  }: SqliteEventStoreOptions) {
    if (writer !== 'main' && writer !== 'worker') throw new Error(`writer must be main or worker, got ${String(writer)}`);
    if (writer === 'worker' && !groupCommit) throw new Error('the writer thread commits groups: it needs groupCommit');
    if (writer === 'worker' && (file === ':memory:' || file === '')) throw new Error('the writer thread opens its own connection: it needs a database file');
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
      this.keepRecordedFloor();
    } catch (error) {
      this.db.close();
      throw error;
    }

    this.selectStream = this.db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision');
    this.selectAfter = this.db.prepare<[bigint, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    // The types as one JSON array: one prepared statement whatever their number.
    this.selectTypes = this.db.prepare<[bigint, bigint, string, number], EventRow>(
      'SELECT * FROM events WHERE position > ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?',
    );
    this.selectHead = this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
    this.countAfterStatement = this.db.prepare<[bigint, number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE position > ? LIMIT ?)');
    this.selectPositionAt = this.db.prepare<[bigint], { position: number }>(
      'SELECT position FROM recorded_floor WHERE floor <= ? ORDER BY floor DESC, position DESC LIMIT 1',
    );
    try {
      this.writerThread = writer === 'worker' ? new SqliteWriterThread({ file, synchronous }, writerFile) : null;
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.appender = writer === 'main' ? new SqliteAppender(this.db) : null;
  }

  /**
   * Resolves only after the transaction holding this append has committed (under the default
   * synchronous=FULL, after the WAL was fsynced): no caller learns of an append before it is on disk.
   */
  async append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendArguments(streamId, events, expected);
    if (this.closed || this.closing) throw new Error('the event store is closed');
    if (!this.groupCommit) {
      const { appended, ...result } = this.appender!.appendAlone(streamId, events, expected);
      this.countCommit(1);
      if (appended) this.wakeWaitersUpTo(parsePosition(result.position));
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** The checkpointer thread's checkpoints so far; null without a writer thread (it has none). */
  checkpointerPasses(): number | null {
    return this.writerThread ? this.writerThread.checkpointerPasses() : null;
  }

  /**
   * The append connection's synchronous setting (2 = FULL, 1 = NORMAL), journal mode and WAL
   * autocheckpoint (pages), read from that connection: this thread's, or the writer thread's. For tests.
   */
  async writerSettings(): Promise<{ synchronous: number; journalMode: string; autocheckpoint: number }> {
    if (this.writerThread) return this.writerThread.settings();
    return {
      synchronous: this.db.pragma('synchronous', { simple: true }) as number, journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      autocheckpoint: this.db.pragma('wal_autocheckpoint', { simple: true }) as number,
    };
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

  /** The type test runs in SQLite: the rows of other types never become JavaScript objects. */
  async readTypes({ after, until, types, limit }: ReadTypesOptions): Promise<RecordedEvent[]> {
    assertLimit(limit);
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) throw new TypeError('types must be a list of event type names');
    return this.selectTypes.all(after == null ? 0n : parsePosition(after), parsePosition(until), JSON.stringify(types), limit).map(toRecordedEvent);
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
   * One seek down the recorded_floor index (see RECORDED_FLOOR_DDL), whatever the size of the log.
   * recordedAt is compared to the millisecond: `instant` is taken down to its millisecond, which is
   * exact for recordedAt written to the millisecond (as the commands write it).
   */
  async positionAt(instant: string): Promise<string | null> {
    const at = floorToMillis(assertInstant(instant));
    const row = this.selectPositionAt.get(at);
    return row === undefined ? null : formatPosition(row.position);
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
    if (this.closed || this.closing) return;
    this.closing = true;
    // Appends already accepted are committed (and answered) before the database closes.
    if (this.writerThread) {
      while (this.committing || this.pending.length > 0) await (this.committing ?? this.send());
      await this.writerThread.close();
    } else {
      while (this.pending.length > 0) this.flush();
    }
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
    // With the writer thread, appends made while a group commits wait for its answer (send()
    // schedules the next group then): they form the next group.
    if (this.flushScheduled || this.committing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.writerThread) {
        if (!this.committing) void this.send();
        return;
      }
      this.flush();
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  /** Commits up to maxGroupSize pending appends in one transaction on this thread, then answers each. */
  private flush(): void {
    const group = this.pending.splice(0, this.maxGroupSize);
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.appender!.commitGroup(group.map(({ streamId, events, expected }) => ({ streamId, events, expected })));
    } catch (error) {
      // BEGIN or COMMIT failed (busy past the timeout, disk full, I/O error): nothing of the group
      // is committed, so every append of it fails.
      for (const request of group) request.reject(error);
      return;
    }
    this.answer(group, outcomes);
  }

  /**
   * Sends up to maxGroupSize pending appends to the writer thread as one group; once it answers,
   * answers each and sends the appends that arrived meanwhile as the next group (after this turn's
   * I/O, as on the main thread). Resolves when this group is answered.
   */
  private send(): Promise<void> {
    const group = this.pending.splice(0, this.maxGroupSize);
    if (group.length === 0) return Promise.resolve();
    const committing = this.writerThread!.commit(group.map(({ streamId, events, expected }) => ({ streamId, events, expected }))).then(
      (outcomes) => this.answer(group, outcomes),
      (error: unknown) => {
        for (const request of group) request.reject(error);
      },
    );
    this.committing = committing.finally(() => {
      this.committing = null;
      if (this.pending.length > 0 && !this.closing) this.scheduleFlush();
    });
    return this.committing;
  }

  private answer(group: readonly PendingAppend[], outcomes: readonly AppendOutcome[]): void {
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

  /**
   * Creates recorded_floor and its trigger (RECORDED_FLOOR_DDL) once per store, filling it from the
   * events already there (a store written before it existed: one pass over the log, in one
   * transaction that also holds off appends, so none is missed), and marks the store. Later opens
   * find the mark and do nothing.
   */
  private keepRecordedFloor(): void {
    const marked = this.db.prepare("SELECT 1 FROM store_meta WHERE key = 'recorded_floor'");
    if (marked.get() !== undefined) return;
    this.db
      .transaction(() => {
        // Another process may have done it while this one waited for the write lock.
        if (marked.get() !== undefined) return;
        this.db.exec(RECORDED_FLOOR_DDL);
        this.db.exec('DELETE FROM recorded_floor');
        this.db.exec(`
          INSERT INTO recorded_floor (position, floor)
            SELECT position, min(at) OVER (ORDER BY position DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            FROM (SELECT position, ${recordedAtMillisSql('metadata')} AS at FROM events)
            WHERE at IS NOT NULL`);
        this.db.prepare("INSERT INTO store_meta (key, value) VALUES ('recorded_floor', ?)").run(new Date().toISOString());
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
