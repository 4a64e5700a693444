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
  // Checkpoints first, the head after them: a projector running meanwhile (the API's own, on its
  // worker thread) may commit past a head read earlier, and must not be taken for another log.
  // Read in this order, a checkpoint of this log is never past the head.
  const registry = await readRegistry(store);
  const checkpoints: { projection: string; build: number; position: string | null }[] = [];
  for (const p of projections) {
    const doc = registry.get(p.name);
    for (const build of [doc?.live, doc?.building]) {
      if (!build) continue;
      checkpoints.push({ projection: p.name, build: build.build, position: await store.getCheckpoint(checkpointName({ projection: p.name, build: build.build })) });
    }
  }
  const head = await events.headPosition();
  for (const c of checkpoints) {
    if (comparePositions(c.position, head) > 0) {
      throw new ForeignReadModelsError(`${c.projection} build ${c.build} is at position ${c.position}; this log ends at ${head ?? 'nothing (it is empty)'}`);
    }
  }
  // An empty log binds nothing yet: the first caller after its first event does.
  if (!first) return false;
  const doc: OriginDoc & Doc = { _id: ORIGIN_ID, firstEventId: first.id, firstPosition: first.position, boundAt: new Date().toISOString() };
  await store.commit([{ collection: READ_MODEL_ORIGIN, kind: 'put', doc }]);
  return true;
}
