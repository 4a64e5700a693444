import { EventData, ExpectedRevision } from './event-store.port';

/*
 * Argument checks shared by both adapters, so that code that works against the embedded SQLite
 * store does not start failing when pointed at EventStoreDB (which only takes UUID event ids and
 * reserves `$`-prefixed stream names and event types for itself).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertAppendArguments(streamId: string, events: readonly EventData[], expected: ExpectedRevision): void {
  assertStreamId(streamId);
  if (expected !== 'any' && expected !== 'no_stream' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new Error(`expected revision must be 'any', 'no_stream' or a non-negative integer, got ${String(expected)}`);
  }
  if (events.length === 0) throw new Error(`append to ${streamId}: no events given`);
  const seen = new Set<string>();
  for (const event of events) {
    // Lower case only: EventStoreDB hands ids back lower-cased, so a mixed-case id would not round-trip.
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new Error(`append to ${streamId}: event id must be a lower-case UUID, got ${JSON.stringify(event.id)}`);
    }
    if (seen.has(event.id)) throw new Error(`append to ${streamId}: event id ${event.id} appears twice in one append`);
    seen.add(event.id);
    if (typeof event.type !== 'string' || event.type === '' || event.type.startsWith('$')) {
      throw new Error(`append to ${streamId}: event type must be a non-empty string not starting with '$', got ${JSON.stringify(event.type)}`);
    }
  }
}

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId === '' || streamId.startsWith('$')) {
    throw new Error(`stream id must be a non-empty string not starting with '$', got ${JSON.stringify(streamId)}`);
  }
}

export function assertLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`readAll limit must be a positive integer, got ${String(limit)}`);
}

/** setTimeout fires at once for delays above 2^31-1 ms, so clamp instead of surprising the caller. */
export function clampTimeout(timeoutMs: number): number {
  if (!Number.isFinite(timeoutMs)) return timeoutMs > 0 ? 2 ** 31 - 1 : 0;
  return Math.min(Math.max(0, timeoutMs), 2 ** 31 - 1);
}

export function assertFromRevision(fromRevision: unknown): asserts fromRevision is number {
  if (!Number.isSafeInteger(fromRevision) || (fromRevision as number) < 0) {
    throw new Error('fromRevision must be a non-negative integer');
  }
}
