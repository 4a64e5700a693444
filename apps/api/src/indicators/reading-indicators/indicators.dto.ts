import { ApiProperty } from '@nestjs/swagger';
import { AGGREGATIONS, RULE_OPERATORS } from '@app/domain';
import { DECIMAL_PATTERN } from '../../platform/http/responses.dto';

/** Response shapes of the indicators routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class IndicatorRuleDto {
  @ApiProperty({ enum: RULE_OPERATORS }) operator!: string;
  @ApiProperty() other!: string;
  @ApiProperty() blocking!: boolean;
}

export class IndicatorRangeDto {
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) min!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL_PATTERN }) max!: string | null;
  @ApiProperty() blocking!: boolean;
}

export class IndicatorDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: AGGREGATIONS }) aggregation!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 6 }) scale!: number;
  @ApiProperty({ type: [IndicatorRuleDto], description: 'Checked against the same report\'s figures on submit' }) rules!: IndicatorRuleDto[];
  @ApiProperty({ type: IndicatorRangeDto, nullable: true, description: 'The plausible range, checked on submit' }) range!: IndicatorRangeDto | null;
}

export class IndicatorListDto {
  @ApiProperty({ type: [IndicatorDto] }) items!: IndicatorDto[];
}
