import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECIMAL_PATTERN, POSITION_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of the audit trail, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class AuditEntryDto {
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) at!: string;
  @ApiPropertyOptional({ format: 'date-time', description: "A paper report entered afterwards: when the act really happened (the paper's date)" }) occurredAt?: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ enum: ['created', 'figure_recorded', 'figure_corrected', 'note_changed', 'figure_removed', 'submitted', 'level_approved', 'approved', 'rejected', 'reopened'] })
  action!: string;
  @ApiProperty() reportId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: 'string', nullable: true }) indicator!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) oldValue!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) newValue!: string | null;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'], description: 'The old figure was qualified' }) oldQualifier?: string;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'], description: 'The new figure is qualified' }) newQualifier?: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: "Figure changes: the figure's note after the change" }) note?: string | null;
  @ApiPropertyOptional({ description: 'The note the figure had before, when it had one' }) oldNote?: string;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'FigureRecorded.v1' }) eventType!: string;
  @ApiProperty({ pattern: POSITION_PATTERN }) position!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}
