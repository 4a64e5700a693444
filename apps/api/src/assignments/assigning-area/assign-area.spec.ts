import { programStreamId } from '@app/domain';
import { actor, commandSpecification, ctx, failureOf } from '../../platform/testing/command-specification';
import { AssignAreaHandler } from './assign-area.command';

const dto = { programId: 'p1', unitId: 'd737', areaCode: 'ia-lop', year: 2021 };
const steering = actor('s', 'supervisor:bcd');

describe('assigning an area (handler on the embedded store)', () => {
  let spec: ReturnType<typeof commandSpecification>;
  let handler: AssignAreaHandler;

  beforeEach(async () => {
    spec = commandSpecification();
    handler = new AssignAreaHandler(spec.store, spec.reference);
    await spec.givenUnit('bcd');
    await spec.givenUnit('d737');
    await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
  });
  afterEach(() => spec.close());

  it('the steering unit assigns a known commune: AreaAssigned with an id naming the program', async () => {
    await spec.givenArea('ia-lop');
    const result = await handler.handle(ctx(steering), dto);
    expect(result.id).toMatch(/^p1~[a-f0-9]{12}$/);
    expect(await spec.appended(programStreamId('p1'))).toEqual([{
      type: 'AreaAssigned.v1', data: { programId: 'p1', assignmentId: result.id, unitId: 'd737', areaCode: 'ia-lop', year: 2021, decisionRef: null, decidedAt: null },
    }]);
  });

  it('an unknown area is unprocessable; a supervisor outside the steering unit is forbidden first', async () => {
    expect(await failureOf(handler.handle(ctx(steering), dto))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'areaCode' }] });
    expect(await failureOf(handler.handle(ctx(actor('x', 'supervisor:d737')), dto))).toMatchObject({ kind: 'forbidden' });
    expect(await spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
