import { Body, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CodeParams } from '../../platform/http/params.dto';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { ChangeAreaMapHandler } from './change-area-map.command';
import { MergeAreasDto, RegisterAreaDto, RenameAreaDto, ReparentAreaDto, SplitAreaDto } from './change-area-map.dto';
import { Routes } from '../../platform/http/routes.decorator';

/** The boundary map: admins change it, each change with a date and a reason. The ETag is the map's revision. */
@Routes('areas', 'api/areas')
export class ChangeAreaMapController {
  constructor(private readonly handler: ChangeAreaMapHandler) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register an area (admin); its code is never reused' })
  @CommandAnswer(201)
  async registerArea(@Body() dto: RegisterAreaDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    const data = { code: dto.code, name: dto.name, level: dto.level, parentCode: dto.parentCode ?? null };
    return { id: dto.code, ...(await this.handler.handle(ctx, { type: 'RegisterArea', data })) };
  }

  @Post('merge')
  @Access('admin')
  @ApiOperation({ summary: 'Merge areas into one successor, new or existing (admin); the answer names the successor' })
  @CommandAnswer(200)
  async mergeAreas(@Body() dto: MergeAreasDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    const { successor, ...rest } = dto;
    return { id: successor.code, ...(await this.handler.handle(ctx, { type: 'MergeAreas', data: { ...rest, successor: { ...successor } } })) };
  }

  @Post(':code/rename')
  @Access('admin')
  @ApiOperation({ summary: 'Rename an area from a date, with a reason (admin)' })
  @CommandAnswer(200)
  async renameArea(@Param() { code }: CodeParams, @Body() dto: RenameAreaDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id: code, ...(await this.handler.handle(ctx, { type: 'RenameArea', data: { ...dto, code } })) };
  }

  @Post(':code/reparent')
  @Access('admin')
  @ApiOperation({ summary: 'Move an area under another parent from a date, with a reason (admin)' })
  @CommandAnswer(200)
  async reparentArea(@Param() { code }: CodeParams, @Body() dto: ReparentAreaDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id: code, ...(await this.handler.handle(ctx, { type: 'ReparentArea', data: { ...dto, code } })) };
  }

  @Post(':code/split')
  @Access('admin')
  @ApiOperation({ summary: 'Split an area into parts, naming the default successor for its history (admin)' })
  @CommandAnswer(200)
  async splitArea(@Param() { code }: CodeParams, @Body() dto: SplitAreaDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    const data = { ...dto, parts: dto.parts.map((p) => ({ ...p })), sourceCode: code };
    return { id: code, ...(await this.handler.handle(ctx, { type: 'SplitArea', data })) };
  }
}
