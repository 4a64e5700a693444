import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, registerDecorator } from 'class-validator';

/**
 * A JSON number whose double is not exactly what was written (`416.000`, `1.10`,
 * `0.1000000000000000000001`, 20-digit integers), as the body's reader keeps it: its literal.
 *
 * It is not a string: a field that expects text refuses it as it refuses any number, and a field
 * that expects an integer refuses it too. Only decimal fields ({@link DecimalInput}) take it, as the
 * literal's plain decimal text, so the decimal rules see every digit that was sent.
 */
export class WrittenNumber {
  constructor(readonly literal: string) {}
}

/** A decimal field's value as the domain reads it: a written number becomes its literal's text. */
export function decimalText(value: unknown): unknown {
  return value instanceof WrittenNumber ? value.literal : value;
}

/** Decimal strings as the domain parses them, untrimmed (the spec's pattern says so too). */
const DECIMAL_STRING = /^\d{1,24}(\.\d{1,24})?$/;

export const DECIMAL_INPUT_SCHEMA = {
  oneOf: [{ type: 'number', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, { type: 'string', pattern: DECIMAL_STRING.source }],
};

function isDecimalInput(value: unknown): boolean {
  return (
    (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER) ||
    (typeof value === 'string' && DECIMAL_STRING.test(value))
  );
}

interface DecimalInputOptions {
  description: string;
  example?: string;
  /** null is a value of its own (removes a figure, lifts a bound). */
  nullable?: boolean;
  /** The field may be left out. */
  optional?: boolean;
}

/**
 * A non-negative decimal given as a JSON number or a decimal string (the indicator's scale is the
 * domain's to check): its schema, the unwrapping of a {@link WrittenNumber}, and the validation.
 */
export function DecimalInput({ description, example, nullable = false, optional = false }: DecimalInputOptions): PropertyDecorator {
  const schema = { ...DECIMAL_INPUT_SCHEMA, description, example, ...(nullable ? { nullable: true } : {}) };
  const message = `must be a non-negative decimal (number or string)${nullable ? ' or null' : ''}`;
  const validate = (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDecimalInput',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (value: unknown) => (nullable && value === null) || isDecimalInput(value) },
    });
  return applyDecorators(
    optional ? ApiPropertyOptional(schema) : ApiProperty(schema),
    Transform(({ value }) => decimalText(value)),
    ...(optional ? [IsOptional()] : []),
    validate,
  );
}
