import { Checkpoint, Doc, DocChange, Filter, FindOptions, IndexSpec, NativeHandle, ReadModelStore } from '../read-model-store.port';

/**
 * A store whose collection names are mapped to physical ones: a projection build writes
 * `reports_b3`, a live view reads whichever build is live. Everything else passes through.
 */
export class MappedStore implements ReadModelStore {
  constructor(
    readonly inner: ReadModelStore,
    private readonly mapping: (collection: string) => string | Promise<string> = (c) => c,
  ) {}

  protected map(collection: string): string | Promise<string> {
    return this.mapping(collection);
  }

  get native(): NativeHandle {
    return this.inner.native;
  }

  async resolve(collection: string): Promise<string> {
    return this.inner.resolve(await this.map(collection));
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    return this.inner.get<T>(await this.map(collection), id);
  }

  async getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.inner.getMany<T>(await this.map(collection), ids);
  }

  async find<T extends Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find<T>(await this.map(collection), filter, options);
  }

  async count(collection: string, filter: Filter): Promise<number> {
    return this.inner.count(await this.map(collection), filter);
  }

  async commit(changes: readonly DocChange[], checkpoint?: Checkpoint): Promise<void> {
    const mapped: DocChange[] = [];
    for (const c of changes) mapped.push({ ...c, collection: await this.map(c.collection) });
    return this.inner.commit(mapped, checkpoint);
  }

  getCheckpoint(name: string): Promise<string | null> {
    return this.inner.getCheckpoint(name);
  }

  async ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    const mapped: IndexSpec[] = [];
    for (const s of specs) mapped.push({ ...s, collection: await this.map(s.collection) });
    return this.inner.ensureIndexes(mapped);
  }

  async drop(collections: readonly string[], checkpointNames: readonly string[]): Promise<void> {
    const mapped: string[] = [];
    for (const c of collections) mapped.push(await this.map(c));
    return this.inner.drop(mapped, checkpointNames);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
