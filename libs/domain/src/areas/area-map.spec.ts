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

  describe('every refusal, word for word (the problem answered to the caller)', () => {
    const merged: AreaMapEvent = { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-ia-rve' } };
    const split = (parts: { code: string; name?: string }[], defaultSuccessorCode: string, sourceCode = 'xa-ia-lop'): AreaMapCommand => ({
      type: 'SplitArea', data: { ...change, sourceCode, parts, defaultSuccessorCode },
    });
    const under = (code: string, level: 'commune' | 'district', parentCode: string | null): AreaMapCommand => ({ type: 'RegisterArea', data: { code, name: code, level, parentCode } });
    const cases: [string, AreaMapEvent[], AreaMapCommand, string, string, { field: string; message: string }[]][] = [
      ['a code used before', map, under('xa-ia-lop', 'commune', 'huyen-ea-sup'), 'conflict', 'area code xa-ia-lop is already used (codes are never reused)', []],
      ['an unknown parent', map, under('xa-x', 'commune', 'nowhere'), 'unprocessable', 'parent area nowhere does not exist', [{ field: 'parentCode', message: 'unknown area' }]],
      ['a retired parent', [...map, registered('huyen-cu', 'Cũ', 'district', 'tinh-dak-lak'), { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['huyen-cu'], successorCode: 'huyen-buon-don' } }],
        under('xa-x', 'commune', 'huyen-cu'), 'unprocessable', 'parent area huyen-cu was retired', [{ field: 'parentCode', message: 'is retired' }]],
      ['a parent of the same level', map, under('xa-x', 'commune', 'xa-ia-lop'), 'unprocessable', 'a commune cannot be placed under a commune', [{ field: 'parentCode', message: 'must be an area above the commune level' }]],
      ['a date that is not one', map, { type: 'RenameArea', data: { code: 'xa-ia-lop', name: 'x', effectiveFrom: '1/7/2025', reason: 'r' } }, 'invalid', 'effectiveFrom is not a date', [{ field: 'effectiveFrom', message: 'must be a date such as 2025-07-01' }]],
      ['no reason', map, { type: 'RenameArea', data: { code: 'xa-ia-lop', name: 'x', effectiveFrom: '2025-07-01', reason: '' } }, 'invalid', 'a reason is required', [{ field: 'reason', message: 'is required' }]],
      ['renaming an unknown area', map, { type: 'RenameArea', data: { ...change, code: 'xa-x', name: 'x' } }, 'not_found', 'area xa-x does not exist', []],
      ['renaming a retired area', [...map, merged], { type: 'RenameArea', data: { ...change, code: 'xa-ia-lop', name: 'x' } }, 'conflict', 'area xa-ia-lop was retired (its successor is xa-ia-rve)', []],
      ['a merge of nothing', map, merge([], { code: 'xa-x', name: 'x' }), 'invalid', 'a merge needs at least one source', [{ field: 'sourceCodes', message: 'must not be empty' }]],
      ['a source named twice', map, merge(['xa-ia-lop', 'xa-ia-lop'], { code: 'xa-x', name: 'x' }), 'invalid', 'a source is named twice', [{ field: 'sourceCodes', message: 'must be distinct' }]],
      ['a merge into a source', map, merge(['xa-ia-lop', 'xa-ia-rve'], { code: 'xa-ia-rve' }), 'invalid', 'an area cannot merge into itself', [{ field: 'successor.code', message: 'must not be one of the sources' }]],
      ['an unknown source', map, merge(['xa-ia-lop', 'xa-x'], { code: 'xa-y', name: 'y' }), 'unprocessable', 'area xa-x does not exist', [{ field: 'sourceCodes[1]', message: 'unknown area' }]],
      ['a retired source', [...map, merged], merge(['xa-ia-lop'], { code: 'xa-y', name: 'y' }), 'conflict', 'area xa-ia-lop was retired (its successor is xa-ia-rve)', []],
      ['sources of two levels', [province, eaSup, buonDon, iaLop], merge(['xa-ia-lop', 'huyen-buon-don'], { code: 'xa-y', name: 'y' }), 'unprocessable', 'merged areas must be of one level', [{ field: 'sourceCodes[1]', message: 'is a district, not a commune' }]],
      ['a district with communes under it', map, merge(['huyen-ea-sup'], { code: 'huyen-buon-don' }), 'conflict', 're-parent the areas under huyen-ea-sup first (xa-ia-lop, xa-ia-rve)', []],
      ['a retired successor', [...map, registered('xa-cu', 'Cũ', 'commune', 'huyen-ea-sup'), { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-cu'], successorCode: 'xa-ia-lop' } }],
        merge(['xa-ia-rve'], { code: 'xa-cu' }), 'conflict', 'area xa-cu is retired and cannot receive a merge', []],
      ['a successor of another level', [province, eaSup, buonDon, iaLop], merge(['xa-ia-lop'], { code: 'huyen-buon-don' }), 'unprocessable', 'the successor must be of the same level', [{ field: 'successor.code', message: 'is a district, not a commune' }]],
      ['a new successor named only with spaces', map, merge(['xa-ia-lop'], { code: 'xa-y', name: '  ' }), 'invalid', 'a new successor needs a name', [{ field: 'successor.name', message: 'is required for a new area' }]],
      ["a new successor under a commune", map, merge(['xa-ia-lop'], { code: 'xa-y', name: 'y', parentCode: 'xa-ia-rve' }), 'unprocessable', 'a commune cannot be placed under a commune', [{ field: 'successor.parentCode', message: 'must be an area above the commune level' }]],
      ['a split into one part', map, split([{ code: 'a', name: 'A' }], 'a'), 'invalid', 'a split needs at least two parts', [{ field: 'parts', message: 'must name at least two areas' }]],
      ['a part named twice', map, split([{ code: 'a', name: 'A' }, { code: 'a', name: 'A' }], 'a'), 'invalid', 'a part is named twice', [{ field: 'parts', message: 'must be distinct' }]],
      ['a default successor outside the parts', map, split([{ code: 'a', name: 'A' }, { code: 'b', name: 'B' }], 'c'), 'invalid', 'the default successor must be one of the parts', [{ field: 'defaultSuccessorCode', message: 'must be one of the parts' }]],
      ['a split of a district with communes', map, split([{ code: 'h-a', name: 'A' }, { code: 'h-b', name: 'B' }], 'h-a', 'huyen-ea-sup'), 'conflict', 're-parent the areas under huyen-ea-sup first (xa-ia-lop, xa-ia-rve)', []],
      ['the source among its parts', map, split([{ code: 'xa-ia-lop' }, { code: 'b', name: 'B' }], 'b'), 'invalid', 'an area is not a part of its own split', [{ field: 'parts[0].code', message: 'is the source' }]],
      ['a retired part', [...map, registered('xa-cu', 'Cũ', 'commune', 'huyen-ea-sup'), { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-cu'], successorCode: 'xa-ia-rve' } }],
        split([{ code: 'b', name: 'B' }, { code: 'xa-cu' }], 'b'), 'conflict', 'area xa-cu is retired', []],
      ['a part of another level', map, split([{ code: 'b', name: 'B' }, { code: 'huyen-buon-don' }], 'b'), 'unprocessable', 'parts must be of the source level', [{ field: 'parts[1].code', message: 'is a district, not a commune' }]],
      ['a new part without a name', map, split([{ code: 'a', name: 'A' }, { code: 'b', name: ' ' }], 'a'), 'invalid', 'a new part needs a name', [{ field: 'parts[1].name', message: 'is required for a new area' }]],
      ['a new part with no name at all', map, split([{ code: 'a', name: 'A' }, { code: 'b' }], 'a'), 'invalid', 'a new part needs a name', [{ field: 'parts[1].name', message: 'is required for a new area' }]],
    ];
    it.each(cases)('%s', (_, given, command, kind, message, errors) =>
      spec.given(given).when(command).thenRefuses(kind as 'invalid', message, errors));
  });

  describe('what is accepted at the edges', () => {
    it('given nothing, when a province is registered with no parent, then AreaRegistered with parentCode null', () =>
      spec.given([]).when({ type: 'RegisterArea', data: { code: 'tinh-dak-lak', name: 'Đắk Lắk', level: 'province', parentCode: null } }).then([province]));

    it('given an area, when renamed to the name it has, then nothing', () =>
      spec.given(map).when({ type: 'RenameArea', data: { ...change, code: 'xa-ia-lop', name: 'Ia Lốp' } }).then([]));

    it('a new successor takes the first source\'s parent unless it names one, or null for none', () => {
      spec.given(map).when(merge(['xa-ia-lop'], { code: 'xa-y', name: 'Y', parentCode: 'tinh-dak-lak' })).then([
        registered('xa-y', 'Y', 'commune', 'tinh-dak-lak'),
        { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-y' } },
      ]);
      spec.given(map).when(merge(['xa-ia-lop'], { code: 'xa-y', name: 'Y', parentCode: null })).then([
        registered('xa-y', 'Y', 'commune', null),
        { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-ia-lop'], successorCode: 'xa-y' } },
      ]);
    });

    it('folds every kind of change into the map, and each leaves the other areas as they were', () => {
      const events: AreaMapEvent[] = [
        ...map,
        { type: 'AreaRenamed.v1', data: { ...change, code: 'xa-ia-rve', name: 'Ia Rvê', previousName: "Ia R'vê" } },
        { type: 'AreaReparented.v1', data: { ...change, code: 'xa-ia-rve', parentCode: 'huyen-buon-don', previousParentCode: 'huyen-ea-sup' } },
        registered('xa-a', 'A', 'commune', 'huyen-ea-sup'),
        registered('xa-b', 'B', 'commune', 'huyen-ea-sup'),
        { type: 'AreaSplit.v1', data: { ...change, sourceCode: 'xa-ia-lop', partCodes: ['xa-a', 'xa-b'], defaultSuccessorCode: 'xa-b' } },
        { type: 'AreasMerged.v1', data: { ...change, sourceCodes: ['xa-a'], successorCode: 'xa-ia-rve' } },
      ];
      const area = (code: string, name: string, level: string, parentCode: string | null, status = 'active', successorCode: string | null = null) => ({ code, name, level, parentCode, status, successorCode });
      expect(events.reduce(evolveAreaMap, initialAreaMapState)).toEqual({
        areas: {
          'tinh-dak-lak': area('tinh-dak-lak', 'Đắk Lắk', 'province', null),
          'huyen-ea-sup': area('huyen-ea-sup', 'Ea Súp', 'district', 'tinh-dak-lak'),
          'huyen-buon-don': area('huyen-buon-don', 'Buôn Đôn', 'district', 'tinh-dak-lak'),
          'xa-ia-lop': area('xa-ia-lop', 'Ia Lốp', 'commune', 'huyen-ea-sup', 'retired', 'xa-b'),
          'xa-ia-rve': area('xa-ia-rve', 'Ia Rvê', 'commune', 'huyen-buon-don'),
          'xa-a': area('xa-a', 'A', 'commune', 'huyen-ea-sup', 'retired', 'xa-ia-rve'),
          'xa-b': area('xa-b', 'B', 'commune', 'huyen-ea-sup'),
        },
      });
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
