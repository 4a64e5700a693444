import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, CodeParams, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { ChangeAreaMap } from './change-area-map.command';
import { MergeAreasDto, RegisterAreaDto, RenameAreaDto, ReparentAreaDto, SplitAreaDto } from './change-area-map.dto';

/** The boundary map: admins change it, each change with a date and a reason. The ETag is the map's revision. */
@Routes('areas', 'api/areas')
export class ChangeAreaMapController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register an area (admin); its code is never reused' })
  @CommandAnswer(201)
  registerArea(@Body() dto: RegisterAreaDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    const data = { code: dto.code, name: dto.name, level: dto.level, parentCode: dto.parentCode ?? null };
    return answer(this.commands.execute(new ChangeAreaMap(ctx, { type: 'RegisterArea', data })));
  }

  @Post('merge')
  @Access('admin')
  @ApiOperation({ summary: 'Merge areas into one successor, new or existing (admin); the answer names the successor' })
  @CommandAnswer(200)
  mergeAreas(@Body() dto: MergeAreasDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    const { successor, ...rest } = dto;
    return answer(this.commands.execute(new ChangeAreaMap(ctx, { type: 'MergeAreas', data: { ...rest, successor: { ...successor } } })));
  }

  @Post(':code/rename')
  @Access('admin')
  @ApiOperation({ summary: 'Rename an area from a date, with a reason (admin)' })
  @CommandAnswer(200)
  renameArea(@Param() { code }: CodeParams, @Body() dto: RenameAreaDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeAreaMap(ctx, { type: 'RenameArea', data: { ...dto, code } })));
  }

  @Post(':code/reparent')
  @Access('admin')
  @ApiOperation({ summary: 'Move an area under another parent from a date, with a reason (admin)' })
  @CommandAnswer(200)
  reparentArea(@Param() { code }: CodeParams, @Body() dto: ReparentAreaDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeAreaMap(ctx, { type: 'ReparentArea', data: { ...dto, code } })));
  }

  @Post(':code/split')
  @Access('admin')
  @ApiOperation({ summary: 'Split an area into parts, naming the default successor for its history (admin)' })
  @CommandAnswer(200)
  splitArea(@Param() { code }: CodeParams, @Body() dto: SplitAreaDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    const data = { ...dto, parts: dto.parts.map((p) => ({ ...p })), sourceCode: code };
    return answer(this.commands.execute(new ChangeAreaMap(ctx, { type: 'SplitArea', data })));
  }
}
