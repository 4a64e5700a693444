import { AUDIT_TRAIL } from './audit-trail/audit-trail';
import { PERIOD_SUMMARIES } from './period-summaries/period-summaries';
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
];
