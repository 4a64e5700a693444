import { Body, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { AssignmentIdParams } from '../assignment-id';
import { EndAssignmentHandler } from './end-assignment.command';
import { EndAssignmentDto } from './end-assignment.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('assignments', 'api/assignments')
export class EndAssignmentController {
  constructor(private readonly handler: EndAssignmentHandler) {}

  @Post(':id/end')
  @Access('authenticated')
  @ApiOperation({ summary: 'End an assignment early, from a date, with a reason (admin or steering supervisor)' })
  @CommandAnswer(200)
  async endAssignment(@Param() { id }: AssignmentIdParams, @Body() dto: EndAssignmentDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, id, dto)) };
  }
}
