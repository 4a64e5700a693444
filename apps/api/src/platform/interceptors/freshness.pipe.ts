import { ArgumentMetadata, Inject, Injectable, PipeTransform } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore } from '@app/event-store';
import { LiveReadModels, READ_MODEL_STORE, waitForPosition } from '@app/read-models';
import { problem } from '../http/problem';

/**
 * What `minPosition` accepts, as the spec states it: hex read by value, any case, any leading
 * zeros, at most 32 significant digits. The query DTO turns it into the canonical spelling
 * (canonicalHexPosition) before validation, and a canonical value matches this pattern too.
 */
export const MIN_POSITION_PATTERN = /^0*[0-9a-fA-F]{1,32}$/;
const WAIT_MS = 5000;

/**
 * `minPosition`: a query waits until the read models include the caller's own write, or answers
 * 503 with Retry-After after 5 s. A position past the head of the log was never returned by a
 * command: 400 at once, naming the field, rather than a 5 s wait for a write that does not exist.
 * A pipe rather than an interceptor because it must run after validation: a malformed request is
 * 400 at once, never a wait.
 */
@Injectable()
export class FreshnessPipe implements PipeTransform {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: LiveReadModels,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'query' || !value || typeof value !== 'object' || !('minPosition' in value)) return value;
    const { minPosition } = value;
    // Position zero is before every event: nothing to wait for.
    if (typeof minPosition !== 'string' || minPosition === '0') return value;
    if (comparePositions(await this.store.position(true), minPosition) >= 0) return value;
    const head = await this.events.headPosition();
    if (comparePositions(minPosition, head) > 0) {
      throw problem(400, 'Bad request', `minPosition ${minPosition} is past the end of the log: no command returned it.`, [
        { field: 'minPosition', message: 'is past the end of the log; send a position a command returned' },
      ]);
    }
    if (!(await waitForPosition(this.store, minPosition, WAIT_MS))) {
      throw problem(503, 'Read models behind', `The read models have not reached position ${minPosition} yet.`, [], { 'Retry-After': '1' });
    }
    return value;
  }
}
