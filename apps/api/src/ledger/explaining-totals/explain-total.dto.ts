import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGGREGATIONS } from '@app/domain';
import { DECIMAL_PATTERN, POSITION_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of the explain route, for the OpenAPI spec only; exact, and closed by the spec builder. */

export class EventRefDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'FigureRecorded.v1' }) type!: string;
  @ApiProperty({ pattern: POSITION_PATTERN }) position!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'A paper report entered afterwards: when the act happened' }) occurredAt?: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
}

export class ContributionSideDto {
  @ApiProperty({ pattern: DECIMAL_PATTERN }) value!: string;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'] }) qualifier?: string;
  @ApiPropertyOptional({ enum: [true], description: 'max / latest: this contribution is the total' }) wins?: true;
  @ApiProperty({ type: EventRefDto, nullable: true, description: 'The figure change that set this value' }) event!: EventRefDto | null;
  @ApiProperty({ type: EventRefDto, nullable: true, description: 'The approval (approved side) or submission (proposed side) that put it in the total' }) decidedBy!: EventRefDto | null;
}

export class ContributionDto {
  @ApiProperty() reportId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ type: ContributionSideDto, nullable: true }) approved!: ContributionSideDto | null;
  @ApiProperty({ type: ContributionSideDto, nullable: true }) proposed!: ContributionSideDto | null;
}

export class ExplanationDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ enum: AGGREGATIONS }) aggregation!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true] }) qualified?: true;
  @ApiPropertyOptional({ enum: [true] }) proposedQualified?: true;
  @ApiProperty({ type: [ContributionDto], description: 'The contributions, by report, indicator and area; the approved values sum to approved (sum), likewise proposed' })
  items!: ContributionDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}
