import { registerDecorator, ValidationOptions } from 'class-validator';
import { CALENDAR_DATE_PATTERN, isIsoDate } from '@app/domain';

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
