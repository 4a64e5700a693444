import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, FreshQueryDto, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { IndicatorListDto } from './indicators.dto';
import { ListIndicators } from './indicators.query';

@Routes('indicators', 'api/indicators')
export class IndicatorsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The indicator catalogue' })
  @QueryAnswer(IndicatorListDto, { reads: ['indicators'] })
  async listIndicators(@Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListIndicators(await reads.open(fresh)));
  }
}
