import { Inject, Injectable } from '@nestjs/common';
import { ExistingReport, notFound, parsePeriod, ReportCommand, reportDecider, reportStreamId, submissionDeadline } from '@app/domain';
import { aggregateStream, AggregatedStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertReporter, assertReviewer } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { appendDecided, CommandResult, replayOf } from '../../platform/commands/command-handling';
import { Reference, ReferenceData } from '../../platform/reference/reference-data';
import { BackEntryDto, backEntryOf } from '../back-entry';

/** A supervisor's decision on a report: approve, reject or reopen for amendment. */
export type Review =
  | { type: 'ApproveReport'; comment: string | null; backEntry?: BackEntryDto }
  | { type: 'RejectReport'; reason: string }
  | { type: 'ReopenReport'; reason: string };

/**
 * submit (the unit's reporters; the deadline of the program's calendar travels with the command),
 * approve / reject / reopen (supervisors of the unit or above, or of the program's steering unit).
 */
@Injectable()
export class ChangeStatusHandler {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async submit(ctx: CommandContext, reportId: string, dto: BackEntryDto = {}): Promise<CommandResult> {
    const { stream, report } = await this.load(reportId);
    const backEntry = backEntryOf(ctx.actor, dto);
    if (!backEntry) assertReporter(ctx.actor, report.unitId);
    const replay = replayOf(stream, ctx);
    if (replay) return replay;
    const deadline = deadlineOf(report, await this.reference.current());
    return this.decideAndAppend(ctx, stream, report, { type: 'SubmitReport', data: { reportId }, deadline, actor: ctx.actor.sub, at: ctx.now, backEntry });
  }

  async review(ctx: CommandContext, reportId: string, review: Review): Promise<CommandResult> {
    const { stream, report } = await this.load(reportId);
    const backEntry = review.type === 'ApproveReport' && review.backEntry ? backEntryOf(ctx.actor, review.backEntry) : undefined;
    if (!backEntry) assertReviewer(ctx.actor, report, await this.reference.current());
    const replay = replayOf(stream, ctx);
    if (replay) return replay;
    const by = { actor: ctx.actor.sub, at: ctx.now, backEntry };
    const command: ReportCommand =
      review.type === 'ApproveReport'
        ? { type: review.type, data: { reportId, comment: review.comment }, ...by }
        : { type: review.type, data: { reportId, reason: review.reason }, ...by };
    return this.decideAndAppend(ctx, stream, report, command);
  }

  private async load(reportId: string): Promise<{ stream: AggregatedStream<unknown>; report: ExistingReport }> {
    const stream = await aggregateStream(this.events, reportStreamId(reportId), reportDecider);
    if (stream.state.status === 'none') throw notFound(`Report ${reportId} does not exist.`);
    return { stream, report: stream.state };
  }

  private decideAndAppend(ctx: CommandContext, stream: AggregatedStream<unknown>, report: ExistingReport, command: ReportCommand): Promise<CommandResult> {
    return appendDecided(this.events, stream, reportDecider.decide(command, report), ctx);
  }
}

/** The submission deadline from the program's reporting calendar; null outside a program. */
function deadlineOf(report: ExistingReport, ref: Reference): string | null {
  if (!report.programId) return null;
  const program = ref.program(report.programId);
  const period = parsePeriod(report.period);
  return program.status === 'none' || !period ? null : submissionDeadline(program.calendar, period);
}
