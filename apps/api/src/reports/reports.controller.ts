import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { Access } from '../auth/policy.decorator';
import { CommandContext, Ctx } from '../commands/command-context';
import { CommandResult } from '../commands/command-runner';
import { CommandAnswer, QueryAnswer } from '../http/api-responses';
import { commandResponse } from '../http/command-response';
import { IdParams } from '../http/params.dto';
import { ReportDto, ReportPageDto } from '../http/responses.dto';
import { FreshnessService } from '../queries/freshness.service';
import { GetReportQuery, ListReportsQuery } from '../queries/ledger.queries';
import { FreshQueryDto, ListReportsQueryDto } from '../queries/query.dto';
import { ApproveReportDto, ChangeStatusCommand, ReasonDto, StatusChange } from './changing-status/change-status.command';
import { CreateReportCommand, CreateReportDto } from './creating-report/create-report.command';
import { SetFiguresCommand, SetFiguresDto } from './setting-figures/set-figures.command';
import { NarrativeParseDto, ParseFiguresDto, ParseFiguresQuery } from './parsing-figures/parse-figures.query';


@ApiTags('reports')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: the first answer, nothing appended' })
@ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the revision the command expects (412 when stale)' })
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: FreshnessService,
  ) {}

  @Post()
  @Access('authenticated')
  @ApiOperation({ summary: 'Create a draft report for a unit and period (reporter of the unit)' })
  @CommandAnswer(201)
  async create(@Body() dto: CreateReportDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult & { id: string } = await this.commands.execute(new CreateReportCommand(dto, ctx));
    return commandResponse(res, result.id, result);
  }

  @Put(':id/figures')
  @Access('authenticated')
  @ApiOperation({ summary: 'Set, correct (with a reason once submitted) or remove (value null) figures' })
  @CommandAnswer(200)
  async setFigures(@Param() { id }: IdParams, @Body() dto: SetFiguresDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, id, await this.commands.execute(new SetFiguresCommand(id, dto, ctx)));
  }

  @Post(':id/figures/parse')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Draft figures from a Vietnamese sentence or table row, matched to the catalogue; records nothing (reporter of the unit)' })
  @QueryAnswer(NarrativeParseDto)
  parseFigures(@Param() { id }: IdParams, @Body() dto: ParseFiguresDto, @Req() req: AuthenticatedRequest) {
    return this.queries.execute(new ParseFiguresQuery(id, dto, req.principal!));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Submit for approval (reporter of the unit)' })
  @CommandAnswer(200)
  submit(@Param() { id }: IdParams, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'submit', {}, ctx, res);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Approve (a supervisor of the unit who did not submit this version)' })
  @CommandAnswer(200)
  approve(@Param() { id }: IdParams, @Body() dto: ApproveReportDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'approve', dto, ctx, res);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Reject with a reason (supervisor of the unit)' })
  @CommandAnswer(200)
  reject(@Param() { id }: IdParams, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'reject', dto, ctx, res);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Reopen an approved report for amendment, with a reason (supervisor of the unit)' })
  @CommandAnswer(200)
  reopen(@Param() { id }: IdParams, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, 'reopen', dto, ctx, res);
  }

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Reports in your scope; status=submitted is the approval queue' })
  @QueryAnswer(ReportPageDto)
  async list(@Query() q: ListReportsQueryDto, @Req() req: AuthenticatedRequest) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new ListReportsQuery(q, req.principal!));
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One report: status, working figures and the last approved version' })
  @QueryAnswer(ReportDto, { etag: true })
  async get(@Param() { id }: IdParams, @Query() q: FreshQueryDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    await this.freshness.ensure(q.minPosition);
    const view = await this.queries.execute(new GetReportQuery(id, req.principal!));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }

  private async change(id: string, change: StatusChange, body: { comment?: string; reason?: string }, ctx: CommandContext, res: Response) {
    return commandResponse(res, id, await this.commands.execute(new ChangeStatusCommand(id, change, body, ctx)));
  }
}
