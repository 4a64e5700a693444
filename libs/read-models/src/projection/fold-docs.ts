import { comparePositions, RecordedEvent } from '@app/event-store';
import { Doc, ReadModelStore } from '../read-model-store.port';
import { Changes, loadDocs } from './projection';

/**
 * Folds events into the documents each one touches (an area merge touches every source and the
 * successor), guarded per document by position, so a replay leaves a document that already took
 * an event as it is.
 */
export async function foldDocs<T extends Doc & { position: string }>(
  collection: string,
  events: readonly RecordedEvent[],
  touchedBy: (event: RecordedEvent) => string[],
  evolve: (doc: T | null, id: string, event: RecordedEvent) => T | null,
  store: ReadModelStore,
  changes: Changes,
): Promise<void> {
  const relevant = events.map((event) => ({ event, ids: touchedBy(event) })).filter((r) => r.ids.length > 0);
  if (relevant.length === 0) return;
  const docs = await loadDocs<T>(store, collection, relevant.flatMap((r) => r.ids));
  for (const { event, ids } of relevant) {
    for (const id of ids) {
      const doc = docs.get(id) ?? null;
      if (doc && comparePositions(event.position, doc.position) <= 0) continue;
      const next = evolve(doc, id, event);
      if (!next || next === doc) continue;
      docs.set(id, next);
      changes.put(collection, next);
    }
  }
}
