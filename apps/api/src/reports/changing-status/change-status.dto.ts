import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CommandResponseDto } from '../../platform/http/responses.dto';
import { BackEntryDto } from '../back-entry';
import { FigureWarningDto } from '../report.dto';

/** Submitting takes no body, or the back-entry of a paper report's submission. */
export class SubmitReportDto extends BackEntryDto {}

/** A submission's answer: the command's, and what the figure checks found (also kept with the report). */
export class SubmitAnswerDto extends CommandResponseDto {
  @ApiProperty({ type: [FigureWarningDto], description: 'Non-blocking rules broken, figures out of their plausible range, outliers against the unit\'s history; a blocking rule refuses the submission with 409 instead' })
  warnings!: FigureWarningDto[];
}

export class ApproveReportDto extends BackEntryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu số liệu ngày công' }) @IsString() @Length(1, 2000)
  reason!: string;
}
