import { unitTreeLevels } from '../approvals/approval-levels';
import { deciderSpecification } from '../testing/decider-specification';
import { decideUnit, evolveUnit, initialUnitState, UnitCommand, UnitEvent } from './unit';

/** Approval levels from the unit tree: the levels a report filed under no program passes. */
const spec = deciderSpecification({ decide: decideUnit, evolve: evolveUnit, initialState: initialUnitState });

const lak: UnitEvent = { type: 'UnitRegistered.v1', data: { unitId: 'lak-bdv', name: 'Ban Dân vận Huyện ủy Lắk', kind: 'party-committee', parentId: 'daklak-bdv' } };
const lineage = ['lak-bdv', 'daklak-bdv', 'daklak-bcd'];
const district = { unitId: 'lak-bdv', name: 'Huyện' };
const province = { unitId: 'daklak-bcd', name: 'Ban Chỉ đạo tỉnh' };
const set = (levels: { unitId: string; name: string }[]): UnitCommand => ({ type: 'SetUnitApprovalLevels', data: { unitId: 'lak-bdv', levels }, lineage });
const levelsSet = (levels: { unitId: string; name: string }[]): UnitEvent => ({ type: 'UnitApprovalLevelsSet.v1', data: { unitId: 'lak-bdv', levels } });

describe('unit approval levels', () => {
  it('given a unit, when its levels climb its own line (itself, then the province), then UnitApprovalLevelsSet', () =>
    spec.given([lak]).when(set([district, province])).then([levelsSet([district, province])]));

  it('given the same levels again, then nothing (a retry changes nothing)', () =>
    spec.given([lak, levelsSet([district, province])]).when(set([district, province])).then([]));

  it('given levels, when set to none, then UnitApprovalLevelsSet with none (the unit defines no levels again)', () =>
    spec.given([lak, levelsSet([district, province])]).when(set([])).then([levelsSet([])]));

  it('when a level is a unit outside its line (a sibling, an unknown unit), then unprocessable naming the level', () =>
    spec.given([lak]).when(set([district, { unitId: 'daklak-mttq', name: 'MTTQ' }])).thenFails('unprocessable', 'levels[1].unitId'));

  it('when the levels go down the line (the province first), then unprocessable naming the lower one', () =>
    spec.given([lak]).when(set([province, district])).thenFails('unprocessable', 'levels[1].unitId'));

  it('when a level has no name or a unit twice, or there are more than five, then invalid naming the field', () => {
    spec.given([lak]).when(set([district, { unitId: 'daklak-bcd', name: ' ' }])).thenFails('invalid', 'levels[1].name');
    spec.given([lak]).when(set([district, district])).thenFails('invalid', 'levels[1].unitId');
    spec.given([lak]).when(set(Array.from({ length: 6 }, (_, i) => ({ unitId: `u${i}`, name: 'x' })))).thenFails('invalid', 'levels');
  });

  it('given a merged unit, when its levels are set, then conflict', () =>
    spec.given([lak, { type: 'UnitSucceeded.v1', data: { unitId: 'lak-bdv', successorId: 'daklak-bdv', effectiveFrom: '2025-07-01', reason: 'bỏ cấp huyện' } }])
      .when(set([district, province])).thenFails('conflict'));

  it('folds the levels into the state', () =>
    expect([lak, levelsSet([district, province])].reduce(evolveUnit, initialUnitState)).toMatchObject({ approvalLevels: [district, province] }));
});

describe('the levels of a report filed under no program', () => {
  const own: Record<string, { unitId: string; name: string }[]> = { 'lak-bdv': [district, province], 'daklak-bcd': [province] };
  const levelsOf = (id: string) => own[id] ?? [];

  it('are the nearest unit\'s, itself or above, that defines some', () => {
    expect(unitTreeLevels(['lak-dang-uy-xa', 'lak-bdv', 'daklak-bdv', 'daklak-bcd'], levelsOf)).toEqual({ definedBy: 'lak-bdv', levels: [district, province] });
    expect(unitTreeLevels(['lak-bdv', 'daklak-bdv', 'daklak-bcd'], levelsOf)).toEqual({ definedBy: 'lak-bdv', levels: [district, province] });
    expect(unitTreeLevels(['td66', 'daklak-bcd'], levelsOf)).toEqual({ definedBy: 'daklak-bcd', levels: [province] });
  });

  it('are none when no unit of the line defines any', () => expect(unitTreeLevels(['lamdong-bchqs', 'lamdong-bdv'], levelsOf)).toBeNull());
});
