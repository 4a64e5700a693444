import { comparePositions, EventStore } from '@app/event-store';
import { Doc, ReadModelStore } from '../read-model-store.port';
import { checkpointName, Projection } from './projection';
import { readRegistry } from './registry';

/** Which event log the read models were built from: the first event of that log. */
export const READ_MODEL_ORIGIN = 'read_model_origin';
const ORIGIN_ID = 'log';

export interface OriginDoc {
  _id: string;
  firstEventId: string;
  firstPosition: string;
  boundAt: string;
}

/**
 * Read models built from one event log and then opened against another (a new DATA_DIR or a new
 * EventStoreDB beside an old MongoDB database) would look caught up while missing everything:
 * their checkpoints are positions in the other log. Refused rather than served.
 */
export class ForeignReadModelsError extends Error {
  constructor(why: string) {
    super(
      `the read models were built from another event log (${why}). ` +
        'Point the read models at an empty database (MONGODB_DB, or a fresh DATA_DIR for the embedded store) ' +
        'or drop this one; then they are built again from this log.',
    );
    this.name = 'ForeignReadModelsError';
  }
}

/**
 * Checks that `store` holds read models of `events` (or none yet), and records the log's first
 * event the first time both are non-empty (answers whether the store is bound now). Two checks: the recorded first event must be this
 * log's first event; and, for stores written before the record existed, no checkpoint may lie past
 * this log's head.
 */
export async function bindToLog(store: ReadModelStore, events: EventStore, projections: readonly Projection[]): Promise<boolean> {
  const [first] = await events.readAll({ after: null, limit: 1 });
  const bound = await store.get<OriginDoc & Doc>(READ_MODEL_ORIGIN, ORIGIN_ID);
  if (bound) {
    if (!first) throw new ForeignReadModelsError(`they start at event ${bound.firstEventId}; this log is empty`);
    if (bound.firstEventId !== first.id) {
      throw new ForeignReadModelsError(`they start at event ${bound.firstEventId}; this log starts at event ${first.id}`);
    }
    return true;
  }
  const head = await events.headPosition();
  const registry = await readRegistry(store);
  for (const p of projections) {
    const doc = registry.get(p.name);
    for (const build of [doc?.live, doc?.building]) {
      if (!build) continue;
      const checkpoint = await store.getCheckpoint(checkpointName({ projection: p.name, build: build.build }));
      if (comparePositions(checkpoint, head) > 0) {
        throw new ForeignReadModelsError(`${p.name} build ${build.build} is at position ${checkpoint}; this log ends at ${head ?? 'nothing (it is empty)'}`);
      }
    }
  }
  // An empty log binds nothing yet: the first caller after its first event does.
  if (!first) return false;
  const doc: OriginDoc & Doc = { _id: ORIGIN_ID, firstEventId: first.id, firstPosition: first.position, boundAt: new Date().toISOString() };
  await store.commit([{ collection: READ_MODEL_ORIGIN, kind: 'put', doc }]);
  return true;
}
