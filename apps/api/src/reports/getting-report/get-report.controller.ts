import { Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { IdParams } from '../../platform/http/params.dto';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { ReportDto } from '../../platform/http/responses.dto';
import { GetReportQuery } from './get-report.query';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('reports', 'api/reports')
export class GetReportController {
  constructor(private readonly query: GetReportQuery) {}

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One report: status, working figures and the last approved version' })
  @QueryAnswer(ReportDto, { etag: true })
  getReport(@Param() { id }: IdParams, @Query() _fresh: FreshQueryDto, @Req() req: AuthenticatedRequest) {
    return this.query.execute(id, req.principal!);
  }
}
