import { SqliteEventStore } from '@app/event-store';
import { commandSpecification } from '../testing/command-specification';

describe('ReferenceData on the embedded store', () => {
  let spec: ReturnType<typeof commandSpecification>;

  beforeEach(() => (spec = commandSpecification()));
  afterEach(() => spec.close());

  it('folds units, programs, indicators and the area map from the log, and sees what was appended since the last call', async () => {
    await spec.givenUnit('top');
    await spec.givenUnit('mid', 'top');
    await spec.givenIndicator('work_days', 0);
    expect((await spec.reference.current()).lineage('mid')).toEqual(['mid', 'top']);

    await spec.givenUnit('leaf', 'mid');
    await spec.givenArea('ia-lop');
    await spec.givenProgram({ programId: 'p1', steeringUnitId: 'top' });
    const ref = await spec.reference.current();
    expect(ref.lineage('leaf')).toEqual(['leaf', 'mid', 'top']);
    expect(ref.indicator('work_days')).toMatchObject({ status: 'defined', scale: 0 });
    expect(ref.areaMap.areas['ia-lop']).toMatchObject({ status: 'active' });
    expect(ref.program('p1')).toMatchObject({ status: 'active', steeringUnitId: 'top' });
    expect(ref.unit('nope')).toEqual({ status: 'none' });
  });

  it('reads one tail of the log per call, never one stream per unit', async () => {
    for (const u of ['a', 'b', 'c', 'd']) await spec.givenUnit(u, u === 'a' ? null : 'a');
    const readAll = jest.spyOn(spec.store as SqliteEventStore, 'readAll');
    const readStream = jest.spyOn(spec.store as SqliteEventStore, 'readStream');
    const ref = await spec.reference.current();
    expect(ref.authorities('d')).toEqual(['d', 'a']);
    expect(readStream).not.toHaveBeenCalled();
    expect(readAll).toHaveBeenCalledTimes(1);
    await spec.reference.current();
    expect(readAll).toHaveBeenCalledTimes(2);
    expect(await readAll.mock.results[1].value).toEqual([]);
  });

  it('callers arriving during a catch-up each see every event appended before they asked', async () => {
    await spec.givenUnit('a');
    const first = spec.reference.current();
    await spec.givenUnit('b');
    const second = spec.reference.current();
    expect((await second).unit('b')).toMatchObject({ status: 'registered' });
    expect((await first).unit('a')).toMatchObject({ status: 'registered' });
  });

  it('a successor answers for the units merged into it', async () => {
    await spec.givenUnit('old-top');
    await spec.givenUnit('new-top');
    await spec.givenUnit('old', 'old-top');
    await spec.given('unit-old', [{ type: 'UnitSucceeded.v1', data: { unitId: 'old', successorId: 'new-top', effectiveFrom: '2025-07-01', reason: 'merge' } }]);
    expect((await spec.reference.current()).authorities('old').sort()).toEqual(['new-top', 'old', 'old-top']);
  });
});
