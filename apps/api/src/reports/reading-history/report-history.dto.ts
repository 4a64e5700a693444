import { ApiProperty } from '@nestjs/swagger';
import { DECIMAL_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of a report's history, for the OpenAPI spec only; exact, and closed by the spec builder. */

const QUALIFIER = { type: 'string', nullable: true, enum: ['about', 'nearly', 'over', 'at_least'] } as const;

export class FigureChangeDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ enum: ['figure_recorded', 'figure_corrected', 'note_changed', 'figure_removed'] }) action!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'In the previous version (null: the figure is new)' }) oldValue!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'In this version (null: removed)' }) newValue!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) oldNote!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) note!: string | null;
  @ApiProperty(QUALIFIER) oldQualifier!: string | null;
  @ApiProperty(QUALIFIER) newQualifier!: string | null;
  @ApiProperty({ type: [String], description: 'The reasons given for the changes' }) reasons!: string[];
  @ApiProperty({ description: 'Who made the last change' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['level_approved', 'approved', 'rejected', 'reopened'] }) action!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time', description: "When (a paper report's business date)" }) at!: string;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
}

export class ReportVersionDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty() submittedBy!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: [FigureChangeDto], description: 'What changed since the previous version' }) changes!: FigureChangeDto[];
  @ApiProperty({ type: [DecisionDto], description: 'Each level\'s approval, the rejection or the reopening of this version' }) decisions!: DecisionDto[];
}

export class ReportHistoryDto {
  @ApiProperty() reportId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: 'string', nullable: true }) programId!: string | null;
  @ApiProperty() period!: string;
  @ApiProperty({ type: [ReportVersionDto] }) versions!: ReportVersionDto[];
}
