import { Get, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { ReportPageDto } from '../../platform/http/responses.dto';
import { ListReportsQuery, ListReportsQueryDto } from './list-reports.query';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('reports', 'api/reports')
export class ListReportsController {
  constructor(private readonly query: ListReportsQuery) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Reports in your scope; status=submitted is the approval queue' })
  @QueryAnswer(ReportPageDto)
  listReports(@Query() q: ListReportsQueryDto, @Req() req: AuthenticatedRequest) {
    return this.query.execute(q, req.principal!);
  }
}
