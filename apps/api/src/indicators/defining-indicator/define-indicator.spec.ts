import { indicatorStreamId } from '@app/domain';
import { actor, commandSpecification, ctx, failureOf } from '../../platform/testing/command-specification';
import { DefineIndicatorHandler } from './define-indicator.command';

describe('defining an indicator (handler on the embedded store)', () => {
  let spec: ReturnType<typeof commandSpecification>;
  let handler: DefineIndicatorHandler;

  beforeEach(() => {
    spec = commandSpecification();
    handler = new DefineIndicatorHandler(spec.store);
  });
  afterEach(() => spec.close());

  it('given nothing, when defined, then IndicatorDefined; defined again, then conflict', async () => {
    const dto = { code: 'rural_road_km', name: 'km đường', unit: 'km', aggregation: 'sum' as const, scale: 1 };
    await handler.handle(ctx(actor('admin', 'admin')), dto);
    expect(await spec.appended(indicatorStreamId('rural_road_km'))).toEqual([{ type: 'IndicatorDefined.v1', data: dto }]);
    expect(await failureOf(handler.handle(ctx(actor('admin', 'admin')), dto))).toMatchObject({ kind: 'conflict' });
  });
});
