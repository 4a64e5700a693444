import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, FreshQueryDto, IdParams, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { CompletenessDto, ProgramDto, ProgramListDto } from './programs.dto';
import { CompletenessQueryDto, GetCompleteness, GetProgram, ListPrograms } from './programs.query';

/** Coordination programs: every authenticated caller reads them; completeness is for their steering. */
@Routes('programs', 'api/programs')
export class ProgramsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All programs' })
  @QueryAnswer(ProgramListDto, { reads: ['programs'] })
  async listPrograms(@Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListPrograms(await reads.open(fresh)));
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One program: parties, steering unit, phase, calendar, signing, plans' })
  @QueryAnswer(ProgramDto, { reads: ['programs'] })
  async getProgram(@Param() { id }: IdParams, @Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetProgram(id, await reads.open(fresh)));
  }

  @Get(':id/completeness')
  @Access('authenticated')
  @ApiOperation({ summary: 'Expected reports (units holding assignments), received, approved, on time, for a period' })
  @QueryAnswer(CompletenessDto, { reads: ['programs', 'reports'] })
  async programCompleteness(@Param() { id }: IdParams, @Query() q: CompletenessQueryDto, @Actor() actor: Principal, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetCompleteness(id, q.period, actor, await reads.open(q)));
  }
}
