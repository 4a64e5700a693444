import { compareDecimals, sumDecimals } from '../kernel/decimal';
import { ComparisonRule, IndicatorRules, rangeName, ruleName } from '../indicators/indicator';
import { Figure, figureKey, FigureWarning } from './report.events';

/** An outlier is more than this many times (or less than one this-many-th of) the unit's median. */
export const OUTLIER_FACTOR = 10n;

export interface FigureCheckFacts {
  /** Each indicator's rules and range; an indicator absent here has none. */
  rules: Readonly<Record<string, IndicatorRules>>;
  /**
   * Per figure key (`figureKey`): the values of the same indicator and area in the unit's
   * previous approved reports of the same period length. Absent or empty: no outlier check.
   */
  history?: Readonly<Record<string, readonly string[]>>;
}

export interface FigureCheckResult {
  /** Recorded with the submission and shown with the report. */
  warnings: FigureWarning[];
  /** Rules marked blocking that the figures break: the report cannot be submitted. */
  blocking: FigureWarning[];
}

const where = (areaCode: string | null) => (areaCode === null ? '' : ` in ${areaCode}`);

function holds(operator: ComparisonRule['operator'], a: string, b: string): boolean {
  const c = compareDecimals(a, b);
  switch (operator) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '=': return c === 0;
    case '>=': return c >= 0;
    case '>': return c > 0;
  }
}

/**
 * Checks a report's figures against the catalogue's rules (figure against figure of the same
 * area, figure against its plausible range) and against the unit's own history. Pure: the
 * caller gathers the rules and the history.
 */
export function checkFigures(figures: Readonly<Record<string, Figure>>, facts: FigureCheckFacts): FigureCheckResult {
  const result: FigureCheckResult = { warnings: [], blocking: [] };
  const sorted = Object.values(figures).sort((a, b) => figureKey(a).localeCompare(figureKey(b)));
  for (const figure of sorted) {
    const { indicator, areaCode, value } = figure;
    const own = facts.rules[indicator];
    for (const rule of own?.rules ?? []) {
      const other = figures[figureKey({ indicator: rule.other, areaCode })];
      // A rule compares two figures of the report; with one of them missing there is nothing to compare.
      if (!other || holds(rule.operator, value, other.value)) continue;
      const name = ruleName(indicator, rule);
      const message = `${indicator}${where(areaCode)} is ${value}, which breaks ${name} (${rule.other} is ${other.value})`;
      (rule.blocking ? result.blocking : result.warnings).push({ indicator, areaCode, rule: name, message });
    }
    const range = own?.range;
    if (range) {
      const below = range.min !== null && compareDecimals(value, range.min) < 0;
      const above = range.max !== null && compareDecimals(value, range.max) > 0;
      if (below || above) {
        const name = rangeName(indicator, range);
        const message = `${indicator}${where(areaCode)} is ${value}, outside its plausible range ${name}`;
        (range.blocking ? result.blocking : result.warnings).push({ indicator, areaCode, rule: name, message });
      }
    }
    const previous = facts.history?.[figureKey(figure)] ?? [];
    const outlier = outlierOf(value, previous);
    if (outlier) result.warnings.push({ indicator, areaCode, rule: 'outlier', message: `${indicator}${where(areaCode)} is ${value}, ${outlier}` });
  }
  return result;
}

/**
 * Compares a value with the median of earlier values, exactly: with `twiceMedian` the sum of the
 * two middle values (or twice the middle one), `v > 10 × median` is `2v > 10 × twiceMedian` and
 * `v < median / 10` is `20v < twiceMedian`, all in scaled integers. A zero median says nothing.
 */
function outlierOf(value: string, previous: readonly string[]): string | null {
  if (previous.length === 0) return null;
  const ordered = [...previous].sort(compareDecimals);
  const mid = Math.floor(ordered.length / 2);
  const twiceMedian = ordered.length % 2 ? sumDecimals([ordered[mid], ordered[mid]]) : sumDecimals([ordered[mid - 1], ordered[mid]]);
  if (compareDecimals(twiceMedian, '0') === 0) return null;
  const scale = Math.max(...[value, twiceMedian].map((d) => (d.split('.')[1] ?? '').length));
  const units = (d: string) => {
    const [int, frac = ''] = d.split('.');
    return BigInt(int + frac.padEnd(scale, '0'));
  };
  const v = units(value);
  const m2 = units(twiceMedian);
  const median = halve(twiceMedian);
  const of = `the median of the unit's ${previous.length} previous approved report${previous.length === 1 ? '' : 's'} (${median})`;
  if (2n * v > OUTLIER_FACTOR * m2) return `more than ${OUTLIER_FACTOR} times ${of}`;
  if (2n * OUTLIER_FACTOR * v < m2) return `less than a ${OUTLIER_FACTOR}th of ${of}`;
  return null;
}

/** Half of a canonical decimal, exactly (one more decimal place when it is odd). */
function halve(d: string): string {
  const [int, frac = ''] = d.split('.');
  const units = BigInt(int + frac + '0') / 2n;
  const scale = frac.length + 1;
  const digits = units.toString().padStart(scale + 1, '0');
  const f = digits.slice(digits.length - scale).replace(/0+$/, '');
  const i = digits.slice(0, digits.length - scale);
  return f ? `${i}.${f}` : i;
}
