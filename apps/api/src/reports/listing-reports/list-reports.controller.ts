import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, Principal, QueryAnswer, Routes } from '../../platform/routing';
import { ReportPageDto } from '../report.dto';
import { ListReports, ListReportsQueryDto } from './list-reports.query';

@Routes('reports', 'api/reports')
export class ListReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Reports in your scope; status=submitted is the approval queue' })
  // The approval queue (awaiting=me) reads the queue and the programs; a plain listing does not.
  @QueryAnswer(ReportPageDto, { reads: (q) => (q.awaiting === 'me' ? ['approval_queue', 'reports', 'programs', 'units'] : ['reports', 'units']) })
  listReports(@Query() q: ListReportsQueryDto, @Actor() actor: Principal) {
    return this.queries.execute(new ListReports(q, actor));
  }
}
