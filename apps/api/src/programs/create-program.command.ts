import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { CUTOFF_RULES, CutoffRule, MAX_DEADLINE_DAYS, MAX_YEAR, MIN_YEAR, PERIOD_TYPES, PeriodType, programStreamId } from '@app/domain';
import { AccessService } from '../auth/access.service';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { ID_MESSAGE, ID_PATTERN } from '../http/ids';
import { problem } from '../http/problem';
import { programDecider } from './program-decider';

export class CalendarEntryDto {
  @ApiProperty({ enum: PERIOD_TYPES, example: 'year' }) @IsIn(PERIOD_TYPES)
  periodType!: PeriodType;

  @ApiPropertyOptional({ enum: CUTOFF_RULES, default: 'calendar', description: '`decree-09`: the 15th of the month before to the 14th' })
  @IsOptional() @IsIn(CUTOFF_RULES)
  cutoff?: CutoffRule;

  @ApiProperty({ minimum: 0, maximum: MAX_DEADLINE_DAYS, example: 15, description: 'Days after the cut-off by which reports are due' })
  @IsInt() @Min(0) @Max(MAX_DEADLINE_DAYS)
  deadlineDays!: number;
}

export class CreateProgramDto {
  @ApiProperty({ example: 'daklak-dv-2021' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'Chương trình phối hợp công tác Dân vận năm 2021' }) @IsString() @Length(1, 300)
  name!: string;

  @ApiProperty({ example: ['daklak-bdv', 'daklak-mttq', 'daklak-bchqs'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100)
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  parties!: string[];

  @ApiProperty({ example: 'daklak-bcd', description: 'The Ban Chỉ đạo: its supervisors review reports filed under the program' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  steeringUnitId!: string;

  @ApiProperty({ example: 2021 }) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR)
  fromYear!: number;

  @ApiProperty({ example: 2021 }) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR)
  toYear!: number;

  @ApiProperty({ type: [CalendarEntryDto], description: 'The period types the program reports on, each with its cut-off rule and deadline' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @ValidateNested({ each: true }) @Type(() => CalendarEntryDto)
  calendar!: CalendarEntryDto[];
}

export class CreateProgramCommand {
  constructor(readonly dto: CreateProgramDto, readonly ctx: CommandContext) {}
}

@CommandHandler(CreateProgramCommand)
export class CreateProgramHandler implements ICommandHandler<CreateProgramCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService) {}

  async execute({ dto, ctx }: CreateProgramCommand): Promise<CommandResult> {
    const references = [{ field: 'steeringUnitId', unitId: dto.steeringUnitId }, ...dto.parties.map((unitId, i) => ({ field: `parties[${i}]`, unitId }))];
    const unknown = [];
    for (const r of references) if ((await this.access.unit(r.unitId)).status === 'none') unknown.push({ field: r.field, message: `unknown unit ${r.unitId}` });
    if (unknown.length) throw problem(422, 'Unprocessable reference', 'Some units do not exist.', unknown);
    return this.runner.run({
      streamId: programStreamId(dto.id),
      decider: programDecider,
      ctx,
      command: () => ({
        type: 'CreateProgram' as const,
        data: {
          programId: dto.id, name: dto.name, parties: dto.parties, steeringUnitId: dto.steeringUnitId, fromYear: dto.fromYear, toYear: dto.toYear,
          calendar: dto.calendar.map((e) => ({ periodType: e.periodType, cutoff: e.cutoff ?? 'calendar', deadlineDays: e.deadlineDays })),
        },
      }),
    });
  }
}
