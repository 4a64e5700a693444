import { comparePositions, EventStore, RecordedEvent } from '@app/event-store';
import { LiveReadModels } from '../projection/live-read-models';
import { BuildRef, checkpointName, Projection, ProjectionWriter } from '../projection/projection';
import { buildRef, buildStore, dropRetired, ensureRegistered, releaseLease, RETIRE_GRACE_MS, startBuild, switchLive, takeLease } from '../projection/registry';
import { ReadModelStore } from '../read-model-store.port';

export interface ProjectorOptions {
  batchSize?: number;
  /** Events per batch while building a new version beside the live one. */
  rebuildBatchSize?: number;
  idleWaitMs?: number;
  /** Delay before retrying after a failed batch; doubles up to 30 s. */
  retryDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

interface Target {
  projection: Projection;
  ref: BuildRef;
  writer: ProjectionWriter;
  checkpoint: string | null;
}

/**
 * Feeds a set of builds from the global log: one read serves them all, each takes the events past
 * its own checkpoint and commits them with it. Used for the live builds and for builds beside them.
 */
export class BuildFeeder {
  private readonly targets = new Map<string, Target>();

  constructor(private readonly events: EventStore, private readonly store: ReadModelStore) {}

  /** Sets the builds to feed; a build seen before keeps its writer and checkpoint. */
  async use(builds: readonly { projection: Projection; ref: BuildRef }[]): Promise<void> {
    const keep = new Set(builds.map((b) => checkpointName(b.ref)));
    for (const key of this.targets.keys()) if (!keep.has(key)) this.targets.delete(key);
    for (const { projection, ref } of builds) {
      const key = checkpointName(ref);
      if (this.targets.has(key)) continue;
      const writer = projection.open(buildStore(this.store, ref, projection), ref);
      await writer.prepare();
      this.targets.set(key, { projection, ref, writer, checkpoint: await this.store.getCheckpoint(key) });
    }
  }

  get builds(): { ref: BuildRef; checkpoint: string | null }[] {
    return [...this.targets.values()].map((t) => ({ ref: t.ref, checkpoint: t.checkpoint }));
  }

  /** The lowest checkpoint of the builds fed (undefined when there are none). */
  get position(): string | null | undefined {
    let min: string | null | undefined;
    for (const t of this.targets.values()) if (min === undefined || comparePositions(t.checkpoint, min) < 0) min = t.checkpoint;
    return min;
  }

