import { AsOfQuery } from '../../platform/http/query.dto';
import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, FreshQueryDto, IdParams, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { ReportHistoryDto } from './report-history.dto';
import { GetReportHistory } from './report-history.query';

export class ReportHistoryQueryDto extends AsOfQuery(FreshQueryDto) {}

@Routes('reports', 'api/reports')
export class ReportHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @Access('authenticated')
  @ApiOperation({ summary: "A report's submitted versions: what changed since the previous one (values, notes, qualifiers, reasons) and each level's decision, who and when (whoever may read the report)" })
  @QueryAnswer(ReportHistoryDto, { reads: ['reports', 'audit_trail'] })
  async reportHistory(@Param() { id }: IdParams, @Query() q: ReportHistoryQueryDto, @Actor() actor: Principal, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetReportHistory(id, actor, await reads.open(q)));
  }
}
