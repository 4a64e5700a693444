import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { ChangeProgram, ChangeProgramHandler } from './change-program.command';

const close = { type: 'CloseProgram' as const, data: { programId: 'p1', date: '2022-11-21', reason: 'Tổng kết' } };
const admin = actor('a', 'admin');

/** Changing a program: its refusals word for word, in their order, and a retry under an Idempotency-Key. */
describe('changing a program: refusals and replays (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new ChangeProgramHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('province');
      await spec.givenUnit('bcd', 'province');
      await spec.givenUnit('bchqs', 'province');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    },
  );

  it('a program that does not exist: not_found, naming it, before any authorization', async () => {
    for (const who of [admin, actor('s', 'supervisor:bchqs')]) {
      expect(await failureOf(t.handler.execute(new ChangeProgram(ctx(who), { ...close, data: { ...close.data, programId: 'p9' } })))).toMatchObject({ kind: 'not_found', message: 'Program p9 does not exist.' });
    }
  });

  it('a party that is no unit: unprocessable, naming it and the field', async () => {
    expect(await failureOf(t.handler.execute(new ChangeProgram(ctx(admin), { type: 'AddProgramParty', data: { programId: 'p1', unitId: 'ghost' } })))).toMatchObject({
      kind: 'unprocessable', message: 'Unit ghost does not exist.', errors: [{ field: 'unitId', message: 'unknown unit' }],
    });
  });

  it('approval levels naming units that do not exist: unprocessable, each level named; known units are set', async () => {
    const levels = (...unitIds: string[]) => ({ type: 'SetApprovalLevels' as const, data: { programId: 'p1', levels: unitIds.map((unitId) => ({ unitId, name: `cấp ${unitId}` })) } });
    expect(await failureOf(t.handler.execute(new ChangeProgram(ctx(admin), levels('ghost', 'province', 'nowhere'))))).toEqual(expect.objectContaining({
      kind: 'unprocessable',
      message: 'Some levels name units that do not exist.',
      errors: [{ field: 'levels[0].unitId', message: 'unknown unit ghost' }, { field: 'levels[2].unitId', message: 'unknown unit nowhere' }],
    }));
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([]);
    await expect(t.handler.execute(new ChangeProgram(ctx(admin), levels('province')))).resolves.toMatchObject({ appended: true });
  });

  it('the same Idempotency-Key and request again: the first answer, nothing appended', async () => {
    const again = () => t.handler.execute(new ChangeProgram(ctx(admin, { idempotencyKey: 'k-1', requestHash: 'h-1' }), close));
    const first = await again();
    expect(await again()).toEqual({ ...first, appended: false });
    expect(await t.spec.appended(programStreamId('p1'))).toHaveLength(1);
  });
});
