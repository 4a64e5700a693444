import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AREA_MAP_STREAM, AreaMapCommand, areaMapDecider, assertNever } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf, retryOnConflict } from '../../platform/commands/command-handling';

export class ChangeAreaMap extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly change: AreaMapCommand) {
    super();
  }
}

/**
 * Any change to the boundary map (admins: the route's policy): one stream, so a merge or a split
 * is one atomic append. Every change contends on that stream; deciding again on the fresh map is
 * always safe, so a lost race retries instead of answering 409 (unless If-Match pinned a revision).
 */
@CommandHandler(ChangeAreaMap)
export class ChangeAreaMapHandler implements ICommandHandler<ChangeAreaMap> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ ctx, change }: ChangeAreaMap): Promise<CommandAnswerOf> {
    const result = await retryOnConflict(ctx, 5, async () => {
      const map = await aggregateStream(this.events, AREA_MAP_STREAM, areaMapDecider);
      const replay = replayOf(map, ctx);
      if (replay) return replay;
      return appendDecided(this.events, map, areaMapDecider.decide(change, map.state), ctx);
    });
    return answered(areaCodeOf(change), result);
  }
}

/** The area a change answers with: the one it acts on, a merge's successor. */
function areaCodeOf(change: AreaMapCommand): string {
  switch (change.type) {
    case 'RegisterArea':
    case 'RenameArea':
    case 'ReparentArea':
      return change.data.code;
    case 'MergeAreas':
      return change.data.successor.code;
    case 'SplitArea':
      return change.data.sourceCode;
    default:
      return assertNever(change);
  }
}
