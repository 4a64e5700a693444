import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVIEW_KINDS } from '@app/domain';
import { DECIMAL_PATTERN, POSITION_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of the review routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class ReviewFigureDto {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty() indicator!: string;
  @ApiProperty({ pattern: DECIMAL_PATTERN, description: 'As announced' }) value!: string;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the announced value includes a qualified figure' }) qualified?: true;
}

export class ReviewTotalDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ pattern: DECIMAL_PATTERN, description: "As announced: sum, max or latest by the indicator's aggregation" }) value!: string;
  @ApiPropertyOptional({ enum: [true] }) qualified?: true;
  @ApiProperty({ type: 'integer', minimum: 0 }) units!: number;
}

export class ReviewChangeDto {
  @ApiProperty({ example: 'rv-3f2a9c1d0b7e' }) reviewId!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'As the review announced it; null when it announced nothing for the indicator' })
  announced!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN, description: 'From the approvals now' }) now!: string | null;
}

export class ReviewDto {
  @ApiProperty({ example: 'rv-3f2a9c1d0b7e' }) id!: string;
  @ApiProperty() programId!: string;
  @ApiProperty({ example: '2020', description: 'A period key or a phase (2017..2021)' }) period!: string;
  @ApiProperty({ enum: REVIEW_KINDS }) kind!: string;
  @ApiProperty({ format: 'date' }) heldAt!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: 'string', nullable: true }) decisionRef!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ pattern: POSITION_PATTERN, description: 'The log position of the review: the announced figures are the approvals before it' }) position!: string;
  @ApiProperty({ type: [ReviewFigureDto], description: 'Per unit, area and indicator, as announced (the units in your scope)' }) figures!: ReviewFigureDto[];
  @ApiProperty({ type: [ReviewTotalDto], description: 'Per indicator over those figures, as announced' }) totals!: ReviewTotalDto[];
  @ApiProperty({ type: [ReviewChangeDto], description: 'Indicators whose total approvals have changed since (late reports, reopened and corrected reports)' })
  changedSinceReview!: ReviewChangeDto[];
}

export class ReviewListDto {
  @ApiProperty({ type: [ReviewDto], description: 'In the order they were held' }) items!: ReviewDto[];
}
