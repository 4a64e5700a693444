import { Module } from '@nestjs/common';
import { AuditController } from './querying-audit/audit.controller';
import { AuditQuery } from './querying-audit/audit.query';
import { SummaryController } from './querying-summaries/summary.controller';
import { SummaryQuery } from './querying-summaries/summary.query';
import { TotalsController } from './querying-totals/totals.controller';
import { TotalsQuery } from './querying-totals/totals.query';
import { BreakdownQuery } from './querying-totals/breakdown.query';
import { LogVerification } from './verifying-log/log-verification';
import { VerifyLogController } from './verifying-log/verify-log.controller';

/** The ledger's read models across reports (totals, period summaries, the audit trail) and the log's verification. */
@Module({
  controllers: [TotalsController, SummaryController, AuditController, VerifyLogController],
  providers: [TotalsQuery, BreakdownQuery, SummaryQuery, AuditQuery, LogVerification],
})
export class LedgerModule {}
