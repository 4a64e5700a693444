import { Body, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { IdParams } from '../../platform/http/params.dto';
import { NarrativeParseDto, ParseFiguresDto, ParseFiguresQuery } from './parse-figures.query';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('reports', 'api/reports')
export class ParseFiguresController {
  constructor(private readonly query: ParseFiguresQuery) {}

  @Post(':id/figures/parse')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Draft figures from a Vietnamese sentence or table row, matched to the catalogue; records nothing (reporter of the unit)' })
  @QueryAnswer(NarrativeParseDto)
  parseFigures(@Param() { id }: IdParams, @Body() dto: ParseFiguresDto, @Req() req: AuthenticatedRequest) {
    return this.query.execute(id, dto, req.principal!);
  }
}
