import { comparePeriodEnds, parsePeriod, parsePhase, periodContains, periodsOverlap, rollupChain } from './period';

describe('period', () => {
  it('parses every period type', () => {
    expect(parsePeriod('2021')).toMatchObject({ type: 'year', fromMonth: 1, toMonth: 12 });
    expect(parsePeriod('2021-H2')).toMatchObject({ type: 'half', fromMonth: 7, toMonth: 12 });
    expect(parsePeriod('2021-Q3')).toMatchObject({ type: 'quarter', fromMonth: 7, toMonth: 9 });
    expect(parsePeriod('2021-07')).toMatchObject({ type: 'month', fromMonth: 7, toMonth: 7 });
  });

  it.each(['21', '2021-13', '2021-00', '2021-H3', '2021-Q5', '2021-7', '2021-h1', '1800', '2021 ', '2017..2021'])(
    'rejects %p',
    (key) => expect(parsePeriod(key)).toBeNull(),
  );

  it('rolls a month up through its quarter and half to the year', () => {
    expect(rollupChain('2021-07')).toEqual(['2021-07', '2021-Q3', '2021-H2', '2021']);
    expect(rollupChain('2021-Q2')).toEqual(['2021-Q2', '2021-H1', '2021']);
    expect(rollupChain('2021-H1')).toEqual(['2021-H1', '2021']);
    expect(rollupChain('2021')).toEqual(['2021']);
  });

  it('detects overlap and containment', () => {
    const p = (k: string) => parsePeriod(k)!;
    expect(periodsOverlap(p('2021-H1'), p('2021'))).toBe(true);
    expect(periodsOverlap(p('2021-H1'), p('2021-Q2'))).toBe(true);
    expect(periodsOverlap(p('2021-H1'), p('2021-07'))).toBe(false);
    expect(periodsOverlap(p('2021'), p('2022'))).toBe(false);
    expect(periodContains(p('2021-H2'), p('2021-Q3'))).toBe(true);
    expect(periodContains(p('2021-Q3'), p('2021-H2'))).toBe(false);
  });

  it('orders periods by their end', () => {
    expect(['2021', '2021-07', '2021-Q1', '2021-H1'].sort(comparePeriodEnds)).toEqual(['2021-Q1', '2021-H1', '2021-07', '2021']);
  });

  it('parses phases', () => {
    expect(parsePhase('2017..2021')).toEqual({ fromYear: 2017, toYear: 2021 });
    expect(parsePhase('2021..2017')).toBeNull();
  });
});
