import { ArgumentMetadata, Inject, Injectable, PipeTransform } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore } from '@app/event-store';
import { LiveReadModels, READ_MODEL_STORE, readModelScope, waitForPosition } from '@app/read-models';
import { problem } from '../http/problem';
import { resolveReads } from './read-model-scope.interceptor';

/**
 * What `minPosition` accepts, as the spec states it: hex read by value, any case, any leading
 * zeros, at most 32 significant digits. The query DTO turns it into the canonical spelling
 * (canonicalHexPosition) before validation, and a canonical value matches this pattern too.
 */
export const MIN_POSITION_PATTERN = /^0*[0-9a-fA-F]{1,32}$/;
const WAIT_MS = 5000;

/**
 * `minPosition`: a query waits until the read models it declares (QueryAnswer's reads, in the
 * scope ReadModelScopeInterceptor opened) include the caller's own write, or answers 503 with
 * Retry-After after 5 s, naming them. A model the query does not read (stopped, parked, slow) does
 * not hold it back. A position past the head of the log was never returned by a command: 400 at
 * once, naming the field, rather than a 5 s wait for a write that does not exist. A pipe rather
 * than an interceptor because it must run after validation: a malformed request is 400 at once,
 * never a wait. It also resolves a declaration that depends on the query, so the reads the
 * handler makes are checked against the models waited for.
 */
@Injectable()
export class FreshnessPipe implements PipeTransform {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: LiveReadModels,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'query' || !value || typeof value !== 'object') return value;
    const scope = readModelScope.getStore();
    if (!scope) throw new Error('FreshnessPipe runs outside a query scope: the route needs QueryAnswer (ReadModelScopeInterceptor)');
    const models = resolveReads(scope.declaration, value as Record<string, unknown>, scope.route);
    scope.models = models;
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
}
