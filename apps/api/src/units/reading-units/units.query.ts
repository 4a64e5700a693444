import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@app/domain';
import { getUnit, listUnits, READ_MODEL_STORE, ReadModelStore, UnitDoc } from '@app/read-models';

const unitView = ({ _id, name, kind, parentId }: UnitDoc) => ({ id: _id, name, kind, parentId });

/** Units are reference data: every authenticated caller may read them. */
@Injectable()
export class UnitsQuery {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async list() {
    return { items: (await listUnits(this.store)).map(unitView) };
  }

  async get(id: string) {
    const unit = await getUnit(this.store, id);
    if (!unit) throw notFound(`Unit ${id} does not exist.`);
    return unitView(unit);
  }
}
