import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore } from '@app/event-store';
import { checkpointName, LiveReadModels, ParkedDoc, READ_MODEL_STORE, readParked } from '@app/read-models';
import { AppConfig } from '@app/shared';
import { Metrics } from '../http/metrics';
import { APP_CONFIG, StoreLifecycle } from '../infrastructure.module';

export interface BuildState {
  build: number;
  version: number;
  checkpoint: string | null;
  /** Events in the log past the checkpoint, counted up to the cap. */
  lag: number;
  lagCapped: boolean;
}

export interface ProjectionState extends Omit<BuildState, 'build' | 'version'> {
  name: string;
  /** The live build and its version; null before the first build went live. */
  build: number | null;
  version: number | null;
  codeVersion: number;
  switchedAt: string | null;
  building: BuildState | null;
}

export interface ReadyProjection {
  name: string;
  checkpoint: string | null;
  lag: number;
  lagCapped: boolean;
  /** Seconds the projection has been behind the log without moving its checkpoint. */
  stalledSeconds: number;
  /** Events of the live build parked after failing (see libs/read-models parked.ts). */
  parked: ParkedEvent[];
}

export type ParkedEvent = Pick<ParkedDoc, 'position' | 'eventType' | 'error' | 'attempts' | 'policy' | 'parkedAt'>;

export interface Readiness {
  /** degraded: the stores answer, but a projection parked an event, lags or is stalled. */
  status: 'ready' | 'degraded' | 'not-ready';
  ready: boolean;
  /** Why not, one line each (empty when ready). */
  reasons: string[];
  /** When the projection states were last read from the stores (null: not yet). */
  checkedAt: string | null;
  projections: ReadyProjection[];
}

/**
 * The projection states `/health` reports, and the readiness `/health/ready` answers from.
 * Readiness never touches the stores on the request: a background refresh (one at a time, every
 * `READY_REFRESH_MS`) reads the checkpoints and counts lag up to `READY_MAX_LAG + 1` events, and
 * the probe answers from its last result plus the event store's own availability signal. A
 * refresh that hangs (a stalled store) ages the result until the probe says not ready.
 */
