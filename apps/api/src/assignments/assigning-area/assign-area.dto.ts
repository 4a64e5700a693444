import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, MAX_YEAR, MIN_YEAR } from '@app/domain';
import { IsCalendarDate } from '../../platform/http/calendar-date';

export class AssignAreaDto {
  @ApiProperty({ example: 'daklak-dv-2021' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId!: string;

  @ApiProperty({ example: 'doan737' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiProperty({ example: 'xa-ia-lop' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode!: string;

  @ApiProperty({ example: 2021 }) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR)
  year!: number;

  @ApiPropertyOptional({ example: 'Hội nghị sơ kết 19/01/2021' }) @IsOptional() @IsString() @Length(1, 200)
  decisionRef?: string;

  @ApiPropertyOptional({ example: '2021-01-19' }) @IsOptional() @IsCalendarDate()
  decidedAt?: string;
}
