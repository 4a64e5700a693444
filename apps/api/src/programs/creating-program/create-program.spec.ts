import { programStreamId } from '@app/domain';
import { actor, commandSpecification, ctx, failureOf } from '../../platform/testing/command-specification';
import { CreateProgramHandler } from './create-program.command';

const dto = {
  id: 'p1', name: 'Chương trình phối hợp 2021', parties: ['bdv', 'bchqs'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021,
  calendar: [{ periodType: 'year' as const, deadlineDays: 15 }],
};

describe('creating a program (handler on the embedded store)', () => {
  let spec: ReturnType<typeof commandSpecification>;
  let handler: CreateProgramHandler;

  beforeEach(() => {
    spec = commandSpecification();
    handler = new CreateProgramHandler(spec.store, spec.reference);
  });
  afterEach(() => spec.close());

  it('given its units, when created, then ProgramCreated with the calendar defaults', async () => {
    for (const u of ['bcd', 'bdv', 'bchqs']) await spec.givenUnit(u);
    await handler.handle(ctx(actor('admin', 'admin')), dto);
    expect(await spec.appended(programStreamId('p1'))).toEqual([{
      type: 'ProgramCreated.v1',
      data: { programId: 'p1', name: dto.name, parties: dto.parties, steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }] },
    }]);
  });

  it('given missing units, then unprocessable naming each, nothing appended', async () => {
    await spec.givenUnit('bdv');
    expect(await failureOf(handler.handle(ctx(actor('admin', 'admin')), dto))).toMatchObject({
      kind: 'unprocessable', errors: [{ field: 'steeringUnitId' }, { field: 'parties[1]' }],
    });
    expect(await spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
