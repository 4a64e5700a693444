import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { programStreamId } from '@app/domain';
import { AccessService } from '../auth/access.service';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { problem } from '../http/problem';
import { programDecider } from '../programs/program-decider';
import { programOfAssignment } from './assign-area.command';
import { IsCalendarDate } from '../http/calendar-date';

export class EndAssignmentDto {
  @ApiProperty({ example: 'Đơn vị điều chuyển địa bàn đóng quân' }) @IsString() @Length(1, 2000)
  reason!: string;

  @ApiProperty({ example: '2021-07-01', description: 'The first day the unit no longer holds the area' })
  @IsCalendarDate()
  effectiveFrom!: string;
}

export class EndAssignmentCommand {
  constructor(readonly assignmentId: string, readonly dto: EndAssignmentDto, readonly ctx: CommandContext) {}
}

@CommandHandler(EndAssignmentCommand)
export class EndAssignmentHandler implements ICommandHandler<EndAssignmentCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService) {}

  execute({ assignmentId, dto, ctx }: EndAssignmentCommand): Promise<CommandResult> {
    const programId = programOfAssignment(assignmentId);
    if (!programId) throw problem(400, 'Invalid input', 'id is not an assignment id.', [{ field: 'id', message: 'is malformed' }]);
    return this.runner.run({
      streamId: programStreamId(programId),
      decider: programDecider,
      ctx,
      authorize: async (program) => {
        if (program.status === 'none' || !program.assignments[assignmentId]) throw problem(404, 'Not found', `Assignment ${assignmentId} does not exist.`);
        await this.access.assertProgramManager(ctx.principal, program.steeringUnitId);
      },
      command: () => ({ type: 'EndAssignment' as const, data: { assignmentId, reason: dto.reason, effectiveFrom: dto.effectiveFrom } }),
      retries: ctx.ifMatch === null ? 5 : 0,
    });
  }
}
