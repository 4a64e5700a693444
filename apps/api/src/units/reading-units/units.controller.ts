import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, FreshQueryDto, IdParams, QueryAnswer, Routes } from '../../platform/routing';
import { UnitDto, UnitListDto } from './units.dto';
import { GetUnit, ListUnits } from './units.query';

@Routes('units', 'api/units')
export class UnitsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All units (reference data, readable by every authenticated caller)' })
  @QueryAnswer(UnitListDto, { reads: ['units'] })
  listUnits(@Query() _fresh: FreshQueryDto) {
    return this.queries.execute(new ListUnits());
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One unit' })
  @QueryAnswer(UnitDto, { reads: ['units'] })
  getUnit(@Param() { id }: IdParams, @Query() _fresh: FreshQueryDto) {
    return this.queries.execute(new GetUnit(id));
  }
}
