import { AREAS } from './areas/areas';
import { AUDIT_TRAIL } from './audit-trail/audit-trail';
import { PERIOD_SUMMARIES } from './period-summaries/period-summaries';
import { ASSIGNMENTS } from './programs/programs';
import { IndexSpec } from './read-model-store.port';
import { REPORTS } from './reports/report-view';
import { UNIT_TOTALS } from './unit-totals/unit-totals';

/** One index per question the API asks of a read model. */
export const LEDGER_INDEXES: readonly IndexSpec[] = [
  { collection: REPORTS, fields: ['status'] },
  { collection: REPORTS, fields: ['unitId'] },
  { collection: REPORTS, fields: ['period'] },
  { collection: UNIT_TOTALS, fields: ['period', 'unitId'] },
  { collection: UNIT_TOTALS, fields: ['unitId', 'indicator'] },
  { collection: PERIOD_SUMMARIES, fields: ['period'] },
  { collection: AUDIT_TRAIL, fields: ['position'] },
  { collection: AUDIT_TRAIL, fields: ['reportId', 'position'] },
  { collection: AUDIT_TRAIL, fields: ['unitId', 'position'] },
  { collection: REPORTS, fields: ['programId', 'period'] },
  { collection: UNIT_TOTALS, fields: ['period', 'indicator'] },
  { collection: AREAS, fields: ['parentCode', 'status'] },
  { collection: AREAS, fields: ['successorCode'] },
  { collection: AREAS, fields: ['level'] },
  { collection: ASSIGNMENTS, fields: ['programId', 'year'] },
  { collection: ASSIGNMENTS, fields: ['unitId', 'year'] },
  { collection: ASSIGNMENTS, fields: ['areaCode'] },
];
