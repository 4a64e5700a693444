import { Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { IdParams } from '../../platform/http/params.dto';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { CompletenessDto, ProgramDto, ProgramListDto } from '../../platform/http/reference-responses.dto';
import { CompletenessQueryDto, ProgramsQuery } from './programs.query';
import { Routes } from '../../platform/http/routes.decorator';

/** Coordination programs: every authenticated caller reads them; completeness is for their steering. */
@Routes('programs', 'api/programs')
export class ProgramsController {
  constructor(private readonly query: ProgramsQuery) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All programs' })
  @QueryAnswer(ProgramListDto)
  listPrograms(@Query() _fresh: FreshQueryDto) {
    return this.query.list();
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One program: parties, steering unit, phase, calendar, signing, plans' })
  @QueryAnswer(ProgramDto)
  getProgram(@Param() { id }: IdParams, @Query() _fresh: FreshQueryDto) {
    return this.query.get(id);
  }

  @Get(':id/completeness')
  @Access('authenticated')
  @ApiOperation({ summary: 'Expected reports (units holding assignments), received, approved, on time, for a period' })
  @QueryAnswer(CompletenessDto)
  programCompleteness(@Param() { id }: IdParams, @Query() q: CompletenessQueryDto, @Req() req: AuthenticatedRequest) {
    return this.query.completeness(id, q.period, req.principal!);
  }
}
