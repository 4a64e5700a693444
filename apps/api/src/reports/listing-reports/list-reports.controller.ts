import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
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
  async listReports(@Query() q: ListReportsQueryDto, @Actor() actor: Principal, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListReports(q, actor, await reads.open(q)));
  }
}
