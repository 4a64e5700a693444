import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { DECIMAL_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of the totals routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class TotalsChangeDto {
  @ApiProperty({ example: 'rv-3f2a9c1d0b7e' }) reviewId!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: "As the review conference announced it for the item's units" }) announced!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'From the approvals now' }) now!: string | null;
}

export class JointPartDto {
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
}

export class TotalsItemDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'Official: approved versions only' }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'If everything awaiting approval were approved' }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
  @ApiPropertyOptional({
    type: [TotalsChangeDto],
    description: "Present when a review conference of this period announced another value for the item's units than the approvals give now (its program's figures)",
  })
  changedSinceReview?: TotalsChangeDto[];
  @ApiPropertyOptional({
    type: JointPartDto,
    description: "Present when the unit's figures include joint work with partner units: that part, as the unit reported it. A joint activity counts once in every total over several units, at the figure that reported it first; a partner's other figure counts there, not in its own approved / proposed",
  })
  joint?: JointPartDto;
}

/** With `areaCode`: totals over the area's subtree under the current boundary map. */
export class AreaTotalsItemDto {
  @ApiProperty() areaCode!: string;
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Units with a figure in the area' }) units!: number;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class TotalsDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(TotalsItemDto) }, { $ref: getSchemaPath(AreaTotalsItemDto) }] },
    description: 'Per unit; per area when the query names an areaCode',
  })
  items!: (TotalsItemDto | AreaTotalsItemDto)[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}

export class IncludedDto {
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'The covered approved figures (already in the consolidated report)' }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
  @ApiProperty({ type: [String], description: 'The consolidated reports that cover them' }) in!: string[];
}

export class BreakdownRowDto {
  @ApiProperty({ description: "The child area's code (by=area) or the child unit's id (by=unit; the unit's own figures are keyed by the unit itself)" }) key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
  @ApiPropertyOptional({
    type: IncludedDto,
    description: "By unit: the child's figures a consolidated report covers; they count in that report's row, not here and not again in the total",
  })
  included?: IncludedDto;
}

export class BreakdownTotalDto {
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class BreakdownDto {
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ enum: ['area', 'unit'] }) by!: string;
  @ApiProperty({ type: [BreakdownRowDto] }) items!: BreakdownRowDto[];
  @ApiProperty({ type: BreakdownTotalDto, description: 'Over all rows of all pages: for sum indicators, the sum of the rows' }) total!: BreakdownTotalDto;
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}
