import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_STORE, ReadModelStore, waitForPosition } from '@app/read-models';
import { problem } from '../http/problem';

/** Canonical spelling (see canonicalHexPosition): lower-case hex without leading zeros. */
export const MIN_POSITION_PATTERN = /^(0|[1-9a-f][0-9a-f]{0,31})$/;
const WAIT_MS = 5000;

/** `minPosition`: a query waits until the read models include the caller's own write. */
@Injectable()
export class FreshnessService {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async ensure(minPosition: string | undefined): Promise<void> {
    // Position zero is before every event: nothing to wait for.
    if (!minPosition || minPosition === '0') return;
    if (!(await waitForPosition(this.store, minPosition, WAIT_MS))) {
      throw problem(503, 'Read models behind', `The read models have not reached position ${minPosition} yet.`, [], { 'Retry-After': '1' });
    }
  }
}
