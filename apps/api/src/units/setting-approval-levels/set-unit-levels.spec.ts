import { unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { SetUnitApprovalLevels, SetUnitApprovalLevelsHandler } from './set-unit-levels.command';

/**
 *   prov ── dist ── xa        (other: a sibling of dist)
 */
const dist = { unitId: 'dist', name: 'Huyện' };
const prov = { unitId: 'prov', name: 'Tỉnh' };
const xa = { unitId: 'xa', name: 'Xã' };

describe('setting a unit\'s approval levels (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new SetUnitApprovalLevelsHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('prov');
      await spec.givenUnit('dist', 'prov');
      await spec.givenUnit('other', 'prov');
      await spec.givenUnit('xa', 'dist');
    },
  );
  const set = (who: ReturnType<typeof actor>, unitId: string, levels: { unitId: string; name: string }[]) =>
    t.handler.execute(new SetUnitApprovalLevels(ctx(who), unitId, levels));

  it('a supervisor of the province sets the district\'s levels (the district, then the province): UnitApprovalLevelsSet', async () => {
    await set(actor('p', 'supervisor:prov'), 'dist', [dist, prov]);
    expect(await t.spec.appended(unitStreamId('dist'))).toEqual([{ type: 'UnitApprovalLevelsSet.v1', data: { unitId: 'dist', levels: [dist, prov] } }]);
  });

  it('the district\'s own supervisor may not name the province as final approver, nor drop the province\'s levels once set: forbidden, nothing appended', async () => {
    const d = actor('d', 'supervisor:dist');
    expect(await failureOf(set(d, 'dist', [dist, prov]))).toMatchObject({ kind: 'forbidden' });
    await set(actor('p', 'supervisor:prov'), 'dist', [dist, prov]);
    expect(await failureOf(set(d, 'dist', []))).toMatchObject({ kind: 'forbidden' });
    // Nor below it: the commune inherits the province as its final level.
    expect(await failureOf(set(d, 'xa', [xa, dist]))).toMatchObject({ kind: 'forbidden' });
    expect(await t.spec.appended(unitStreamId('xa'))).toEqual([]);
  });

  it('the final level is the last one named, and the last one replaced: three levels, a district supervisor refused both ways', async () => {
    const d = actor('d', 'supervisor:dist');
    // Naming the province last: the district supervisor does not supervise it, whatever the middle level is.
    expect(await failureOf(set(d, 'xa', [xa, dist, prov]))).toMatchObject({ kind: 'forbidden' });
    await set(actor('a', 'admin'), 'xa', [xa, dist, prov]);
    // Replacing levels whose last is the province: refused although the middle one is the district.
    expect(await failureOf(set(d, 'xa', [xa, dist]))).toMatchObject({ kind: 'forbidden' });
    expect(await t.spec.appended(unitStreamId('xa'))).toEqual([{ type: 'UnitApprovalLevelsSet.v1', data: { unitId: 'xa', levels: [xa, dist, prov] } }]);
  });

  it('the district\'s supervisor sets levels within the district when none above apply', async () => {
    await set(actor('d', 'supervisor:dist'), 'xa', [xa, dist]);
    expect(await t.spec.appended(unitStreamId('xa'))).toEqual([{ type: 'UnitApprovalLevelsSet.v1', data: { unitId: 'xa', levels: [xa, dist] } }]);
  });

  it('a supervisor of another subtree or a reporter is forbidden; an unknown unit is not_found', async () => {
    expect(await failureOf(set(actor('o', 'supervisor:other'), 'dist', [dist]))).toMatchObject({ kind: 'forbidden' });
    expect(await failureOf(set(actor('r', 'reporter:dist'), 'dist', [dist]))).toMatchObject({ kind: 'forbidden' });
    expect(await failureOf(set(actor('a', 'admin'), 'nope', [dist]))).toMatchObject({ kind: 'not_found' });
  });

  it('an admin naming a unit off the unit\'s line gets unprocessable naming the level, nothing appended', async () => {
    expect(await failureOf(set(actor('a', 'admin'), 'dist', [dist, { unitId: 'other', name: 'x' }]))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'levels[1].unitId' }] });
    expect(await t.spec.appended(unitStreamId('dist'))).toEqual([]);
  });
});
