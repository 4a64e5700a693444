import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { indicatorDecider, indicatorStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { DefineIndicatorDto } from './define-indicator.dto';

export class DefineIndicator extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly indicator: DefineIndicatorDto) {
    super();
  }
}

/** Add an indicator to the catalogue (admins: the route's policy); a code is defined once. */
@CommandHandler(DefineIndicator)
export class DefineIndicatorHandler implements ICommandHandler<DefineIndicator> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ ctx, indicator: dto }: DefineIndicator): Promise<CommandAnswerOf> {
    const indicator = await aggregateStream(this.events, indicatorStreamId(dto.code), indicatorDecider);
    const replay = replayOf(indicator, ctx);
    if (replay) return answered(dto.code, replay);
    const { code, name, unit, aggregation, scale } = dto;
    const events = indicatorDecider.decide({ type: 'DefineIndicator', data: { code, name, unit, aggregation, scale } }, indicator.state);
    return answered(code, await appendDecided(this.events, indicator, events, ctx));
  }
}
