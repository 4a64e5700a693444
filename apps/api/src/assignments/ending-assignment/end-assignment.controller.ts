import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { AssignmentIdParams } from '../assignment-id';
import { EndAssignment } from './end-assignment.command';
import { EndAssignmentDto } from './end-assignment.dto';

@Routes('assignments', 'api/assignments')
export class EndAssignmentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/end')
  @Access('authenticated')
  @ApiOperation({ summary: 'End an assignment early, from a date, with a reason (admin or steering supervisor)' })
  @CommandAnswer(200)
  endAssignment(@Param() { id }: AssignmentIdParams, @Body() dto: EndAssignmentDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new EndAssignment(ctx, id, dto)));
  }
}
