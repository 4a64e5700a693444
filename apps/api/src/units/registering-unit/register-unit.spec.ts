import { unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { RegisterUnit, RegisterUnitHandler } from './register-unit.command';

const admin = actor('admin', 'admin');

describe('registering a unit (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new RegisterUnitHandler(spec.store, spec.reference));

  it('given its parent, when registered, then UnitRegistered', async () => {
    await t.spec.givenUnit('bcd');
    await t.handler.execute(new RegisterUnit(ctx(admin), { id: 'td66', name: 'Trung đoàn 66', kind: 'regiment', parentId: 'bcd' }));
    expect(await t.spec.appended(unitStreamId('td66'))).toEqual([{ type: 'UnitRegistered.v1', data: { unitId: 'td66', name: 'Trung đoàn 66', kind: 'regiment', parentId: 'bcd' } }]);
  });

  it('given no parent unit, then unprocessable naming parentId and nothing appended', async () => {
    expect(await failureOf(t.handler.execute(new RegisterUnit(ctx(admin), { id: 'td66', name: 'x', kind: 'regiment', parentId: 'bcd' })))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'parentId' }] });
    expect(await t.spec.appended(unitStreamId('td66'))).toEqual([]);
  });

  it('given the unit, when registered again, then conflict', async () => {
    await t.spec.givenUnit('td66');
    expect(await failureOf(t.handler.execute(new RegisterUnit(ctx(admin), { id: 'td66', name: 'x', kind: 'regiment' })))).toMatchObject({ kind: 'conflict' });
  });
});
