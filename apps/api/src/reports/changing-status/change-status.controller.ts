import { Body, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { IdParams } from '../../platform/http/params.dto';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { ChangeStatusHandler } from './change-status.command';
import { ApproveReportDto, ReasonDto, SubmitReportDto } from './change-status.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('reports', 'api/reports')
export class ChangeStatusController {
  constructor(private readonly handler: ChangeStatusHandler) {}

  @Post(':id/submit')
  @Access('authenticated')
  @ApiOperation({ summary: 'Submit for approval (reporter of the unit; an admin entering a paper report with occurredAt)' })
  @CommandAnswer(200)
  async submitReport(@Param() { id }: IdParams, @Body() dto: SubmitReportDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.submit(ctx, id, dto ?? {})) };
  }

  @Post(':id/approve')
  @Access('authenticated')
  @ApiOperation({ summary: 'Approve (a supervisor of the unit who did not submit this version; an admin entering a paper report with occurredAt)' })
  @CommandAnswer(200)
  async approveReport(@Param() { id }: IdParams, @Body() dto: ApproveReportDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    const { comment, ...backEntry } = dto;
    return { id, ...(await this.handler.review(ctx, id, { type: 'ApproveReport', comment: comment ?? null, backEntry })) };
  }

  @Post(':id/reject')
  @Access('authenticated')
  @ApiOperation({ summary: 'Reject with a reason (supervisor of the unit)' })
  @CommandAnswer(200)
  async rejectReport(@Param() { id }: IdParams, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.review(ctx, id, { type: 'RejectReport', reason: dto.reason })) };
  }

  @Post(':id/reopen')
  @Access('authenticated')
  @ApiOperation({ summary: 'Reopen an approved report for amendment, with a reason (supervisor of the unit)' })
  @CommandAnswer(200)
  async reopenReport(@Param() { id }: IdParams, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.review(ctx, id, { type: 'ReopenReport', reason: dto.reason })) };
  }
}
