import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { ChangeUnit } from './change-unit.command';
import { MoveUnitDto, RenameUnitDto, SucceedUnitDto } from './change-unit.dto';

@Routes('units', 'api/units')
export class ChangeUnitController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/rename')
  @Access('admin')
  @ApiOperation({ summary: 'Rename a unit (admin)' })
  @CommandAnswer(200)
  renameUnit(@Param() { id }: IdParams, @Body() dto: RenameUnitDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeUnit(ctx, id, { kind: 'rename', dto })));
  }

  @Post(':id/move')
  @Access('admin')
  @ApiOperation({ summary: 'Move a unit under another parent; never under itself or a descendant (admin)' })
  @CommandAnswer(200)
  moveUnit(@Param() { id }: IdParams, @Body() dto: MoveUnitDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeUnit(ctx, id, { kind: 'move', dto })));
  }

  @Post(':id/succeed')
  @Access('admin')
  @ApiOperation({ summary: "Merge a unit into a successor from a date: the successor's totals then include this unit's history (admin)" })
  @CommandAnswer(200)
  succeedUnit(@Param() { id }: IdParams, @Body() dto: SucceedUnitDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeUnit(ctx, id, { kind: 'succeed', dto })));
  }
}
