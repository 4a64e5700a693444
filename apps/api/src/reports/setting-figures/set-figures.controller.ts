import { Body, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { SetFigures } from './set-figures.command';
import { SetFiguresDto } from './set-figures.dto';

@Routes('reports', 'api/reports')
export class SetFiguresController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/figures')
  @Access('authenticated')
  @ApiOperation({ summary: 'Set, correct (with a reason once submitted) or remove (value null) figures' })
  @CommandAnswer(200)
  setFigures(@Param() { id }: IdParams, @Body() dto: SetFiguresDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new SetFigures(ctx, id, dto)));
  }
}
