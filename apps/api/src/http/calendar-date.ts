import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '@app/domain';

/** Years the domain works with (its MIN_YEAR..MAX_YEAR); the OpenAPI spec carries this pattern and `format: date`. */
export const CALENDAR_DATE_PATTERN = /^(194[5-9]|19[5-9]\d|20\d\d|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const IS_CALENDAR_DATE = 'isCalendarDate';

/**
 * A real calendar date (`2025-07-01`, never `2025-02-30`) from 1945 to 2100: exactly what the
 * deciders accept, so a value the spec allows is never refused further in.
 */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: IS_CALENDAR_DATE,
      target: target.constructor,
      propertyName,
      options: { message: 'must be a date from 1945-01-01 to 2100-12-31 such as 2025-07-01', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && CALENDAR_DATE_PATTERN.test(value) && isIsoDate(value) },
    });
}
