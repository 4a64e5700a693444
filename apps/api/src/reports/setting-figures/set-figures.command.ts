import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { invalid, notFound, reportDecider, reportStreamId } from '@app/domain';
import { EVENT_STORE, EventStore, FoldedStreams } from '@app/event-store';
import { assertReporter, assertReportInReach } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { areaFacts, scalesOf } from '../figure-facts';
import { SetFiguresDto } from './set-figures.dto';

export class SetFigures extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly reportId: string, readonly figures: SetFiguresDto) {
    super();
  }
}

/** Set, correct or remove figures: the unit's reporters, while the report is editable. */
@CommandHandler(SetFigures)
export class SetFiguresHandler implements ICommandHandler<SetFigures> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly reference: ReferenceData,
    private readonly streams: FoldedStreams,
  ) {}

  async execute({ ctx, reportId, figures: dto }: SetFigures): Promise<CommandAnswerOf> {
    // `value` must be present: class-validator skips a missing property that allows null.
    const missing = dto.figures.flatMap((f, i) => (f.value === undefined ? [{ field: `figures[${i}].value`, message: 'is required' }] : []));
    if (missing.length) throw invalid('Every figure needs a value (null removes it).', missing);

    const report = await this.streams.load(reportStreamId(reportId), reportDecider);
    if (report.state.status === 'none') throw notFound(`Report ${reportId} does not exist.`);
    const ref = await this.reference.current();
    assertReportInReach(ctx.actor, report.state, ref);
    // A paper report entered by an admin is filled in by an admin too.
    if (!(report.state.backEntered && ctx.actor.isAdmin)) assertReporter(ctx.actor, report.state.unitId);
    const replay = replayOf(report, ctx);
    if (replay) return answered(reportId, replay);

    const events = reportDecider.decide(
      {
        type: 'SetFigures',
        data: { reportId, figures: dto.figures, reason: dto.reason ?? null },
        scales: scalesOf(ref, dto.figures),
        areas: areaFacts(ref, report.state, dto.figures),
        units: dto.figures.flatMap((f) => f.partners ?? []).filter((u) => ref.unit(u).status !== 'none'),
        actor: ctx.actor.sub,
        at: ctx.now,
      },
      report.state,
    );
    return answered(reportId, await appendDecided(this.events, report, events, ctx));
  }
}
