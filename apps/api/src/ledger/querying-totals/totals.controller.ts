import { Get, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { BreakdownDto, TotalsDto } from '../../platform/http/responses.dto';
import { BreakdownQuery, BreakdownQueryDto } from './breakdown.query';
import { TotalsQuery, TotalsQueryDto } from './totals.query';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('read models', 'api')
export class TotalsController {
  constructor(private readonly query: TotalsQuery, private readonly breakdownQuery: BreakdownQuery) {}

  @Get('totals')
  @Access('authenticated')
  @ApiOperation({ summary: 'Per-unit totals by period and indicator: approved (official) and proposed' })
  @QueryAnswer(TotalsDto)
  totals(@Query() q: TotalsQueryDto, @Req() req: AuthenticatedRequest) {
    return this.query.execute(q, req.principal!);
  }

  @Get('totals/breakdown')
  @Access('authenticated')
  @ApiOperation({ summary: 'One row per child area (at a level, under the current boundary map) or child unit, with a total row; paged' })
  @QueryAnswer(BreakdownDto)
  breakdown(@Query() q: BreakdownQueryDto, @Req() req: AuthenticatedRequest) {
    return this.breakdownQuery.execute(q, req.principal!);
  }
}
