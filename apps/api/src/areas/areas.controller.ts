import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AreaMapCommand } from '@app/domain';
import { Access } from '../auth/policy.decorator';
import { CommandContext, Ctx } from '../commands/command-context';
import { commandResponse } from '../http/command-response';
import { CommandAnswer, QueryAnswer } from '../http/api-responses';
import { AreaDetailDto, AreaListDto } from '../http/reference-responses.dto';
import { CodeParams } from '../http/params.dto';
import { ID_PATTERN } from '../http/ids';
import { problem } from '../http/problem';
import { FreshnessService } from '../queries/freshness.service';
import { FreshQueryDto } from '../queries/query.dto';
import { ChangeAreaMapCommand, MergeAreasDto, RegisterAreaDto, RenameAreaDto, ReparentAreaDto, SplitAreaDto } from './change-area-map.command';
import { GetAreaQuery, ListAreasQuery, ListAreasQueryDto } from './areas.queries';

export function areaCode(code: string): string {
  if (!ID_PATTERN.test(code)) throw problem(400, 'Invalid input', 'code is not an area code.', [{ field: 'code', message: 'is malformed' }]);
  return code;
}

/** The boundary map: every authenticated caller reads it; admins change it, each change with a date and a reason. */
@ApiTags('areas')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the area map revision the change expects' })
@Controller('api/areas')
export class AreasController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: FreshnessService,
  ) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register an area (admin); its code is never reused' })
  @CommandAnswer(201)
  async register(@Body() dto: RegisterAreaDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(dto.code, { type: 'RegisterArea', data: { code: dto.code, name: dto.name, level: dto.level, parentCode: dto.parentCode ?? null } }, ctx, res);
  }

  @Post('merge')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Merge areas into one successor, new or existing (admin); the answer names the successor' })
  @CommandAnswer(200)
  merge(@Body() dto: MergeAreasDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const { successor, ...rest } = dto;
    return this.change(successor.code, { type: 'MergeAreas', data: { ...rest, successor: { ...successor } } }, ctx, res);
  }

  @Post(':code/rename')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Rename an area from a date, with a reason (admin)' })
  @CommandAnswer(200)
  rename(@Param() { code }: CodeParams, @Body() dto: RenameAreaDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(code, { type: 'RenameArea', data: { ...dto, code: areaCode(code) } }, ctx, res);
  }

  @Post(':code/reparent')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Move an area under another parent from a date, with a reason (admin)' })
  @CommandAnswer(200)
  reparent(@Param() { code }: CodeParams, @Body() dto: ReparentAreaDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(code, { type: 'ReparentArea', data: { ...dto, code: areaCode(code) } }, ctx, res);
  }

  @Post(':code/split')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Split an area into parts, naming the default successor for its history (admin)' })
  @CommandAnswer(200)
  split(@Param() { code }: CodeParams, @Body() dto: SplitAreaDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(code, { type: 'SplitArea', data: { ...dto, parts: dto.parts.map((p) => ({ ...p })), sourceCode: areaCode(code) } }, ctx, res);
  }

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Search areas by name (diacritics ignored), level and parent' })
  @QueryAnswer(AreaListDto)
  async list(@Query() q: ListAreasQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new ListAreasQuery(q));
  }

  @Get(':code')
  @Access('authenticated')
  @ApiOperation({ summary: 'One area with its predecessors, successors and boundary history' })
  @QueryAnswer(AreaDetailDto)
  async get(@Param() { code }: CodeParams, @Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new GetAreaQuery(areaCode(code)));
  }

  private async change(id: string, change: AreaMapCommand, ctx: CommandContext, res: Response) {
    return commandResponse(res, id, await this.commands.execute(new ChangeAreaMapCommand(change, ctx)));
  }
}
