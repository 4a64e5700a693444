import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listIndicators, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { IndicatorListDto } from '../../platform/http/responses.dto';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api/indicators')
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
