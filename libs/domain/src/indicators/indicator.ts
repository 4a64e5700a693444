import { assertNever, conflict, FieldError, invalid, unprocessable } from '../errors';
import { compareDecimals, MAX_SCALE, parseDecimal } from '../kernel/decimal';

/**
 * How an indicator's values combine. `sum`: counts, lengths, money. `max`: the largest value
 * reported. `latest`: a level (a rate, "83 of 109 villages"), never summed over time: the value
 * of the latest period.
 */
export const AGGREGATIONS = ['sum', 'max', 'latest'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface IndicatorDefinition {
  code: string;
  name: string;
  /** The unit of measure ("km", "VND", "sessions"). */
  unit: string;
  aggregation: Aggregation;
  /** Decimal places allowed; 0 for counts and for VND (whole đồng). */
  scale: number;
}

export const RULE_OPERATORS = ['<', '<=', '=', '>=', '>'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/**
 * A check of this indicator's figure against another indicator's figure of the same report and
 * area: `villages_reached <= villages_total`. `blocking`: a report that breaks it cannot be
 * submitted; otherwise it is submitted with a warning.
 */
export interface ComparisonRule {
  operator: RuleOperator;
  other: string;
  blocking: boolean;
}

/** The values a figure can plausibly take (canonical decimals; null: no bound on that side). */
export interface PlausibleRange {
  min: string | null;
  max: string | null;
  blocking: boolean;
}

export interface IndicatorRules {
  rules: ComparisonRule[];
  range: PlausibleRange | null;
}

export type IndicatorEvent =
  | { type: 'IndicatorDefined.v1'; data: IndicatorDefinition }
  /** The indicator's checks, replaced as a whole. */
  | { type: 'IndicatorRulesSet.v1'; data: { code: string } & IndicatorRules };

export const INDICATOR_EVENT_TYPES: readonly IndicatorEvent['type'][] = ['IndicatorDefined.v1', 'IndicatorRulesSet.v1'];

export type IndicatorState = { status: 'none' } | ({ status: 'defined' } & IndicatorDefinition & IndicatorRules);

export const initialIndicatorState: IndicatorState = { status: 'none' };

/** Rules as the client sent them: decimals and operators unchecked. */
export interface IndicatorRulesInput {
  rules: { operator: unknown; other: string; blocking?: boolean }[];
  range?: { min?: unknown; max?: unknown; blocking?: boolean } | null;
}

export type IndicatorCommand =
  | { type: 'DefineIndicator'; data: IndicatorDefinition }
  | {
      type: 'SetIndicatorRules';
      data: { code: string } & IndicatorRulesInput;
      /** Which of the indicator codes the rules name exist in the catalogue (the handler looks them up). */
      known: readonly string[];
    };

export const indicatorStreamId = (code: string) => `indicator-${code}`;

/** How a rule reads in warnings and problems: `villages_reached <= villages_total`. */
export const ruleName = (code: string, rule: Pick<ComparisonRule, 'operator' | 'other'>) => `${code} ${rule.operator} ${rule.other}`;

/** `0 <= poverty_rate_pct <= 100`, `houses_supported <= 10000`, `work_days >= 1`. */
export function rangeName(code: string, range: Pick<PlausibleRange, 'min' | 'max'>): string {
  if (range.min !== null && range.max !== null) return `${range.min} <= ${code} <= ${range.max}`;
  return range.max !== null ? `${code} <= ${range.max}` : `${code} >= ${range.min}`;
}

export function decideIndicator(command: IndicatorCommand, state: IndicatorState): IndicatorEvent[] {
  switch (command.type) {
    case 'DefineIndicator': {
      if (state.status !== 'none') throw conflict(`indicator ${command.data.code} already exists`);
      const { scale } = command.data;
      if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
        throw new Error(`scale must be 0..${MAX_SCALE}`);
      }
      return [{ type: 'IndicatorDefined.v1', data: { ...command.data } }];
    }
    case 'SetIndicatorRules': {
      if (state.status !== 'defined') throw unprocessable(`indicator ${command.data.code} does not exist`, [{ field: 'code', message: `unknown indicator ${command.data.code}` }]);
      const rules = checkedRules(command, state);
      if (JSON.stringify(rules) === JSON.stringify({ rules: state.rules, range: state.range })) return [];
      return [{ type: 'IndicatorRulesSet.v1', data: { code: state.code, ...rules } }];
    }
    default:
      return assertNever(command);
  }
}

function checkedRules(command: Extract<IndicatorCommand, { type: 'SetIndicatorRules' }>, state: IndicatorDefinition): IndicatorRules {
  const bad: FieldError[] = [];
  const unknown: FieldError[] = [];
  const rules: ComparisonRule[] = [];
  command.data.rules.forEach((r, i) => {
    if (!(RULE_OPERATORS as readonly unknown[]).includes(r.operator)) bad.push({ field: `rules[${i}].operator`, message: `must be one of ${RULE_OPERATORS.join(' ')}` });
    else if (r.other === state.code) bad.push({ field: `rules[${i}].other`, message: 'a rule compares the indicator with another one' });
    else if (!command.known.includes(r.other)) unknown.push({ field: `rules[${i}].other`, message: `unknown indicator ${r.other}` });
    else rules.push({ operator: r.operator as RuleOperator, other: r.other, blocking: r.blocking ?? false });
  });
  let range: PlausibleRange | null = null;
  const input = command.data.range;
  if (input) {
    const bound = (name: 'min' | 'max'): string | null => {
      if (input[name] === undefined || input[name] === null) return null;
      const parsed = parseDecimal(input[name], state.scale);
      if (parsed.ok) return parsed.value;
      bad.push({ field: `range.${name}`, message: parsed.message });
      return null;
    };
    const min = bound('min');
    const max = bound('max');
    if (min === null && max === null && !bad.some((e) => e.field.startsWith('range.'))) bad.push({ field: 'range', message: 'needs min, max or both (or send null for no range)' });
    if (min !== null && max !== null && compareDecimals(min, max) > 0) bad.push({ field: 'range.min', message: `is above max (${max})` });
    range = { min, max, blocking: input.blocking ?? false };
  }
  if (bad.length) throw invalid('some rules are not valid', bad);
  if (unknown.length) throw unprocessable('some rules name unknown indicators', unknown);
  return { rules, range };
}

export function evolveIndicator(state: IndicatorState, event: IndicatorEvent): IndicatorState {
  switch (event.type) {
    case 'IndicatorDefined.v1':
      return { status: 'defined', ...event.data, rules: [], range: null };
    case 'IndicatorRulesSet.v1': {
      if (state.status !== 'defined') return state;
      const { rules, range } = event.data;
      return { ...state, rules, range };
    }
    default:
      return assertNever(event);
  }
}
