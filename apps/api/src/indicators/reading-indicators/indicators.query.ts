import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { IndicatorDoc, listIndicators, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';

const indicatorView = ({ _id, name, unit, aggregation, scale, rules, range }: IndicatorDoc) => ({ code: _id, name, unit, aggregation, scale, rules: rules ?? [], range: range ?? null });

export class ListIndicators extends Query<{ items: ReturnType<typeof indicatorView>[] }> {}

/** The catalogue, readable by every authenticated caller. */
@QueryHandler(ListIndicators)
export class ListIndicatorsHandler implements IQueryHandler<ListIndicators> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute(): Promise<{ items: ReturnType<typeof indicatorView>[] }> {
    return { items: (await listIndicators(this.store)).map(indicatorView) };
  }
}
