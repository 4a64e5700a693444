import { Inject, Injectable } from '@nestjs/common';
import { unitDecider, unitStreamId, unprocessable } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { appendDecided, CommandResult, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { RegisterUnitDto } from './register-unit.dto';

/** Register a unit under an existing parent (admins: the route's policy). */
@Injectable()
export class RegisterUnitHandler {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async handle(ctx: CommandContext, dto: RegisterUnitDto): Promise<CommandResult> {
    const unit = await aggregateStream(this.events, unitStreamId(dto.id), unitDecider);
    const replay = replayOf(unit, ctx);
    if (replay) return replay;
    if (dto.parentId && (await this.reference.current()).unit(dto.parentId).status === 'none') {
      throw unprocessable(`Parent unit ${dto.parentId} does not exist.`, [{ field: 'parentId', message: 'unknown unit' }]);
    }
    const data = { unitId: dto.id, name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null };
    return appendDecided(this.events, unit, unitDecider.decide({ type: 'RegisterUnit', data }, unit.state), ctx);
  }
}
