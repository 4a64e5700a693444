import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { AssignArea, AssignAreaHandler } from './assign-area.command';

const dto = { programId: 'p1', unitId: 'd737', areaCode: 'ia-lop', year: 2021 };
const steering = actor('s', 'supervisor:bcd');

/** The handler's refusals word for word (the sentence and field errors are the API's `detail` and `errors`). */
describe('assigning an area: refusals (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new AssignAreaHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('bcd');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd' });
    },
  );

  it('a program that does not exist: unprocessable, naming it and the field', async () => {
    expect(await failureOf(t.handler.execute(new AssignArea(ctx(steering), { ...dto, programId: 'p9' })))).toMatchObject({
      kind: 'unprocessable', message: 'Program p9 does not exist.', errors: [{ field: 'programId', message: 'unknown program' }],
    });
  });

  it('an unknown unit and an unknown area: both named, nothing appended', async () => {
    expect(await failureOf(t.handler.execute(new AssignArea(ctx(steering), dto)))).toMatchObject({
      kind: 'unprocessable', message: 'Some references do not exist.', errors: [{ field: 'unitId', message: 'unknown unit' }, { field: 'areaCode', message: 'unknown area' }],
    });
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
