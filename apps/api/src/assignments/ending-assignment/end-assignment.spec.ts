import { programStreamId } from '@app/domain';
import { actor, commandSpecification, ctx, failureOf } from '../../platform/testing/command-specification';
import { EndAssignmentHandler } from './end-assignment.command';

const assigned = { type: 'AreaAssigned.v1', data: { programId: 'p1', assignmentId: 'p1~0123456789ab', unitId: 'd737', areaCode: 'ia-lop', year: 2021, decisionRef: null, decidedAt: null } };
const dto = { reason: 'Điều chuyển', effectiveFrom: '2021-07-01' };

describe('ending an assignment (handler on the embedded store)', () => {
  let spec: ReturnType<typeof commandSpecification>;
  let handler: EndAssignmentHandler;

  beforeEach(async () => {
    spec = commandSpecification();
    handler = new EndAssignmentHandler(spec.store, spec.reference);
    await spec.givenUnit('bcd');
    await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
  });
  afterEach(() => spec.close());

  it('given the assignment, when the steering unit ends it, then AssignmentEnded in the program stream', async () => {
    await spec.given(programStreamId('p1'), [assigned]);
    await handler.handle(ctx(actor('admin', 'admin')), 'p1~0123456789ab', dto);
    expect(await spec.appended(programStreamId('p1'))).toEqual([{ type: 'AssignmentEnded.v1', data: { programId: 'p1', assignmentId: 'p1~0123456789ab', ...dto } }]);
  });

  it('an assignment the program does not hold is not_found', async () => {
    expect(await failureOf(handler.handle(ctx(actor('admin', 'admin')), 'p1~0123456789ab', dto))).toMatchObject({ kind: 'not_found' });
  });
});
