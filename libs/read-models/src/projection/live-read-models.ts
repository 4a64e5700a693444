import { comparePositions, EventStore } from '@app/event-store';
import { Checkpoint, Doc, DocChange, Filter, FindOptions, IndexSpec, NativeHandle, ReadModelStore } from '../read-model-store.port';
import { MappedStore } from './mapped-store';
import { checkpointName, physicalName, Projection } from './projection';
import { bindToLog, ForeignReadModelsError } from './origin';
import { readRegistry, RegistryDoc } from './registry';
import { ReadModelScope, UndeclaredReadModelError } from '../read-scope';

/** Live views re-read the registry at most this often; a switch is visible to them within it. */
export const LIVE_REFRESH_MS = 200;

/**
 * The read models as queries see them: every logical collection resolves to its projection's
 * live build. The registry is cached for LIVE_REFRESH_MS, so a rebuild's switch (another process
 * may make it) reaches every reader well before the replaced build is dropped (RETIRE_GRACE_MS).
 */
export class LiveReadModels extends MappedStore {
  private cache: { at: number; registry: Map<string, RegistryDoc> } | null = null;
  private loading: Promise<Map<string, RegistryDoc>> | null = null;
  private readonly owner = new Map<string, Projection>();
  /** Whether these read models are known to be built from the event log they are used with. */
  private origin: 'unchecked' | 'bound' | ForeignReadModelsError = 'unchecked';

  constructor(
    readonly physical: ReadModelStore,
    readonly projections: readonly Projection[],
  ) {
    super(physical);
    for (const p of projections) for (const c of p.collections) this.owner.set(c, p);
  }

  /** The registry, at most LIVE_REFRESH_MS old (`fresh` reads it now). */
  async registry(fresh = false): Promise<Map<string, RegistryDoc>> {
    if (!fresh && this.cache && Date.now() - this.cache.at < LIVE_REFRESH_MS) return this.cache.registry;
    this.loading ??= readRegistry(this.physical).then(
      (registry) => {
        this.cache = { at: Date.now(), registry };
        this.loading = null;
        return registry;
      },
      (error) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** Checkpoints of every live build, by projection name. */
  async liveCheckpoints(fresh = false): Promise<Map<string, string | null>> {
    const registry = await this.registry(fresh);
    const out = new Map<string, string | null>();
    for (const p of this.projections) {
      const live = registry.get(p.name)?.live;
      out.set(p.name, live ? await this.physical.getCheckpoint(checkpointName({ projection: p.name, build: live.build })) : null);
    }
    return out;
  }

  /**
   * The lowest live checkpoint of the read models named in `models` (every one when omitted): they
   * all include the log up to it. An unknown name throws rather than being waited for by nobody.
   */
  async position(fresh = false, models?: readonly string[]): Promise<string | null> {
    const unknown = (models ?? []).filter((m) => !this.projections.some((p) => p.name === m));
    if (unknown.length) throw new Error(`unknown read model ${unknown.join(', ')}`);
    let min: string | null | undefined;
    for (const [name, cp] of await this.liveCheckpoints(fresh)) {
      if (models && !models.includes(name)) continue;
      if (min === undefined || comparePositions(cp, min) < 0) min = cp;
    }
    return min ?? null;
  }

  /**
   * Checks that these read models are built from `events` (see bindToLog); passes at once once it
   * has passed. Read models of another log are refused for good: this call and every read throw.
   */
  async checkOrigin(events: EventStore): Promise<void> {
    if (this.origin === 'bound') return;
    if (this.origin instanceof ForeignReadModelsError) throw this.origin;
    try {
      if (await bindToLog(this.physical, events, this.projections)) this.origin = 'bound';
    } catch (error) {
      if (error instanceof ForeignReadModelsError) this.origin = error;
      throw error;
    }
  }

  /** The projection that owns a collection; undefined for one no projection owns (the registry, checkpoints). */
  projectionOf(collection: string): Projection | undefined {
    return this.owner.get(collection);
  }

  /** The read models as one query may read them: see ScopedReadModels. */
  within(scope: ReadModelScope): ScopedReadModels {
    return new ScopedReadModels(this, scope);
  }

  protected override async map(collection: string): Promise<string> {
    if (this.origin instanceof ForeignReadModelsError) throw this.origin;
    const projection = this.owner.get(collection);
    if (!projection) return collection;
    const live = (await this.registry()).get(projection.name)?.live;
    return physicalName(collection, live?.build ?? 1);
  }
}

/**
 * The read models one query reads, handed to its handler: every read of a read model the scope does
 * not declare is refused (UndeclaredReadModelError), and an as-of query's reads are answered from
 * the state lent to its scope (the as-of read models are live read models of a rebuilt state).
 * Read-only: a query writes nothing.
 */
export class ScopedReadModels implements ReadModelStore {
  /** What answers the reads: the as-of state lent to the scope, else the live read models. */
  private readonly from: ReadModelStore;

  constructor(
    private readonly live: LiveReadModels,
    readonly scope: ReadModelScope,
  ) {
    this.from = scope.asOf?.store ?? live;
  }

  /** Where a read of `collection` goes, once the scope allows it. */
  private source(collection: string): ReadModelStore {
    const projection = this.live.projectionOf(collection);
    if (projection && !this.scope.models.includes(projection.name)) throw new UndeclaredReadModelError(this.scope.route, projection.name, this.scope.models);
    return this.from;
  }

  get native(): NativeHandle {
    return this.from.native;
  }

  async resolve(collection: string): Promise<string> {
    return this.source(collection).resolve(collection);
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    return this.source(collection).get<T>(collection, id);
  }

  async getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.source(collection).getMany<T>(collection, ids);
  }

  async find<T extends Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.source(collection).find<T>(collection, filter, options);
  }

  async count(collection: string, filter: Filter): Promise<number> {
    return this.source(collection).count(collection, filter);
  }

  getCheckpoint(name: string): Promise<string | null> {
    return this.from.getCheckpoint(name);
  }

  commit(_changes: readonly DocChange[], _checkpoint?: Checkpoint): Promise<void> {
    return this.readOnly('commit');
  }

  ensureIndexes(_specs: readonly IndexSpec[]): Promise<void> {
    return this.readOnly('ensureIndexes');
  }

  drop(_collections: readonly string[], _checkpointNames: readonly string[]): Promise<void> {
    return this.readOnly('drop');
  }

  close(): Promise<void> {
    return this.readOnly('close');
  }

  private readOnly(what: string): Promise<never> {
    return Promise.reject(new Error(`${this.scope.route} reads the read models: ${what} is not a query's to call`));
  }
}
