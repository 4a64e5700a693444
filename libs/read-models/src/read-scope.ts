import type { ReadModelStore } from './read-model-store.port';

/**
 * The read models one query declared it reads. A query reads through `LiveReadModels.within(scope)`
 * (ScopedReadModels), handed to it explicitly: `minPosition` waits for these models' checkpoints
 * only, so that view refuses a read of any other model (UndeclaredReadModelError): an undeclared
 * read could answer from a model that `minPosition` did not wait for. The live read models
 * themselves (commands, the projector, health) check nothing.
 *
 * Passed by hand rather than held in an AsyncLocalStorage: on Node 20 the first use of one turns
 * on async hooks for the whole process, and every promise of every request pays for them.
 */
export interface ReadModelScope {
  /** Where the declaration is, for the error: `Controller.method`. */
  readonly route: string;
  /** The projections the query may read (as /health names them), its declaration resolved against the query. */
  readonly models: readonly string[];
  /**
   * An as-of query (`asOf`, `asOfTime`): the read models as they stood right after that position,
   * rebuilt beside the live ones (AsOfReadModels). The scope's view answers every read from it.
   */
  readonly asOf?: { readonly position: string | null; readonly store: ReadModelStore };
}

export class UndeclaredReadModelError extends Error {
  constructor(
    readonly route: string,
    readonly model: string,
    readonly declared: readonly string[],
  ) {
    super(`${route} read the ${model} read model but declares only ${declared.join(', ')}: add it to the route's reads, or minPosition does not wait for it`);
    this.name = 'UndeclaredReadModelError';
  }
}
