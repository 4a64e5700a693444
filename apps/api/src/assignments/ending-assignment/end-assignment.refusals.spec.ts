import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { EndAssignment, EndAssignmentHandler } from './end-assignment.command';

const assignmentId = 'p1~0123456789ab';
const assigned = { type: 'AreaAssigned.v1', data: { programId: 'p1', assignmentId, unitId: 'd737', areaCode: 'ia-lop', year: 2021, decisionRef: null, decidedAt: null } };
const dto = { reason: 'Điều chuyển', effectiveFrom: '2021-07-01' };

/** Ending an assignment: what a missing one answers, to whom, and a replay under an Idempotency-Key. */
describe('ending an assignment: refusals and replays (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new EndAssignmentHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('bcd');
      await spec.givenUnit('other');
    },
  );

  it('an assignment of a program that does not exist: not_found, naming it, to anyone', async () => {
    for (const who of [actor('admin', 'admin'), actor('x', 'supervisor:other')]) {
      expect(await failureOf(t.handler.execute(new EndAssignment(ctx(who), assignmentId, dto)))).toMatchObject({ kind: 'not_found', message: `Assignment ${assignmentId} does not exist.` });
    }
  });

  it('an assignment the program does not hold: not_found before any authorization (existence first, then 403)', async () => {
    await t.spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    expect(await failureOf(t.handler.execute(new EndAssignment(ctx(actor('x', 'supervisor:other')), assignmentId, dto)))).toMatchObject({ kind: 'not_found', message: `Assignment ${assignmentId} does not exist.` });
    await t.spec.given(programStreamId('p1'), [assigned]);
    expect(await failureOf(t.handler.execute(new EndAssignment(ctx(actor('x', 'supervisor:other')), assignmentId, dto)))).toMatchObject({ kind: 'forbidden' });
  });

  it('the same Idempotency-Key and request again: the first answer, nothing appended', async () => {
    await t.spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    await t.spec.given(programStreamId('p1'), [assigned]);
    const again = () => t.handler.execute(new EndAssignment(ctx(actor('s', 'supervisor:bcd'), { idempotencyKey: 'k-1', requestHash: 'h-1' }), assignmentId, dto));
    const first = await again();
    expect(await again()).toEqual({ ...first, appended: false });
    expect(await t.spec.appended(programStreamId('p1'))).toHaveLength(1);
  });
});
