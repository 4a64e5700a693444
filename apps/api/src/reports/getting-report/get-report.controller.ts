import { AsOfQuery } from '../../platform/http/query.dto';
import { Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { answer, ExportableQuery, Exports } from '../../platform/export/exportable';
import { FIGURE_COLUMNS, tableOf } from '../../platform/export/table';
import { Access, Actor, FreshQueryDto, IdParams, Principal, QueryAnswer, QueryReads, Reads, revisionETag, Routes } from '../../platform/routing';
import { ReportDto } from '../report.dto';
import { GetReport } from './get-report.query';

export class ReportQueryDto extends ExportableQuery(AsOfQuery(FreshQueryDto)) {}

@Routes('reports', 'api/reports')
export class GetReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({
    summary: 'One report: status, working figures and the last approved version (as CSV/XLSX: its working figures, in the columns figures/import reads back)',
  })
  @QueryAnswer(ReportDto, { reads: ['reports'], etag: true })
  @Exports()
  async getReport(@Param() { id }: IdParams, @Query() q: ReportQueryDto, @Actor() actor: Principal, @Req() req: Request, @Reads() reads: QueryReads) {
    const store = await reads.open(q);
    return answer(q, req, () => revisionETag(req.res!, this.queries.execute(new GetReport(id, actor, store))), async () => {
      const report = await this.queries.execute(new GetReport(id, actor, store));
      return tableOf(`report-${id}`, FIGURE_COLUMNS, report.figures.map((f) => ({ ...f, partners: 'partners' in f && f.partners ? f.partners.join(' ') : null })));
    });
  }
}
