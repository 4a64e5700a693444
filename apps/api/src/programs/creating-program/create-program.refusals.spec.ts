import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { CreateProgram, CreateProgramHandler } from './create-program.command';

const dto = {
  id: 'p1', name: 'Chương trình phối hợp 2021', parties: ['bdv', 'bchqs'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021,
  calendar: [{ periodType: 'year' as const, cutoff: 'decree-09' as const, deadlineDays: 15 }],
};
const admin = actor('admin', 'admin');

/** Creating a program: the refusal word for word, a calendar's own cutoff, and a retry under an Idempotency-Key. */
describe('creating a program: refusals and replays (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new CreateProgramHandler(spec.store, spec.reference));

  it('missing units: unprocessable, each named with its field', async () => {
    await t.spec.givenUnit('bdv');
    expect(await failureOf(t.handler.execute(new CreateProgram(ctx(admin), dto)))).toEqual(expect.objectContaining({
      kind: 'unprocessable', message: 'Some units do not exist.', errors: [{ field: 'steeringUnitId', message: 'unknown unit bcd' }, { field: 'parties[1]', message: 'unknown unit bchqs' }],
    }));
  });

  it('the same Idempotency-Key and request again: the first answer, not a conflict, nothing appended', async () => {
    for (const u of ['bcd', 'bdv', 'bchqs']) await t.spec.givenUnit(u);
    const create = () => t.handler.execute(new CreateProgram(ctx(admin, { idempotencyKey: 'k-1', requestHash: 'h-1' }), dto));
    const first = await create();
    expect(first).toMatchObject({ id: 'p1', revision: 0, appended: true });
    expect(await create()).toEqual({ ...first, appended: false });
    const appended = await t.spec.appended(programStreamId('p1'));
    expect(appended).toHaveLength(1);
    expect(appended[0].data).toMatchObject({ calendar: [{ periodType: 'year', cutoff: 'decree-09', deadlineDays: 15 }] });
  });
});
