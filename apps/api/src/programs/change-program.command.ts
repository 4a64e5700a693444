import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR, ProgramCommand, programStreamId } from '@app/domain';
import { AccessService } from '../auth/access.service';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { problem } from '../http/problem';
import { programDecider } from './program-decider';
import { IsCalendarDate } from '../http/calendar-date';

export class SignProgramDto {
  @ApiProperty({ example: '2021-01-19' }) @IsCalendarDate()
  date!: string;

  @ApiProperty({ example: ["H'Kim Hoa Byă"] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50)
  @IsString({ each: true }) @Length(1, 200, { each: true })
  signatories!: string[];
}

export class AnnualPlanDto {
  @ApiProperty({ example: 2021 }) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR)
  year!: number;

  @ApiProperty({ example: 'Giao địa bàn làm công tác dân vận cho lực lượng vũ trang' }) @IsString() @Length(1, 20000)
  text!: string;
}

export class CloseProgramDto {
  @ApiProperty({ example: '2022-11-21' }) @IsCalendarDate()
  date!: string;

  @ApiPropertyOptional({ example: 'Tổng kết giai đoạn 2017–2021' }) @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export type ProgramChange = 'sign' | 'plans' | 'close';

export class ChangeProgramCommand {
  constructor(
    readonly programId: string,
    readonly change: ProgramChange,
    readonly body: SignProgramDto | AnnualPlanDto | CloseProgramDto,
    readonly ctx: CommandContext,
  ) {}
}

/** Signing, annual plans and closing: by an admin or a supervisor of the steering unit. */
@CommandHandler(ChangeProgramCommand)
export class ChangeProgramHandler implements ICommandHandler<ChangeProgramCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService) {}

  execute({ programId, change, body, ctx }: ChangeProgramCommand): Promise<CommandResult> {
    return this.runner.run({
      streamId: programStreamId(programId),
      decider: programDecider,
      ctx,
      authorize: async (state) => {
        if (state.status === 'none') throw problem(404, 'Not found', `Program ${programId} does not exist.`);
        await this.access.assertProgramManager(ctx.principal, state.steeringUnitId);
      },
      command: (): ProgramCommand => {
        switch (change) {
          case 'sign': {
            const { date, signatories } = body as SignProgramDto;
            return { type: 'SignProgram', data: { programId, date, signatories } };
          }
          case 'plans': {
            const { year, text } = body as AnnualPlanDto;
            return { type: 'RecordAnnualPlan', data: { programId, year, text } };
          }
          case 'close': {
            const { date, reason } = body as CloseProgramDto;
            return { type: 'CloseProgram', data: { programId, date, reason: reason ?? null } };
          }
        }
      },
    });
  }
}
