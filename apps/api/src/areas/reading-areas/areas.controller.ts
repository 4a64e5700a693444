import { Get, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { CodeParams } from '../../platform/http/params.dto';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { AreaDetailDto, AreaListDto } from '../../platform/http/reference-responses.dto';
import { AreasQuery, ListAreasQueryDto } from './areas.query';
import { Routes } from '../../platform/http/routes.decorator';

/** The boundary map: every authenticated caller reads it. */
@Routes('areas', 'api/areas')
export class AreasController {
  constructor(private readonly query: AreasQuery) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Search areas by name (diacritics ignored), level and parent' })
  @QueryAnswer(AreaListDto)
  listAreas(@Query() q: ListAreasQueryDto) {
    return this.query.list(q);
  }

  @Get(':code')
  @Access('authenticated')
  @ApiOperation({ summary: 'One area with its predecessors, successors and boundary history' })
  @QueryAnswer(AreaDetailDto)
  getArea(@Param() { code }: CodeParams, @Query() _fresh: FreshQueryDto) {
    return this.query.get(code);
  }
}
