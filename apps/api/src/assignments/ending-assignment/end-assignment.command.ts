import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound, programDecider, programStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertProgramManager } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf, retryOnConflict } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { programOfAssignment } from '../assignment-id';
import { EndAssignmentDto } from './end-assignment.dto';

export class EndAssignment extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly assignmentId: string, readonly end: EndAssignmentDto) {
    super();
  }
}

/** End an assignment early, from a date, with a reason: the steering unit's supervisors or an admin. */
@CommandHandler(EndAssignment)
export class EndAssignmentHandler implements ICommandHandler<EndAssignment> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, assignmentId, end: dto }: EndAssignment): Promise<CommandAnswerOf> {
    const result = await retryOnConflict(ctx, 5, async () => {
      const program = await aggregateStream(this.events, programStreamId(programOfAssignment(assignmentId)), programDecider);
      if (program.state.status === 'none' || !program.state.assignments[assignmentId]) throw notFound(`Assignment ${assignmentId} does not exist.`);
      assertProgramManager(ctx.actor, program.state.steeringUnitId, await this.reference.current());
      const replay = replayOf(program, ctx);
      if (replay) return replay;
      const command = { type: 'EndAssignment' as const, data: { assignmentId, reason: dto.reason, effectiveFrom: dto.effectiveFrom } };
      return appendDecided(this.events, program, programDecider.decide(command, program.state), ctx);
    });
    return answered(assignmentId, result);
  }
}
