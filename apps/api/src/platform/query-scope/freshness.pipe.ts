import { ArgumentMetadata, Inject, Injectable, PipeTransform } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore } from '@app/event-store';
import { AsOfReadModels, LiveReadModels, READ_MODEL_STORE, readModelScope, waitForPosition } from '@app/read-models';
import { problem } from '../http/problem';
import { HttpReadModelScope, resolveReads } from './read-model-scope';

/**
 * What `minPosition` accepts, as the spec states it: hex read by value, any case, any leading
 * zeros, at most 32 significant digits. The query DTO turns it into the canonical spelling
 * (canonicalHexPosition) before validation, and a canonical value matches this pattern too.
 */
export const MIN_POSITION_PATTERN = /^0*[0-9a-fA-F]{1,32}$/;
const WAIT_MS = 5000;

/**
 * `minPosition`: a query waits until the read models it declares (QueryAnswer's reads, in the
 * scope ReadModelScopeGuard declared) include the caller's own write, or answers 503 with
 * Retry-After after 5 s, naming them. A model the query does not read (stopped, parked, slow) does
 * not hold it back. A position past the head of the log was never returned by a command: 400 at
 * once, naming the field, rather than a 5 s wait for a write that does not exist. A pipe rather
 * than an interceptor because it must run after validation: a malformed request is 400 at once,
 * never a wait. It also resolves a declaration that depends on the query, so the reads the
 * handler makes are checked against the models waited for.
 *
 * `asOf` / `asOfTime` (the routes taking AsOfQuery): the read models exactly as they stood right
 * after that position, rebuilt beside the live ones (AsOfReadModels) and lent to the query's scope,
 * from which the live read models then answer every read; the answer names that position
 * (X-As-Of-Position) and ReadModelScopeGuard's close listener gives the state back once it is
 * sent. Such an answer does not depend on how far the live models are, so `minPosition` is not
 * waited for.
 */
@Injectable()
export class FreshnessPipe implements PipeTransform {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: LiveReadModels,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly asOf: AsOfReadModels,
  ) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'query' || !value || typeof value !== 'object') return value;
    const scope = readModelScope.getStore() as HttpReadModelScope | undefined;
    if (!scope?.declaration) throw new Error('FreshnessPipe runs outside a query scope: the route needs QueryAnswer (ReadModelScopeGuard)');
    const models = resolveReads(scope.declaration, value as Record<string, unknown>, scope.route ?? 'FreshnessPipe');
    scope.models = models;
    const query = value as { asOf?: unknown; asOfTime?: unknown };
    if (typeof query.asOf === 'string' || typeof query.asOfTime === 'string') {
      // An answer as of a past position reads a state rebuilt to that position: nothing to wait for.
      scope.asOf = await this.asOf.at(await this.asOfPosition(query), models);
      // The answer names the position it is as of (a streamed export too: set before it starts).
      scope.response.setHeader('X-As-Of-Position', (scope.asOf.position ?? '0').padStart(16, '0'));
      return value;
    }
    if (!('minPosition' in value)) return value;
    const { minPosition } = value;
    // Position zero is before every event: nothing to wait for.
    if (typeof minPosition !== 'string' || minPosition === '0') return value;
    if (comparePositions(await this.store.position(true, models), minPosition) >= 0) return value;
    const head = await this.events.headPosition();
    if (comparePositions(minPosition, head) > 0) {
      throw problem(400, 'Bad request', `minPosition ${minPosition} is past the end of the log: no command returned it.`, [
        { field: 'minPosition', message: 'is past the end of the log; send a position a command returned' },
      ]);
    }
    if (!(await waitForPosition(this.store, minPosition, WAIT_MS, models))) {
      const checkpoints = await this.store.liveCheckpoints(true);
      const behind = models.filter((m) => comparePositions(checkpoints.get(m) ?? null, minPosition) < 0);
      throw problem(
        503, 'Read models behind',
        `This query waited for the read models ${models.join(', ')}; not at position ${minPosition} yet: ${behind.join(', ') || 'none now (ask again)'}.`,
        [], { 'Retry-After': '1' },
      );
    }
    return value;
  }

  /** The position an as-of query asks for: `asOf` (at most the head), or the last event recorded at or before `asOfTime`; null is before every event. */
  private async asOfPosition(query: { asOf?: unknown; asOfTime?: unknown }): Promise<string | null> {
    if (typeof query.asOf === 'string' && typeof query.asOfTime === 'string') {
      throw problem(400, 'Invalid input', 'Give asOf or asOfTime, not both.', [{ field: 'asOfTime', message: 'cannot be combined with asOf' }]);
    }
    if (typeof query.asOfTime === 'string') return this.events.positionAt(new Date(query.asOfTime).toISOString());
    const asOf = query.asOf as string;
    if (asOf === '0') return null;
    const head = await this.events.headPosition();
    if (comparePositions(asOf, head) > 0) {
      throw problem(400, 'Invalid input', `asOf ${asOf} is past the end of the log (${head ?? 'empty'}).`, [{ field: 'asOf', message: 'is past the end of the log' }]);
    }
    return asOf;
  }
}
