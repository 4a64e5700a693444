import { comparePositions, EventStore, RecordedEvent } from '@app/event-store';
import { LiveReadModels } from '../projection/live-read-models';
import { BuildRef, checkpointName, Projection, ProjectionWriter, WriterMode } from '../projection/projection';
import { buildRef, buildStore, dropRetired, ensureRegistered, releaseLease, RETIRE_GRACE_MS, startBuild, switchLive, takeLease } from '../projection/registry';
import { bindToLog, ForeignReadModelsError } from '../projection/origin';
import { ReadModelStore } from '../read-model-store.port';
import { ParkedDoc, parkedDoc, PROJECTION_PARKED, readParked } from './parked';

export interface ProjectorOptions {
  batchSize?: number;
  /** Events per batch while building a new version beside the live one. */
  rebuildBatchSize?: number;
  idleWaitMs?: number;
  /**
   * Least time between the starts of two live batches that read events and are not full (0: none). Under a steady
   * stream of appends, a batch per append would pay a batch's fixed cost (its transactions, the
   * registry and origin checks) for one event each; waiting out the rest of this interval lets the
   * appends of that time go in one batch. An append after a quiet spell is read at once, and a
   * catch-up (full batches) never waits.
   */
  minBatchIntervalMs?: number;
  /** Delay before retrying after a failed batch or event; doubles up to 30 s. */
  retryDelayMs?: number;
  /** Attempts at one event before it is parked (see parked.ts). */
  maxAttempts?: number;
  log?: (message: string, error?: unknown) => void;
  /** Called on every turn of the live loop (after a batch, or after waiting for one): a liveness signal. */
  onBeat?: () => void;
}

/** The projector's settings as the apps read them from their configuration (AppConfig's fields). */
export interface ProjectorSettings {
  projectorBatchSize: number;
  projectorMinBatchIntervalMs: number;
  projectorMaxAttempts: number;
  projectorRetryMs: number;
}

/** The live projector's options from the configuration: one mapping for every app that runs one. */
export function projectorOptions(settings: ProjectorSettings, log: ProjectorOptions['log']): ProjectorOptions {
  return {
    batchSize: settings.projectorBatchSize,
    minBatchIntervalMs: settings.projectorMinBatchIntervalMs,
    maxAttempts: settings.projectorMaxAttempts,
    retryDelayMs: settings.projectorRetryMs,
    log,
  };
}

/** How a feeder treats an event that fails: retries with backoff, then parks it. */
export interface PoisonOptions {
  maxAttempts?: number;
  retryDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

interface Target {
  projection: Projection;
  ref: BuildRef;
  /** The build's view of the store (its collections mapped to the build's). */
  store: ReadModelStore;
  writer: ProjectionWriter;
  checkpoint: string | null;
  /** Stopped at a parked event (policy `stop`): fed no more until the event is retried. */
  halted: ParkedDoc | null;
  /** Milliseconds spent in this build's writer (apply and finish): where a rebuild's time goes. */
  ms: number;
}

/**
 * Feeds a set of builds from the global log: one read serves them all, each takes the events past
 * its own checkpoint and commits them with it. Used for the live builds and for builds beside them.
 *
 * When a build's batch fails, the batch is applied again one event at a time (each committed with
 * its own position), and an event that still fails is retried with backoff, then parked after
 * `maxAttempts` (see parked.ts): the build then stops before it or skips it, by its projection's
 * policy, while the other builds go on. Parking writes to the store, so a store that takes no
 * writes at all (down, full) fails the park and the whole step is retried later instead: only an
 * event the store refuses while it takes others is parked.
 */
export class BuildFeeder {
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    private readonly poison: PoisonOptions = {},
    private readonly mode: WriterMode = { bulk: false },
  ) {}

  /**
   * Sets the builds to feed; a build seen before keeps its writer and checkpoint. Reads the parked
   * events: a build with a parked `stop` event is halted there, and a halted build whose parked
   * event is gone (retried by an operator) resumes from its stored checkpoint.
   */
  async use(builds: readonly { projection: Projection; ref: BuildRef }[]): Promise<void> {
    const keep = new Set(builds.map((b) => checkpointName(b.ref)));
    for (const key of this.targets.keys()) if (!keep.has(key)) this.targets.delete(key);
    const stops = new Map<string, ParkedDoc>();
    for (const p of await readParked(this.store)) {
      const key = checkpointName(p);
      if (p.policy === 'stop' && keep.has(key) && !stops.has(key)) stops.set(key, p);
    }
    for (const { projection, ref } of builds) {
      const key = checkpointName(ref);
      const known = this.targets.get(key);
      if (known) {
        const stop = stops.get(key) ?? null;
        if (known.halted && !stop) known.checkpoint = await this.store.getCheckpoint(key);
        known.halted = stop;
        continue;
      }
      const store = buildStore(this.store, ref, projection);
      const writer = projection.open(store, ref, this.mode);
      await writer.prepare();
      this.targets.set(key, { projection, ref, store, writer, checkpoint: await this.store.getCheckpoint(key), halted: stops.get(key) ?? null, ms: 0 });
    }
  }

