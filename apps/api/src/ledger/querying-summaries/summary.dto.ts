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

export class SummaryDto {
  @ApiProperty({ example: '2017..2021' }) period!: string;
  @ApiProperty({ type: 'string', nullable: true }) programId!: string | null;
  @ApiPropertyOptional({ description: 'Present when the query names one' }) areaCode?: string;
  @ApiProperty({ type: [SummaryIndicatorDto] }) indicators!: SummaryIndicatorDto[];
  @ApiProperty({ type: ReportCountsDto }) reports!: ReportCountsDto;
}
