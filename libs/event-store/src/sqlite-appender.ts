import Database from 'better-sqlite3';
import { AppendResult, EventData, ExpectedRevision, WrongExpectedRevisionError } from './event-store.port';
import { chainHash } from './event-chain';

/** One append of a group, as the writer sees it (plain data: it crosses to the writer thread). */
export interface AppendRequest {
  streamId: string;
  events: readonly EventData[];
  expected: ExpectedRevision;
}

export type AppendResultWithFlag = AppendResult & { appended: boolean };

export type AppendOutcome = { ok: true; result: AppendResultWithFlag } | { ok: false; error: unknown };

interface EventRef {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
}

/** Rowid as fixed-width lower-case hex, so that string order is log order. */
export function formatPosition(rowid: number): string {
  return rowid.toString(16).padStart(16, '0');
}

export function revisionMatches(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  return expected === 'any' || expected === actual;
}

// Duck-typed rather than `instanceof`: better-sqlite3's native addon keeps the error class of the
// first realm that loaded it (a second jest test file, a worker thread), so its errors need not be
// instances of this realm's Error.
function isDuplicateEventId(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && /events\.event_id/.test(message);
}

/**
 * The write side of the SQLite event store on one connection: an append (its expected-revision
 * check, the idempotent retry, the chain hash of each event, computed inside the transaction) and a
 * group of appends committed in one transaction, each under its own savepoint with its own outcome.
 * The store runs it on its own thread, or the writer thread runs it on its own connection
 * (sqlite-writer.worker.ts): the same code either way.
 */
export class SqliteAppender {
  private readonly selectStreamHead;
  private readonly selectEventById;
  private readonly selectStreamSlice;
  private readonly insertEvent;
  private readonly selectLastChainHash;
  private readonly appendTransaction;
  private readonly groupTransaction;

  constructor(db: Database.Database) {
    this.selectStreamHead = db.prepare<[string], { revision: number | null }>('SELECT max(revision) AS revision FROM events WHERE stream_id = ?');
    this.selectEventById = db.prepare<[string], EventRef>('SELECT position, event_id, stream_id, revision FROM events WHERE event_id = ?');
    this.selectStreamSlice = db.prepare<[string, number, number], EventRef>(
      'SELECT position, event_id, stream_id, revision FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    this.insertEvent = db.prepare<[string, string, number, string, string, string, string]>(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectLastChainHash = db.prepare<[], { chain_hash: string | null }>('SELECT chain_hash FROM events ORDER BY position DESC LIMIT 1');
    // Called inside groupTransaction, better-sqlite3 runs this under a SAVEPOINT: a failing append
    // rolls back only its own writes.
    this.appendTransaction = db.transaction((streamId: string, events: readonly EventData[], expected: ExpectedRevision) =>
      this.appendInTransaction(streamId, events, expected),
    );
    this.groupTransaction = db.transaction((group: readonly AppendRequest[]): AppendOutcome[] =>
      group.map((request): AppendOutcome => {
        try {
          return { ok: true, result: this.appendTransaction(request.streamId, request.events, request.expected) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** One append in its own transaction (BEGIN IMMEDIATE); throws its error. */
  appendAlone(streamId: string, events: readonly EventData[], expected: ExpectedRevision): AppendResult & { appended: boolean } {
    return this.appendTransaction.immediate(streamId, events, expected);
  }

  /**
   * The group in one transaction (BEGIN IMMEDIATE), an outcome per append. Throws when BEGIN or
   * COMMIT fails: then nothing of the group is committed.
   */
  commitGroup(group: readonly AppendRequest[]): AppendOutcome[] {
    return this.groupTransaction.immediate(group);
  }

  private appendInTransaction(streamId: string, events: readonly EventData[], expected: ExpectedRevision): AppendResult & { appended: boolean } {
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
}

/** An error as it crosses the thread boundary: enough to rebuild the same class on the other side. */
export type SerializedError =
  | { kind: 'wrong-expected-revision'; streamId: string; expected: ExpectedRevision; actual: number | 'no_stream' }
  | { kind: 'error'; name: string; message: string; code?: string; stack?: string };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof WrongExpectedRevisionError) return { kind: 'wrong-expected-revision', streamId: error.streamId, expected: error.expected, actual: error.actual };
  const { name, message, code, stack } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  return {
    kind: 'error',
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof stack === 'string' ? { stack } : {}),
  };
}

export function deserializeError(error: SerializedError): Error {
  if (error.kind === 'wrong-expected-revision') return new WrongExpectedRevisionError(error.streamId, error.expected, error.actual);
  const rebuilt = new Error(error.message) as Error & { code?: string };
  if (error.name !== 'Error') rebuilt.name = error.name;
  if (error.code !== undefined) rebuilt.code = error.code;
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}
