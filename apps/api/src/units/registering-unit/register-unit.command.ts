import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { unitDecider, unitStreamId, unprocessable } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { RegisterUnitDto } from './register-unit.dto';

export class RegisterUnit extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly unit: RegisterUnitDto) {
    super();
  }
}

/** Register a unit under an existing parent (admins: the route's policy). */
@CommandHandler(RegisterUnit)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnit> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, unit: dto }: RegisterUnit): Promise<CommandAnswerOf> {
    const unit = await aggregateStream(this.events, unitStreamId(dto.id), unitDecider);
    const replay = replayOf(unit, ctx);
    if (replay) return answered(dto.id, replay);
    if (dto.parentId && (await this.reference.current()).unit(dto.parentId).status === 'none') {
      throw unprocessable(`Parent unit ${dto.parentId} does not exist.`, [{ field: 'parentId', message: 'unknown unit' }]);
    }
    const data = { unitId: dto.id, name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null };
    return answered(dto.id, await appendDecided(this.events, unit, unitDecider.decide({ type: 'RegisterUnit', data }, unit.state), ctx));
  }
}
