import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { AssignArea, AssignAreaHandler } from './assign-area.command';

const dto = { programId: 'p1', unitId: 'd737', areaCode: 'ia-lop', year: 2021 };
const steering = actor('s', 'supervisor:bcd');

describe('assigning an area (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new AssignAreaHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('bcd');
      await spec.givenUnit('d737');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    },
  );

  it('the steering unit assigns a known commune: AreaAssigned with an id naming the program', async () => {
    await t.spec.givenArea('ia-lop');
    const result = await t.handler.execute(new AssignArea(ctx(steering), dto));
    expect(result.id).toMatch(/^p1~[a-f0-9]{12}$/);
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([{
      type: 'AreaAssigned.v1', data: { programId: 'p1', assignmentId: result.id, unitId: 'd737', areaCode: 'ia-lop', year: 2021, decisionRef: null, decidedAt: null },
    }]);
  });

  it('an unknown area is unprocessable; a supervisor outside the steering unit is forbidden first', async () => {
    expect(await failureOf(t.handler.execute(new AssignArea(ctx(steering), dto)))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'areaCode' }] });
    expect(await failureOf(t.handler.execute(new AssignArea(ctx(actor('x', 'supervisor:d737')), dto)))).toMatchObject({ kind: 'forbidden' });
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
