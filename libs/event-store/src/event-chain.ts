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

/**
 * Walks the log of an embedded event store file in position order (streaming: flat memory) and
 * checks every event's chain hash against its stored bytes and its predecessor's hash.
 * `onProgress` is called every `progressEvery` events.
 */
export function verifyEventChain(
  file: string,
  { onProgress, progressEvery = 100_000 }: { onProgress?: (verified: number) => void; progressEvery?: number } = {},
): VerifyResult {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT position, CAST(stream_id AS BLOB) AS stream_id, revision, CAST(event_id AS BLOB) AS event_id, CAST(type AS BLOB) AS type,
                CAST(data AS BLOB) AS data, CAST(metadata AS BLOB) AS metadata, CAST(chain_hash AS BLOB) AS chain_hash
           FROM events ORDER BY position`,
      )
      .iterate() as IterableIterator<RawRow>;
    let previous: string | null = null;
    let verified = 0;
    for (const row of rows) {
      const position = row.position.toString(16).padStart(16, '0');
      const stored = row.chain_hash?.toString('latin1') ?? null;
      if (stored === null) return { verified, firstBroken: { position, reason: 'the event has no chain hash' } };
      const expected = chainHash(previous, { streamId: row.stream_id, revision: row.revision, eventId: row.event_id, type: row.type, data: row.data, metadata: row.metadata });
      if (stored !== expected) {
        return {
          verified,
          firstBroken: { position, reason: "the chain hash does not match the event's stored content and its predecessor's hash (edited, removed or reordered)" },
        };
      }
      previous = stored;
      verified += 1;
      if (onProgress && verified % progressEvery === 0) onProgress(verified);
    }
    return { verified, firstBroken: null };
  } finally {
    db.close();
  }
}
