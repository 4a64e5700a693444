import { aggregateStream, AggregatedStream, StreamFold } from './aggregate-stream';
import { EventStore } from './event-store.port';

/** What a FoldedStreams instance has done so far (tests, metrics). */
export interface FoldedStreamsStats {
  /** Loads answered from a kept fold, after reading only the events past its revision. */
  hits: number;
  /** Loads that read and folded the whole stream. */
  misses: number;
  /** Streams kept, and the events they hold. */
  streams: number;
  events: number;
}

interface Entry {
  fold: StreamFold<unknown, never>;
  stream: AggregatedStream<unknown>;
}

/**
 * The folded state of the streams commands used recently, so that a command reads only what was
 * appended to its stream since the last command on it, not the whole stream.
 *
 * A kept fold is never trusted as it is: every load asks the store for the stream's events past
 * the kept revision (one indexed read that usually finds none) and folds them in, so an append made
 * by another process, another instance or a concurrent command is always seen. A stream is
 * append-only, so a kept fold never needs undoing; the append itself still expects the revision
 * the command decided on, so a write that lands between this read and the append is a conflict as
 * before. The answer is what `aggregateStream` answers without `from`: the state, the revision and
 * every event of the stream (commands look at earlier events' metadata: idempotency keys, who
 * recorded figures). Bounded by the number of events kept, least recently used streams first out.
 * Folds must not mutate their state (domain deciders do not): a kept state is shared by the
 * commands that load it.
 */
export class FoldedStreams {
  private readonly entries = new Map<string, Entry>();
  private heldEvents = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly store: EventStore,
    private readonly maxEvents = 100_000,
  ) {
    if (!(Number.isSafeInteger(maxEvents) && maxEvents >= 0)) throw new Error(`maxEvents must be a non-negative integer, got ${String(maxEvents)}`);
  }

  async load<S, E extends { type: string; data: unknown }>(streamId: string, fold: StreamFold<S, E>): Promise<AggregatedStream<S>> {
    const kept = this.entries.get(streamId);
    // Keyed by stream; a fold of another kind over the same stream starts afresh.
    const from = kept && kept.fold === (fold as unknown) ? (kept.stream as AggregatedStream<S>) : undefined;
    const next = await aggregateStream(this.store, streamId, fold, from);
    if (from) this.hits += 1;
    else this.misses += 1;
    const stream: AggregatedStream<S> = from && next.events.length === 0 ? { ...next, events: from.events } : from ? { ...next, events: [...from.events, ...next.events] } : next;
    this.keep(streamId, fold as unknown as StreamFold<unknown, never>, stream);
    return stream;
  }

  stats(): FoldedStreamsStats {
    return { hits: this.hits, misses: this.misses, streams: this.entries.size, events: this.heldEvents };
  }

  private keep(streamId: string, fold: StreamFold<unknown, never>, stream: AggregatedStream<unknown>): void {
    // Nothing to save for a stream that does not exist (yet).
    if (stream.revision < 0 || stream.events.length > this.maxEvents) return;
    const current = this.entries.get(streamId);
    // Two loads of one stream at once: keep the further one (never step a kept fold back).
    if (current && current.fold === fold && current.stream.revision > stream.revision) return;
    if (current) {
      this.entries.delete(streamId);
      this.heldEvents -= current.stream.events.length;
    }
    this.entries.set(streamId, { fold, stream });
    this.heldEvents += stream.events.length;
    // Map order is insertion order: the first entries are the least recently loaded.
    for (const [id, entry] of this.entries) {
      if (this.heldEvents <= this.maxEvents) break;
      this.entries.delete(id);
      this.heldEvents -= entry.stream.events.length;
    }
  }
}
