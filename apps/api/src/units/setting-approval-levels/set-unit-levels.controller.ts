import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { ApprovalLevelsDto } from '../../platform/http/approval-levels.dto';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { SetUnitApprovalLevels } from './set-unit-levels.command';

@Routes('units', 'api/units')
export class SetUnitLevelsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/approval-levels')
  @Access('authenticated')
  @ApiOperation({
    summary:
      "Set the levels a report of the unit or below it, filed under no program, passes before it is official: the unit itself or units above it, lowest first; the nearest unit that defines some decides (admin, or a supervisor of the unit and of the last level's unit, new and replaced); from each report's next submission",
  })
  @CommandAnswer(200)
  setUnitApprovalLevels(@Param() { id }: IdParams, @Body() dto: ApprovalLevelsDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new SetUnitApprovalLevels(ctx, id, dto.levels.map(({ unitId, name }) => ({ unitId, name })))));
  }
}
