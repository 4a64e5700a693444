import { Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { answer, Exports } from '../../platform/export/exportable';
import { columns, TOTAL_FIELDS } from '../../platform/export/headings';
import { tableOf } from '../../platform/export/table';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { Access, Actor, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { SummaryDto } from './summary.dto';
import { GetSummary, SummaryPeriodParams, SummaryQueryDto } from './summary.query';

const SUMMARY_COLUMNS = columns(['period', 'text'], ['indicator', 'text'], ...TOTAL_FIELDS, ['units', 'integer']);

@Routes('read models', 'api')
export class SummaryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summaries/:period')
  @Access('authenticated')
  @ApiOperation({ summary: "A period summary (half-year, year review): indicators and report counts (CSV/XLSX: the indicators' rows)" })
  @QueryAnswer(SummaryDto, { reads: ['reports', 'unit_totals', 'indicators', 'reviews', 'units', 'areas'] })
  @Exports()
  async summary(@Param() { period }: SummaryPeriodParams, @Query() q: SummaryQueryDto, @Actor() actor: Principal, @Req() req: AuthenticatedRequest, @Reads() reads: QueryReads) {
    const store = await reads.open(q);
    return answer(q, req, () => this.queries.execute(new GetSummary(period, q, actor, store)), async () => {
      const summary = await this.queries.execute(new GetSummary(period, q, actor, store));
      return tableOf(`summary-${period}`, SUMMARY_COLUMNS, summary.indicators.map((row) => ({ period: summary.period, ...row })));
    });
  }
}
