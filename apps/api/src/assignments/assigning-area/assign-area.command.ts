import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FieldError, programDecider, programStreamId, unprocessable } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertProgramManager } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf, retryOnConflict } from '../../platform/commands/command-handling';
import { Reference, ReferenceData } from '../../platform/reference/reference-data';
import { assignmentIdFor } from '../assignment-id';
import { AssignAreaDto } from './assign-area.dto';

export class AssignArea extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly assignment: AssignAreaDto) {
    super();
  }
}

/**
 * Giao địa bàn: the steering unit (its supervisors, or an admin) assigns an area to a unit for a
 * year. Assignments of one program contend on its stream; deciding again after a lost race is safe.
 */
@CommandHandler(AssignArea)
export class AssignAreaHandler implements ICommandHandler<AssignArea> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, assignment: dto }: AssignArea): Promise<CommandAnswerOf> {
    const assignmentId = assignmentIdFor(dto.programId, ctx.commandId);
    const result = await retryOnConflict(ctx, 5, async () => {
      const program = await aggregateStream(this.events, programStreamId(dto.programId), programDecider);
      if (program.state.status === 'none') throw unprocessable(`Program ${dto.programId} does not exist.`, [{ field: 'programId', message: 'unknown program' }]);
      const ref = await this.reference.current();
      assertProgramManager(ctx.actor, program.state.steeringUnitId, ref);
      const replay = replayOf(program, ctx);
      if (replay) return replay;
      const unknown = unknownReferences(dto, ref);
      if (unknown.length) throw unprocessable('Some references do not exist.', unknown);
      const data = { assignmentId, unitId: dto.unitId, areaCode: dto.areaCode, year: dto.year, decisionRef: dto.decisionRef ?? null, decidedAt: dto.decidedAt ?? null };
      return appendDecided(this.events, program, programDecider.decide({ type: 'AssignArea', data }, program.state), ctx);
    });
    return answered(assignmentId, result);
  }
}

function unknownReferences(dto: AssignAreaDto, ref: Reference): FieldError[] {
  const unknown: FieldError[] = [];
  if (ref.unit(dto.unitId).status === 'none') unknown.push({ field: 'unitId', message: 'unknown unit' });
  const area = ref.areaMap.areas[dto.areaCode];
  if (!area) unknown.push({ field: 'areaCode', message: 'unknown area' });
  else if (area.status !== 'active') unknown.push({ field: 'areaCode', message: `was retired; its successor is ${area.successorCode}` });
  return unknown;
}
