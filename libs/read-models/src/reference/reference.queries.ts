import { ReadModelStore } from '../read-model-store.port';
import { IndicatorDoc, INDICATORS, UnitDoc, UNITS } from './reference';

/** Every unit, as kept by the store until the collection changes (frozen: read, never modify). */
export const listUnits = (store: ReadModelStore): Promise<readonly UnitDoc[]> =>
  store.find<UnitDoc>(UNITS, {}, { sort: [{ field: '_id', direction: 1 }], reuse: true });

export const getUnit = (store: ReadModelStore, id: string) => store.get<UnitDoc>(UNITS, id);

export const listIndicators = (store: ReadModelStore) =>
  store.find<IndicatorDoc>(INDICATORS, {}, { sort: [{ field: '_id', direction: 1 }] });

/** The units in the subtrees of `roots` (each root included), from one read of the unit list. */
export function subtreeOf(units: readonly UnitDoc[], roots: readonly string[]): string[] {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u._id]);
  }
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...seen];
}

/**
 * The units whose history is `unitId`'s own: the unit and every unit merged into it, through
 * chains of successions (A → B → C: C's history holds A's and B's).
 */
export function predecessorsOf(units: readonly UnitDoc[], unitId: string): string[] {
  const bySuccessor = new Map<string, string[]>();
  for (const u of units) if (u.successorId) bySuccessor.set(u.successorId, [...(bySuccessor.get(u.successorId) ?? []), u._id]);
  const seen = new Set<string>();
  const stack = [unitId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(bySuccessor.get(id) ?? []));
  }
  return [...seen];
}
