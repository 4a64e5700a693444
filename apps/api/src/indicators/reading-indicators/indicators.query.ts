import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { IndicatorDoc, listIndicators, ScopedReadModels } from '@app/read-models';

const indicatorView = ({ _id, name, unit, aggregation, scale, rules, range }: IndicatorDoc) => ({ code: _id, name, unit, aggregation, scale, rules: rules ?? [], range: range ?? null });

export class ListIndicators extends Query<{ items: ReturnType<typeof indicatorView>[] }> {
  constructor(readonly reads: ScopedReadModels) {
    super();
  }
}

/** The catalogue, readable by every authenticated caller. */
@QueryHandler(ListIndicators)
export class ListIndicatorsHandler implements IQueryHandler<ListIndicators> {
  async execute({ reads }: ListIndicators): Promise<{ items: ReturnType<typeof indicatorView>[] }> {
    return { items: (await listIndicators(reads)).map(indicatorView) };
  }
}
