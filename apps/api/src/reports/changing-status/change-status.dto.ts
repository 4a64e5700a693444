import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { BackEntryDto } from '../back-entry';

/** Submitting takes no body, or the back-entry of a paper report's submission. */
export class SubmitReportDto extends BackEntryDto {}

export class ApproveReportDto extends BackEntryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu số liệu ngày công' }) @IsString() @Length(1, 2000)
  reason!: string;
}
