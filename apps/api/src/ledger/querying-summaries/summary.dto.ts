import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECIMAL_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of the period summary, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class SummaryIndicatorDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) units!: number;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class ReportCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) draft!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) submitted!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) approved!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) rejected!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) amending!: number;
}

export class SummaryChangeDto {
  @ApiProperty({ example: 'rv-3f2a9c1d0b7e' }) reviewId!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'As the review conference announced it (null: it announced nothing for the indicator)' })
  announced!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'From the approvals now' }) now!: string | null;
}

export class SummaryDto {
  @ApiProperty({ example: '2017..2021' }) period!: string;
  @ApiProperty({ type: 'string', nullable: true }) programId!: string | null;
  @ApiPropertyOptional({ description: 'Present when the query names one' }) areaCode?: string;
  @ApiProperty({ type: [SummaryIndicatorDto] }) indicators!: SummaryIndicatorDto[];
  @ApiProperty({ type: ReportCountsDto }) reports!: ReportCountsDto;
  @ApiProperty({
    type: [SummaryChangeDto],
    description: "Indicators whose approved total differs now from what a review conference of this period (of the program, or of any program) announced, over the same units and area; empty when none",
  })
  changedSinceReview!: SummaryChangeDto[];
}
