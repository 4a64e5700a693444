import { indicatorStreamId } from '@app/domain';
import { actor, ctx, handlerSpecification } from '../../platform/testing/command-specification';
import { SetIndicatorRules, SetIndicatorRulesHandler } from './set-indicator-rules.command';

describe('setting an indicator\'s rules: a retry under its Idempotency-Key (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new SetIndicatorRulesHandler(spec.store, spec.reference), async (spec) => {
    await spec.givenIndicator('work_days', 0);
  });
  const admin = actor('admin', 'admin');
  const set = (max: number, key?: string) =>
    t.handler.execute(new SetIndicatorRules(ctx(admin, key ? { idempotencyKey: key, requestHash: `h-${max}` } : {}), 'work_days', { rules: [], range: { min: 0, max } }));

  it('a retry after the rules changed again: the first answer, not the old rules set once more', async () => {
    const first = await set(31, 'k-1');
    expect(first).toMatchObject({ id: 'work_days', appended: true });
    await set(366);
    expect(await set(31, 'k-1')).toEqual({ ...first, appended: false });
    const appended = await t.spec.appended(indicatorStreamId('work_days'));
    expect(appended).toHaveLength(2);
    expect(appended[1].data).toMatchObject({ range: { max: '366' } });
  });
});
