import { hostname } from 'node:os';
import { Doc, ReadModelStore } from '../read-model-store.port';
import { MappedStore } from './mapped-store';
import { BuildRef, checkpointName, physicalName, Projection } from './projection';

/** One document per projection: which build is live, which one is being built beside it. */
export const PROJECTION_BUILDS = 'projection_builds';
/** Who is feeding a build that is not live yet (the rebuild command, or a projector after a version bump). */
export const PROJECTION_LEASES = 'projection_leases';

export interface BuildRecord {
  build: number;
  version: number;
}

export interface RegistryDoc extends Doc {
  live: BuildRecord | null;
  building: (BuildRecord & { startedAt: string }) | null;
  /** Builds replaced by a switch; dropped once no reader can still be using them. */
  retired: (BuildRecord & { at: number })[];
  nextBuild: number;
  switchedAt: string | null;
}

export interface LeaseDoc extends Doc {
  build: number;
  owner: string;
  host: string;
  pid: number;
  heartbeatAt: number;
}

/** A build lease is held while its owner heartbeats; a dead process on this host frees it at once. */
export const LEASE_MS = 10_000;
/** How long a replaced build stays readable after the switch (live views refresh far sooner). */
export const RETIRE_GRACE_MS = 3_000;

export const buildRef = (name: string, record: BuildRecord): BuildRef => ({ projection: name, version: record.version, build: record.build });

/** The registry by projection name: its documents as the store keeps them between changes (read every projector batch; never modify them). */
export async function readRegistry(store: ReadModelStore): Promise<Map<string, RegistryDoc>> {
  const docs = await store.find<RegistryDoc>(PROJECTION_BUILDS, {}, { reuse: true });
  return new Map(docs.map((d) => [d._id, d]));
}

/**
 * Registers every projection that has no build yet, live at once (a fresh store builds in
 * place: there is nothing older to serve meanwhile). Idempotent; two processes doing it at the
 * same time write the same documents.
 */
export async function ensureRegistered(store: ReadModelStore, projections: readonly Projection[]): Promise<Map<string, RegistryDoc>> {
  const registry = await readRegistry(store);
  const missing = projections.filter((p) => !registry.has(p.name));
  if (missing.length > 0) {
    const docs = missing.map((p): RegistryDoc => ({
      _id: p.name, live: { build: 1, version: p.version }, building: null, retired: [], nextBuild: 2, switchedAt: null,
    }));
    await store.commit(docs.map((doc) => ({ collection: PROJECTION_BUILDS, kind: 'put', doc })));
    for (const d of docs) registry.set(d._id, d);
  }
  return registry;
}

/** Starts a new build of `projection` beside the live one (or returns the one already started at this version). */
export async function startBuild(store: ReadModelStore, projection: Projection, fresh: boolean): Promise<BuildRef> {
  const doc = (await readRegistry(store)).get(projection.name);
  if (!doc) throw new Error(`projection ${projection.name} is not registered`);
  if (doc.building && doc.building.version === projection.version && !fresh) return buildRef(projection.name, doc.building);
  const next: RegistryDoc = {
    ...doc,
    building: { build: doc.nextBuild, version: projection.version, startedAt: new Date().toISOString() },
    nextBuild: doc.nextBuild + 1,
    // An abandoned build (another version, or a fresh start asked for) is retired like a replaced one.
    retired: doc.building ? [...doc.retired, { build: doc.building.build, version: doc.building.version, at: Date.now() }] : doc.retired,
  };
  await store.commit([{ collection: PROJECTION_BUILDS, kind: 'put', doc: next }]);
  return buildRef(projection.name, next.building!);
}

/** Makes `build` live in one write: readers move to it, the old live build is retired. */
export async function switchLive(store: ReadModelStore, name: string, build: number): Promise<void> {
  const doc = (await readRegistry(store)).get(name);
  if (!doc?.building || doc.building.build !== build) throw new Error(`build ${build} of ${name} is not being built`);
  const next: RegistryDoc = {
    ...doc,
    live: { build: doc.building.build, version: doc.building.version },
    building: null,
    retired: doc.live ? [...doc.retired, { ...doc.live, at: Date.now() }] : doc.retired,
    switchedAt: new Date().toISOString(),
  };
  await store.commit([{ collection: PROJECTION_BUILDS, kind: 'put', doc: next }]);
}

/** Drops builds retired more than `graceMs` ago. */
export async function dropRetired(store: ReadModelStore, projections: readonly Projection[], graceMs = RETIRE_GRACE_MS): Promise<number> {
  let dropped = 0;
  for (const [name, doc] of await readRegistry(store)) {
    const projection = projections.find((p) => p.name === name);
    const due = doc.retired.filter((r) => Date.now() - r.at >= graceMs);
    if (!projection || due.length === 0) continue;
    for (const r of due) {
      const ref = buildRef(name, r);
      await projection.open(buildStore(store, ref, projection), ref).drop(checkpointName(ref));
      dropped += 1;
    }
    const fresh = (await readRegistry(store)).get(name)!;
    const left = fresh.retired.filter((r) => !due.some((d) => d.build === r.build));
    await store.commit([{ collection: PROJECTION_BUILDS, kind: 'put', doc: { ...fresh, retired: left } }]);
  }
  return dropped;
}

/** Takes (or renews) the lease on a build; false when another live process holds it. */
export async function takeLease(store: ReadModelStore, ref: BuildRef, owner: string): Promise<boolean> {
  const id = `${ref.projection}`;
  const lease = await store.get<LeaseDoc>(PROJECTION_LEASES, id);
  const now = Date.now();
  if (lease && lease.owner !== owner && lease.build === ref.build && now - lease.heartbeatAt < LEASE_MS && holderAlive(lease)) return false;
  const doc: LeaseDoc = { _id: id, build: ref.build, owner, host: hostname(), pid: process.pid, heartbeatAt: now };
  await store.commit([{ collection: PROJECTION_LEASES, kind: 'put', doc }]);
  return true;
}

export async function releaseLease(store: ReadModelStore, projection: string, owner: string): Promise<void> {
  const lease = await store.get<LeaseDoc>(PROJECTION_LEASES, projection);
  if (lease?.owner === owner) await store.commit([{ collection: PROJECTION_LEASES, kind: 'delete', id: projection }]);
}

function holderAlive(lease: LeaseDoc): boolean {
  if (lease.host !== hostname()) return true;
  try {
    process.kill(lease.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}


/** The store as one build sees it: its logical collections mapped to the build's physical ones. */
export function buildStore(store: ReadModelStore, ref: BuildRef, projection: Projection): ReadModelStore {
  const own = new Set(projection.collections);
  return new MappedStore(store, (c) => (own.has(c) ? physicalName(c, ref.build) : c));
}
