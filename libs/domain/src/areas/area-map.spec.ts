import { deciderSpecification } from '../testing/decider-specification';
import { AreaMapCommand, AreaMapEvent, decideAreaMap, evolveAreaMap, foldName, initialAreaMapState } from './area-map';

const spec = deciderSpecification({ decide: decideAreaMap, evolve: evolveAreaMap, initialState: initialAreaMapState });

const registered = (code: string, name: string, level: 'province' | 'district' | 'commune' | 'village', parentCode: string | null = null): AreaMapEvent => ({
  type: 'AreaRegistered.v1', data: { code, name, level, parentCode },
});
const change = { effectiveFrom: '2025-07-01', reason: 'Nghị quyết 1660/NQ-UBTVQH15' };

const province = registered('tinh-dak-lak', 'Đắk Lắk', 'province');
const eaSup = registered('huyen-ea-sup', 'Ea Súp', 'district', 'tinh-dak-lak');
const buonDon = registered('huyen-buon-don', 'Buôn Đôn', 'district', 'tinh-dak-lak');
const iaLop = registered('xa-ia-lop', 'Ia Lốp', 'commune', 'huyen-ea-sup');
const iaRve = registered('xa-ia-rve', "Ia R'vê", 'commune', 'huyen-ea-sup');
const map = [province, eaSup, buonDon, iaLop, iaRve];

const merge = (sourceCodes: string[], successor: { code: string; name?: string; parentCode?: string | null }): AreaMapCommand => ({
  type: 'MergeAreas', data: { ...change, sourceCodes, successor },
});

