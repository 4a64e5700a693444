import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound, ProgramCommand, programDecider, programStreamId, unprocessable } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertProgramManager } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';

export type ProgramChange = Extract<ProgramCommand, { type: 'SignProgram' | 'RecordAnnualPlan' | 'CloseProgram' | 'AddProgramParty' | 'SetApprovalLevels' }>;

export class ChangeProgram extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly change: ProgramChange) {
    super();
  }
}

/** Signing, annual plans, parties and closing: by an admin or a supervisor of the steering unit. */
@CommandHandler(ChangeProgram)
export class ChangeProgramHandler implements ICommandHandler<ChangeProgram> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, change: command }: ChangeProgram): Promise<CommandAnswerOf> {
    const programId = command.data.programId;
    const program = await aggregateStream(this.events, programStreamId(programId), programDecider);
    if (program.state.status === 'none') throw notFound(`Program ${programId} does not exist.`);
    const ref = await this.reference.current();
    assertProgramManager(ctx.actor, program.state.steeringUnitId, ref);
    const replay = replayOf(program, ctx);
    if (replay) return answered(programId, replay);
    if (command.type === 'AddProgramParty' && ref.unit(command.data.unitId).status === 'none') {
      throw unprocessable(`Unit ${command.data.unitId} does not exist.`, [{ field: 'unitId', message: 'unknown unit' }]);
    }
    if (command.type === 'SetApprovalLevels') {
      const unknown = command.data.levels.flatMap((l, i) => (ref.unit(l.unitId).status === 'none' ? [{ field: `levels[${i}].unitId`, message: `unknown unit ${l.unitId}` }] : []));
      if (unknown.length) throw unprocessable('Some levels name units that do not exist.', unknown);
    }
    return answered(programId, await appendDecided(this.events, program, programDecider.decide(command, program.state), ctx));
  }
}
