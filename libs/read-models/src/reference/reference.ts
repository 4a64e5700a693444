import { Aggregation } from '@app/domain';
import { Doc } from '../read-model-store.port';

export const UNITS = 'units';
export const INDICATORS = 'indicators';

export interface UnitDoc extends Doc {
  name: string;
  kind: string;
  parentId: string | null;
  position: string;
}

export interface IndicatorDoc extends Doc {
  name: string;
  unit: string;
  aggregation: Aggregation;
  scale: number;
  position: string;
}
