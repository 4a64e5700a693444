import { deciderSpecification } from '../testing/decider-specification';
import { decideIndicator, evolveIndicator, IndicatorCommand, IndicatorEvent, indicatorStreamId, initialIndicatorState, rangeName, ruleName } from './indicator';

const spec = deciderSpecification({ decide: decideIndicator, evolve: evolveIndicator, initialState: initialIndicatorState });
const defined = (code: string, scale = 0): IndicatorEvent => ({ type: 'IndicatorDefined.v1', data: { code, name: code, unit: 'x', aggregation: 'sum', scale } });
const setRules = (data: Partial<Extract<IndicatorCommand, { type: 'SetIndicatorRules' }>['data']>, known: string[] = ['villages_total']): IndicatorCommand =>
  ({ type: 'SetIndicatorRules', data: { code: 'villages_reached', rules: [], ...data }, known });

describe('indicator rules', () => {
  it('given an indicator, when rules and a range are set, then IndicatorRulesSet with canonical bounds and blocking false by default', () =>
    spec.given([defined('villages_reached')]).when(setRules({ rules: [{ operator: '<=', other: 'villages_total' }], range: { min: 0, max: '1000' } })).then([
      { type: 'IndicatorRulesSet.v1', data: { code: 'villages_reached', rules: [{ operator: '<=', other: 'villages_total', blocking: false }], range: { min: '0', max: '1000', blocking: false } } },
    ]));

  it('given the same rules, when set again, then nothing (idempotent); [] and null clear them', () => {
    const set: IndicatorEvent = { type: 'IndicatorRulesSet.v1', data: { code: 'villages_reached', rules: [{ operator: '<=', other: 'villages_total', blocking: true }], range: null } };
    spec.given([defined('villages_reached'), set]).when(setRules({ rules: [{ operator: '<=', other: 'villages_total', blocking: true }], range: null })).then([]);
    spec.given([defined('villages_reached'), set]).when(setRules({ rules: [], range: null }))
      .then([{ type: 'IndicatorRulesSet.v1', data: { code: 'villages_reached', rules: [], range: null } }]);
  });

  it('refuses bad rules naming the field: an operator, a self-comparison, bounds beyond the scale or crossed, an empty range', () => {
    const given = spec.given([defined('villages_reached')]);
    given.when(setRules({ rules: [{ operator: '!=', other: 'villages_total' }] })).thenFails('invalid', 'rules[0].operator');
    given.when(setRules({ rules: [{ operator: '<=', other: 'villages_reached' }] })).thenFails('invalid', 'rules[0].other');
    given.when(setRules({ range: { max: '416.000' } })).thenFails('invalid', 'range.max');
    given.when(setRules({ range: { min: 10, max: 5 } })).thenFails('invalid', 'range.min');
    given.when(setRules({ range: {} })).thenFails('invalid', 'range');
  });

  it('an unknown other indicator, or an undefined indicator, is unprocessable', () => {
    spec.given([defined('villages_reached')]).when(setRules({ rules: [{ operator: '<=', other: 'nope' }] })).thenFails('unprocessable', 'rules[0].other');
    spec.given([]).when(setRules({})).thenFails('unprocessable', 'code');
  });

  it('refuses each bad rule with its own sentence, and all of them at once', () => {
    spec.given([defined('villages_reached')])
      .when(setRules({
        rules: [{ operator: '!=', other: 'villages_total' }, { operator: '<=', other: 'villages_reached' }, { operator: '<', other: 'nope' }],
        range: { min: '5', max: '416.000' },
      }))
      .thenRefuses('invalid', 'some rules are not valid', [
        { field: 'rules[0].operator', message: 'must be one of < <= = >= >' },
        { field: 'rules[1].other', message: 'a rule compares the indicator with another one' },
        { field: 'range.max', message: '"416.000" has 3 decimal places; this indicator allows none. If the dot is a Vietnamese thousands separator, send 416000' },
      ]);
    spec.given([defined('villages_reached')]).when(setRules({ range: { min: 10, max: 5 } }))
      .thenRefuses('invalid', 'some rules are not valid', [{ field: 'range.min', message: 'is above max (5)' }]);
    spec.given([defined('villages_reached')]).when(setRules({ range: { min: null, max: undefined } }))
      .thenRefuses('invalid', 'some rules are not valid', [{ field: 'range', message: 'needs min, max or both (or send null for no range)' }]);
    spec.given([defined('villages_reached')]).when(setRules({ rules: [{ operator: '<', other: 'nope' }] }))
      .thenRefuses('unprocessable', 'some rules name unknown indicators', [{ field: 'rules[0].other', message: 'unknown indicator nope' }]);
    spec.given([]).when(setRules({}))
      .thenRefuses('unprocessable', 'indicator villages_reached does not exist', [{ field: 'code', message: 'unknown indicator villages_reached' }]);
  });

  it('accepts a range with one bound, equal bounds, and a blocking flag', () => {
    const given = spec.given([defined('villages_reached')]);
    given.when(setRules({ range: { max: '100' } })).then([{ type: 'IndicatorRulesSet.v1', data: { code: 'villages_reached', rules: [], range: { min: null, max: '100', blocking: false } } }]);
    given.when(setRules({ range: { min: '1', max: null } })).then([{ type: 'IndicatorRulesSet.v1', data: { code: 'villages_reached', rules: [], range: { min: '1', max: null, blocking: false } } }]);
    given.when(setRules({ range: { min: 7, max: 7, blocking: true } })).then([{ type: 'IndicatorRulesSet.v1', data: { code: 'villages_reached', rules: [], range: { min: '7', max: '7', blocking: true } } }]);
  });

  it('a bound beyond the scale is refused on min as well, and a bad bound does not also count as a missing one', () => {
    spec.given([defined('villages_reached')]).when(setRules({ range: { min: '0.5' } }))
      .thenRefuses('invalid', 'some rules are not valid', [{ field: 'range.min', message: '"0.5" has 1 decimal place; this indicator allows none' }]);
  });

  it('names rules and ranges as they read in warnings', () => {
    expect(ruleName('villages_reached', { operator: '<=', other: 'villages_total' })).toBe('villages_reached <= villages_total');
    expect(rangeName('poverty_rate_pct', { min: '0', max: '100' })).toBe('0 <= poverty_rate_pct <= 100');
    expect(rangeName('houses_supported', { min: null, max: '10000' })).toBe('houses_supported <= 10000');
    expect(rangeName('work_days', { min: '1', max: null })).toBe('work_days >= 1');
    expect(indicatorStreamId('work_days')).toBe('indicator-work_days');
  });
});

