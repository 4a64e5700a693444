import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { indicatorDecider, indicatorStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { SetIndicatorRulesDto } from './set-indicator-rules.dto';

export class SetIndicatorRules extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly code: string, readonly rules: SetIndicatorRulesDto) {
    super();
  }
}

/** Replace an indicator's rules and plausible range (admins: the route's policy). */
@CommandHandler(SetIndicatorRules)
export class SetIndicatorRulesHandler implements ICommandHandler<SetIndicatorRules> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, code, rules: dto }: SetIndicatorRules): Promise<CommandAnswerOf> {
    const indicator = await aggregateStream(this.events, indicatorStreamId(code), indicatorDecider);
    const replay = replayOf(indicator, ctx);
    if (replay) return answered(code, replay);
    const ref = await this.reference.current();
    const known = dto.rules.map((r) => r.other).filter((other) => ref.indicator(other).status === 'defined');
    const events = indicatorDecider.decide({ type: 'SetIndicatorRules', data: { code, rules: dto.rules, range: dto.range ?? null }, known }, indicator.state);
    return answered(code, await appendDecided(this.events, indicator, events, ctx));
  }
}