describe('area map', () => {
  describe('registering', () => {
    it('given a province, when a district is registered under it, then AreaRegistered', () =>
      spec.given([province]).when({ type: 'RegisterArea', data: { code: 'huyen-ea-sup', name: 'Ea Súp', level: 'district', parentCode: 'tinh-dak-lak' } }).then([eaSup]));

    it('given an area, when its code is registered again, then conflict', () =>
      spec.given([province]).when({ type: 'RegisterArea', data: { code: 'tinh-dak-lak', name: 'x', level: 'province', parentCode: null } }).thenFails('conflict'));

    it('given a merged area, when its code is registered again, then conflict: codes are never reused', () =>
      spec.given([...map, { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-ia-rve' } }])
        .when({ type: 'RegisterArea', data: { code: 'xa-ia-lop', name: 'Ia Lốp', level: 'commune', parentCode: 'huyen-ea-sup' } }).thenFails('conflict'));

    it('given nothing, when the parent is unknown, then unprocessable naming parentCode', () =>
      spec.given([]).when({ type: 'RegisterArea', data: { code: 'x', name: 'x', level: 'commune', parentCode: 'nowhere' } }).thenFails('unprocessable', 'parentCode'));

    it('given a commune, when a district is registered under it, then unprocessable: parents rank above', () =>
      spec.given(map).when({ type: 'RegisterArea', data: { code: 'h', name: 'h', level: 'district', parentCode: 'xa-ia-lop' } }).thenFails('unprocessable', 'parentCode'));

    it('lets a commune sit directly under its province (no district level)', () =>
      spec.given([province]).when({ type: 'RegisterArea', data: { code: 'xa-moi', name: 'Xã Mới', level: 'commune', parentCode: 'tinh-dak-lak' } })
        .then([registered('xa-moi', 'Xã Mới', 'commune', 'tinh-dak-lak')]));
  });

  describe('renaming and re-parenting', () => {
    it('given an area, when renamed with a date and a reason, then AreaRenamed with the old name', () =>
      spec.given(map).when({ type: 'RenameArea', data: { ...change, code: 'xa-ia-rve', name: 'Ia Rvê' } })
        .then([{ type: 'AreaRenamed.v1', data: { ...change, code: 'xa-ia-rve', name: 'Ia Rvê', previousName: "Ia R'vê" } }]));

    it('given an area, when renamed without a reason, then invalid naming reason', () =>
      spec.given(map).when({ type: 'RenameArea', data: { code: 'xa-ia-rve', name: 'x', effectiveFrom: '2025-07-01', reason: ' ' } }).thenFails('invalid', 'reason'));

    it('given an area, when renamed with a malformed date, then invalid naming effectiveFrom', () =>
      spec.given(map).when({ type: 'RenameArea', data: { code: 'xa-ia-rve', name: 'x', effectiveFrom: '2025-02-30', reason: 'r' } }).thenFails('invalid', 'effectiveFrom'));

    it('given nothing, when an unknown area is renamed, then not found', () =>
      spec.given([]).when({ type: 'RenameArea', data: { ...change, code: 'x', name: 'y' } }).thenFails('not_found'));

    it('given a commune under its district, when re-parented under the province, then AreaReparented with the old parent', () =>
      spec.given(map).when({ type: 'ReparentArea', data: { ...change, code: 'xa-ia-lop', parentCode: 'tinh-dak-lak' } })
        .then([{ type: 'AreaReparented.v1', data: { ...change, code: 'xa-ia-lop', parentCode: 'tinh-dak-lak', previousParentCode: 'huyen-ea-sup' } }]));

    it('given a district, when re-parented under one of its communes, then unprocessable (no cycles: parents rank above)', () =>
      spec.given(map).when({ type: 'ReparentArea', data: { ...change, code: 'huyen-ea-sup', parentCode: 'xa-ia-lop' } }).thenFails('unprocessable', 'parentCode'));

    it('given a commune, when re-parented under its current parent, then nothing', () =>
      spec.given(map).when({ type: 'ReparentArea', data: { ...change, code: 'xa-ia-lop', parentCode: 'huyen-ea-sup' } }).then([]));
  });

  describe('merging', () => {
    it('given two communes, when merged into a new commune, then the successor is registered and the merge recorded', () =>
      spec.given(map).when(merge(['xa-ia-lop', 'xa-ia-rve'], { code: 'xa-ia-rve-2025', name: 'Ia Rvê' })).then([
        registered('xa-ia-rve-2025', 'Ia Rvê', 'commune', 'huyen-ea-sup'),
        { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop', 'xa-ia-rve'], successorCode: 'xa-ia-rve-2025' } },
      ]));

    it('given two communes, when one merges into the other (existing successor), then only the merge', () =>
      spec.given(map).when(merge(['xa-ia-lop'], { code: 'xa-ia-rve' }))
        .then([{ type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-ia-rve' } }]));

    it('given a merged area, when it is renamed or merged again, then conflict', () => {
      const merged: AreaMapEvent = { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-ia-rve' } };
      spec.given([...map, merged]).when({ type: 'RenameArea', data: { ...change, code: 'xa-ia-lop', name: 'x' } }).thenFails('conflict');
      spec.given([...map, merged]).when(merge(['xa-ia-lop'], { code: 'xa-new', name: 'x' })).thenFails('conflict');
    });

    it('given a new successor without a name, then invalid naming successor.name', () =>
      spec.given(map).when(merge(['xa-ia-lop', 'xa-ia-rve'], { code: 'xa-new' })).thenFails('invalid', 'successor.name'));

    it('given communes, when an unknown source is named, then unprocessable naming it', () =>
      spec.given(map).when(merge(['xa-ia-lop', 'xa-nowhere'], { code: 'xa-new', name: 'x' })).thenFails('unprocessable', 'sourceCodes[1]'));

    it('given a district and a commune, when merged, then unprocessable: one level', () =>
      spec.given([province, eaSup, buonDon, iaLop]).when(merge(['xa-ia-lop'], { code: 'huyen-buon-don' })).thenFails('unprocessable', 'successor.code'));

    it('given a district with communes, when merged, then conflict: re-parent its communes first', () =>
      spec.given(map).when(merge(['huyen-ea-sup'], { code: 'huyen-buon-don' })).thenFails('conflict'));

    it('given an area, when merged into itself, then invalid', () =>
      spec.given(map).when(merge(['xa-ia-lop'], { code: 'xa-ia-lop' })).thenFails('invalid', 'successor.code'));
  });

  describe('splitting', () => {
    const split = (parts: { code: string; name?: string }[], defaultSuccessorCode: string): AreaMapCommand => ({
      type: 'SplitArea', data: { ...change, sourceCode: 'xa-ia-lop', parts, defaultSuccessorCode },
    });

    it('given a commune, when split into two new communes, then both registered under its parent, and the split names the default successor', () =>
      spec.given(map).when(split([{ code: 'xa-ia-lop-a', name: 'Ia Lốp A' }, { code: 'xa-ia-lop-b', name: 'Ia Lốp B' }], 'xa-ia-lop-a')).then([
        registered('xa-ia-lop-a', 'Ia Lốp A', 'commune', 'huyen-ea-sup'),
        registered('xa-ia-lop-b', 'Ia Lốp B', 'commune', 'huyen-ea-sup'),
        { type: 'AreaSplit.v1', data: { ...change, sourceCode: 'xa-ia-lop', partCodes: ['xa-ia-lop-a', 'xa-ia-lop-b'], defaultSuccessorCode: 'xa-ia-lop-a' } },
      ]));

    it('given a commune, when the default successor is not a part, then invalid', () =>
      spec.given(map).when(split([{ code: 'a', name: 'A' }, { code: 'b', name: 'B' }], 'c')).thenFails('invalid', 'defaultSuccessorCode'));

    it('given a commune, when split into one part, then invalid', () =>
      spec.given(map).when(split([{ code: 'a', name: 'A' }], 'a')).thenFails('invalid', 'parts'));

    it('given a commune, when a part goes to an existing neighbour, then only the new part is registered', () =>
      spec.given(map).when(split([{ code: 'xa-ia-rve' }, { code: 'xa-ia-lop-b', name: 'B' }], 'xa-ia-lop-b')).then([
        registered('xa-ia-lop-b', 'B', 'commune', 'huyen-ea-sup'),
        { type: 'AreaSplit.v1', data: { ...change, sourceCode: 'xa-ia-lop', partCodes: ['xa-ia-rve', 'xa-ia-lop-b'], defaultSuccessorCode: 'xa-ia-lop-b' } },
      ]));
  });

  describe('state', () => {
    it('retires merge sources and split sources, each naming where its history counts now', () => {
      const events: AreaMapEvent[] = [
        ...map,
        registered('xa-new', 'Mới', 'commune', 'huyen-ea-sup'),
        { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-new' } },
        { type: 'AreaSplit.v1', data: { ...change, sourceCode: 'xa-ia-rve', partCodes: ['xa-new', 'huyen-x'], defaultSuccessorCode: 'xa-new' } },
      ];
      const state = events.reduce(evolveAreaMap, initialAreaMapState);
      expect(state.areas['xa-ia-lop']).toMatchObject({ status: 'retired', successorCode: 'xa-new' });
      expect(state.areas['xa-ia-rve']).toMatchObject({ status: 'retired', successorCode: 'xa-new' });
      expect(state.areas['xa-new']).toMatchObject({ status: 'active', successorCode: null });
    });
  });

  describe('folding names for search', () => {
    it.each([
      ['Ia Lốp', 'ia lop'],
      ["Ia R'vê", 'ia rve'],
      ['Ia R’vê', 'ia rve'],
      ['Đắk Lắk', 'dak lak'],
      ["Cư Dliê M'nông", 'cu dlie mnong'],
      ['  Buôn  Đôn ', 'buon don'],
    ])('folds %s to %s', (name, folded) => expect(foldName(name)).toBe(folded));
  });
});