describe('defining an indicator', () => {
  const definition = { code: 'houses_supported', name: 'Nhà được hỗ trợ', unit: 'căn', aggregation: 'sum' as const, scale: 0 };

  it('given nothing, when defined, then IndicatorDefined with the definition, and the state has no rules yet', () => {
    spec.given([]).when({ type: 'DefineIndicator', data: definition }).then([{ type: 'IndicatorDefined.v1', data: definition }]);
    expect(evolveIndicator(initialIndicatorState, { type: 'IndicatorDefined.v1', data: definition })).toEqual({ status: 'defined', ...definition, rules: [], range: null });
  });

  it('given an indicator, when defined again, then conflict', () =>
    spec.given([{ type: 'IndicatorDefined.v1', data: definition }]).when({ type: 'DefineIndicator', data: { ...definition, name: 'khác' } })
      .thenRefuses('conflict', 'indicator houses_supported already exists'));

  it.each([-1, 7, 1.5, Number.NaN])('a scale of %s is a programming error (the request is validated before): it throws', (scale) => {
    expect(() => decideIndicator({ type: 'DefineIndicator', data: { ...definition, scale } }, initialIndicatorState)).toThrow('scale must be 0..6');
  });

  it.each([0, 6])('a scale of %s is accepted', (scale) => {
    expect(decideIndicator({ type: 'DefineIndicator', data: { ...definition, scale } }, initialIndicatorState)).toEqual([{ type: 'IndicatorDefined.v1', data: { ...definition, scale } }]);
  });

  it('rules set for an indicator that does not exist leave the state as it is', () => {
    const rules: IndicatorEvent = { type: 'IndicatorRulesSet.v1', data: { code: 'x', rules: [], range: null } };
    expect(evolveIndicator(initialIndicatorState, rules)).toEqual(initialIndicatorState);
  });
});
