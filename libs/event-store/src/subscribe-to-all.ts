import { EventStore, RecordedEvent } from './event-store.port';

export interface SubscribeOptions {
  after: string | null;
  batchSize?: number;
  /** How long one wait for new events lasts before polling again. */
  idleWaitMs?: number;
  signal?: AbortSignal;
}

/**
 * Catch-up, then live: yields batches of the global log after `after`, in order, until `signal`
 * aborts. Uses the store's native subscription where it has one (EventStoreDB's catch-up
 * subscription with a server-side filter), else pulls with `readAll` + `waitForAppend`.
 */
export async function* subscribeToAll(
  store: EventStore,
  { after, batchSize = 500, idleWaitMs = 1000, signal }: SubscribeOptions,
): AsyncGenerator<RecordedEvent[]> {
  if (store.subscribe) {
    yield* store.subscribe({ after, batchSize, signal });
    return;
  }
  let position = after;
  while (!signal?.aborted) {
    const batch = await store.readAll({ after: position, limit: batchSize });
    if (batch.length > 0) {
      position = batch[batch.length - 1].position;
      yield batch;
      continue;
    }
    await store.waitForAppend(position, idleWaitMs, signal);
  }
}
