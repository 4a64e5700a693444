import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, Principal, QueryAnswer, Routes } from '../../platform/routing';
import { ExplanationDto } from './explain-total.dto';
import { ExplainQueryDto, ExplainTotal } from './explain-total.query';

@Routes('read models', 'api')
export class ExplainTotalController {
  constructor(private readonly queries: QueryBus) {}

  @Get('totals/explain')
  @Access('authenticated')
  @ApiOperation({
    summary: "What a total is made of: each approved and proposed contribution (report, unit, period, area, value, qualifier) with the events that set it (auditors, admins; supervisors of the unit); paged",
  })
  @QueryAnswer(ExplanationDto)
  explain(@Query() q: ExplainQueryDto, @Actor() actor: Principal) {
    return this.queries.execute(new ExplainTotal(q, actor));
  }
}
