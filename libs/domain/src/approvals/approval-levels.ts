import { FieldError } from '../errors';

/** One level of a review: the unit whose supervisors approve at that level. */
export interface ApprovalLevel {
  unitId: string;
  name: string;
}

/** At most this many levels (district, province, region, ...). */
export const MAX_APPROVAL_LEVELS = 5;

/** A copy holding only the two fields (whatever else a caller's objects carry). */
export function copyLevels(levels: readonly ApprovalLevel[]): ApprovalLevel[] {
  return levels.map(({ unitId, name }) => ({ unitId, name }));
}

/** What is wrong with a list of levels in itself: too many, a name missing, a unit twice. */
export function approvalLevelErrors(levels: readonly ApprovalLevel[]): FieldError[] {
  const errors: FieldError[] = [];
  if (levels.length > MAX_APPROVAL_LEVELS) errors.push({ field: 'levels', message: `must name at most ${MAX_APPROVAL_LEVELS} levels` });
  levels.forEach((l, i) => {
    if (!l.name.trim()) errors.push({ field: `levels[${i}].name`, message: 'is required' });
    if (levels.findIndex((m) => m.unitId === l.unitId) !== i) errors.push({ field: `levels[${i}].unitId`, message: 'names a unit of an earlier level' });
  });
  return errors;
}

export const sameLevels = (a: readonly ApprovalLevel[], b: readonly ApprovalLevel[]) =>
  a.length === b.length && a.every((l, i) => l.unitId === b[i].unitId && l.name === b[i].name);

/**
 * The levels a report of `lineage[0]` filed under no program passes: those of the nearest unit,
 * itself or above, that defines some (`levelsOf` answers a unit's own, [] when it defines none);
 * none anywhere: one approval. `lineage` is the unit and its ancestors, nearest first.
 */
export function unitTreeLevels(lineage: readonly string[], levelsOf: (unitId: string) => readonly ApprovalLevel[]): { definedBy: string; levels: ApprovalLevel[] } | null {
  for (const unitId of lineage) {
    const levels = levelsOf(unitId);
    if (levels.length) return { definedBy: unitId, levels: copyLevels(levels) };
  }
  return null;
}
