import { Body, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { AssignAreaHandler } from './assign-area.command';
import { AssignAreaDto } from './assign-area.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('assignments', 'api/assignments')
export class AssignAreaController {
  constructor(private readonly handler: AssignAreaHandler) {}

  @Post()
  @Access('authenticated')
  @ApiOperation({ summary: 'Assign an area to a unit for a year under a program (admin or steering supervisor)' })
  @CommandAnswer(201)
  assignArea(@Body() dto: AssignAreaDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return this.handler.handle(ctx, dto);
  }
}
