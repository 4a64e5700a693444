import { Body, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { IdParams } from '../../platform/http/params.dto';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { ChangeProgramHandler } from './change-program.command';
import { AnnualPlanDto, CloseProgramDto, SignProgramDto } from './change-program.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('programs', 'api/programs')
export class ChangeProgramController {
  constructor(private readonly handler: ChangeProgramHandler) {}

  @Post(':id/sign')
  @Access('authenticated')
  @ApiOperation({ summary: 'Record the signing: date and signatories (admin or steering supervisor)' })
  @CommandAnswer(200)
  async signProgram(@Param() { id }: IdParams, @Body() dto: SignProgramDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, { type: 'SignProgram', data: { programId: id, date: dto.date, signatories: dto.signatories } })) };
  }

  @Post(':id/plans')
  @Access('authenticated')
  @ApiOperation({ summary: "Record a year's plan (admin or steering supervisor)" })
  @CommandAnswer(200)
  async recordAnnualPlan(@Param() { id }: IdParams, @Body() dto: AnnualPlanDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, { type: 'RecordAnnualPlan', data: { programId: id, year: dto.year, text: dto.text } })) };
  }

  @Post(':id/close')
  @Access('authenticated')
  @ApiOperation({ summary: 'Close the program after its final review (admin or steering supervisor)' })
  @CommandAnswer(200)
  async closeProgram(@Param() { id }: IdParams, @Body() dto: CloseProgramDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, { type: 'CloseProgram', data: { programId: id, date: dto.date, reason: dto.reason ?? null } })) };
  }
}
