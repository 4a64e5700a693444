import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { ChangeProgram } from './change-program.command';
import { ApprovalLevelsDto } from '../../platform/http/approval-levels.dto';
import { AddPartyDto, AnnualPlanDto, CloseProgramDto, SignProgramDto } from './change-program.dto';

@Routes('programs', 'api/programs')
export class ChangeProgramController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/sign')
  @Access('authenticated')
  @ApiOperation({ summary: 'Record the signing: date and signatories (admin or steering supervisor)' })
  @CommandAnswer(200)
  signProgram(@Param() { id }: IdParams, @Body() dto: SignProgramDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeProgram(ctx, { type: 'SignProgram', data: { programId: id, date: dto.date, signatories: dto.signatories } })));
  }

  @Post(':id/plans')
  @Access('authenticated')
  @ApiOperation({ summary: "Record a year's plan (admin or steering supervisor)" })
  @CommandAnswer(200)
  recordAnnualPlan(@Param() { id }: IdParams, @Body() dto: AnnualPlanDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeProgram(ctx, { type: 'RecordAnnualPlan', data: { programId: id, year: dto.year, text: dto.text } })));
  }

  @Post(':id/parties')
  @Access('authenticated')
  @ApiOperation({ summary: 'Add a party: the unit and its descendants may then file reports under the program (admin or steering supervisor)' })
  @CommandAnswer(200)
  addProgramParty(@Param() { id }: IdParams, @Body() dto: AddPartyDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeProgram(ctx, { type: 'AddProgramParty', data: { programId: id, unitId: dto.unitId } })));
  }

  @Post(':id/approval-levels')
  @Access('authenticated')
  @ApiOperation({ summary: "Set the levels a report under the program passes before it is official, lowest first (admin or steering supervisor); from each report's next submission" })
  @CommandAnswer(200)
  setApprovalLevels(@Param() { id }: IdParams, @Body() dto: ApprovalLevelsDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    const levels = dto.levels.map(({ unitId, name }) => ({ unitId, name }));
    return answer(this.commands.execute(new ChangeProgram(ctx, { type: 'SetApprovalLevels', data: { programId: id, levels } })));
  }

  @Post(':id/close')
  @Access('authenticated')
  @ApiOperation({ summary: 'Close the program after its final review (admin or steering supervisor)' })
  @CommandAnswer(200)
  closeProgram(@Param() { id }: IdParams, @Body() dto: CloseProgramDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ChangeProgram(ctx, { type: 'CloseProgram', data: { programId: id, date: dto.date, reason: dto.reason ?? null } })));
  }
}
