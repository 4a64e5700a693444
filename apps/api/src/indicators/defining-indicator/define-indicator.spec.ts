import { indicatorStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { DefineIndicator, DefineIndicatorHandler } from './define-indicator.command';

describe('defining an indicator (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new DefineIndicatorHandler(spec.store));

  it('given nothing, when defined, then IndicatorDefined; defined again, then conflict', async () => {
    const dto = { code: 'rural_road_km', name: 'km đường', unit: 'km', aggregation: 'sum' as const, scale: 1 };
    await t.handler.execute(new DefineIndicator(ctx(actor('admin', 'admin')), dto));
    expect(await t.spec.appended(indicatorStreamId('rural_road_km'))).toEqual([{ type: 'IndicatorDefined.v1', data: dto }]);
    expect(await failureOf(t.handler.execute(new DefineIndicator(ctx(actor('admin', 'admin')), dto)))).toMatchObject({ kind: 'conflict' });
  });
});
