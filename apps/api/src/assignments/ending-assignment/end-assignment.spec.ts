import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { EndAssignment, EndAssignmentHandler } from './end-assignment.command';

const assigned = { type: 'AreaAssigned.v1', data: { programId: 'p1', assignmentId: 'p1~0123456789ab', unitId: 'd737', areaCode: 'ia-lop', year: 2021, decisionRef: null, decidedAt: null } };
const dto = { reason: 'Điều chuyển', effectiveFrom: '2021-07-01' };

describe('ending an assignment (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new EndAssignmentHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('bcd');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    },
  );

  it('given the assignment, when the steering unit ends it, then AssignmentEnded in the program stream', async () => {
    await t.spec.given(programStreamId('p1'), [assigned]);
    await t.handler.execute(new EndAssignment(ctx(actor('admin', 'admin')), 'p1~0123456789ab', dto));
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([{ type: 'AssignmentEnded.v1', data: { programId: 'p1', assignmentId: 'p1~0123456789ab', ...dto } }]);
  });

  it('an assignment the program does not hold is not_found', async () => {
    expect(await failureOf(t.handler.execute(new EndAssignment(ctx(actor('admin', 'admin')), 'p1~0123456789ab', dto)))).toMatchObject({ kind: 'not_found' });
  });
});
