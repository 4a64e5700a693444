import { Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { answer, Exports } from '../../platform/export/exportable';
import { columns, TOTAL_FIELDS } from '../../platform/export/headings';
import { tableOf } from '../../platform/export/table';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { SummaryDto } from '../../platform/http/responses.dto';
import { SummaryPeriodParams, SummaryQuery, SummaryQueryDto } from './summary.query';
import { Routes } from '../../platform/http/routes.decorator';

const SUMMARY_COLUMNS = columns(['period', 'text'], ['indicator', 'text'], ...TOTAL_FIELDS, ['units', 'integer']);

@Routes('read models', 'api')
export class SummaryController {
  constructor(private readonly query: SummaryQuery) {}

  @Get('summaries/:period')
  @Access('authenticated')
  @ApiOperation({ summary: "A period summary (half-year, year review): indicators and report counts (CSV/XLSX: the indicators' rows)" })
  @QueryAnswer(SummaryDto)
  @Exports()
  summary(@Param() { period }: SummaryPeriodParams, @Query() q: SummaryQueryDto, @Req() req: AuthenticatedRequest) {
    return answer(q, req, () => this.query.execute(period, q, req.principal!), async () => {
      const summary = await this.query.execute(period, q, req.principal!);
      return tableOf(`summary-${period}`, SUMMARY_COLUMNS, summary.indicators.map((row) => ({ period: summary.period, ...row })));
    });
  }
}
