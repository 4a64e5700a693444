import { AREA_MAP_STREAM } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { ChangeAreaMap, ChangeAreaMapHandler } from './change-area-map.command';

const admin = actor('admin', 'admin');
const change = { effectiveFrom: '2025-07-01', reason: 'Nghị quyết 1660' };

describe('changing the area map (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new ChangeAreaMapHandler(spec.store),
    async (spec) => {
      await spec.givenArea('ia-lop');
      await spec.givenArea('ia-rve');
    },
  );

  it('given two communes, when merged into a new one, then one AreasMerged (with the successor registered) in one append', async () => {
    const result = await t.handler.execute(new ChangeAreaMap(ctx(admin), { type: 'MergeAreas', data: { ...change, sourceCodes: ['ia-lop', 'ia-rve'], successor: { code: 'ia-moi', name: 'Ia Mới' } } }));
    const events = await t.spec.appended(AREA_MAP_STREAM);
    expect(events.map((e) => e.type)).toEqual(['AreaRegistered.v1', 'AreasMerged.v1']);
    expect(result).toMatchObject({ revision: 3, appended: true });
  });

  it('racing changes on the one stream both land (a lost race decides again on the fresh map)', async () => {
    await Promise.all([
      t.handler.execute(new ChangeAreaMap(ctx(admin), { type: 'RenameArea', data: { ...change, code: 'ia-lop', name: 'Ia Lốp' } })),
      t.handler.execute(new ChangeAreaMap(ctx(admin), { type: 'RenameArea', data: { ...change, code: 'ia-rve', name: "Ia R'vê" } })),
    ]);
    expect((await t.spec.appended(AREA_MAP_STREAM)).map((e) => e.type)).toEqual(['AreaRenamed.v1', 'AreaRenamed.v1']);
  });

  it('an unknown area is refused and nothing appended', async () => {
    expect(await failureOf(t.handler.execute(new ChangeAreaMap(ctx(admin), { type: 'RenameArea', data: { ...change, code: 'nope', name: 'x' } })))).toMatchObject({ kind: 'not_found' });
    expect(await t.spec.appended(AREA_MAP_STREAM)).toEqual([]);
  });
});
