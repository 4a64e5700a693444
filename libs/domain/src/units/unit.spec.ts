import { deciderSpecification } from '../testing/decider-specification';
import { assertUnitMayReport, decideUnit, evolveUnit, initialUnitState, UnitEvent } from './unit';

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
});
