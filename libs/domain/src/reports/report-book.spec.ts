import { deciderSpecification } from '../testing/decider-specification';
import { clashingClaims, decideReportBook, evolveReportBook, initialReportBookState, ReportBookEvent, reportBookStreamId } from './report-book';

const spec = deciderSpecification({ decide: decideReportBook, evolve: evolveReportBook, initialState: initialReportBookState });
const claim = (reportId: string, period: string) => ({ type: 'ClaimReportPeriod' as const, data: { reportId, unitId: 'td66', programId: 'p1', period } });
const claimed = (reportId: string, period: string): ReportBookEvent => ({ type: 'ReportPeriodClaimed.v1', data: { reportId, unitId: 'td66', programId: 'p1', period } });

describe('report book', () => {
  it('given an H1 report, when a year report is claimed, then conflict', () =>
    spec.given([claimed('a', '2021-H1')]).when(claim('b', '2021')).thenFails('conflict'));
  it('given an H1 report, when Q2 is claimed, then conflict', () =>
    spec.given([claimed('a', '2021-H1')]).when(claim('b', '2021-Q2')).thenFails('conflict'));
  it('given an H1 report, when H2 is claimed, then claimed', () =>
    spec.given([claimed('a', '2021-H1')]).when(claim('b', '2021-H2')).then([claimed('b', '2021-H2')]));
  it('given a claim, when the same report claims it again (a retry), then nothing', () =>
    spec.given([claimed('a', '2021-H1')]).when(claim('a', '2021-H1')).then([]));
  it('given a clashing claim found abandoned, when claimed, then the abandoned claim is released and the new one claimed, in one decision', () =>
    spec.given([claimed('a', '2021-H1')]).when({ ...claim('b', '2021'), abandoned: ['a'] }).then([
      { type: 'ReportPeriodReleased.v1', data: { reportId: 'a', unitId: 'td66', programId: 'p1', period: '2021-H1', reason: 'report a was never created' } },
      claimed('b', '2021'),
    ]));
  it('given two clashing claims of which only one is abandoned, then conflict', () =>
    spec.given([claimed('a', '2021-Q1'), claimed('c', '2021-Q2')]).when({ ...claim('b', '2021-H1'), abandoned: ['a'] }).thenFails('conflict'));
  it('given a released claim, its period is free again', () =>
    spec.given([claimed('a', '2021-H1'), { type: 'ReportPeriodReleased.v1', data: { reportId: 'a', unitId: 'td66', programId: 'p1', period: '2021-H1', reason: 'r' } }])
      .when(claim('b', '2021-Q1')).then([claimed('b', '2021-Q1')]));
  it('keeps one book per unit, program and year', () => {
    expect(reportBookStreamId('td66', 'p1', '2021-H1')).toBe(reportBookStreamId('td66', 'p1', '2021'));
    expect(reportBookStreamId('td66', null, '2021')).not.toBe(reportBookStreamId('td66', 'p1', '2021'));
    expect(reportBookStreamId('td66', null, '2021')).not.toBe(reportBookStreamId('td66', null, '2022'));
  });

  it('names the claim it overlaps, word for word', () =>
    spec.given([claimed('a', '2021-H1')]).when(claim('b', '2021-Q2'))
      .thenRefuses('conflict', 'period 2021-Q2 overlaps report a (2021-H1) of the same unit and program'));

  it('the same report claiming another period is a clash with itself no more than any other report\'s', () => {
    spec.given([claimed('a', '2021-H1')]).when(claim('a', '2021-H2')).then([claimed('a', '2021-H2')]);
    spec.given([claimed('a', '2021-H1')]).when(claim('b', '2021-H1')).thenFails('conflict');
  });

  it('a release frees only that report\'s claim of that period', () => {
    const state = [claimed('a', '2021-Q1'), claimed('a', '2021-Q3'), claimed('c', '2021-Q2'),
      { type: 'ReportPeriodReleased.v1', data: { reportId: 'a', unitId: 'td66', programId: 'p1', period: '2021-Q1', reason: 'r' } } as ReportBookEvent,
    ].reduce(evolveReportBook, initialReportBookState);
    expect(state).toEqual({ claims: [{ reportId: 'a', period: '2021-Q3' }, { reportId: 'c', period: '2021-Q2' }] });
  });

  it('finds clashing claims of other reports only, and none for what is not a period', () => {
    const state = [claimed('a', '2021-H1'), claimed('b', '2021-Q3')].reduce(evolveReportBook, initialReportBookState);
    expect(clashingClaims(state, 'c', '2021')).toEqual([{ reportId: 'a', period: '2021-H1' }, { reportId: 'b', period: '2021-Q3' }]);
    expect(clashingClaims(state, 'a', '2021')).toEqual([{ reportId: 'b', period: '2021-Q3' }]);
    expect(clashingClaims(state, 'c', '2021-Q4')).toEqual([]);
    expect(clashingClaims(state, 'c', '2021-H3')).toEqual([]);
  });

  it('a claim of what is not a period is a programming error (validated before): it throws', () =>
    expect(() => decideReportBook(claim('b', '2021-H3'), initialReportBookState)).toThrow('not a period: 2021-H3'));

  it('names its stream by unit, program (or - for none) and year', () => {
    expect(reportBookStreamId('td66', 'p1', '2021-H1')).toBe('reportbook-td66~p1~2021');
    expect(reportBookStreamId('td66', null, '2021-07')).toBe('reportbook-td66~-~2021');
  });
});
