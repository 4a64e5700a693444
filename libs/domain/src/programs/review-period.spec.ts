import { periodWithin, reviewPeriodRange } from './review-period';

/** Which report periods a review's figures take in: a report period within the review's (a period key or a phase of years). */
describe('review periods', () => {
  it('a phase runs from 1 January of its first year to December of its last', () =>
    expect(reviewPeriodRange('2017..2021')).toEqual({ fromYear: 2017, toYear: 2021, fromMonth: 2017 * 12, toMonth: 2021 * 12 + 11, firstDay: '2017-01-01' }));

  it.each([
    ['2020', 2020 * 12, 2020 * 12 + 11, '2020-01-01'],
    ['2020-H2', 2020 * 12 + 6, 2020 * 12 + 11, '2020-07-01'],
    ['2020-Q2', 2020 * 12 + 3, 2020 * 12 + 5, '2020-04-01'],
    ['2020-11', 2020 * 12 + 10, 2020 * 12 + 10, '2020-11-01'],
  ])('a period key %s: its months and its first day', (key, fromMonth, toMonth, firstDay) =>
    expect(reviewPeriodRange(key)).toEqual({ fromYear: 2020, toYear: 2020, fromMonth, toMonth, firstDay }));

  it.each(['giai đoạn 2017-2021', '2021..2017', '2020-H3', ''])('%p is no review period', (key) => expect(reviewPeriodRange(key)).toBeNull());

  it.each([
    // [report period, review period, within]
    ['2017', '2017..2021', true],
    ['2017-01', '2017..2021', true],
    ['2021-12', '2017..2021', true],
    ['2021-H2', '2017..2021', true],
    ['2016-12', '2017..2021', false],
    ['2022-01', '2017..2021', false],
    ['2020-H1', '2020', true],
    ['2020-01', '2020-Q1', true],
    ['2020-03', '2020-Q1', true],
    ['2020-04', '2020-Q1', false],
    ['2020', '2020-H1', false],
    ['2020-H2', '2020-H1', false],
    ['2019-H2', '2020', false],
    ['2020', '2020', true],
    ['2017..2021', '2017..2021', true],
    ['2016..2021', '2017..2021', false],
    ['2017..2022', '2017..2021', false],
    ['2020..2020', '2020', true],
  ])('%s within %s: %s', (inner, outer, within) => expect(periodWithin(inner, outer)).toBe(within));

  it('a period that is none lies within nothing, and nothing lies within it', () => {
    expect(periodWithin('năm 2020', '2017..2021')).toBe(false);
    expect(periodWithin('2020', 'giai đoạn 2017-2021')).toBe(false);
  });
});
