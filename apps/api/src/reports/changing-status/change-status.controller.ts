import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { ReviewReport, SubmitReport } from './change-status.command';
import { ApproveReportDto, ReasonDto, SubmitAnswerDto, SubmitReportDto } from './change-status.dto';

@Routes('reports', 'api/reports')
export class ChangeStatusController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/submit')
  @Access('authenticated')
  @ApiOperation({
    summary: 'Submit for approval (reporter of the unit; an admin entering a paper report with occurredAt)',
    description: "The figures are checked against their indicators' rules and plausible ranges and the unit's history: what is found is answered as `warnings` and kept with the report; a broken blocking rule answers 409 naming the figure and the rule, and records nothing.",
  })
  @CommandAnswer(200, SubmitAnswerDto)
  submitReport(@Param() { id }: IdParams, @Body() dto: SubmitReportDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new SubmitReport(ctx, id, dto ?? {})));
  }

  @Post(':id/approve')
  @Access('authenticated')
  @ApiOperation({ summary: 'Approve (a supervisor of the unit who did not submit this version; an admin entering a paper report with occurredAt)' })
  @CommandAnswer(200)
  approveReport(@Param() { id }: IdParams, @Body() dto: ApproveReportDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    const { comment, ...backEntry } = dto;
    return answer(this.commands.execute(new ReviewReport(ctx, id, { type: 'ApproveReport', comment: comment ?? null, backEntry })));
  }

  @Post(':id/reject')
  @Access('authenticated')
  @ApiOperation({ summary: 'Reject with a reason (supervisor of the unit)' })
  @CommandAnswer(200)
  rejectReport(@Param() { id }: IdParams, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ReviewReport(ctx, id, { type: 'RejectReport', reason: dto.reason })));
  }

  @Post(':id/reopen')
  @Access('authenticated')
  @ApiOperation({ summary: 'Reopen an approved report for amendment, with a reason (supervisor of the unit)' })
  @CommandAnswer(200)
  reopenReport(@Param() { id }: IdParams, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ReviewReport(ctx, id, { type: 'ReopenReport', reason: dto.reason })));
  }
}
