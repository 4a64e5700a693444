import { ExistingReport } from '@app/domain';
import { Doc } from '../read-model-store.port';

export const REPORTS = 'reports';

/** The report as the API shows it: the domain state folded from its stream, plus the log position. */
export type ReportViewDoc = Doc & ExistingReport & { position: string; updatedAt: string };
