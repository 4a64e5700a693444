import { assertNever, conflict } from '../errors';
import { MAX_SCALE } from '../kernel/decimal';

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

export type IndicatorEvent = { type: 'IndicatorDefined.v1'; data: IndicatorDefinition };

export type IndicatorState = { status: 'none' } | ({ status: 'defined' } & IndicatorDefinition);

export const initialIndicatorState: IndicatorState = { status: 'none' };

export type IndicatorCommand = { type: 'DefineIndicator'; data: IndicatorDefinition };

export const indicatorStreamId = (code: string) => `indicator-${code}`;

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
    default:
      return assertNever(command.type);
  }
}

export function evolveIndicator(state: IndicatorState, event: IndicatorEvent): IndicatorState {
  switch (event.type) {
    case 'IndicatorDefined.v1':
      return { status: 'defined', ...event.data };
    default:
      return assertNever(event.type);
  }
}
