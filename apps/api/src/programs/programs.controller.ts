import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { Access } from '../auth/policy.decorator';
import { CommandContext, Ctx } from '../commands/command-context';
import { commandResponse } from '../http/command-response';
import { CommandAnswer, QueryAnswer } from '../http/api-responses';
import { CompletenessDto, ProgramDto, ProgramListDto } from '../http/reference-responses.dto';
import { IdParams } from '../http/params.dto';
import { ID_PATTERN } from '../http/ids';
import { problem } from '../http/problem';
import { FreshnessService } from '../queries/freshness.service';
import { FreshQueryDto } from '../queries/query.dto';
import { AnnualPlanDto, ChangeProgramCommand, CloseProgramDto, ProgramChange, SignProgramDto } from './change-program.command';
import { CreateProgramCommand, CreateProgramDto } from './create-program.command';
import { CompletenessQuery, CompletenessQueryDto, GetProgramQuery, ListProgramsQuery } from './programs.queries';

function programId(id: string): string {
  if (!ID_PATTERN.test(id)) throw problem(400, 'Invalid input', 'id is not a program id.', [{ field: 'id', message: 'is malformed' }]);
  return id;
}

/** Coordination programs: admins create them; admins and the steering unit's supervisors sign, plan and close them. */
@ApiTags('programs')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false })
@Controller('api/programs')
export class ProgramsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: FreshnessService,
  ) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create a program: parties, steering unit, phase and reporting calendar (admin)' })
  @CommandAnswer(201)
  async create(@Body() dto: CreateProgramDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, dto.id, await this.commands.execute(new CreateProgramCommand(dto, ctx)));
  }

  @Post(':id/sign')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Record the signing: date and signatories (admin or steering supervisor)' })
  @CommandAnswer(200)
  sign(@Param() { id }: IdParams, @Body() dto: SignProgramDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'sign', dto, ctx, res);
  }

  @Post(':id/plans')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: "Record a year's plan (admin or steering supervisor)" })
  @CommandAnswer(200)
  plan(@Param() { id }: IdParams, @Body() dto: AnnualPlanDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'plans', dto, ctx, res);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Close the program after its final review (admin or steering supervisor)' })
  @CommandAnswer(200)
  close(@Param() { id }: IdParams, @Body() dto: CloseProgramDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'close', dto, ctx, res);
  }

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All programs' })
  @QueryAnswer(ProgramListDto)
  async list(@Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new ListProgramsQuery());
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One program: parties, steering unit, phase, calendar, signing, plans' })
  @QueryAnswer(ProgramDto)
  async get(@Param() { id }: IdParams, @Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new GetProgramQuery(programId(id)));
  }

  @Get(':id/completeness')
  @Access('authenticated')
  @ApiOperation({ summary: 'Expected reports (units holding assignments), received, approved, on time, for a period' })
  @QueryAnswer(CompletenessDto)
  async completeness(@Param() { id }: IdParams, @Query() q: CompletenessQueryDto, @Req() req: AuthenticatedRequest) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new CompletenessQuery(programId(id), q.period, req.principal!));
  }

  private async change(id: string, change: ProgramChange, body: SignProgramDto | AnnualPlanDto | CloseProgramDto, ctx: CommandContext, res: Response) {
    return commandResponse(res, id, await this.commands.execute(new ChangeProgramCommand(programId(id), change, body, ctx)));
  }
}
