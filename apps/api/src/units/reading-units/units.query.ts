import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/domain';
import { getUnit, listUnits, READ_MODEL_STORE, ReadModelStore, UnitDoc } from '@app/read-models';

const unitView = ({ _id, name, kind, parentId }: UnitDoc) => ({ id: _id, name, kind, parentId });

type UnitView = ReturnType<typeof unitView>;

export class ListUnits extends Query<{ items: UnitView[] }> {}

export class GetUnit extends Query<UnitView> {
  constructor(readonly id: string) {
    super();
  }
}

/** Units are reference data: every authenticated caller may read them. */
@QueryHandler(ListUnits)
export class ListUnitsHandler implements IQueryHandler<ListUnits> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute(): Promise<{ items: UnitView[] }> {
    return { items: (await listUnits(this.store)).map(unitView) };
  }
}

@QueryHandler(GetUnit)
export class GetUnitHandler implements IQueryHandler<GetUnit> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ id }: GetUnit): Promise<UnitView> {
    const unit = await getUnit(this.store, id);
    if (!unit) throw notFound(`Unit ${id} does not exist.`);
    return unitView(unit);
  }
}
