import { comparePositions, RecordedEvent } from '@app/event-store';
import { BuildRef, checkpointName } from '../projection/projection';
import { Doc, ReadModelStore } from '../read-model-store.port';

/**
 * Poison events: an event a projection fails to apply `maxAttempts` times in a row (with backoff
 * between attempts) is parked, stored here with its error, and the projection then follows its
 * policy:
 *
 * - `stop`: the projection stays at the event before it (its checkpoint does not pass the parked
 *   event) and is fed no more, until an operator retries the event (`npm run projections -- retry
 *   <position>`), which applies it in order and lets the projector continue. Its read model is
 *   stale but never wrong: nothing after the parked event is applied without it.
 * - `skip`: the projection moves past the event without its effect and keeps up with the log. Its
 *   read model misses that event (and whatever depends on it) until the retry, which rebuilds the
 *   projection from the log beside the live build (the effect of an event interleaves with the
 *   ones after it, so only a replay in order puts it back correctly).
 *
 * Either way `/health/ready` answers 503 `degraded` naming the projection, the position and the
 * error while a parked event of a live build is there.
 */
export type PoisonPolicy = 'stop' | 'skip';

/**
 * The policy of each projection (absent: `stop`). Only the audit trail skips: each of its entries
 * stands alone, so the other reports' trails stay current while one entry waits; every other read
 * model is a fold whose later state depends on the parked event (a report's status, a total, the
 * area map), so it stops rather than serve a state the log never had.
 */
export const POISON_POLICIES: Readonly<Record<string, PoisonPolicy>> = {
  audit_trail: 'skip',
};

export const poisonPolicyOf = (projection: string): PoisonPolicy => POISON_POLICIES[projection] ?? 'stop';

/** One parked event of one build, in the read-model store beside the checkpoints. */
export const PROJECTION_PARKED = 'projection_parked';

export interface ParkedDoc extends Doc {
  projection: string;
  build: number;
  version: number;
  /** The event's log position, as the API writes positions. */
  position: string;
  eventId: string;
  eventType: string;
  streamId: string;
  /** The last attempt's error message. */
  error: string;
  attempts: number;
  policy: PoisonPolicy;
  parkedAt: string;
}

export const parkedId = (ref: { projection: string; build: number }, position: string) => `${checkpointName(ref)}@${position}`;

export function parkedDoc(ref: BuildRef, event: RecordedEvent, error: unknown, attempts: number): ParkedDoc {
  return {
    _id: parkedId(ref, event.position),
    projection: ref.projection,
    build: ref.build,
    version: ref.version,
    position: event.position,
    eventId: event.id,
    eventType: event.type,
    streamId: event.streamId,
    error: errorMessage(error),
    attempts,
    policy: poisonPolicyOf(ref.projection),
    parkedAt: new Date().toISOString(),
  };
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/** Every parked event, or those of one projection, by projection, build and log order. */
export async function readParked(store: ReadModelStore, projection?: string): Promise<ParkedDoc[]> {
  // Kept by the store between changes (read every projector batch): sorted as a copy.
  const docs = await store.find<ParkedDoc>(PROJECTION_PARKED, projection ? { projection } : {}, { reuse: true });
  return [...docs].sort((a, b) => a.projection.localeCompare(b.projection) || a.build - b.build || comparePositions(a.position, b.position));
}
