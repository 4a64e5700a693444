import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { ChangeProgram, ChangeProgramHandler } from './change-program.command';

const close = { type: 'CloseProgram' as const, data: { programId: 'p1', date: '2022-11-21', reason: 'Tổng kết' } };

describe('changing a program (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new ChangeProgramHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('province');
      await spec.givenUnit('bcd', 'province');
      await spec.givenUnit('bchqs', 'province');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    },
  );

  it('a supervisor of (a unit above) the steering unit closes it: ProgramClosed', async () => {
    await t.handler.execute(new ChangeProgram(ctx(actor('s', 'supervisor:province')), close));
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([{ type: 'ProgramClosed.v1', data: close.data }]);
  });

  it('a supervisor of another unit is forbidden, an unknown program not_found, nothing appended', async () => {
    expect(await failureOf(t.handler.execute(new ChangeProgram(ctx(actor('s', 'supervisor:bchqs')), close)))).toMatchObject({ kind: 'forbidden' });
    expect(await failureOf(t.handler.execute(new ChangeProgram(ctx(actor('a', 'admin')), { ...close, data: { ...close.data, programId: 'p9' } })))).toMatchObject({ kind: 'not_found' });
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
