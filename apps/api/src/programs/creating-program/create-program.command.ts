import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { programDecider, programStreamId, unprocessable } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { CreateProgramDto } from './create-program.dto';

export class CreateProgram extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly program: CreateProgramDto) {
    super();
  }
}

/** A program with its parties, steering unit, phase and reporting calendar (admins: the route's policy). */
@CommandHandler(CreateProgram)
export class CreateProgramHandler implements ICommandHandler<CreateProgram> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, program: dto }: CreateProgram): Promise<CommandAnswerOf> {
    const program = await aggregateStream(this.events, programStreamId(dto.id), programDecider);
    const replay = replayOf(program, ctx);
    if (replay) return answered(dto.id, replay);
    const ref = await this.reference.current();
    const references = [{ field: 'steeringUnitId', unitId: dto.steeringUnitId }, ...dto.parties.map((unitId, i) => ({ field: `parties[${i}]`, unitId }))];
    const unknown = references.filter((r) => ref.unit(r.unitId).status === 'none').map((r) => ({ field: r.field, message: `unknown unit ${r.unitId}` }));
    if (unknown.length) throw unprocessable('Some units do not exist.', unknown);
    const data = {
      programId: dto.id, name: dto.name, parties: dto.parties, steeringUnitId: dto.steeringUnitId, fromYear: dto.fromYear, toYear: dto.toYear,
      calendar: dto.calendar.map((e) => ({ periodType: e.periodType, cutoff: e.cutoff ?? 'calendar', deadlineDays: e.deadlineDays })),
    };
    return answered(dto.id, await appendDecided(this.events, program, programDecider.decide({ type: 'CreateProgram', data }, program.state), ctx));
  }
}
