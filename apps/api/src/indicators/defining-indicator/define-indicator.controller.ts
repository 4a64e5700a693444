import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { DefineIndicator } from './define-indicator.command';
import { DefineIndicatorDto } from './define-indicator.dto';

/** The indicator catalogue is data: added through the API, each with its unit, aggregation and scale. */
@Routes('indicators', 'api/indicators')
export class DefineIndicatorController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Define an indicator (admin)' })
  @CommandAnswer(201)
  defineIndicator(@Body() dto: DefineIndicatorDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new DefineIndicator(ctx, dto)));
  }
}
