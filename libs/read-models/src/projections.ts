import { approvalQueueProjection } from './approval-queue/approval-queue.projection';
import { areasProjection } from './areas/areas.projection';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { programsProjection } from './programs/programs.projection';
import { Projection } from './projection/projection';
import { indicatorsProjection, unitsProjection } from './reference/reference.projection';
import { reviewsProjection } from './reviews/reviews.projection';
import { reportsProjection } from './reports/reports.projection';
import { unitTotalsProjection } from './unit-totals/unit-totals.projection';

/**
 * Every read model's projection: the one list the projector runs. A new read model adds its
 * folder and one line here.
 */
export const PROJECTIONS: readonly Projection[] = [
  reportsProjection,
  unitTotalsProjection,
  auditTrailProjection,
  unitsProjection,
  indicatorsProjection,
  areasProjection,
  programsProjection,
  approvalQueueProjection,
  reviewsProjection,
];

export function projectionsNamed(names: readonly string[]): Projection[] {
  const unknown = names.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown.length) throw new Error(`unknown read model${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${PROJECTIONS.map((p) => p.name).join(', ')})`);
  return names.length ? PROJECTIONS.filter((p) => names.includes(p.name)) : [...PROJECTIONS];
}
