import { addDays, CALENDAR_DATE_PATTERN, isIsoDate, lastDayOfMonth, vietnamDate } from './date';

describe('calendar dates', () => {
  it.each(['2025-07-01', '2024-02-29', '2000-02-29', '1945-09-02', '2025-12-31'])('%s is a date', (date) => expect(isIsoDate(date)).toBe(true));

  it.each([
    ['a day past the month', '2025-02-29'],
    ['the 30th of February', '2025-02-30'],
    ['the 31st of April', '2025-04-31'],
    ['month 13', '2025-13-01'],
    ['month 0', '2025-00-10'],
    ['day 0', '2025-07-00'],
    ['1900, not a leap year', '1900-02-29'],
    ['a date and time', '2025-07-01T00:00:00Z'],
    ['a Vietnamese date', '01/07/2025'],
    ['no padding', '2025-7-1'],
    ['an empty string', ''],
  ])('%s (%s) is not a date', (_, value) => expect(isIsoDate(value)).toBe(false));

  it.each([[20250701], [null], [undefined], [new Date('2025-07-01')]])('%s, not a string, is not a date', (value) => expect(isIsoDate(value)).toBe(false));

  it('adds days across months and years, and finds the last day of a month', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-07-01', 0)).toBe('2025-07-01');
    expect(lastDayOfMonth(2024, 2)).toBe('2024-02-29');
    expect(lastDayOfMonth(2025, 2)).toBe('2025-02-28');
    expect(lastDayOfMonth(2025, 12)).toBe('2025-12-31');
  });

  it('reads an instant as the date in Vietnam (UTC+7)', () => {
    expect(vietnamDate('2025-07-01T16:59:59.999Z')).toBe('2025-07-01');
    expect(vietnamDate('2025-07-01T17:00:00.000Z')).toBe('2025-07-02');
    expect(vietnamDate('2025-06-30T23:30:00+07:00')).toBe('2025-06-30');
  });

  it('the validators\' pattern takes the years 1945..2100 only', () => {
    expect(CALENDAR_DATE_PATTERN.test('1945-01-01')).toBe(true);
    expect(CALENDAR_DATE_PATTERN.test('2100-12-31')).toBe(true);
    expect(CALENDAR_DATE_PATTERN.test('1944-12-31')).toBe(false);
    expect(CALENDAR_DATE_PATTERN.test('2101-01-01')).toBe(false);
  });
});
