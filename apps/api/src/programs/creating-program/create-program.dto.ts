import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CUTOFF_RULES, CutoffRule, ID_MESSAGE, ID_PATTERN, MAX_DEADLINE_DAYS, MAX_YEAR, MIN_YEAR, PERIOD_TYPES, PeriodType } from '@app/domain';

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
