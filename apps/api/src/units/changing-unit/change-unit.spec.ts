import { unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { ChangeUnit, ChangeUnitHandler } from './change-unit.command';

const admin = actor('admin', 'admin');

describe('changing a unit (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new ChangeUnitHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('top');
      await spec.givenUnit('mid', 'top');
      await spec.givenUnit('leaf', 'mid');
    },
  );

  it('given a unit, when moved under another, then UnitMoved', async () => {
    await t.spec.givenUnit('other');
    await t.handler.execute(new ChangeUnit(ctx(admin), 'leaf', { kind: 'move', dto: { parentId: 'other' } }));
    expect(await t.spec.appended(unitStreamId('leaf'))).toEqual([{ type: 'UnitMoved.v1', data: { unitId: 'leaf', parentId: 'other', previousParentId: 'mid' } }]);
  });

  it('when moved under its own descendant (read from the lineage of the new parent), then unprocessable', async () => {
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'top', { kind: 'move', dto: { parentId: 'leaf' } })))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'parentId' }] });
    expect(await t.spec.appended(unitStreamId('top'))).toEqual([]);
  });

  it('given a successor that exists, when merged into it, then UnitSucceeded with the date and reason', async () => {
    await t.spec.givenUnit('other');
    await t.handler.execute(new ChangeUnit(ctx(admin), 'leaf', { kind: 'succeed', dto: { successorId: 'other', effectiveFrom: '2025-07-01', reason: 'sáp nhập' } }));
    expect(await t.spec.appended(unitStreamId('leaf'))).toEqual([
      { type: 'UnitSucceeded.v1', data: { unitId: 'leaf', successorId: 'other', effectiveFrom: '2025-07-01', reason: 'sáp nhập' } },
    ]);
  });

  it('when merged into a unit that has itself been succeeded (read from the reference data), then conflict naming it, nothing appended', async () => {
    await t.spec.givenUnit('old');
    await t.spec.givenUnit('new');
    await t.handler.execute(new ChangeUnit(ctx(admin), 'old', { kind: 'succeed', dto: { successorId: 'new', effectiveFrom: '2025-07-01', reason: 'r' } }));
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'leaf', { kind: 'succeed', dto: { successorId: 'old', effectiveFrom: '2025-07-01', reason: 'r' } }))))
      .toMatchObject({ kind: 'conflict', message: 'unit old has itself been succeeded; name its successor' });
    expect(await t.spec.appended(unitStreamId('leaf'))).toEqual([]);
  });

  it('when merged into an unknown successor, then unprocessable; an unknown unit is not_found', async () => {
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'leaf', { kind: 'succeed', dto: { successorId: 'nope', effectiveFrom: '2025-07-01', reason: 'r' } }))))
      .toMatchObject({ kind: 'unprocessable', errors: [{ field: 'successorId' }] });
    expect(await failureOf(t.handler.execute(new ChangeUnit(ctx(admin), 'nope', { kind: 'rename', dto: { name: 'x' } })))).toMatchObject({ kind: 'not_found' });
  });
});
