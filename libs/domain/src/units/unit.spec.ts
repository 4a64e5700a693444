import { deciderSpecification } from '../testing/decider-specification';
import { assertUnitMayReport, decideUnit, evolveUnit, initialUnitState, UnitCommand, UnitEvent, unitStreamId } from './unit';

const spec = deciderSpecification({ decide: decideUnit, evolve: evolveUnit, initialState: initialUnitState });

const registered: UnitEvent = { type: 'UnitRegistered.v1', data: { unitId: 'td66', name: 'Trung đoàn 66', kind: 'regiment', parentId: 'daklak-bcd' } };
const succeeded: UnitEvent = { type: 'UnitSucceeded.v1', data: { unitId: 'td66', successorId: 'sd10', effectiveFrom: '2025-07-01', reason: 'sáp nhập' } };

describe('unit', () => {
  it('given nothing, when registered, then UnitRegistered', () =>
    spec.given([]).when({ type: 'RegisterUnit', data: registered.data as never }).then([registered]));

  it('given a unit, when renamed, then UnitRenamed with the old name', () =>
    spec.given([registered]).when({ type: 'RenameUnit', data: { unitId: 'td66', name: 'Trung đoàn Bộ binh 66' } })
      .then([{ type: 'UnitRenamed.v1', data: { unitId: 'td66', name: 'Trung đoàn Bộ binh 66', previousName: 'Trung đoàn 66' } }]));

  it('given a unit, when moved under another parent, then UnitMoved with the old parent', () =>
    spec.given([registered]).when({ type: 'MoveUnit', data: { unitId: 'td66', parentId: 'qk5' }, parentLineage: ['qk5'] })
      .then([{ type: 'UnitMoved.v1', data: { unitId: 'td66', parentId: 'qk5', previousParentId: 'daklak-bcd' } }]));

  it('given a unit, when moved under one of its descendants, then unprocessable naming parentId (no cycles)', () =>
    spec.given([registered]).when({ type: 'MoveUnit', data: { unitId: 'td66', parentId: 'tieu-doan-1' }, parentLineage: ['tieu-doan-1', 'td66', 'daklak-bcd'] })
      .thenFails('unprocessable', 'parentId'));

  it('given a unit, when moved under itself, then unprocessable', () =>
    spec.given([registered]).when({ type: 'MoveUnit', data: { unitId: 'td66', parentId: 'td66' }, parentLineage: ['td66', 'daklak-bcd'] }).thenFails('unprocessable', 'parentId'));

  it('given a unit, when merged into a successor from a date, then UnitSucceeded', () =>
    spec.given([registered]).when({ type: 'SucceedUnit', data: { unitId: 'td66', successorId: 'sd10', effectiveFrom: '2025-07-01', reason: 'sáp nhập' }, successorStatus: 'registered' })
      .then([succeeded]));

  it('given a unit, when merged into a unit that was itself succeeded, then conflict', () =>
    spec.given([registered]).when({ type: 'SucceedUnit', data: { unitId: 'td66', successorId: 'old', effectiveFrom: '2025-07-01', reason: 'r' }, successorStatus: 'succeeded' })
      .thenFails('conflict'));

  it('given a unit, when merged without a reason, then invalid naming reason', () =>
    spec.given([registered]).when({ type: 'SucceedUnit', data: { unitId: 'td66', successorId: 'sd10', effectiveFrom: '2025-07-01', reason: '' }, successorStatus: 'registered' })
      .thenFails('invalid', 'reason'));

  it('given a succeeded unit, when renamed, then conflict', () =>
    spec.given([registered, succeeded]).when({ type: 'RenameUnit', data: { unitId: 'td66', name: 'x' } }).thenFails('conflict'));

  it('given a succeeded unit, then its state names the successor and the date', () =>
    expect([registered, succeeded].reduce(evolveUnit, initialUnitState)).toMatchObject({ status: 'succeeded', successorId: 'sd10', succeededFrom: '2025-07-01' }));
});

