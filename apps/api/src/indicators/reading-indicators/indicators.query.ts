import { Inject, Injectable } from '@nestjs/common';
import { listIndicators, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';

/** The catalogue, readable by every authenticated caller. */
@Injectable()
export class IndicatorsQuery {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async list() {
    const items = await listIndicators(this.store);
    return { items: items.map(({ _id, name, unit, aggregation, scale }) => ({ code: _id, name, unit, aggregation, scale })) };
  }
}
