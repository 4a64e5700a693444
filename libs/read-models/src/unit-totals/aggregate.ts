import { Aggregation, comparePeriodEnds, maxDecimal, sumDecimals } from '@app/domain';
import { comparePositions } from '@app/event-store';

export interface Contribution {
  unitId: string;
  period: string;
  value: string;
  /** Position of the event that last set this value; breaks ties between equal periods. */
  position: string;
}

/**
 * Combines contributions by the indicator's aggregation. `sum` adds exactly; `max` takes the
 * largest; `latest` takes the value of the latest period (by period end, then by the newest
 * change), never a sum over time.
 */
export function aggregate(aggregation: Aggregation, contributions: readonly Contribution[]): string | null {
  if (contributions.length === 0) return null;
  switch (aggregation) {
    case 'sum':
      return sumDecimals(contributions.map((c) => c.value));
    case 'max':
      return maxDecimal(contributions.map((c) => c.value));
    case 'latest':
      return [...contributions].sort(
        (a, b) => comparePeriodEnds(a.period, b.period) || comparePositions(a.position, b.position),
      )[contributions.length - 1].value;
  }
}
