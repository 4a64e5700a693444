import { forbidden } from '@app/domain';
import { listUnits, predecessorsOf, ReadModelStore, subtreeOf, UnitScope } from '@app/read-models';
import { Principal } from './principal';

/**
 * Units whose data the caller may read in lists and totals: all, or its reporting units plus its
 * supervised subtrees. Read from the unit read model, like the lists it narrows.
 */
export async function readScope(actor: Principal, readModels: ReadModelStore): Promise<UnitScope> {
  if (actor.readsAll) return 'all';
  if (actor.supervisorOf.size === 0) return [...actor.reporterOf];
  return [...new Set([...actor.reporterOf, ...(await supervisedScope(actor, readModels))])];
}

/** Units the caller supervises: their supervised units' subtrees and predecessors (no role reads all here). */
export async function supervisedScope(actor: Principal, readModels: ReadModelStore): Promise<string[]> {
  if (actor.supervisorOf.size === 0) return [];
  // Subtrees and predecessors alternate (a predecessor's own subunits, their predecessors, ...)
  // until nothing new joins, mirroring `authorities` for commands.
  const units = await listUnits(readModels);
  let supervised = new Set<string>();
  let frontier = [...actor.supervisorOf];
  while (frontier.length) {
    const grown = subtreeOf(units, frontier).flatMap((u) => predecessorsOf(units, u));
    frontier = grown.filter((u) => !supervised.has(u));
    supervised = new Set([...supervised, ...grown]);
  }
  return [...supervised];
}

/** An explicit unitId outside the caller's scope is refused; no unitId means "everything I may see". */
export function narrowScope(scope: UnitScope, unitId: string | undefined): void {
  if (unitId && scope !== 'all' && !scope.includes(unitId)) throw forbidden(`You may not read unit ${unitId}.`);
}
