import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApprovalLevel, notFound, unitTreeLevels } from '@app/domain';
import { listUnits, ReadModelStore, ScopedReadModels, UnitDoc } from '@app/read-models';

/**
 * A unit with its own approval levels and the ones a report of it under no program passes now
 * (its own, or the nearest unit's above that defines some; null: one approval).
 */
function unitView({ _id, name, kind, parentId, approvalLevels }: UnitDoc, byId: ReadonlyMap<string, UnitDoc>) {
  const lineage: string[] = [];
  for (let u: UnitDoc | undefined = byId.get(_id); u && !lineage.includes(u._id); u = u.parentId ? byId.get(u.parentId) : undefined) lineage.push(u._id);
  const effectiveApprovalLevels = unitTreeLevels(lineage, (id) => byId.get(id)?.approvalLevels ?? []);
  return { id: _id, name, kind, parentId, approvalLevels: approvalLevels ?? ([] as ApprovalLevel[]), effectiveApprovalLevels };
}

type UnitView = ReturnType<typeof unitView>;

export class ListUnits extends Query<{ items: UnitView[] }> {
  constructor(readonly reads: ScopedReadModels) {
    super();
  }
}

export class GetUnit extends Query<UnitView> {
  constructor(readonly id: string, readonly reads: ScopedReadModels) {
    super();
  }
}

async function unitsById(store: ReadModelStore): Promise<Map<string, UnitDoc>> {
  return new Map((await listUnits(store)).map((u) => [u._id, u]));
}

/** Units are reference data: every authenticated caller may read them. */
@QueryHandler(ListUnits)
export class ListUnitsHandler implements IQueryHandler<ListUnits> {
  async execute({ reads }: ListUnits): Promise<{ items: UnitView[] }> {
    const byId = await unitsById(reads);
    return { items: [...byId.values()].map((u) => unitView(u, byId)) };
  }
}

@QueryHandler(GetUnit)
export class GetUnitHandler implements IQueryHandler<GetUnit> {
  async execute({ id, reads }: GetUnit): Promise<UnitView> {
    const byId = await unitsById(reads);
    const unit = byId.get(id);
    if (!unit) throw notFound(`Unit ${id} does not exist.`);
    return unitView(unit, byId);
  }
}