  /** Reads and applies one batch; returns how many events it read (0: every build is at the head). */
  async step(limit: number): Promise<{ read: number; batch: RecordedEvent[] }> {
    const from = this.position;
    if (from === undefined) return { read: 0, batch: [] };
    const batch = await this.events.readAll({ after: from, limit });
    if (batch.length === 0) return { read: 0, batch };
    const last = batch[batch.length - 1].position;
    for (const t of this.targets.values()) {
      if (comparePositions(t.checkpoint, last) >= 0) continue;
      const slice = t.checkpoint === null ? batch : batch.filter((e) => comparePositions(e.position, t.checkpoint) > 0);
      await t.writer.apply(slice, { name: checkpointName(t.ref), position: last });
      t.checkpoint = last;
    }
    return { read: batch.length, batch };
  }
}

/**
 * Runs the registered projections: the live build of each from its own checkpoint (one read of
 * the log feeds them all), and, when a projection's version in code differs from its live
 * build's, a new build beside it that becomes live once it has caught up (the API keeps
 * answering from the old one meanwhile). A crash anywhere resumes from the committed
 * checkpoints.
 */
export class Projector {
  private abort = new AbortController();
  private running: Promise<void>[] = [];
  private readonly live: BuildFeeder;
  private readonly owner = `projector-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: LiveReadModels,
    private readonly options: ProjectorOptions = {},
  ) {
    this.live = new BuildFeeder(events, readModels.physical);
  }

  private get projections(): readonly Projection[] {
    return this.readModels.projections;
  }

  /** The lowest checkpoint of the live builds this projector feeds. */
  get position(): string | null {
    return this.live.position ?? null;
  }

  start(): void {
    if (this.running.length) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.running = [this.retrying('projection batch', () => this.liveLoop(signal), signal), this.retrying('version build', () => this.upgrade(signal), signal)];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
    this.running = [];
  }

  /** Builds any new versions and brings every live build to the head now, then returns (tests, benchmarks). */
  async catchUp(): Promise<void> {
    await this.upgrade(new AbortController().signal);
    await this.refreshLive();
    while ((await this.live.step(this.options.batchSize ?? 500)).read > 0);
  }

  private async refreshLive(): Promise<void> {
    const registry = await ensureRegistered(this.readModels.physical, this.projections);
    const builds = this.projections.flatMap((projection) => {
      const live = registry.get(projection.name)?.live;
      // A live build of another version is frozen: this code cannot write it. Its successor is being built.
      return live && live.version === projection.version ? [{ projection, ref: buildRef(projection.name, live) }] : [];
    });
    await this.live.use(builds);
  }

  private async liveLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.refreshLive();
      const { read } = await this.live.step(this.options.batchSize ?? 500);
      if (read === 0) await this.events.waitForAppend(this.live.position ?? null, this.options.idleWaitMs ?? 1000, signal);
    }
  }

  /** Builds each projection whose code version differs from its live build, then switches to it. */
  private async upgrade(signal: AbortSignal): Promise<void> {
    const registry = await ensureRegistered(this.readModels.physical, this.projections);
    await dropRetired(this.readModels.physical, this.projections);
    const stale = this.projections.filter((p) => registry.get(p.name)?.live?.version !== p.version);
    if (stale.length === 0) return;
    const result = await buildBeside(this.events, this.readModels.physical, stale, {
      owner: this.owner, batchSize: this.options.rebuildBatchSize ?? 5000, signal, fresh: false,
    });
    if (result.switched.length) {
      this.options.log?.(`switched to new versions of ${result.switched.join(', ')}`);
      setTimeout(() => void dropRetired(this.readModels.physical, this.projections).catch(() => undefined), RETIRE_GRACE_MS + 100).unref();
    }
  }

  private async retrying(what: string, fn: () => Promise<void>, signal: AbortSignal): Promise<void> {
    let delay = this.options.retryDelayMs ?? 500;
    while (!signal.aborted) {
      try {
        await fn();
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.options.log?.(`${what} failed; retrying in ${delay} ms`, error);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}

export interface BuildProgress {
  events: number;
  position: string | null;
  head: string | null;
}

/**
 * Builds new versions of `projections` beside their live builds (resuming a build of the same
 * version left by a crash, unless `fresh`), feeding them together, and switches each to live once
 * it has reached the head of the log. The live builds keep serving throughout.
 */
export async function buildBeside(
  events: EventStore,
  store: ReadModelStore,
  projections: readonly Projection[],
  options: {
    owner: string;
    batchSize: number;
    signal?: AbortSignal;
    fresh: boolean;
    onProgress?: (p: BuildProgress) => void;
    /** A pause between batches, to leave the disk and the write lock to a busy live API. */
    pauseMs?: number;
  },
): Promise<{ events: number; switched: string[] }> {
  await ensureRegistered(store, projections);
  const builds: { projection: Projection; ref: BuildRef }[] = [];
  for (const projection of projections) {
    const ref = await startBuild(store, projection, options.fresh);
    if (!(await takeLease(store, ref, options.owner))) throw new Error(`${projection.name} build ${ref.build} is being built by another process`);
    builds.push({ projection, ref });
  }
  const feeder = new BuildFeeder(events, store);
  await feeder.use(builds);
  let total = 0;
  let renewed = Date.now();
  const switched: string[] = [];
  try {
    while (!options.signal?.aborted && builds.length > switched.length) {
      const head = await events.headPosition();
      const { read } = await feeder.step(options.batchSize);
      total += read;
      options.onProgress?.({ events: total, position: feeder.position ?? null, head });
      if (Date.now() - renewed > 2_000) {
        for (const b of builds) await takeLease(store, b.ref, options.owner);
        renewed = Date.now();
      }
      if (read > 0 && comparePositions(feeder.position ?? null, head) < 0) {
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
        continue;
      }
      // Caught up with the head read before this batch: switch. Events appended since then are
      // few; the live projector takes them from the new build's checkpoint.
      for (const b of builds) {
        if (switched.includes(b.projection.name)) continue;
        await switchLive(store, b.projection.name, b.ref.build);
        switched.push(b.projection.name);
      }
    }
  } finally {
    for (const b of builds) await releaseLease(store, b.projection.name, options.owner).catch(() => undefined);
  }
  return { events: total, switched };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
