import { unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { ChangeUnit, ChangeUnitHandler } from './change-unit.command';

const admin = actor('admin', 'admin');

describe('changing a unit: refusals and replays (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new ChangeUnitHandler(spec.store, spec.reference), async (spec) => {
    await spec.givenUnit('top');
    await spec.givenUnit('leaf', 'top');
  });

  it('each refusal word for word: a missing unit, a missing new parent, a missing successor', async () => {
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'nope', { kind: 'rename', dto: { name: 'x' } })))).toMatchObject({ kind: 'not_found', message: 'Unit nope does not exist.' });
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'leaf', { kind: 'move', dto: { parentId: 'ghost' } })))).toMatchObject({
      kind: 'unprocessable', message: 'Unit ghost does not exist.', errors: [{ field: 'parentId', message: 'unknown unit' }],
    });
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'leaf', { kind: 'succeed', dto: { successorId: 'ghost', effectiveFrom: '2025-07-01', reason: 'r' } })))).toMatchObject({
      kind: 'unprocessable', message: 'Unit ghost does not exist.', errors: [{ field: 'successorId', message: 'unknown unit' }],
    });
    expect(await t.spec.appended(unitStreamId('leaf'))).toEqual([]);
  });

  it('a retry under its Idempotency-Key after another rename: the first answer, the name not set back', async () => {
    const rename = (name: string, key?: string) => t.handler.execute(new ChangeUnit(ctx(admin, key ? { idempotencyKey: key, requestHash: `h-${name}` } : {}), 'leaf', { kind: 'rename', dto: { name } }));
    const first = await rename('Tiểu đoàn 1', 'k-1');
    await rename('Tiểu đoàn 2');
    expect(await rename('Tiểu đoàn 1', 'k-1')).toEqual({ ...first, appended: false });
    expect((await t.spec.appended(unitStreamId('leaf'))).map((e) => (e.data as { name: string }).name)).toEqual(['Tiểu đoàn 1', 'Tiểu đoàn 2']);
  });
});
