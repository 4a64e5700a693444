import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, Matches, registerDecorator, ValidateNested } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, RULE_OPERATORS, RuleOperator } from '@app/domain';

const DECIMAL_STRING = /^\d{1,24}(\.\d{1,24})?$/;

/** A JSON number or a decimal string; the indicator's scale is checked by the domain. */
function IsBound() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBound',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a non-negative decimal (number or string) or null' },
      validator: {
        validate: (value: unknown) =>
          value === null ||
          (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER) ||
          (typeof value === 'string' && DECIMAL_STRING.test(value)),
      },
    });
}

const BOUND_SCHEMA = {
  oneOf: [{ type: 'number', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, { type: 'string', pattern: DECIMAL_STRING.source }],
  nullable: true,
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
  @ApiPropertyOptional({ ...BOUND_SCHEMA, example: '0' } as ApiPropertyOptions) @IsOptional() @IsBound()
  min?: number | string | null;

  @ApiPropertyOptional({ ...BOUND_SCHEMA, example: '100' } as ApiPropertyOptions) @IsOptional() @IsBound()
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