  get builds(): { ref: BuildRef; checkpoint: string | null; halted: ParkedDoc | null }[] {
    return [...this.targets.values()].map((t) => ({ ref: t.ref, checkpoint: t.checkpoint, halted: t.halted }));
  }

  /** The lowest checkpoint of the builds fed, halted ones aside (undefined when there are none). */
  get position(): string | null | undefined {
    let min: string | null | undefined;
    for (const t of this.targets.values()) {
      if (t.halted) continue;
      if (min === undefined || comparePositions(t.checkpoint, min) < 0) min = t.checkpoint;
    }
    return min;
  }

  /** Milliseconds spent reading and decoding the log, and in each build's writer, by projection name. */
  get timings(): { readMs: number; projections: Record<string, number> } {
    const projections: Record<string, number> = {};
    for (const t of this.targets.values()) projections[t.projection.name] = (projections[t.projection.name] ?? 0) + t.ms;
    return { readMs: this.readMs, projections };
  }

  private readMs = 0;

  /** Completes what a bulk writer deferred (see WriterMode), before the build goes live. */
  async finish(ref: BuildRef): Promise<void> {
    const t = this.targets.get(checkpointName(ref));
    if (!t?.writer.finish) return;
    const started = performance.now();
    try {
      await t.writer.finish();
    } finally {
      t.ms += performance.now() - started;
    }
  }

  /** Reads and applies one batch; returns how many events it read (0: every build is at the head). */
  async step(limit: number, signal?: AbortSignal): Promise<{ read: number; batch: RecordedEvent[] }> {
    const from = this.position;
    if (from === undefined) return { read: 0, batch: [] };
    const reading = performance.now();
    const batch = await this.events.readAll({ after: from, limit });
    this.readMs += performance.now() - reading;
    if (batch.length === 0) return { read: 0, batch };
    const last = batch[batch.length - 1].position;
    for (const t of this.targets.values()) {
      if (t.halted || comparePositions(t.checkpoint, last) >= 0) continue;
      const slice = t.checkpoint === null ? batch : batch.filter((e) => comparePositions(e.position, t.checkpoint) > 0);
      const started = performance.now();
      try {
        await t.writer.apply(slice, { name: checkpointName(t.ref), position: last });
        t.checkpoint = last;
        t.ms += performance.now() - started;
      } catch (error) {
        if (signal?.aborted) throw error;
        this.poison.log?.(`${checkpointName(t.ref)}: a batch of ${slice.length} events failed; applying them one by one`, error);
        await this.oneByOne(t, slice, signal);
      }
    }
    return { read: batch.length, batch };
  }

