import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, MAX_YEAR, MIN_YEAR } from '@app/domain';
import { IsCalendarDate } from '../../platform/http/calendar-date';

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

export class AddPartyDto {
  @ApiProperty({ example: 'td66', description: 'The unit admitted (with its descendants) to report under the program' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;
}
