/**
 * Operators' view of the projections, on the stores the app uses (DATA_DIR, or MONGODB_URI and
 * EVENTSTORE_CONNECTION_STRING when set):
 *
 *   npm run --silent projections -- status
 *     one JSON object: per projection its live build, version, checkpoint, lag (counted up to
 *     10,000 events) and parked events (position, event type, error, attempts, policy).
 *
 *   npm run --silent projections -- retry <position> [--projection <name>]
 *     retries the event parked at <position> (by every projection that parked it, or the one
 *     named). Policy `stop`: applies the events from the build's checkpoint up to it, in order,
 *     and on success removes the parked record, so a running projector goes on from there. Policy
 *     `skip`: rebuilds the projection from the log beside its live build and switches to it (the
 *     event's effect interleaves with the later ones; only a replay in order restores it).
 *     Prints one JSON line per parked event retried; exits 1 if any still fails (its record then
 *     holds the new error), 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { comparePositions, EventStore, RecordedEvent } from '@app/event-store';
import {
  buildBeside, buildRef, buildStore, checkpointName, dropRetired, errorMessage, LiveReadModels, ParkedDoc, PROJECTION_PARKED, PROJECTIONS,
  readParked, readRegistry, RETIRE_GRACE_MS,
} from '@app/read-models';
import { AppConfig, loadConfigOrExit, openEventStore, openReadModelStore } from '@app/shared';

const LAG_CAP = 10_000;
const USAGE = 'usage: npm run --silent projections -- status | retry <position> [--projection <name>]';

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'status' && command !== 'retry') return usage(`unknown command: ${command ?? '(none)'}`);
  let position: string | undefined;
  let only: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--projection') only = rest[++i];
    else if (position === undefined && command === 'retry') position = rest[i];
    else return usage(`unexpected argument: ${rest[i]}`);
  }
  if (command === 'retry' && (!position || !/^[0-9A-Fa-f]{1,64}$/.test(position))) return usage('retry needs the parked event\'s position (as /health/ready and status print it)');
  if (only !== undefined && !PROJECTIONS.some((p) => p.name === only)) return usage(`unknown projection: ${only} (known: ${PROJECTIONS.map((p) => p.name).join(', ')})`);

  const config = loadConfigOrExit();
  if (config.eventStore.kind === 'sqlite' && !existsSync(config.eventStore.file)) {
    console.error(`no event store at ${config.eventStore.file}: set DATA_DIR to the app's data directory (or EVENTSTORE_CONNECTION_STRING)`);
    return 2;
  }
  const events = await openEventStore(config);
  const readModels = await openReadModelStore(config);
  try {
    if (command === 'status') {
      console.log(JSON.stringify(await status(events, readModels), null, 2));
      return 0;
    }
    return await retry(config, events, readModels, position!, only);
  } finally {
    await Promise.allSettled([events.close(), readModels.close()]);
  }
}

function usage(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}

async function status(events: EventStore, readModels: LiveReadModels) {
  const store = readModels.physical;
  const [head, registry, parked] = await Promise.all([events.headPosition(), readRegistry(store), readParked(store)]);
  const lagOf = async (checkpoint: string | null) => {
    const n = events.countAfter ? await events.countAfter(checkpoint, LAG_CAP) : (await events.readAll({ after: checkpoint, limit: LAG_CAP })).length;
    return { lag: n, lagCapped: n === LAG_CAP };
  };
  const projections = [];
  for (const p of PROJECTIONS) {
    const live = registry.get(p.name)?.live ?? null;
    const checkpoint = live ? await store.getCheckpoint(checkpointName({ projection: p.name, build: live.build })) : null;
    const own = parked.filter((e) => e.projection === p.name && e.build === live?.build);
    projections.push({
      name: p.name,
      build: live?.build ?? null,
      version: live?.version ?? null,
      codeVersion: p.version,
      checkpoint,
      ...(await lagOf(checkpoint)),
      state: own.some((e) => e.policy === 'stop') ? 'stopped' : own.length ? 'degraded' : 'running',
      parked: own.map(({ position, eventType, eventId, streamId, error, attempts, policy, parkedAt }) => ({ position, eventType, eventId, streamId, error, attempts, policy, parkedAt })),
    });
  }
  // Parked records of builds no longer live (replaced by a rebuild) are history, listed apart.
  const stale = parked.filter((e) => registry.get(e.projection)?.live?.build !== e.build).length;
  return { head, projections, ...(stale ? { parkedInReplacedBuilds: stale } : {}) };
}

async function retry(config: AppConfig, events: EventStore, readModels: LiveReadModels, position: string, only?: string): Promise<number> {
  const store = readModels.physical;
  const registry = await readRegistry(store);
  const targets = (await readParked(store)).filter(
    (e) => comparePositions(e.position, position) === 0 && (only === undefined || e.projection === only) && registry.get(e.projection)?.live?.build === e.build,
  );
  if (targets.length === 0) {
    console.error(`nothing parked at ${position}${only ? ` by ${only}` : ''} (npm run projections -- status lists what is)`);
    return 1;
  }
  let failed = 0;
  for (const parked of targets) {
    const result = parked.policy === 'stop' ? await retryInPlace(events, readModels, parked) : await retryByRebuild(config, events, readModels, parked);
    if (!result.ok) failed++;
    console.log(JSON.stringify({ projection: parked.projection, position: parked.position, eventType: parked.eventType, policy: parked.policy, ...result }));
  }
  return failed ? 1 : 0;
}

/** Policy `stop`: the build waits before the event; apply the log from its checkpoint through it. */
async function retryInPlace(events: EventStore, readModels: LiveReadModels, parked: ParkedDoc): Promise<{ ok: boolean; result: string; error?: string }> {
  const store = readModels.physical;
  const projection = PROJECTIONS.find((p) => p.name === parked.projection)!;
  const ref = buildRef(parked.projection, { build: parked.build, version: parked.version });
  const name = checkpointName(ref);
  const checkpoint = await store.getCheckpoint(name);
  const upTo: RecordedEvent[] = [];
  for (let after = checkpoint; ;) {
    const batch = await events.readAll({ after, limit: 500 });
    if (batch.length === 0) break;
    for (const e of batch) if (comparePositions(e.position, parked.position) <= 0) upTo.push(e);
    after = batch[batch.length - 1].position;
    if (comparePositions(after, parked.position) >= 0) break;
  }
  if (upTo.length === 0 || comparePositions(upTo[upTo.length - 1].position, parked.position) !== 0) {
    return { ok: false, result: 'not-found', error: `no event at ${parked.position} past the build's checkpoint ${checkpoint ?? '(start)'}` };
  }
  const writer = projection.open(buildStore(store, ref, projection), ref);
  try {
    await writer.apply(upTo, { name, position: parked.position });
  } catch (error) {
    const again: ParkedDoc = { ...parked, error: errorMessage(error), attempts: parked.attempts + 1, parkedAt: new Date().toISOString() };
    await store.commit([{ collection: PROJECTION_PARKED, kind: 'put', doc: again }]);
    return { ok: false, result: 'still-failing', error: again.error };
  }
  await store.commit([{ collection: PROJECTION_PARKED, kind: 'delete', id: parked._id }]);
  return { ok: true, result: 'applied' };
}

