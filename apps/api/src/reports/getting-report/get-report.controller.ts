import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, FreshQueryDto, IdParams, Principal, QueryAnswer, Routes } from '../../platform/routing';
import { ReportDto } from '../report.dto';
import { GetReport } from './get-report.query';

@Routes('reports', 'api/reports')
export class GetReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One report: status, working figures and the last approved version' })
  @QueryAnswer(ReportDto, { etag: true })
  getReport(@Param() { id }: IdParams, @Query() _fresh: FreshQueryDto, @Actor() actor: Principal) {
    return this.queries.execute(new GetReport(id, actor));
  }
}
