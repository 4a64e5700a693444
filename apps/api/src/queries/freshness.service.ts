import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_STORE, ReadModelStore, waitForPosition } from '@app/read-models';
import { problem } from '../http/problem';

export const MIN_POSITION_PATTERN = /^[0-9a-f]{16,32}$/;
const WAIT_MS = 5000;

/** `minPosition`: a query waits until the read models include the caller's own write. */
@Injectable()
export class FreshnessService {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async ensure(minPosition: string | undefined): Promise<void> {
    if (!minPosition) return;
    if (!(await waitForPosition(this.store, minPosition, WAIT_MS))) {
      throw problem(503, 'Read models behind', `The read models have not reached position ${minPosition} yet.`, [], { 'Retry-After': '1' });
    }
  }
}
