import { unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { SetUnitApprovalLevels, SetUnitApprovalLevelsHandler } from './set-unit-levels.command';

const admin = actor('admin', 'admin');
const dist = { unitId: 'dist', name: 'Huyện' };
const prov = { unitId: 'prov', name: 'Tỉnh' };

describe('setting a unit\'s approval levels: refusal and replay (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new SetUnitApprovalLevelsHandler(spec.store, spec.reference), async (spec) => {
    await spec.givenUnit('prov');
    await spec.givenUnit('dist', 'prov');
  });
  const set = (levels: { unitId: string; name: string }[], key?: string) =>
    t.handler.execute(new SetUnitApprovalLevels(ctx(admin, key ? { idempotencyKey: key, requestHash: `h-${levels.length}` } : {}), 'dist', levels));

  it('a unit that does not exist: not_found, naming it', async () => {
    expect(await failureOf(t.handler.execute(new SetUnitApprovalLevels(ctx(admin), 'nope', [prov])))).toMatchObject({ kind: 'not_found', message: 'Unit nope does not exist.' });
  });

  it('a retry under its Idempotency-Key after the levels changed again: the first answer, the old levels not set back', async () => {
    const first = await set([dist], 'k-1');
    expect(first).toMatchObject({ id: 'dist', appended: true });
    await set([dist, prov]);
    expect(await set([dist], 'k-1')).toEqual({ ...first, appended: false });
    expect((await t.spec.appended(unitStreamId('dist'))).map((e) => (e.data as { levels: unknown[] }).levels)).toEqual([[dist], [dist, prov]]);
  });
});
