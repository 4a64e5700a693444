import { Get, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { IdParams } from '../../platform/http/params.dto';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { UnitDto, UnitListDto } from '../../platform/http/responses.dto';
import { Routes } from '../../platform/http/routes.decorator';
import { UnitsQuery } from './units.query';

@Routes('units', 'api/units')
export class UnitsController {
  constructor(private readonly query: UnitsQuery) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All units (reference data, readable by every authenticated caller)' })
  @QueryAnswer(UnitListDto)
  listUnits(@Query() _fresh: FreshQueryDto) {
    return this.query.list();
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One unit' })
  @QueryAnswer(UnitDto)
  getUnit(@Param() { id }: IdParams, @Query() _fresh: FreshQueryDto) {
    return this.query.get(id);
  }
}
