import { AsyncLocalStorage } from 'node:async_hooks';
import type { ReadModelStore } from './read-model-store.port';

/**
 * The read models a query declared it reads, for the duration of one query. The API opens a scope
 * for every request (a middleware) and a QueryAnswer route's guard fills in its declaration.
 * `minPosition` waits for these models' checkpoints only, so the live read models refuse a read of
 * any other model inside a scope with a declaration (UndeclaredReadModelError): an undeclared read
 * could answer from a model that `minPosition` did not wait for. Outside a scope, or in one without
 * a declaration (commands, the projector, health), nothing is checked.
 */
export interface ReadModelScope {
  /** Where the declaration is, for the error: `Controller.method`; null until a query route declares. */
  route: string | null;
  /** The declaration as the route made it: a list, or a function of the validated query; null: not a query. */
  declaration: readonly string[] | ((query: Record<string, unknown>) => readonly string[]) | null;
  /** The projections the query may read; null until the declaration is resolved against the query. */
  models: readonly string[] | null;
  /**
   * An as-of query (`asOf`, `asOfTime`): the read models as they stood right after that position,
   * rebuilt beside the live ones (AsOfReadModels). While set, the live read models answer every
   * read from it instead.
   */
  asOf?: { readonly position: string | null; readonly store: ReadModelStore; release(): void };
}

export const readModelScope = new AsyncLocalStorage<ReadModelScope>();

export class UndeclaredReadModelError extends Error {
  constructor(
    readonly route: string,
    readonly model: string,
    readonly declared: readonly string[] | null,
  ) {
    super(
      declared
        ? `${route} read the ${model} read model but declares only ${declared.join(', ')}: add it to the route's reads, or minPosition does not wait for it`
        : `${route} read the ${model} read model before its declared read models were resolved`,
    );
    this.name = 'UndeclaredReadModelError';
  }
}
