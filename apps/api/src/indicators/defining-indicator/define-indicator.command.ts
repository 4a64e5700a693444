import { Inject, Injectable } from '@nestjs/common';
import { indicatorDecider, indicatorStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { appendDecided, CommandResult, replayOf } from '../../platform/commands/command-handling';
import { DefineIndicatorDto } from './define-indicator.dto';

/** Add an indicator to the catalogue (admins: the route's policy); a code is defined once. */
@Injectable()
export class DefineIndicatorHandler {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async handle(ctx: CommandContext, dto: DefineIndicatorDto): Promise<CommandResult> {
    const indicator = await aggregateStream(this.events, indicatorStreamId(dto.code), indicatorDecider);
    const replay = replayOf(indicator, ctx);
    if (replay) return replay;
    const { code, name, unit, aggregation, scale } = dto;
    return appendDecided(this.events, indicator, indicatorDecider.decide({ type: 'DefineIndicator', data: { code, name, unit, aggregation, scale } }, indicator.state), ctx);
  }
}
