import { ArgumentMetadata, Inject, Injectable, PipeTransform } from '@nestjs/common';
import { READ_MODEL_STORE, ReadModelStore, waitForPosition } from '@app/read-models';
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
 * 503 with Retry-After after 5 s. A pipe rather than an interceptor because it must run after
 * validation: a malformed request is 400 at once, never a wait.
 */
@Injectable()
export class FreshnessPipe implements PipeTransform {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'query' || !value || typeof value !== 'object' || !('minPosition' in value)) return value;
    const { minPosition } = value;
    // Position zero is before every event: nothing to wait for.
    if (typeof minPosition !== 'string' || minPosition === '0') return value;
    if (!(await waitForPosition(this.store, minPosition, WAIT_MS))) {
      throw problem(503, 'Read models behind', `The read models have not reached position ${minPosition} yet.`, [], { 'Retry-After': '1' });
    }
    return value;
  }
}
