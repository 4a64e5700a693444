import { Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { SummaryDto } from '../../platform/http/responses.dto';
import { SummaryPeriodParams, SummaryQuery, SummaryQueryDto } from './summary.query';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('read models', 'api')
export class SummaryController {
  constructor(private readonly query: SummaryQuery) {}

  @Get('summaries/:period')
  @Access('authenticated')
  @ApiOperation({ summary: 'A period summary (half-year, year review): indicators and report counts' })
  @QueryAnswer(SummaryDto)
  summary(@Param() { period }: SummaryPeriodParams, @Query() q: SummaryQueryDto, @Req() req: AuthenticatedRequest) {
    return this.query.execute(period, q, req.principal!);
  }
}
