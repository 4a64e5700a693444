import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { AssignArea } from './assign-area.command';
import { AssignAreaDto } from './assign-area.dto';

@Routes('assignments', 'api/assignments')
export class AssignAreaController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('authenticated')
  @ApiOperation({ summary: 'Assign an area to a unit for a year under a program (admin or steering supervisor)' })
  @CommandAnswer(201)
  assignArea(@Body() dto: AssignAreaDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new AssignArea(ctx, dto)));
  }
}
