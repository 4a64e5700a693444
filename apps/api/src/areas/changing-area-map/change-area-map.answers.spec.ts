import { AREA_MAP_STREAM } from '@app/domain';
import { actor, ctx, handlerSpecification } from '../../platform/testing/command-specification';
import { ChangeAreaMap, ChangeAreaMapHandler } from './change-area-map.command';

const admin = actor('admin', 'admin');
const change = { effectiveFrom: '2025-07-01', reason: 'Nghị quyết 1660' };

/** Which area each change of the map answers with (the `id` of the API's answer). */
describe('changing the area map: the area each change answers with (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new ChangeAreaMapHandler(spec.store), async (spec) => {
    await spec.givenArea('ia-lop');
  });

  it('a split answers with the area it splits', async () => {
    const result = await t.handler.execute(new ChangeAreaMap(ctx(admin), {
      type: 'SplitArea', data: { ...change, sourceCode: 'ia-lop', parts: [{ code: 'ia-lop-a', name: 'Ia Lốp A' }, { code: 'ia-lop-b', name: 'Ia Lốp B' }], defaultSuccessorCode: 'ia-lop-a' },
    }));
    expect(result).toMatchObject({ id: 'ia-lop', appended: true });
    expect((await t.spec.appended(AREA_MAP_STREAM)).map((e) => e.type)).toContain('AreaSplit.v1');
  });

  it('a merge answers with its successor; a rename with the area renamed', async () => {
    await t.spec.givenArea('ia-rve');
    expect(await t.handler.execute(new ChangeAreaMap(ctx(admin), { type: 'MergeAreas', data: { ...change, sourceCodes: ['ia-lop', 'ia-rve'], successor: { code: 'ia-moi', name: 'Ia Mới' } } }))).toMatchObject({ id: 'ia-moi' });
    expect(await t.handler.execute(new ChangeAreaMap(ctx(admin), { type: 'RenameArea', data: { ...change, code: 'ia-moi', name: 'Ia Mới 2' } }))).toMatchObject({ id: 'ia-moi' });
  });
});
