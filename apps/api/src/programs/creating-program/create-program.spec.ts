import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { CreateProgram, CreateProgramHandler } from './create-program.command';

const dto = {
  id: 'p1', name: 'Chương trình phối hợp 2021', parties: ['bdv', 'bchqs'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021,
  calendar: [{ periodType: 'year' as const, deadlineDays: 15 }],
};

describe('creating a program (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new CreateProgramHandler(spec.store, spec.reference));

  it('given its units, when created, then ProgramCreated with the calendar defaults', async () => {
    for (const u of ['bcd', 'bdv', 'bchqs']) await t.spec.givenUnit(u);
    await t.handler.execute(new CreateProgram(ctx(actor('admin', 'admin')), dto));
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([{
      type: 'ProgramCreated.v1',
      data: { programId: 'p1', name: dto.name, parties: dto.parties, steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }] },
    }]);
  });

  it('given missing units, then unprocessable naming each, nothing appended', async () => {
    await t.spec.givenUnit('bdv');
    expect(await failureOf(t.handler.execute(new CreateProgram(ctx(actor('admin', 'admin')), dto)))).toMatchObject({
      kind: 'unprocessable', errors: [{ field: 'steeringUnitId' }, { field: 'parties[1]' }],
    });
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
