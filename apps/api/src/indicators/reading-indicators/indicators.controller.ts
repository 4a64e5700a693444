import { Get, Inject, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { listIndicators, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { IndicatorListDto } from '../../platform/http/responses.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('indicators', 'api/indicators')
export class IndicatorsController {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The indicator catalogue' })
  @QueryAnswer(IndicatorListDto)
  async listIndicators(@Query() _fresh: FreshQueryDto) {
    const items = await listIndicators(this.store);
    return { items: items.map(({ _id, name, unit, aggregation, scale }) => ({ code: _id, name, unit, aggregation, scale })) };
  }
}
