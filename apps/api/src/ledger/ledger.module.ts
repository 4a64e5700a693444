import { Module } from '@nestjs/common';
import { ExplainTotalController } from './explaining-totals/explain-total.controller';
import { ExplainTotalHandler } from './explaining-totals/explain-total.query';
import { AuditController } from './querying-audit/audit.controller';
import { QueryAuditHandler } from './querying-audit/audit.query';
import { SummaryController } from './querying-summaries/summary.controller';
import { GetSummaryHandler } from './querying-summaries/summary.query';
import { GetBreakdownHandler } from './querying-totals/breakdown.query';
import { TotalsController } from './querying-totals/totals.controller';
import { GetTotalsHandler } from './querying-totals/totals.query';
import { LogVerification } from './verifying-log/log-verification';
import { VerifyLogController } from './verifying-log/verify-log.controller';

const controllers = [TotalsController, ExplainTotalController, SummaryController, AuditController, VerifyLogController];
const queryHandlers = [GetTotalsHandler, GetBreakdownHandler, ExplainTotalHandler, GetSummaryHandler, QueryAuditHandler];

/** The ledger's read models across reports (totals, period summaries, the audit trail) and the log's verification. */
@Module({ controllers, providers: [...queryHandlers, LogVerification] })
export class LedgerModule {}
