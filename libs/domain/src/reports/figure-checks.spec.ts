import { DomainError } from '../errors';
import { IndicatorRules } from '../indicators/indicator';
import { deciderSpecification } from '../testing/decider-specification';
import { checkFigures } from './figure-checks';
import { decideReport, evolveReport, initialReportState, ReportCommand } from './report.decider';
import { Figure, figureKey, ReportEvent } from './report.events';

const figures = (...list: [string, string, string?][]): Record<string, Figure> =>
  Object.fromEntries(list.map(([indicator, value, areaCode]) => {
    const f: Figure = { indicator, areaCode: areaCode ?? null, value, note: null };
    return [figureKey(f), f];
  }));

const villages: IndicatorRules = { rules: [{ operator: '<=', other: 'villages_total', blocking: false }], range: null };

describe('figure checks (pure)', () => {
  it('a rule between two figures of the same area warns when broken, names the rule, and says nothing when it holds', () => {
    const broken = checkFigures(figures(['villages_reached', '110'], ['villages_total', '109']), { rules: { villages_reached: villages } });
    expect(broken).toEqual({
      blocking: [],
      warnings: [{ indicator: 'villages_reached', areaCode: null, rule: 'villages_reached <= villages_total', message: 'villages_reached is 110, which breaks villages_reached <= villages_total (villages_total is 109)' }],
    });
    expect(checkFigures(figures(['villages_reached', '83'], ['villages_total', '109']), { rules: { villages_reached: villages } })).toEqual({ warnings: [], blocking: [] });
    expect(checkFigures(figures(['villages_reached', '109'], ['villages_total', '109']), { rules: { villages_reached: villages } }).warnings).toEqual([]);
  });

  it('compares figures of the same area only, and a rule whose other figure is missing says nothing', () => {
    const facts = { rules: { villages_reached: villages } };
    expect(checkFigures(figures(['villages_reached', '90', 'ia-lop'], ['villages_total', '83', 'ia-rve']), facts).warnings).toEqual([]);
    expect(checkFigures(figures(['villages_reached', '90']), facts).warnings).toEqual([]);
    expect(checkFigures(figures(['villages_reached', '90', 'ia-lop'], ['villages_total', '83', 'ia-lop']), facts).warnings.map((w) => [w.areaCode, w.message]))
      .toEqual([['ia-lop', 'villages_reached in ia-lop is 90, which breaks villages_reached <= villages_total (villages_total is 83)']]);
  });

  it('compares exactly, as decimals (24 digits, six places), and every operator means what it says', () => {
    const rule = (operator: '<' | '<=' | '=' | '>=' | '>'): Record<string, IndicatorRules> => ({ a: { rules: [{ operator, other: 'b', blocking: false }], range: null } });
    const broken = (operator: '<' | '<=' | '=' | '>=' | '>', a: string, b: string) => checkFigures(figures(['a', a], ['b', b]), { rules: rule(operator) }).warnings.length === 1;
    expect([broken('<', '1', '1'), broken('<', '0.9', '1'), broken('<=', '1.000001', '1'), broken('=', '0.3', '0.3'), broken('=', '0.3', '0.30001')]).toEqual([true, false, true, false, true]);
    expect([broken('>=', '1', '1'), broken('>', '1', '1'), broken('>', '100000000000000000000001', '100000000000000000000000')]).toEqual([false, true, false]);
    expect([broken('>=', '0.999999', '1'), broken('>=', '2', '1'), broken('=', '1', '2'), broken('<', '2', '1'), broken('<=', '0.5', '1')]).toEqual([true, false, true, true, false]);
  });

  it('a blocking rule or range goes to blocking, not to the warnings', () => {
    const rules = {
      villages_reached: { rules: [{ operator: '<=' as const, other: 'villages_total', blocking: true }], range: null },
      poverty_rate_pct: { rules: [], range: { min: '0', max: '100', blocking: true } },
    };
    const result = checkFigures(figures(['villages_reached', '110'], ['villages_total', '109'], ['poverty_rate_pct', '136.24']), { rules });
    expect(result.warnings).toEqual([]);
    expect(result.blocking.map((b) => b.rule)).toEqual(['0 <= poverty_rate_pct <= 100', 'villages_reached <= villages_total']);
  });

  it('a figure outside its plausible range warns, with the range as its rule; one bound alone works too', () => {
    const check = (value: string, range: IndicatorRules['range']) => checkFigures(figures(['x', value]), { rules: { x: { rules: [], range } } }).warnings;
    expect(check('100.01', { min: null, max: '100', blocking: false })).toEqual([{ indicator: 'x', areaCode: null, rule: 'x <= 100', message: 'x is 100.01, outside its plausible range x <= 100' }]);
    expect(check('100', { min: null, max: '100', blocking: false })).toEqual([]);
    expect(check('0', { min: '1', max: null, blocking: false }).map((w) => w.rule)).toEqual(['x >= 1']);
    expect(check('5', { min: '1', max: '10', blocking: false })).toEqual([]);
    expect(check('1', { min: '1', max: '10', blocking: false })).toEqual([]);
    expect(check('0.999999', { min: '1', max: null, blocking: false }).map((w) => w.message)).toEqual(['x is 0.999999, outside its plausible range x >= 1']);
  });

  describe('outliers against the unit\'s median', () => {
    const outliers = (value: string, previous: string[]) =>
      checkFigures(figures(['work_days', value]), { rules: {}, history: { [figureKey({ indicator: 'work_days', areaCode: null })]: previous } }).warnings;

    it('more than 10 times the median (or less than a tenth of it) is an outlier; exactly 10 times is not', () => {
      expect(outliers('8001', ['700', '800', '900'])).toEqual([{
        indicator: 'work_days', areaCode: null, rule: 'outlier',
        message: "work_days is 8001, more than 10 times the median of the unit's 3 previous approved reports (800)",
      }]);
      expect(outliers('8000', ['700', '800', '900'])).toEqual([]);
      expect(outliers('80', ['700', '800', '900'])).toEqual([]);
      expect(outliers('79.9', ['700', '800', '900']).map((w) => w.message)).toEqual(["work_days is 79.9, less than a 10th of the median of the unit's 3 previous approved reports (800)"]);
    });

    it('takes the mean of the two middle values for an even count, exactly (median 750.5 → 7505 is not above, 7505.1 is)', () => {
      expect(outliers('7505', ['700', '801', '1', '5000'])).toEqual([]);
      expect(outliers('7505.1', ['700', '801', '1', '5000']).map((w) => w.message)).toEqual(["work_days is 7505.1, more than 10 times the median of the unit's 4 previous approved reports (750.5)"]);
    });

    it('says "report" for one earlier report, and halves the median exactly (one more place when odd)', () => {
      expect(outliers('722000', ['722']).map((w) => w.message)).toEqual(["work_days is 722000, more than 10 times the median of the unit's 1 previous approved report (722)"]);
      expect(outliers('15.1', ['1', '2']).map((w) => w.message)).toEqual(["work_days is 15.1, more than 10 times the median of the unit's 2 previous approved reports (1.5)"]);
      expect(outliers('15', ['1', '2'])).toEqual([]);
      expect(outliers('1.51', ['0.2', '0.1']).map((w) => w.message)).toEqual(["work_days is 1.51, more than 10 times the median of the unit's 2 previous approved reports (0.15)"]);
      expect(outliers('0.014', ['0.2', '0.1']).map((w) => w.message)).toEqual(["work_days is 0.014, less than a 10th of the median of the unit's 2 previous approved reports (0.15)"]);
      expect(outliers('0.015', ['0.2', '0.1'])).toEqual([]);
      expect(outliers('2.01', ['0.2', '0']).map((w) => w.message)).toEqual(["work_days is 2.01, more than 10 times the median of the unit's 2 previous approved reports (0.1)"]);
    });

    it('a 1000× jump against one earlier report is flagged; no history, or a zero median, says nothing', () => {
      expect(outliers('722000', ['722'])).toHaveLength(1);
      expect(outliers('722000', [])).toEqual([]);
      expect(outliers('5', ['0', '0', '3'])).toEqual([]);
    });
  });
});

