import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertNever, notFound, UnitCommand, unitDecider, unitStreamId, unprocessable } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { Reference, ReferenceData } from '../../platform/reference/reference-data';
import { UnitChange } from './change-unit.dto';

export class ChangeUnit extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly unitId: string, readonly change: UnitChange) {
    super();
  }
}

/** Rename, move under another parent (never under itself or a descendant), or merge into a successor (admins). */
@CommandHandler(ChangeUnit)
export class ChangeUnitHandler implements ICommandHandler<ChangeUnit> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, unitId, change }: ChangeUnit): Promise<CommandAnswerOf> {
    const unit = await aggregateStream(this.events, unitStreamId(unitId), unitDecider);
    if (unit.state.status === 'none') throw notFound(`Unit ${unitId} does not exist.`);
    const replay = replayOf(unit, ctx);
    if (replay) return answered(unitId, replay);
    const command = commandFor(unitId, change, await this.reference.current());
    return answered(unitId, await appendDecided(this.events, unit, unitDecider.decide(command, unit.state), ctx));
  }
}

function commandFor(unitId: string, change: UnitChange, ref: Reference): UnitCommand {
  switch (change.kind) {
    case 'rename':
      return { type: 'RenameUnit', data: { unitId, name: change.dto.name } };
    case 'move': {
      const parentLineage = ref.lineage(change.dto.parentId);
      if (parentLineage.length === 0) throw unprocessable(`Unit ${change.dto.parentId} does not exist.`, [{ field: 'parentId', message: 'unknown unit' }]);
      return { type: 'MoveUnit', data: { unitId, parentId: change.dto.parentId }, parentLineage };
    }
    case 'succeed': {
      const successor = ref.unit(change.dto.successorId);
      if (successor.status === 'none') throw unprocessable(`Unit ${change.dto.successorId} does not exist.`, [{ field: 'successorId', message: 'unknown unit' }]);
      return { type: 'SucceedUnit', data: { unitId, ...change.dto }, successorStatus: successor.status };
    }
    default:
      return assertNever(change);
  }
}
