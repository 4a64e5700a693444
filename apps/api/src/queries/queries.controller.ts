import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { parsePhase } from '@app/domain';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/policy.decorator';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { QueryAnswer } from '../http/api-responses';
import { problem } from '../http/problem';
import { AuditPageDto, SummaryDto, TotalsDto } from '../http/responses.dto';
import { PERIOD_PATTERN } from '../reports/creating-report/create-report.command';
import { FreshnessService } from './freshness.service';
import { AuditQuery, SummaryQuery, TotalsQuery } from './ledger.queries';
import { AuditQueryDto, SummaryPeriodParams, SummaryQueryDto, TotalsQueryDto } from './query.dto';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('api')
export class QueriesController {
  constructor(private readonly queries: QueryBus, private readonly freshness: FreshnessService) {}

  @Get('totals')
  @Access('authenticated')
  @ApiOperation({ summary: 'Per-unit totals by period and indicator: approved (official) and proposed' })
  @QueryAnswer(TotalsDto)
  async totals(@Query() q: TotalsQueryDto, @Req() req: AuthenticatedRequest) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new TotalsQuery(q, req.principal!));
  }

  @Get('summaries/:period')
  @Access('authenticated')
  @ApiOperation({ summary: 'A period summary (half-year, year review): indicators and report counts' })
  @QueryAnswer(SummaryDto)
  async summary(@Param() { period }: SummaryPeriodParams, @Query() q: SummaryQueryDto, @Req() req: AuthenticatedRequest) {
    if (!PERIOD_PATTERN.test(period) && !parsePhase(period)) {
      throw problem(400, 'Invalid input', 'period must be a period key such as 2021-H1 or a phase such as 2017..2021.', [{ field: 'period', message: 'is not a period key or a phase' }]);
    }
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new SummaryQuery(period, q, req.principal!));
  }

  @Get('audit')
  @Access('auditor-or-admin')
  @ApiOperation({ summary: 'The audit trail in log order: who changed what, when, old → new, why' })
  @QueryAnswer(AuditPageDto)
  async audit(@Query() q: AuditQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new AuditQuery(q));
  }
}