describe('submitting with checks (decider)', () => {
  const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });
  const at = '2021-07-01T03:00:00.000Z';
  const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId: 'r1', unitId: 'u1', programId: null, period: '2021', by: 'rep', at } };
  const recorded = (indicator: string, value: string, areaCode: string | null = null): ReportEvent =>
    ({ type: 'FigureRecorded.v1', data: { reportId: 'r1', indicator, areaCode, value, previousValue: null, note: null, reason: null } });
  const submit = (rules: Record<string, IndicatorRules>): ReportCommand => ({ type: 'SubmitReport', data: { reportId: 'r1' }, checks: { rules }, actor: 'rep', at });
  const given = [created, recorded('villages_reached', '110', 'ia-lop'), recorded('villages_total', '109', 'ia-lop')];

  it('a broken warning rule is recorded with the submission and kept in the state until the next submission', () => {
    const events = decideReport(submit({ villages_reached: villages }), given.reduce(evolveReport, initialReportState));
    const warnings = [{ indicator: 'villages_reached', areaCode: 'ia-lop', rule: 'villages_reached <= villages_total', message: expect.stringContaining('breaks') }];
    expect(events).toEqual([{ type: 'ReportSubmitted.v3', data: expect.objectContaining({ warnings }) }]);
    const state = [...given, ...events].reduce(evolveReport, initialReportState);
    expect(state.status !== 'none' && state.warnings).toEqual(warnings);
  });

  it('without warnings the submission has no warnings field at all (the shape it always had)', () =>
    spec.given(given).when(submit({})).then([{ type: 'ReportSubmitted.v3', data: { reportId: 'r1', by: 'rep', at, deadline: null, onTime: null, levels: [] } }]));

  it('a broken blocking rule refuses the submission with a conflict naming the figure and the rule', () => {
    spec.given(given).when(submit({ villages_reached: { ...villages, rules: [{ ...villages.rules[0], blocking: true }] } })).thenFails('conflict', 'figures.villages_reached@ia-lop');
    let error: unknown;
    try {
      decideReport(submit({ villages_reached: { ...villages, rules: [{ ...villages.rules[0], blocking: true }] } }), given.reduce(evolveReport, initialReportState));
    } catch (e) {
      error = e;
    }
    expect((error as DomainError).message).toBe('the figures break a blocking rule: villages_reached <= villages_total');
  });
});
