import { EventStore, SqliteEventStore } from '@app/event-store';
import { commandSpecification } from '../testing/command-specification';
import { Reference, ReferenceData } from './reference-data';

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

  it('reads one tail of the log per call, by type, never one stream per unit; nothing when the log has not moved', async () => {
    for (const u of ['a', 'b', 'c', 'd']) await spec.givenUnit(u, u === 'a' ? null : 'a');
    const store = spec.store as SqliteEventStore;
    const [readTypes, readAll, readStream] = [jest.spyOn(store, 'readTypes'), jest.spyOn(store, 'readAll'), jest.spyOn(store, 'readStream')];
    const ref = await spec.reference.current();
    expect(ref.authorities('d')).toEqual(['d', 'a']);
    expect(readStream).not.toHaveBeenCalled();
    expect(readAll).not.toHaveBeenCalled();
    expect(readTypes).toHaveBeenCalledTimes(1);
    await spec.reference.current();
    expect(readTypes).toHaveBeenCalledTimes(1);
    await spec.givenUnit('e', 'd');
    expect((await spec.reference.current()).authorities('e')).toEqual(['e', 'd', 'a']);
    expect(readTypes).toHaveBeenCalledTimes(2);
    expect(readTypes.mock.calls[1][0]).toMatchObject({ after: readTypes.mock.calls[0][0].until });
  });

  it('starts its first catch-up when the application boots, and the first caller waits for that one instead of reading again', async () => {
    await spec.givenUnit('a');
    const head = jest.spyOn(spec.store as SqliteEventStore, 'headPosition');
    const readTypes = jest.spyOn(spec.store as SqliteEventStore, 'readTypes');
    const reference = new ReferenceData(spec.store);
    reference.onApplicationBootstrap();
    expect(head).toHaveBeenCalledTimes(1);
    expect((await reference.current()).unit('a')).toMatchObject({ status: 'registered' });
    // The caller arrived during the boot's catch-up: it waits for one more look, at what came after (nothing).
    expect(head).toHaveBeenCalledTimes(2);
    expect(readTypes).toHaveBeenCalledTimes(1);
  });

  it('a catch-up of many batches lets the event loop run between them, so other requests go on meanwhile', async () => {
    for (let r = 0; r < 3; r += 1) {
      await spec.given(`report-r${r}`, Array.from({ length: 1000 }, (_, n) => ({
        type: 'ReportCreated.v1' as const, data: { reportId: `r${r}-${n}`, unitId: 'a', programId: null, period: '2021-01', by: 'rep', at: '2021-02-01T00:00:00.000Z' },
      })));
    }
    await spec.givenUnit('a');
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const reference = new ReferenceData(spec.store);
    expect((await reference.current()).unit('a')).toMatchObject({ status: 'registered' });
    ticking = false;
    // Four batches of 1,000: the loop had a turn after each of the first three.
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('a failed catch-up at boot fails nothing: the first caller reads again', async () => {
    const reference = new ReferenceData(spec.store);
    jest.spyOn(spec.store as SqliteEventStore, 'headPosition').mockRejectedValueOnce(new Error('store not reachable'));
    reference.onApplicationBootstrap();
    await spec.givenUnit('a');
    expect((await reference.current()).unit('a')).toMatchObject({ status: 'registered' });
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

  describe('a tail longer than a batch (the first command after a start on a large log)', () => {
    /** Everything a command may ask of the reference data about the units, programs, indicators and areas below. */
    const seen = (ref: Reference) => ({
      units: ['top', 'mid', 'old', 'late'].map((u) => [ref.unit(u), ref.lineage(u), ref.authorities(u).sort(), ref.descendants(u).sort()]),
      program: ref.program('p1'),
      indicator: ref.indicator('work_days'),
      areaMap: ref.areaMap,
      covering: ref.consolidatedCovering('mid', '2021'),
      levels: ref.unitTreeLevels('mid'),
    });
    /** Events none of the reference data folds (figures), `n` of them in appends of 100. */
    const noise = async (n: number, tag: string) => {
      for (let i = 0; i < n; i += 100) {
        await spec.given(`report-noise-${tag}-${i}`, Array.from({ length: Math.min(100, n - i) }, (_, k) => ({ type: 'FigureRecorded.v1', data: { reportId: `noise-${tag}-${i}`, indicator: 'work_days', areaCode: null, value: String(k) } })));
      }
    };

    it('reads only the types it folds, up to the head, and knows what a plain read of every event knows', async () => {
      await spec.givenUnit('top');
      await spec.givenUnit('mid', 'top');
      await noise(1_200, 'a');
      await spec.givenIndicator('work_days', 1);
      await spec.givenArea('ia-lop');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'top' });
      await spec.given('report-bcd-2021', [{ type: 'ReportCreated.v1', data: { reportId: 'bcd-2021', unitId: 'top', programId: null, period: '2021', by: 'rep', at: '2021-01-19T00:00:00.000Z', consolidates: ['mid'] } }]);
      await noise(1_500, 'b');
      await spec.given('report-bcd-2021', [{ type: 'ReportApproved.v1', data: { reportId: 'bcd-2021', by: 'sup', at: '2021-01-20T00:00:00.000Z', comment: null } }]);
      await spec.givenUnit('old', 'top');
      await spec.given('unit-old', [{ type: 'UnitSucceeded.v1', data: { unitId: 'old', successorId: 'mid', effectiveFrom: '2025-07-01', reason: 'merge' } }]);
      await spec.given('unit-mid', [{ type: 'UnitApprovalLevelsSet.v1', data: { unitId: 'mid', levels: [{ unitId: 'mid', name: 'huyện' }, { unitId: 'top', name: 'tỉnh' }] } }]);
      await noise(1_100, 'c');

      const store = spec.store as SqliteEventStore;
      const readTypes = jest.spyOn(store, 'readTypes');
      const readAll = jest.spyOn(store, 'readAll');
      const typed = seen(await spec.reference.current());
      // The typed read goes to the head, in batches; no event is read whole.
      expect(readAll).not.toHaveBeenCalled();
      readAll.mockRestore();
      // The same real store with its typed read hidden: the fold reads every event with readAll.
      const plainStore = new Proxy(store, { get: (target, key) => (key === 'readTypes' ? undefined : Reflect.get(target, key, target)) }) as EventStore;
      const plain = seen(await new ReferenceData(plainStore).current());

      expect(readTypes).toHaveBeenCalled();
      expect(typed).toEqual(plain);
      // What the log says, checked apart from either read.
      expect(typed.covering).toEqual(['bcd-2021']);
      expect(typed.units[2][2]).toEqual(['mid', 'old', 'top']);
      expect(typed.indicator).toMatchObject({ status: 'defined', scale: 1 });
      expect(typed.levels).toMatchObject({ definedBy: 'mid' });

      // After the typed read the position is the head it read to: what comes next is read once.
      readTypes.mockClear();
      await spec.givenUnit('late', 'mid');
      const after = await spec.reference.current();
      expect(readTypes).toHaveBeenCalledTimes(1);
      expect(await readTypes.mock.results[0].value).toHaveLength(1);
      expect(after.lineage('late')).toEqual(['late', 'mid', 'top']);
      expect(after.descendants('top').sort()).toEqual(['late', 'mid', 'old']);
    });
  });
});