  /** Applies `events` one at a time, retrying each with backoff and parking one that keeps failing. */
  private async oneByOne(t: Target, events: readonly RecordedEvent[], signal?: AbortSignal): Promise<void> {
    const name = checkpointName(t.ref);
    const maxAttempts = this.poison.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    for (const event of events) {
      let delay = this.poison.retryDelayMs ?? 500;
      for (let attempt = 1; ; attempt++) {
        try {
          await t.writer.apply([event], { name, position: event.position });
          t.checkpoint = event.position;
          break;
        } catch (error) {
          if (signal?.aborted) throw error;
          if (attempt < maxAttempts) {
            this.poison.log?.(`${name}: event ${event.type} at ${event.position} failed (attempt ${attempt} of ${maxAttempts}); retrying in ${delay} ms`, error);
            await sleep(delay, signal);
            delay = Math.min(delay * 2, 30_000);
            continue;
          }
          const parked = parkedDoc(t.ref, event, error, attempt);
          // Throws when the store takes no write at all: then the step is retried, nothing parked.
          await this.store.commit([{ collection: PROJECTION_PARKED, kind: 'put', doc: parked }]);
          if (parked.policy === 'stop') {
            t.halted = parked;
            this.poison.log?.(`${name}: event ${event.type} at ${event.position} parked after ${attempt} attempts; the projection stops before it until it is retried`, error);
            return;
          }
          // skip: move past it without its effect.
          await t.store.commit([], { name, position: event.position });
          t.checkpoint = event.position;
          this.poison.log?.(`${name}: event ${event.type} at ${event.position} parked after ${attempt} attempts and skipped; the projection goes on without it`, error);
          break;
        }
      }
    }
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
    this.live = new BuildFeeder(events, readModels.physical, options);
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
    await this.readModels.checkOrigin(this.events);
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
    const batchSize = this.options.batchSize ?? 500;
    const interval = this.options.minBatchIntervalMs ?? 0;
    let lastStart = -Infinity;
    let lastFull = false;
    while (!signal.aborted) {
      const early = lastStart + interval - performance.now();
      if (!lastFull && early > 0) await sleep(early, signal);
      this.options.onBeat?.();
      await this.readModels.checkOrigin(this.events);
      await this.refreshLive();
      const started = performance.now();
      const { read } = await this.live.step(batchSize, signal);
      // A step that found nothing wrote nothing: it does not hold the next append back.
      if (read > 0) lastStart = started;
      lastFull = read >= batchSize;
      // A batch runs synchronously (better-sqlite3); between batches the event loop answers the
      // requests that arrived meanwhile, so a catch-up blocks it for one batch at a time.
      if (read > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const position = this.live.position;
      // Every build halted at a parked event: nothing to wait for in the log, only for a retry.
      if (position === undefined) await sleep(this.options.idleWaitMs ?? 1000, signal);
      else await this.events.waitForAppend(position, this.options.idleWaitMs ?? 1000, signal);
    }
  }

  /** Builds each projection whose code version differs from its live build, then switches to it. */
  private async upgrade(signal: AbortSignal): Promise<void> {
    await this.readModels.checkOrigin(this.events);
    const registry = await ensureRegistered(this.readModels.physical, this.projections);
    await dropRetired(this.readModels.physical, this.projections);
    const stale = this.projections.filter((p) => registry.get(p.name)?.live?.version !== p.version);
    if (stale.length === 0) return;
    const result = await buildBeside(this.events, this.readModels.physical, stale, {
      owner: this.owner, batchSize: this.options.rebuildBatchSize ?? 5000, signal, fresh: false, poison: this.options,
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
        if (error instanceof ForeignReadModelsError) {
          // Not a passing failure: feeding them would only add this log's events to another's.
          this.options.log?.(`${what} stopped: ${error.message}`, error);
          return;
        }
        this.options.log?.(`${what} failed; retrying in ${delay} ms`, error);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}

/** A build stopped at a parked event (policy `stop`): it goes on only once the event is retried. */
export class ParkedEventError extends Error {
  constructor(readonly parked: ParkedDoc) {
    super(`${parked.projection} build ${parked.build} stopped at parked event ${parked.eventType} at ${parked.position}: ${parked.error} (npm run projections -- retry ${parked.position})`);
    this.name = 'ParkedEventError';
  }
}

export interface BuildProgress {
  events: number;
  position: string | null;
  head: string | null;
}

/** Events per batch of a rebuild (`npm run rebuild`, REBUILD_BATCH_SIZE): a 1M rebuild peaks under 300 MB with it (BENCHMARKS.md). */
export const REBUILD_BATCH_SIZE = 4000;

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
    /** Retries and parking of failing events (see BuildFeeder). */
    poison?: PoisonOptions;
  },
): Promise<{ events: number; switched: string[]; timings: BuildFeeder['timings'] }> {
  await ensureRegistered(store, projections);
  await bindToLog(store, events, projections);
  const builds: { projection: Projection; ref: BuildRef }[] = [];
  for (const projection of projections) {
    const ref = await startBuild(store, projection, options.fresh);
    if (!(await takeLease(store, ref, options.owner))) throw new Error(`${projection.name} build ${ref.build} is being built by another process`);
    builds.push({ projection, ref });
  }
  const feeder = new BuildFeeder(events, store, options.poison, { bulk: true });
  await feeder.use(builds);
  let total = 0;
  let renewed = Date.now();
  const switched: string[] = [];
  try {
    while (!options.signal?.aborted && builds.length > switched.length) {
      const head = await events.headPosition();
      const { read } = await feeder.step(options.batchSize, options.signal);
      total += read;
      const halted = feeder.builds.find((b) => b.halted);
      // A build stopped at a parked event cannot catch up: say where, rather than loop.
      if (halted?.halted) throw new ParkedEventError(halted.halted);
      options.onProgress?.({ events: total, position: feeder.position ?? null, head });
      if (Date.now() - renewed > 2_000) {
        for (const b of builds) await takeLease(store, b.ref, options.owner);
        renewed = Date.now();
      }
      if (read > 0 && comparePositions(feeder.position ?? null, head) < 0) {
        // A batch runs synchronously (better-sqlite3) and its awaits settle at once: yield to the
        // event loop, or a signal (SIGTERM, Ctrl-C) would wait for the whole rebuild.
        await new Promise((r) => (options.pauseMs ? setTimeout(r, options.pauseMs) : setImmediate(r)));
        continue;
      }
      // Caught up with the head read before this batch: switch. Events appended since then are
      // few; the live projector takes them from the new build's checkpoint.
      for (const b of builds) {
        if (switched.includes(b.projection.name)) continue;
        await feeder.finish(b.ref);
        await switchLive(store, b.projection.name, b.ref.build);
        switched.push(b.projection.name);
      }
    }
  } finally {
    for (const b of builds) await releaseLease(store, b.projection.name, options.owner).catch(() => undefined);
  }
  return { events: total, switched, timings: feeder.timings };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
