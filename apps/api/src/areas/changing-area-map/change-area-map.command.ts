import { Inject, Injectable } from '@nestjs/common';
import { AREA_MAP_STREAM, AreaMapCommand, areaMapDecider } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { appendDecided, CommandResult, replayOf, retryOnConflict } from '../../platform/commands/command-handling';

/**
 * Any change to the boundary map (admins: the route's policy): one stream, so a merge or a split
 * is one atomic append. Every change contends on that stream; deciding again on the fresh map is
 * always safe, so a lost race retries instead of answering 409 (unless If-Match pinned a revision).
 */
@Injectable()
export class ChangeAreaMapHandler {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  handle(ctx: CommandContext, change: AreaMapCommand): Promise<CommandResult> {
    return retryOnConflict(ctx, 5, async () => {
      const map = await aggregateStream(this.events, AREA_MAP_STREAM, areaMapDecider);
      const replay = replayOf(map, ctx);
      if (replay) return replay;
      return appendDecided(this.events, map, areaMapDecider.decide(change, map.state), ctx);
    });
  }
}
