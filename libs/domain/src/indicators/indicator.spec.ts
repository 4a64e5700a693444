import { deciderSpecification } from '../testing/decider-specification';
import { decideIndicator, evolveIndicator, IndicatorCommand, IndicatorEvent, initialIndicatorState } from './indicator';

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
});
