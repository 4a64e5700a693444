import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  ABANDONED_CLAIM_AFTER_MS, assertUnitMayReport, checkReportFitsProgram, clashingClaims, reportBookDecider, ReportBookState, reportBookStreamId,
  reportDecider, reportStreamId, reviewsAnnouncing, unprocessable,
} from '@app/domain';
import { aggregateStream, AggregatedStream, EVENT_STORE, EventStore, FoldedStreams } from '@app/event-store';
import { uuidV5 } from '@app/shared';
import { assertReporter } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, assertExpectedRevision, CommandAnswerOf, CommandResult, replayOf, retryOnConflict } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { CreateReportDto } from './create-report.dto';
import { backEntryOf } from '../back-entry';

export class CreateReport extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly report: CreateReportDto) {
    super();
  }
}

type ReportCreation = { reportId: string; unitId: string; programId: string | null; period: string };

/**
 * A draft report for a unit and period, by the unit's reporters. Two appends: first the period
 * claim in the unit's report book (where racing creations contend and exactly one wins), then
 * the report stream. Both carry ids derived from the command, so a retry after a crash between
 * them finds its own claim and completes the creation; and when no retry comes, the claim is
 * abandoned after ABANDONED_CLAIM_AFTER_MS and the next clashing creation releases it in the
 * same append as its own claim (the compensation runs where the conflict is found).
 */
@CommandHandler(CreateReport)
export class CreateReportHandler implements ICommandHandler<CreateReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly reference: ReferenceData,
    private readonly streams: FoldedStreams,
  ) {}

  async execute({ ctx, report: dto }: CreateReport): Promise<CommandAnswerOf> {
    // A paper report entered after the fact is an admin's; a live one the unit's reporter's.
    const backEntry = backEntryOf(ctx.actor, dto);
    if (!backEntry) assertReporter(ctx.actor, dto.unitId);
    const reportId = dto.id ?? uuidV5(`report:${ctx.commandId}`);
    const report = await aggregateStream(this.events, reportStreamId(reportId), reportDecider);
    const replay = replayOf(report, ctx);
    if (replay) return answered(reportId, replay);

    const ref = await this.reference.current();
    const unit = ref.unit(dto.unitId);
    if (unit.status === 'none') throw unprocessable(`Unit ${dto.unitId} does not exist.`, [{ field: 'unitId', message: 'unknown unit' }]);
    assertUnitMayReport(unit, dto.period);
    // A report under a program fits it: the program exists and is open, the unit is a party (or
    // under one), the year is in its phase, the period type in its calendar (422 / 409 otherwise).
    if (dto.programId) checkReportFitsProgram(ref.program(dto.programId), dto.period, ref.lineage(dto.unitId));
    const data = { reportId, unitId: dto.unitId, programId: dto.programId ?? null, period: dto.period };
    // A review conference of the program already announced this period: filing now is a late report, with a reason.
    const announcedIn = dto.programId ? reviewsAnnouncing(ref.program(dto.programId), dto.period).map((r) => r.reviewId) : [];
    assertExpectedRevision(report, ctx);
    // Decided before the claim, so that a refused command (a duplicate id: 409; a bad back-entry
    // date: 400; a late report without a reason: 400) claims no period either.
    // A consolidated report covers the units below its unit as the tree stands now; a report an approved one already covers is late too.
    const consolidates = dto.consolidates ? ref.descendants(dto.unitId) : null;
    const coveredBy = ref.consolidatedCovering(dto.unitId, dto.period);
    const events = reportDecider.decide(
      { type: 'CreateReport', data: { ...data, reason: dto.reason ?? null, consolidates }, announcedIn, coveredBy, actor: ctx.actor.sub, at: ctx.now, backEntry },
      report.state,
    );
    await this.claimPeriod(ctx, data);
    return answered(reportId, await appendDecided(this.events, report, events, ctx));
  }

  private claimPeriod(ctx: CommandContext, data: ReportCreation): Promise<CommandResult> {
    // The book is shared by the unit's reports of one program and year: a lost race decides again.
    const claim = { ...ctx, expectedRevision: null };
    return retryOnConflict(claim, 5, async () => {
      const book = await this.streams.load(reportBookStreamId(data.unitId, data.programId, data.period), reportBookDecider);
      const abandoned = await this.abandonedClaims(book, data, ctx.now);
      return appendDecided(this.events, book, reportBookDecider.decide({ type: 'ClaimReportPeriod', data, abandoned }, book.state), claim);
    });
  }

  /** Clashing claims recorded longer than ABANDONED_CLAIM_AFTER_MS ago whose report stream is still empty. */
  private async abandonedClaims(book: AggregatedStream<ReportBookState>, data: ReportCreation, now: string): Promise<string[]> {
    const abandoned: string[] = [];
    for (const clash of clashingClaims(book.state, data.reportId, data.period)) {
      const claimedAt = book.events
        .filter((e) => reportBookDecider.isEvent(e) && e.type === 'ReportPeriodClaimed.v1' && e.data.reportId === clash.reportId)
        .at(-1)?.metadata.recordedAt;
      if (!claimedAt || Date.parse(now) - Date.parse(claimedAt) < ABANDONED_CLAIM_AFTER_MS) continue;
      if ((await this.events.readStream(reportStreamId(clash.reportId))).length === 0) abandoned.push(clash.reportId);
    }
    return abandoned;
  }
}