describe('a succeeded unit reporting', () => {
  const merged = [
    { type: 'UnitRegistered.v1', data: { unitId: 'd737', name: 'Đoàn 737', kind: 'economic-defence-group', parentId: null } },
    { type: 'UnitSucceeded.v1', data: { unitId: 'd737', successorId: 'bdbp', effectiveFrom: '2025-07-01', reason: 'Hợp nhất' } },
  ] as UnitEvent[];
  const state = merged.reduce(evolveUnit, initialUnitState);

  it.each(['2025-H1', '2025-06', '2025-Q2', '2024'])('may still file %s, which ended before the merger', (period) => {
    expect(() => assertUnitMayReport(state, period)).not.toThrow();
  });

  it.each(['2025', '2025-H2', '2025-07', '2026-Q1'])('may not file %s, which reaches the merger: conflict naming the successor', (period) => {
    expect(() => assertUnitMayReport(state, period)).toThrow(expect.objectContaining({ kind: 'conflict', message: expect.stringContaining('bdbp') }));
  });

  it('a unit never merged may file any period', () => {
    expect(() => assertUnitMayReport(merged.slice(0, 1).reduce(evolveUnit, initialUnitState), '2030')).not.toThrow();
  });

  describe('every refusal word for word, and the edges', () => {
    const succeed = (data: Partial<{ successorId: string; effectiveFrom: string; reason: string }>, successorStatus: 'registered' | 'succeeded' = 'registered'): UnitCommand =>
      ({ type: 'SucceedUnit', data: { unitId: 'td66', successorId: 'sd10', effectiveFrom: '2025-07-01', reason: 'sáp nhập', ...data }, successorStatus });
    it.each<[string, UnitEvent[], UnitCommand, string, string, { field: string; message: string }[]]>([
      ['registering a unit that exists', [registered], { type: 'RegisterUnit', data: { unitId: 'td66', name: 'x', kind: 'regiment', parentId: null } }, 'conflict', 'unit td66 already exists', []],
      ['renaming a unit that does not exist', [], { type: 'RenameUnit', data: { unitId: 'td66', name: 'x' } }, 'conflict', 'unit td66 does not exist', []],
      ['renaming a merged unit', [registered, succeeded], { type: 'RenameUnit', data: { unitId: 'td66', name: 'x' } }, 'conflict', 'unit td66 was merged into sd10 from 2025-07-01', []],
      ['moving a unit under itself', [registered], { type: 'MoveUnit', data: { unitId: 'td66', parentId: 'td66' }, parentLineage: ['td66', 'daklak-bcd'] }, 'unprocessable',
        'moving td66 under td66 would make it its own ancestor', [{ field: 'parentId', message: 'is the unit or one of its descendants' }]],
      ['moving a unit under a descendant', [registered], { type: 'MoveUnit', data: { unitId: 'td66', parentId: 'tieu-doan-1' }, parentLineage: ['tieu-doan-1', 'td66', 'daklak-bcd'] }, 'unprocessable',
        'moving td66 under tieu-doan-1 would make it its own ancestor', [{ field: 'parentId', message: 'is the unit or one of its descendants' }]],
      ['a merger dated 01/07/2025', [registered], succeed({ effectiveFrom: '01/07/2025' }), 'invalid', 'effectiveFrom is not a date', [{ field: 'effectiveFrom', message: 'must be a date such as 2025-07-01' }]],
      ['a merger with a blank reason', [registered], succeed({ reason: '  ' }), 'invalid', 'a reason is required', [{ field: 'reason', message: 'is required' }]],
      ['a unit succeeding itself', [registered], succeed({ successorId: 'td66' }), 'unprocessable', 'a unit cannot succeed itself', [{ field: 'successorId', message: 'is the unit itself' }]],
      ['a successor that was itself succeeded', [registered], succeed({}, 'succeeded'), 'conflict', 'unit sd10 has itself been succeeded; name its successor', []],
    ])('%s', (_, given, command, kind, message, errors) => spec.given(given).when(command).thenRefuses(kind as 'invalid', message, errors));

    it('renaming to the same name, or moving under the same parent, records nothing; a unit may move to the top', () => {
      spec.given([registered]).when({ type: 'RenameUnit', data: { unitId: 'td66', name: 'Trung đoàn 66' } }).then([]);
      spec.given([registered]).when({ type: 'MoveUnit', data: { unitId: 'td66', parentId: 'daklak-bcd' }, parentLineage: ['daklak-bcd'] }).then([]);
      spec.given([registered]).when({ type: 'MoveUnit', data: { unitId: 'td66', parentId: null }, parentLineage: [] })
        .then([{ type: 'UnitMoved.v1', data: { unitId: 'td66', parentId: null, previousParentId: 'daklak-bcd' } }]);
    });

    it('folds renames and moves into the state', () => {
      const state = [registered, { type: 'UnitRenamed.v1', data: { unitId: 'td66', name: 'E66', previousName: 'Trung đoàn 66' } } as UnitEvent,
        { type: 'UnitMoved.v1', data: { unitId: 'td66', parentId: 'qk5', previousParentId: 'daklak-bcd' } } as UnitEvent].reduce(evolveUnit, initialUnitState);
      expect(state).toEqual({ status: 'registered', unitId: 'td66', name: 'E66', kind: 'regiment', parentId: 'qk5', successorId: null, succeededFrom: null, approvalLevels: [] });
      expect(evolveUnit(initialUnitState, succeeded)).toEqual(initialUnitState);
      expect(unitStreamId('td66')).toBe('unit-td66');
    });

    it('a merged unit may file a period ending the day before the merger, not one ending on it; what is not a period is left to the caller', () => {
      const state = [registered, { ...succeeded, data: { ...succeeded.data, effectiveFrom: '2025-07-01' } } as UnitEvent].reduce(evolveUnit, initialUnitState);
      expect(() => assertUnitMayReport(state, '2025-06')).not.toThrow();
      expect(() => assertUnitMayReport(state, '2025-H1')).not.toThrow();
      expect(() => assertUnitMayReport(state, '2025-07')).toThrow('unit td66 was merged into sd10 from 2025-07-01; report 2025-07 under sd10');
      const endOfJune = [registered, { ...succeeded, data: { ...succeeded.data, effectiveFrom: '2025-06-30' } } as UnitEvent].reduce(evolveUnit, initialUnitState);
      expect(() => assertUnitMayReport(endOfJune, '2025-06')).toThrow('report 2025-06 under sd10');
      expect(() => assertUnitMayReport(state, 'not-a-period')).not.toThrow();
      expect(() => assertUnitMayReport([registered].reduce(evolveUnit, initialUnitState), '2030')).not.toThrow();
    });
  });
});
