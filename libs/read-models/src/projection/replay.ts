import { comparePositions, RecordedEvent } from '@app/event-store';
import { ReadModelStore } from '../read-model-store.port';
import { BuildRef, checkpointName, Projection, ProjectionWriter, WriterMode } from './projection';
import { buildStore, ensureRegistered } from './registry';
import { LiveReadModels } from './live-read-models';
import { PROJECTIONS } from '../projections';

/**
 * One build of one projection driven directly, without the registry: what the replay tests and
 * the benchmarks use to feed batches of their choosing and to compare what builds hold.
 */
export class BuildHandle {
  readonly ref: BuildRef;
  readonly writer: ProjectionWriter;
  private prepared = false;

  constructor(readonly store: ReadModelStore, readonly projection: Projection, build = 1, mode: WriterMode = { bulk: false }) {
    this.ref = { projection: projection.name, version: projection.version, build };
    this.writer = projection.open(buildStore(store, this.ref, projection), this.ref, mode);
  }

  /** What a rebuild does once caught up (see WriterMode). */
  async finish(): Promise<void> {
    await this.writer.finish?.();
  }

  get checkpointName(): string {
    return checkpointName(this.ref);
  }

  /** Applies the events past the build's checkpoint and commits the batch's last position. */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    if (!this.prepared) await this.writer.prepare();
    this.prepared = true;
    if (events.length === 0) return;
    const checkpoint = await this.store.getCheckpoint(this.checkpointName);
    const fresh = events.filter((e) => comparePositions(e.position, checkpoint) > 0);
    if (fresh.length === 0) return;
    await this.writer.apply(fresh, { name: this.checkpointName, position: events[events.length - 1].position });
  }

  /** Applies the events as given, past the checkpoint or not: for tests of the position guards. */
  async applyRaw(events: readonly RecordedEvent[]): Promise<void> {
    if (!this.prepared) await this.writer.prepare();
    this.prepared = true;
    if (events.length) await this.writer.apply(events, { name: this.checkpointName, position: events[events.length - 1].position });
  }

  async dump(): Promise<Record<string, unknown[]>> {
    if (!this.prepared) await this.writer.prepare();
    this.prepared = true;
    return { ...(await this.writer.dump()), checkpoint: [await this.store.getCheckpoint(this.checkpointName)] };
  }

  drop(): Promise<void> {
    return this.writer.drop(this.checkpointName);
  }
}

/** Every registered projection's build 1 on one store, registered live: a whole read side to feed by hand. */
export class ReadSide {
  readonly handles: BuildHandle[];
  readonly live: LiveReadModels;

  constructor(readonly store: ReadModelStore, projections: readonly Projection[] = PROJECTIONS, mode: WriterMode = { bulk: false }) {
    this.handles = projections.map((p) => new BuildHandle(store, p, 1, mode));
    this.live = new LiveReadModels(store, projections);
  }

  async apply(events: readonly RecordedEvent[]): Promise<this> {
    await ensureRegistered(this.store, this.live.projections);
    for (const h of this.handles) await h.apply(events);
    return this;
  }

  async applyRaw(events: readonly RecordedEvent[]): Promise<this> {
    await ensureRegistered(this.store, this.live.projections);
    for (const h of this.handles) await h.applyRaw(events);
    return this;
  }
}
