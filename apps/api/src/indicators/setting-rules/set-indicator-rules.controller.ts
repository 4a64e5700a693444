import { Body, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { SetIndicatorRules } from './set-indicator-rules.command';
import { IndicatorCodeParams, SetIndicatorRulesDto } from './set-indicator-rules.dto';

/** Checks a submitted report's figures must pass (blocking) or are warned about. */
@Routes('indicators', 'api/indicators')
export class SetIndicatorRulesController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':code/rules')
  @Access('admin')
  @ApiOperation({ summary: "Set an indicator's rules against other indicators of the same report and its plausible range (admin)" })
  @CommandAnswer(200)
  setIndicatorRules(@Param() { code }: IndicatorCodeParams, @Body() dto: SetIndicatorRulesDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new SetIndicatorRules(ctx, code, dto)));
  }
}
