import { unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { RegisterUnit, RegisterUnitHandler } from './register-unit.command';

const admin = actor('admin', 'admin');
const dto = { id: 'td66', name: 'Trung đoàn 66', kind: 'regiment', parentId: 'bcd' };

describe('registering a unit: refusal and replay (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new RegisterUnitHandler(spec.store, spec.reference));

  it('a parent that does not exist: unprocessable, naming it and the field', async () => {
    expect(await failureOf(t.handler.execute(new RegisterUnit(ctx(admin), dto)))).toMatchObject({
      kind: 'unprocessable', message: 'Parent unit bcd does not exist.', errors: [{ field: 'parentId', message: 'unknown unit' }],
    });
  });

  it('the same Idempotency-Key and request again: the first answer, not a conflict, nothing appended', async () => {
    await t.spec.givenUnit('bcd');
    const register = () => t.handler.execute(new RegisterUnit(ctx(admin, { idempotencyKey: 'k-1', requestHash: 'h-1' }), dto));
    const first = await register();
    expect(first).toMatchObject({ id: 'td66', revision: 0, appended: true });
    expect(await register()).toEqual({ ...first, appended: false });
    expect(await t.spec.appended(unitStreamId('td66'))).toHaveLength(1);
  });
});
