import { Aggregation, ApprovalLevel, ComparisonRule, PlausibleRange } from '@app/domain';
import { Doc } from '../read-model-store.port';

export const UNITS = 'units';
export const INDICATORS = 'indicators';

export interface UnitDoc extends Doc {
  name: string;
  kind: string;
  parentId: string | null;
  /** Set once the unit was merged into another (its history then counts there); absent on documents written before succession existed. */
  successorId?: string | null;
  succeededFrom?: string | null;
  /** The unit's own levels for reports of its subtree under no program; absent until set. */
  approvalLevels?: ApprovalLevel[];
  position: string;
}

export interface IndicatorDoc extends Doc {
  name: string;
  unit: string;
  aggregation: Aggregation;
  scale: number;
  /** Absent until rules are set (and on documents written before rules existed). */
  rules?: ComparisonRule[];
  range?: PlausibleRange | null;
  position: string;
}
