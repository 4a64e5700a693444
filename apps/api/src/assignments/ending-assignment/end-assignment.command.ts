import { Inject, Injectable } from '@nestjs/common';
import { notFound, programDecider, programStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertProgramManager } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { appendDecided, CommandResult, replayOf, retryOnConflict } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { programOfAssignment } from '../assignment-id';
import { EndAssignmentDto } from './end-assignment.dto';

/** End an assignment early, from a date, with a reason: the steering unit's supervisors or an admin. */
@Injectable()
export class EndAssignmentHandler {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  handle(ctx: CommandContext, assignmentId: string, dto: EndAssignmentDto): Promise<CommandResult> {
    return retryOnConflict(ctx, 5, async () => {
      const program = await aggregateStream(this.events, programStreamId(programOfAssignment(assignmentId)), programDecider);
      if (program.state.status === 'none' || !program.state.assignments[assignmentId]) throw notFound(`Assignment ${assignmentId} does not exist.`);
      assertProgramManager(ctx.actor, program.state.steeringUnitId, await this.reference.current());
      const replay = replayOf(program, ctx);
      if (replay) return replay;
      const command = { type: 'EndAssignment' as const, data: { assignmentId, reason: dto.reason, effectiveFrom: dto.effectiveFrom } };
      return appendDecided(this.events, program, programDecider.decide(command, program.state), ctx);
    });
  }
}
