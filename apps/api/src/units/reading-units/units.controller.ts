import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, FreshQueryDto, IdParams, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { UnitDto, UnitListDto } from './units.dto';
import { GetUnit, ListUnits } from './units.query';

@Routes('units', 'api/units')
export class UnitsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All units (reference data, readable by every authenticated caller)' })
  @QueryAnswer(UnitListDto, { reads: ['units'] })
  async listUnits(@Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListUnits(await reads.open(fresh)));
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One unit' })
  @QueryAnswer(UnitDto, { reads: ['units'] })
  async getUnit(@Param() { id }: IdParams, @Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetUnit(id, await reads.open(fresh)));
  }
}
