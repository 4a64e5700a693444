import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, CodeParams, FreshQueryDto, QueryAnswer, Routes } from '../../platform/routing';
import { AreaDetailDto, AreaListDto } from './areas.dto';
import { GetArea, ListAreas, ListAreasQueryDto } from './areas.query';

/** The boundary map: every authenticated caller reads it. */
@Routes('areas', 'api/areas')
export class AreasController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Search areas by name (diacritics ignored), level and parent' })
  @QueryAnswer(AreaListDto, { reads: ['areas'] })
  listAreas(@Query() q: ListAreasQueryDto) {
    return this.queries.execute(new ListAreas(q));
  }

  @Get(':code')
  @Access('authenticated')
  @ApiOperation({ summary: 'One area with its predecessors, successors and boundary history' })
  @QueryAnswer(AreaDetailDto, { reads: ['areas'] })
  getArea(@Param() { code }: CodeParams, @Query() _fresh: FreshQueryDto) {
    return this.queries.execute(new GetArea(code));
  }
}
