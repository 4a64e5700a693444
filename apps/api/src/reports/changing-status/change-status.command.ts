import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { ExistingReport, parsePeriod, ReportCommand, ReportState, reportStreamId, submissionDeadline } from '@app/domain';
import { AccessService } from '../../auth/access.service';
import { CommandContext } from '../../commands/command-context';
import { CommandResult, CommandRunner } from '../../commands/command-runner';
import { problem } from '../../http/problem';
import { reportDecider } from '../report-decider';

export class ApproveReportDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu số liệu ngày công' }) @IsString() @Length(1, 2000)
  reason!: string;
}

export type StatusChange = 'submit' | 'approve' | 'reject' | 'reopen';

export class ChangeStatusCommand {
  constructor(
    readonly reportId: string,
    readonly change: StatusChange,
    readonly body: { comment?: string; reason?: string },
    readonly ctx: CommandContext,
  ) {}
}

/**
 * submit (the unit's reporters; the deadline of the program's calendar travels with the command),
 * approve / reject / reopen (supervisors of the unit or above, or of the program's steering unit).
 */
@CommandHandler(ChangeStatusCommand)
export class ChangeStatusHandler implements ICommandHandler<ChangeStatusCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService) {}

  execute({ reportId, change, body, ctx }: ChangeStatusCommand): Promise<CommandResult> {
    const envelope = { actor: ctx.principal.sub, at: ctx.now };
    return this.runner.run({
      streamId: reportStreamId(reportId),
      decider: reportDecider,
      ctx,
      authorize: async (state) => {
        if (state.status === 'none') throw problem(404, 'Not found', `Report ${reportId} does not exist.`);
        await this.authorize(change, state, ctx);
      },
      command: async (state): Promise<ReportCommand> => {
        switch (change) {
          case 'submit':
            return { type: 'SubmitReport', data: { reportId }, deadline: await this.deadline(state), ...envelope };
          case 'approve':
            return { type: 'ApproveReport', data: { reportId, comment: body.comment ?? null }, ...envelope };
          case 'reject':
            return { type: 'RejectReport', data: { reportId, reason: body.reason ?? '' }, ...envelope };
          case 'reopen':
            return { type: 'ReopenReport', data: { reportId, reason: body.reason ?? '' }, ...envelope };
        }
      },
    });
  }

  /** The submission deadline from the program's reporting calendar; null outside a program. */
  private async deadline(report: ReportState): Promise<string | null> {
    if (report.status === 'none' || !report.programId) return null;
    const program = await this.access.program(report.programId);
    const period = parsePeriod(report.period);
    return program.status === 'none' || !period ? null : submissionDeadline(program.calendar, period);
  }

  private async authorize(change: StatusChange, report: ExistingReport, ctx: CommandContext): Promise<void> {
    if (change === 'submit') this.access.assertReporter(ctx.principal, report.unitId);
    else await this.access.assertReviewer(ctx.principal, report);
  }
}
