import { Inject, Injectable } from '@nestjs/common';
import { notFound, ProgramCommand, programDecider, programStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertProgramManager } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { appendDecided, CommandResult, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';

export type ProgramChange = Extract<ProgramCommand, { type: 'SignProgram' | 'RecordAnnualPlan' | 'CloseProgram' }>;

/** Signing, annual plans and closing: by an admin or a supervisor of the steering unit. */
@Injectable()
export class ChangeProgramHandler {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async handle(ctx: CommandContext, command: ProgramChange): Promise<CommandResult> {
    const programId = command.data.programId;
    const program = await aggregateStream(this.events, programStreamId(programId), programDecider);
    if (program.state.status === 'none') throw notFound(`Program ${programId} does not exist.`);
    assertProgramManager(ctx.actor, program.state.steeringUnitId, await this.reference.current());
    const replay = replayOf(program, ctx);
    if (replay) return replay;
    return appendDecided(this.events, program, programDecider.decide(command, program.state), ctx);
  }
}
