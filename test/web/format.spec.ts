import { formatAmount, formatDate, formatDateTime, formatDecimal, formatPeriod, formatVnd, parseDisplayDate, periodsOf } from '../../apps/web/src/i18n/format';

/** The web app's display formats: Vietnamese first, from the API's decimal strings digit by digit. */
describe('web display formats', () => {
  it('groups thousands with a dot and decimals with a comma in Vietnamese, the other way in English', () => {
    expect(formatDecimal('416000', 'vi')).toBe('416.000');
    expect(formatDecimal('416000', 'en')).toBe('416,000');
    expect(formatDecimal('110.5', 'vi')).toBe('110,5');
    expect(formatDecimal('36.24', 'en')).toBe('36.24');
    expect(formatDecimal('0', 'vi')).toBe('0');
    expect(formatDecimal('999', 'vi')).toBe('999');
    expect(formatDecimal('1000', 'vi')).toBe('1.000');
    // 24 integer digits, beyond any float: every digit kept.
    expect(formatDecimal('123456789012345678901234.000001', 'vi')).toBe('123.456.789.012.345.678.901.234,000001');
    expect(formatDecimal(null, 'vi')).toBe('—');
    expect(formatDecimal('not a number', 'vi')).toBe('not a number');
  });

  it('writes money as the seeds do, short only when the short form is exact', () => {
    expect(formatVnd('15300000000', 'vi')).toBe('15,3 tỷ đồng');
    expect(formatVnd('15300000000', 'en')).toBe('15.3 billion VND');
    expect(formatVnd('2631000000', 'vi')).toBe('2,631 tỷ đồng');
    expect(formatVnd('16500000000', 'vi')).toBe('16,5 tỷ đồng');
    expect(formatVnd('1000000000', 'vi')).toBe('1 tỷ đồng');
    expect(formatVnd('250000000', 'vi')).toBe('250 triệu đồng');
    expect(formatVnd('2631500000', 'vi')).toBe('2.631,5 triệu đồng');
    expect(formatVnd('15312345678', 'vi')).toBe('15.312.345.678 đồng');
    expect(formatVnd('416000', 'vi')).toBe('416.000 đồng');
    expect(formatAmount('4400', 'packages', 'vi')).toBe('4.400');
    expect(formatAmount('15300000000', 'VND', 'vi')).toBe('15,3 tỷ đồng');
  });

  it('shows dates as dd/mm/yyyy in Vietnam time', () => {
    expect(formatDate('2021-01-19')).toBe('19/01/2021');
    // 17:30 UTC on the 18th is already the 19th in Vietnam (UTC+7).
    expect(formatDate('2021-01-18T17:30:00.000Z')).toBe('19/01/2021');
    expect(formatDateTime('2021-01-18T17:30:00.000Z')).toBe('19/01/2021 00:30');
    expect(formatDate(null)).toBe('—');
  });

  it('names periods as people say them', () => {
    expect(formatPeriod('2021', 'vi')).toBe('Năm 2021');
    expect(formatPeriod('2021-H1', 'vi')).toBe('6 tháng đầu năm 2021');
    expect(formatPeriod('2021-H2', 'vi')).toBe('6 tháng cuối năm 2021');
    expect(formatPeriod('2021-Q3', 'vi')).toBe('Quý III/2021');
    expect(formatPeriod('2021-07', 'vi')).toBe('Tháng 07/2021');
    expect(formatPeriod('2017..2021', 'vi')).toBe('Giai đoạn 2017–2021');
    expect(formatPeriod('2021-Q3', 'en')).toBe('Q3 2021');
    expect(periodsOf(2021, 'quarter')).toEqual(['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4']);
    expect(periodsOf(2021, 'month')).toHaveLength(12);
    expect(periodsOf(2021, 'year')).toEqual(['2017', '2018', '2019', '2020', '2021']);
    expect(periodsOf(1946, 'year')).toEqual(['1945', '1946']);
  });

  it('reads a typed dd/mm/yyyy date into the instant the API accepts, or refuses it', () => {
    expect(parseDisplayDate('19/01/2021')).toBe('2021-01-19T00:00:00+07:00');
    expect(parseDisplayDate('19/01/2021', true)).toBe('2021-01-19T23:59:59+07:00');
    expect(parseDisplayDate('1/2/2021')).toBe('2021-02-01T00:00:00+07:00');
    expect(parseDisplayDate('29/02/2024')).toBe('2024-02-29T00:00:00+07:00');
    for (const bad of ['29/02/2023', '31/04/2021', '00/01/2021', '12/13/2021', '2021-01-19', '19/01/1900', '19/01/2101', '', '19.01.2021']) expect(parseDisplayDate(bad)).toBeNull();
  });
});
