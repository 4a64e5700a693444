import { EventStore, RecordedEvent } from './event-store.port';

/** How a stream's events fold into a state; a domain decider is one. `isEvent` narrows a stored event without a cast. */
export interface StreamFold<S, E extends { type: string; data: unknown }> {
  evolve: (state: S, event: E) => S;
  initialState: S;
  isEvent: (event: { type: string; data: unknown }) => event is E;
}

export interface AggregatedStream<S> {
  streamId: string;
  state: S;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  revision: number;
  /** Global position of the stream's last event; null when the stream does not exist. */
  position: string | null;
  /** The events read by this call (all of them, or those after `from`), with their metadata. */
  events: RecordedEvent[];
}

export class UnknownEventError extends Error {
  constructor(readonly streamId: string, readonly eventType: string, readonly revision: number) {
    super(`stream ${streamId}: event ${revision} has type ${eventType}, which this fold does not know`);
    this.name = 'UnknownEventError';
  }
}

/**
 * Reads a stream and folds it: the one way a command (or a cached reader) turns events into a
 * state. With `from`, an earlier result is carried on by reading only the events after it: a
 * stream is append-only, so a kept fold never needs undoing.
 */
export async function aggregateStream<S, E extends { type: string; data: unknown }>(
  store: EventStore,
  streamId: string,
  fold: StreamFold<S, E>,
  from?: AggregatedStream<S>,
): Promise<AggregatedStream<S>> {
  const events = await store.readStream(streamId, from ? from.revision + 1 : 0);
  let state = from?.state ?? fold.initialState;
  for (const event of events) {
    // An unknown type is a newer writer or a wrong stream: folding past it would decide on a wrong state.
    if (!fold.isEvent(event)) throw new UnknownEventError(streamId, event.type, event.revision);
    state = fold.evolve(state, event);
  }
  const last = events.at(-1);
  return {
    streamId,
    state,
    revision: last?.revision ?? from?.revision ?? -1,
    position: last?.position ?? from?.position ?? null,
    events,
  };
}
