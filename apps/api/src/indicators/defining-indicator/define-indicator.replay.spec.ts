import { indicatorStreamId } from '@app/domain';
import { actor, ctx, handlerSpecification } from '../../platform/testing/command-specification';
import { DefineIndicator, DefineIndicatorHandler } from './define-indicator.command';

const dto = { code: 'rural_road_km', name: 'km đường', unit: 'km', aggregation: 'sum' as const, scale: 1 };

describe('defining an indicator: a retry under its Idempotency-Key (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new DefineIndicatorHandler(spec.store));

  it('the same key and request again: the first answer, not a conflict, nothing appended', async () => {
    const define = () => t.handler.execute(new DefineIndicator(ctx(actor('admin', 'admin'), { idempotencyKey: 'k-1', requestHash: 'h-1' }), dto));
    const first = await define();
    expect(first).toMatchObject({ id: 'rural_road_km', revision: 0, appended: true });
    expect(await define()).toEqual({ ...first, appended: false });
    expect(await t.spec.appended(indicatorStreamId('rural_road_km'))).toHaveLength(1);
  });
});
