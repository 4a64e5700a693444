import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, IdParams, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { NarrativeParseDto, ParseFigures, ParseFiguresDto } from './parse-figures.query';

@Routes('reports', 'api/reports')
export class ParseFiguresController {
  constructor(private readonly queries: QueryBus) {}

  @Post(':id/figures/parse')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Draft figures from a Vietnamese sentence or table row, matched to the catalogue; records nothing (reporter of the unit)' })
  @QueryAnswer(NarrativeParseDto, { reads: ['indicators'] })
  async parseFigures(@Param() { id }: IdParams, @Body() dto: ParseFiguresDto, @Actor() actor: Principal, @Reads() reads: QueryReads) {
    // No query string: nothing to wait for.
    return this.queries.execute(new ParseFigures(id, dto, actor, await reads.open({})));
  }
}
