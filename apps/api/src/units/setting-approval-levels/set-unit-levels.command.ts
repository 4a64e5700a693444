import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApprovalLevel, notFound, unitDecider, unitStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertUnitLevelsSetter } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';

export class SetUnitApprovalLevels extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly unitId: string, readonly levels: ApprovalLevel[]) {
    super();
  }
}

/**
 * The levels a report of the unit's subtree filed under no program passes, from its next
 * submission (each submission fixes its levels). Admins, or a supervisor of the unit and of the
 * final level it sets and the one it replaces.
 */
@CommandHandler(SetUnitApprovalLevels)
export class SetUnitApprovalLevelsHandler implements ICommandHandler<SetUnitApprovalLevels> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, unitId, levels }: SetUnitApprovalLevels): Promise<CommandAnswerOf> {
    const unit = await aggregateStream(this.events, unitStreamId(unitId), unitDecider);
    if (unit.state.status === 'none') throw notFound(`Unit ${unitId} does not exist.`);
    const ref = await this.reference.current();
    const replaced = ref.unitTreeLevels(unitId)?.levels ?? [];
    assertUnitLevelsSetter(ctx.actor, unitId, [levels.at(-1)?.unitId, replaced.at(-1)?.unitId], ref);
    const replay = replayOf(unit, ctx);
    if (replay) return answered(unitId, replay);
    const command = { type: 'SetUnitApprovalLevels' as const, data: { unitId, levels }, lineage: ref.lineage(unitId) };
    return answered(unitId, await appendDecided(this.events, unit, unitDecider.decide(command, unit.state), ctx));
  }
}
