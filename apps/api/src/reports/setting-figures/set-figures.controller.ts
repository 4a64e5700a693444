import { Body, Param, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { IdParams } from '../../platform/http/params.dto';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { SetFiguresHandler } from './set-figures.command';
import { SetFiguresDto } from './set-figures.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('reports', 'api/reports')
export class SetFiguresController {
  constructor(private readonly handler: SetFiguresHandler) {}

  @Put(':id/figures')
  @Access('authenticated')
  @ApiOperation({ summary: 'Set, correct (with a reason once submitted) or remove (value null) figures' })
  @CommandAnswer(200)
  async setFigures(@Param() { id }: IdParams, @Body() dto: SetFiguresDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, id, dto)) };
  }
}
