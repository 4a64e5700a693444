import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, CodeParams, FreshQueryDto, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
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
  async listAreas(@Query() q: ListAreasQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListAreas(q, await reads.open(q)));
  }

  @Get(':code')
  @Access('authenticated')
  @ApiOperation({ summary: 'One area with its predecessors, successors and boundary history' })
  @QueryAnswer(AreaDetailDto, { reads: ['areas'] })
  async getArea(@Param() { code }: CodeParams, @Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetArea(code, await reads.open(fresh)));
  }
}