@Injectable()
export class HealthService implements OnApplicationBootstrap, OnApplicationShutdown {
  private last: { at: number; projections: ReadyProjection[] } | { at: number; error: string } | null = null;
  /** Per projection: its last checkpoint and since when it has been behind at that checkpoint. */
  private readonly behindSince = new Map<string, { checkpoint: string | null; since: number }>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: LiveReadModels,
    @Optional() private readonly metrics?: Metrics,
    @Optional() private readonly lifecycle?: StoreLifecycle,
  ) {}

  onApplicationBootstrap(): void {
    void this.refreshLoop();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Every projection's live build (and any build in progress) with its checkpoint and lag, lag counted up to `lagCap`. */
  async projectionStates(lagCap: number): Promise<{ head: string | null; projections: ProjectionState[] }> {
    // A remote event store known to be down: fail now, without waiting for a call to time out.
    if (this.events.availability?.().available === false) throw new Error('event store unavailable');
    // Read models of another log look caught up while missing everything: not ready, saying why.
    await this.readModels.checkOrigin(this.events);
    const physical = this.readModels.physical;
    const [head, registry] = await Promise.all([this.events.headPosition(), this.readModels.registry(true)]);
    const lags = new Map<string | null, Promise<number>>();
    const lagOf = (checkpoint: string | null) => {
      // Counted, not read: reading up to lagCap events to count them cost tens of ms per call while behind.
      if (!lags.has(checkpoint)) lags.set(checkpoint, this.events.countAfter ? this.events.countAfter(checkpoint, lagCap) : this.events.readAll({ after: checkpoint, limit: lagCap }).then((b) => b.length));
      return lags.get(checkpoint)!;
    };
    const state = async (name: string, build: { build: number; version: number }): Promise<BuildState> => {
      const checkpoint = await physical.getCheckpoint(checkpointName({ projection: name, build: build.build }));
      const lag = await lagOf(checkpoint);
      return { build: build.build, version: build.version, checkpoint, lag, lagCapped: lag === lagCap };
    };
    const projections: ProjectionState[] = [];
    for (const p of this.readModels.projections) {
      const doc = registry.get(p.name);
      const live = doc?.live ? await state(p.name, doc.live) : null;
      projections.push({
        name: p.name,
        codeVersion: p.version,
        // No live build yet: nothing is projected; the whole log is its lag.
        ...(live ?? { build: null, version: null, checkpoint: null, lag: await lagOf(null), lagCapped: false }),
        switchedAt: doc?.switchedAt ?? null,
        building: doc?.building ? await state(p.name, doc.building) : null,
      });
    }
    return { head, projections };
  }

  /** The slowest projection, by checkpoint. */
  static slowest<T extends { checkpoint: string | null }>(projections: T[]): T {
    return projections.reduce((a, b) => (comparePositions(b.checkpoint, a.checkpoint) < 0 ? b : a));
  }

  /** Readiness from the last refresh: no store call here. */
  readiness(now = Date.now()): Readiness {
    const reasons: string[] = [];
    const availability = this.events.availability?.();
    if (availability?.available === false) reasons.push('event store unavailable');
    const last = this.last;
    const maxAge = Math.max(3 * this.config.readiness.refreshMs, 3000);
    if (!last) {
      reasons.push('projection states not read yet');
      return { status: 'not-ready', ready: false, reasons, checkedAt: null, projections: [] };
    }
    if (now - last.at > maxAge) reasons.push(`projection states last read ${Math.round((now - last.at) / 1000)} s ago (a store does not answer)`);
    if ('error' in last) {
      reasons.push(`stores: ${last.error}`);
      return { status: 'not-ready', ready: false, reasons, checkedAt: new Date(last.at).toISOString(), projections: [] };
    }
    const storesAnswer = reasons.length === 0;
    // The projector's worker thread ended unasked and its successor is not up yet (projector-thread.ts):
    // the stores answer, but nothing projects.
    const thread = this.lifecycle?.projectorThread();
    if (thread && !thread.running && thread.lastExit) {
      reasons.push(`projector worker stopped at ${thread.lastExit.at} (${thread.lastExit.reason}); ${thread.restartAt ? `restarting at ${thread.restartAt}` : 'restarting'}`);
    }
    const { maxLag, maxStallSeconds } = this.config.readiness;
    for (const p of last.projections) {
      for (const e of p.parked) {
        reasons.push(
          e.policy === 'stop'
            ? `projection ${p.name} stopped at ${e.position}: event ${e.eventType} parked after ${e.attempts} attempts: ${e.error}`
            : `projection ${p.name} skipped event ${e.eventType} at ${e.position}, parked after ${e.attempts} attempts: ${e.error}`,
        );
      }
      if (p.lag > maxLag) reasons.push(`projection ${p.name} lags ${p.lagCapped ? 'more than ' + maxLag : p.lag} events at ${p.checkpoint ?? 'the start'} (bound ${maxLag})`);
      else if (p.stalledSeconds >= maxStallSeconds) reasons.push(`projection ${p.name} stalled at ${p.checkpoint ?? 'the start'} for ${p.stalledSeconds} s with ${p.lag} events behind`);
    }
    const ready = reasons.length === 0;
    return { status: ready ? 'ready' : storesAnswer ? 'degraded' : 'not-ready', ready, reasons, checkedAt: new Date(last.at).toISOString(), projections: last.projections };
  }

  private async refreshLoop(): Promise<void> {
    if (this.stopped) return;
    await this.refresh();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refreshLoop(), this.config.readiness.refreshMs);
    this.timer.unref();
  }

  /** One read of the projection states (public for tests and for a caller that wants it now). */
  async refresh(): Promise<void> {
    try {
      const cap = this.config.readiness.maxLag + 1;
      const [{ projections }, parked, registry] = await Promise.all([
        this.projectionStates(cap),
        readParked(this.readModels.physical),
        this.readModels.registry(),
      ]);
      const parkedOf = (name: string): ParkedEvent[] =>
        parked
          .filter((e) => e.projection === name && e.build === registry.get(name)?.live?.build)
          .map(({ position, eventType, error, attempts, policy, parkedAt }) => ({ position, eventType, error, attempts, policy, parkedAt }));
      const now = Date.now();
      const ready: ReadyProjection[] = projections.map((p) => {
        const seen = this.behindSince.get(p.name);
        const since = p.lag === 0 || !seen || seen.checkpoint !== p.checkpoint ? now : seen.since;
        this.behindSince.set(p.name, { checkpoint: p.checkpoint, since });
        return { name: p.name, checkpoint: p.checkpoint, lag: p.lag, lagCapped: p.lagCapped, stalledSeconds: Math.floor((now - since) / 1000), parked: parkedOf(p.name) };
      });
      this.last = { at: now, projections: ready };
      for (const p of ready) this.metrics?.projection(p.name, { lag: p.lag, parked: p.parked.length, stalledSeconds: p.stalledSeconds });
    } catch (error) {
      this.last = { at: Date.now(), error: error instanceof Error ? error.message : String(error) };
    }
  }
}
