import { comparePeriodEnds, isPeriodKey, parsePeriod, parsePhase, periodContains, periodsOverlap, rollupChain } from './period';

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

  describe('at the edges', () => {
    const p = (key: string) => parsePeriod(key)!;

    it('takes the years 1945 to 2100 and no others', () => {
      expect(parsePeriod('1944')).toBeNull();
      expect(parsePeriod('1945')).toMatchObject({ year: 1945 });
      expect(parsePeriod('2100-12')).toMatchObject({ year: 2100, fromMonth: 12 });
      expect(parsePeriod('2101')).toBeNull();
      expect(isPeriodKey('2021-H2')).toBe(true);
      expect(isPeriodKey('2021-H3')).toBe(false);
      expect(isPeriodKey('2017..2021')).toBe(false);
    });

    it('periods touching at one month overlap; neighbours and other years do not', () => {
      expect(periodsOverlap(p('2021-Q1'), p('2021-03'))).toBe(true);
      expect(periodsOverlap(p('2021-03'), p('2021-Q1'))).toBe(true);
      expect(periodsOverlap(p('2021-Q1'), p('2021-04'))).toBe(false);
      expect(periodsOverlap(p('2021-04'), p('2021-Q1'))).toBe(false);
      expect(periodsOverlap(p('2021'), p('2022-01'))).toBe(false);
    });

    it('a period contains those within it, ends included, and only in its year', () => {
      expect(periodContains(p('2021-H1'), p('2021-06'))).toBe(true);
      expect(periodContains(p('2021-H1'), p('2021-01'))).toBe(true);
      expect(periodContains(p('2021-H1'), p('2021-H1'))).toBe(true);
      expect(periodContains(p('2021-H1'), p('2021-07'))).toBe(false);
      expect(periodContains(p('2021-Q2'), p('2021-H1'))).toBe(false);
      expect(periodContains(p('2021-H2'), p('2021-Q2'))).toBe(false);
      expect(periodContains(p('2021'), p('2022-03'))).toBe(false);
    });

    it('orders a longer period ending in the same month before the shorter one', () => {
      expect(Math.sign(comparePeriodEnds('2021-H1', '2021-06'))).toBe(-1);
      expect(Math.sign(comparePeriodEnds('2021-06', '2021-H1'))).toBe(1);
      expect(comparePeriodEnds('2021-Q2', '2021-Q2')).toBe(0);
    });

    it('refuses to roll up what is not a period', () => {
      expect(() => rollupChain('2021-H3')).toThrow('not a period: 2021-H3');
    });

    it('phases: one year is a phase, the years stay within 1945..2100, and nothing may surround it', () => {
      expect(parsePhase('2021..2021')).toEqual({ fromYear: 2021, toYear: 2021 });
      expect(parsePhase('1945..2100')).toEqual({ fromYear: 1945, toYear: 2100 });
      expect(parsePhase('2022..2021')).toBeNull();
      expect(parsePhase('1944..2000')).toBeNull();
      expect(parsePhase('2000..2101')).toBeNull();
      expect(parsePhase('x2017..2021')).toBeNull();
      expect(parsePhase('2017..2021x')).toBeNull();
    });
  });
});