/** Policy `skip`: the live build went on without the event; rebuild it beside and switch. */
async function retryByRebuild(config: AppConfig, events: EventStore, readModels: LiveReadModels, parked: ParkedDoc): Promise<{ ok: boolean; result: string; error?: string; build?: number }> {
  const store = readModels.physical;
  const projection = PROJECTIONS.find((p) => p.name === parked.projection)!;
  const result = await buildBeside(events, store, [projection], {
    owner: `projections-retry-${process.pid}`,
    batchSize: 5000,
    fresh: true,
    poison: { maxAttempts: config.projectorMaxAttempts, retryDelayMs: config.projectorRetryMs },
  });
  if (!result.switched.includes(projection.name)) return { ok: false, result: 'not-switched' };
  const live = (await readRegistry(store)).get(projection.name)!.live!;
  // The old build's records go with it; the new build's own, if the event failed again.
  const old = (await readParked(store, projection.name)).filter((e) => e.build !== live.build);
  await store.commit(old.map((e) => ({ collection: PROJECTION_PARKED, kind: 'delete' as const, id: e._id })));
  const again = (await readParked(store, projection.name)).find((e) => e.build === live.build && comparePositions(e.position, parked.position) === 0);
  await new Promise((r) => setTimeout(r, RETIRE_GRACE_MS + 100));
  await dropRetired(store, PROJECTIONS);
  return again
    ? { ok: false, result: 'still-failing', error: again.error, build: live.build }
    : { ok: true, result: 'rebuilt', build: live.build };
}

void main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
