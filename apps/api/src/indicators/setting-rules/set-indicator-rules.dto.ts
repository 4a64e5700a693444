import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { DecimalInput } from '../../platform/http/decimal-input';
import { CODE_MESSAGE, CODE_PATTERN, RULE_OPERATORS, RuleOperator } from '@app/domain';

const BOUND = {
  nullable: true,
  optional: true,
  description: "At most the indicator's scale of decimal places (400 otherwise); null or absent: no bound",
};

export class ComparisonRuleDto {
  @ApiProperty({ enum: RULE_OPERATORS, example: '<=' }) @IsIn(RULE_OPERATORS, { message: `must be one of ${RULE_OPERATORS.join(' ')}` })
  operator!: RuleOperator;

  @ApiProperty({ example: 'villages_total', description: 'The indicator whose figure (same report, same area) this one is compared with' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  other!: string;

  @ApiPropertyOptional({ default: false, description: 'true: a report that breaks the rule cannot be submitted (409); false: it is submitted with a warning' })
  @IsOptional() @IsBoolean()
  blocking?: boolean;
}

export class PlausibleRangeDto {
  @DecimalInput({ ...BOUND, example: '0' })
  min?: number | string | null;

  @DecimalInput({ ...BOUND, example: '100' })
  max?: number | string | null;

  @ApiPropertyOptional({ default: false, description: 'true: a figure outside the range cannot be submitted (409); false: a warning' })
  @IsOptional() @IsBoolean()
  blocking?: boolean;
}

export class IndicatorCodeParams {
  @ApiProperty({ description: 'An indicator code', example: 'villages_reached' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}

export class SetIndicatorRulesDto {
  @ApiProperty({ type: [ComparisonRuleDto], description: "The indicator's rules, replacing the ones it has ([] for none)" })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ComparisonRuleDto)
  rules!: ComparisonRuleDto[];

  @ApiPropertyOptional({ type: PlausibleRangeDto, nullable: true, description: 'Absent or null: no range' })
  @IsOptional() @ValidateNested() @Type(() => PlausibleRangeDto)
  range?: PlausibleRangeDto | null;
}
