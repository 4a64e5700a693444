import { Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { IndicatorListDto } from '../../platform/http/responses.dto';
import { Routes } from '../../platform/http/routes.decorator';
import { IndicatorsQuery } from './indicators.query';

@Routes('indicators', 'api/indicators')
export class IndicatorsController {
  constructor(private readonly query: IndicatorsQuery) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The indicator catalogue' })
  @QueryAnswer(IndicatorListDto)
  listIndicators(@Query() _fresh: FreshQueryDto) {
    return this.query.list();
  }
}
