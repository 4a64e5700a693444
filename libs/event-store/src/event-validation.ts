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

/*
 * An ISO-8601 instant: a calendar date, a time (seconds and up to nine fraction digits optional)
 * and its offset from UTC (`Z` or ±hh:mm). Without an offset a time names no instant, so it is
 * refused rather than read as UTC or as local time.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const NANOS_PER_MS = 1_000_000n;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Nanoseconds since the Unix epoch of an ISO-8601 instant (see INSTANT), or null when `value` is
 * not one (including impossible dates such as 2021-02-30): instants compare as instants whatever
 * their offset or number of fraction digits.
 */
export function instantNanos(value: unknown): bigint | null {
  if (typeof value !== 'string') return null;
  const match = INSTANT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = BigInt((match[7] ?? '').padEnd(9, '0'));
  const offsetMinutes = match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || (match[9] !== undefined && (Number(match[9]) > 23 || Number(match[10]) > 59))) return null;
  // Date.UTC reads years 0-99 as 1900-1999: set the full year afterwards.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return BigInt(date.getTime() - offsetMinutes * 60_000) * NANOS_PER_MS + fraction;
}

/** The instant as nanoseconds since the epoch (see instantNanos); throws when it is not an ISO-8601 instant. */
export function assertInstant(instant: string): bigint {
  const nanos = instantNanos(instant);
  if (nanos === null) {
    throw new Error(`malformed instant ${JSON.stringify(instant)}: expected an ISO-8601 instant with its offset, such as 2021-12-31T17:00:00.000Z`);
  }
  return nanos;
}

/** Whole milliseconds since the epoch at or before the instant (floor, also before 1970). */
export function floorToMillis(nanos: bigint): bigint {
  const ms = nanos / NANOS_PER_MS;
  return nanos < 0n && ms * NANOS_PER_MS !== nanos ? ms - 1n : ms;
}
