import { Body, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { DefineIndicatorHandler } from './define-indicator.command';
import { DefineIndicatorDto } from './define-indicator.dto';
import { Routes } from '../../platform/http/routes.decorator';

/** The indicator catalogue is data: added through the API, each with its unit, aggregation and scale. */
@Routes('indicators', 'api/indicators')
export class DefineIndicatorController {
  constructor(private readonly handler: DefineIndicatorHandler) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Define an indicator (admin)' })
  @CommandAnswer(201)
  async defineIndicator(@Body() dto: DefineIndicatorDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id: dto.code, ...(await this.handler.handle(ctx, dto)) };
  }
}
