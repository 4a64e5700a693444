import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/*
 * The tamper-evident chain of the embedded event log. Every event row carries
 *
 *   chain_hash = SHA-256( "danvan-chain-v1" ‖ previous chain hash (or 64 zeros) ‖
 *                         len:stream_id ‖ len:revision ‖ len:event_id ‖ len:type ‖ len:data ‖ len:metadata )
 *
 * over the bytes exactly as stored (UTF-8 text, each field prefixed by its byte length, so no two
 * different events encode alike), computed at append inside the append transaction, in log
 * (position) order. Changing, removing, inserting or reordering any byte of any event's stored
 * fields, or of a chain hash, breaks the chain at that event or the next one; `verifyEventChain`
 * walks the log and names the first position where it breaks.
 *
 * Limits: the chain proves the log was not edited after the fact by someone who cannot also
 * recompute every later hash (anyone with write access to the file can rewrite the whole chain);
 * anchoring the head hash elsewhere (a signed receipt, a second system) is what makes it binding.
 * Events written before the chain existed are chained when this version first opens the store.
 */

export const CHAIN_GENESIS = '0'.repeat(64);
const DOMAIN = Buffer.from('danvan-chain-v1\0', 'utf8');

export interface ChainFields {
  streamId: string | Buffer;
  revision: number | bigint;
  eventId: string | Buffer;
  type: string | Buffer;
  data: string | Buffer;
  metadata: string | Buffer;
}

function bytes(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** The chain hash of an event given its predecessor's (null for the first event of the log). */
export function chainHash(previous: string | null, event: ChainFields): string {
  const hash = createHash('sha256');
  hash.update(DOMAIN);
  hash.update(previous ?? CHAIN_GENESIS);
  for (const field of [event.streamId, String(event.revision), event.eventId, event.type, event.data, event.metadata]) {
    const b = bytes(field);
    hash.update(`${b.length}:`);
    hash.update(b);
  }
  return hash.digest('hex');
}

export interface VerifyResult {
  /** Events whose chain hash checked out, from the start of the log up to the first break. */
  verified: number;
  firstBroken: { position: string; reason: string } | null;
}

interface RawRow {
  position: number;
  stream_id: Buffer;
  revision: number;
  event_id: Buffer;
  type: Buffer;
  data: Buffer;
  metadata: Buffer;
  chain_hash: Buffer | null;
}

const ROWS_PER_READ = 256;

/**
 * A walk over the log of an embedded event store file in position order, in steps, so that a
 * caller can interleave it with other work (the API answers requests between steps). Each read
 * is a short keyset query (flat memory, no long-lived read transaction). The walk covers the log
 * as it stood when it began (up to that head); events appended meanwhile are left for the next walk.
 */
export class EventChainWalk {
  private readonly db: Database.Database;
  private readonly rows: Database.Statement<[number, number, number], RawRow>;
  /** The last position of the log when the walk began: the walk ends there. */
  readonly head: number;
  private after = 0;
  private previous: string | null = null;
  private verifiedSoFar = 0;
  private outcome: VerifyResult | null = null;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.head = (this.db.prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events').get() as { head: number }).head;
    this.rows = this.db.prepare(
      `SELECT position, CAST(stream_id AS BLOB) AS stream_id, revision, CAST(event_id AS BLOB) AS event_id, CAST(type AS BLOB) AS type,
              CAST(data AS BLOB) AS data, CAST(metadata AS BLOB) AS metadata, CAST(chain_hash AS BLOB) AS chain_hash
         FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    );
  }

  get verified(): number {
    return this.verifiedSoFar;
  }

  /** The result once the walk has ended (the head reached, or the first break found); null before. */
  get result(): VerifyResult | null {
    return this.outcome;
  }

  /** Checks up to `maxEvents` more events (stopping early once `deadline`, a Date.now() value, passes); returns the result when the walk has ended. */
  step(maxEvents: number, deadline = Infinity): VerifyResult | null {
    let left = maxEvents;
    while (this.outcome === null && left > 0) {
      const batch = this.rows.all(this.after, this.head, Math.min(left, ROWS_PER_READ));
      if (batch.length === 0) {
        this.outcome = { verified: this.verifiedSoFar, firstBroken: null };
        break;
      }
      for (const row of batch) {
        const broken = this.check(row);
        if (broken) {
          this.outcome = { verified: this.verifiedSoFar, firstBroken: broken };
          break;
        }
      }
      left -= batch.length;
      if (Date.now() >= deadline) break;
    }
    return this.outcome;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private check(row: RawRow): VerifyResult['firstBroken'] {
    const position = row.position.toString(16).padStart(16, '0');
    this.after = row.position;
    const stored = row.chain_hash?.toString('latin1') ?? null;
    if (stored === null) return { position, reason: 'the event has no chain hash' };
    const expected = chainHash(this.previous, { streamId: row.stream_id, revision: row.revision, eventId: row.event_id, type: row.type, data: row.data, metadata: row.metadata });
    if (stored !== expected) {
      return { position, reason: "the chain hash does not match the event's stored content and its predecessor's hash (edited, removed or reordered)" };
    }
    this.previous = stored;
    this.verifiedSoFar += 1;
    return null;
  }
}

/**
 * Walks the whole log of an embedded event store file in position order (flat memory) and checks
 * every event's chain hash against its stored bytes and its predecessor's hash.
 * `onProgress` is called every `progressEvery` events.
 */
export function verifyEventChain(
  file: string,
  { onProgress, progressEvery = 100_000 }: { onProgress?: (verified: number) => void; progressEvery?: number } = {},
): VerifyResult {
  const walk = new EventChainWalk(file);
  try {
    for (;;) {
      const result = walk.step(progressEvery);
      if (result) return result;
      onProgress?.(walk.verified);
    }
  } finally {
    walk.close();
  }
}
