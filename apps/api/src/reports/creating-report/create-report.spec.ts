import { reportBookStreamId, reportStreamId } from '@app/domain';
import { PreconditionFailedError } from '../../platform/commands/command-handling';
import { actor, ctx, failureOf, handlerSpecification, NOW } from '../../platform/testing/command-specification';
import { CreateReport, CreateReportHandler } from './create-report.command';

const rep = actor('rep', 'reporter:u1');
const claimed = (reportId: string, period: string) => ({ type: 'ReportPeriodClaimed.v1', data: { reportId, unitId: 'u1', programId: null, period } });

describe('creating a report (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new CreateReportHandler(spec.store, spec.reference, spec.streams),
    async (spec) => {
      await spec.givenUnit('u1');
    },
  );

  it('given a unit, when its reporter creates a report, then the period is claimed in the book and the report created', async () => {
    const result = await t.handler.execute(new CreateReport(ctx(rep), { id: 'r1', unitId: 'u1', period: '2021-H1' }));
    expect(result).toMatchObject({ id: 'r1', revision: 0, appended: true });
    expect(await t.spec.appended(reportBookStreamId('u1', null, '2021'))).toEqual([claimed('r1', '2021-H1')]);
    expect(await t.spec.appended(reportStreamId('r1'))).toEqual([
      { type: 'ReportCreated.v1', data: { reportId: 'r1', unitId: 'u1', programId: null, period: '2021-H1', by: 'rep', at: NOW.toISOString() } },
    ]);
  });

  it('given a claimed half-year, when the year is asked for, then conflict and no report', async () => {
    await t.spec.given(reportBookStreamId('u1', null, '2021'), [claimed('r0', '2021-H1')]);
    expect(await failureOf(t.handler.execute(new CreateReport(ctx(rep), { id: 'r1', unitId: 'u1', period: '2021' })))).toMatchObject({ kind: 'conflict' });
    expect(await t.spec.appended(reportStreamId('r1'))).toEqual([]);
  });

  describe('a claim whose report was never written (a creation that stopped between its two appends)', () => {
    const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

    it('blocks the period while it may still be completed', async () => {
      await t.spec.given(reportBookStreamId('u1', null, '2021'), [claimed('r0', '2021-H1')]);
      expect(await failureOf(t.handler.execute(new CreateReport(ctx(rep, { now: later(5) }), { id: 'r1', unitId: 'u1', period: '2021' })))).toMatchObject({ kind: 'conflict' });
    });

    it('is released by the next clashing creation once abandoned, in the same append as its claim', async () => {
      await t.spec.given(reportBookStreamId('u1', null, '2021'), [claimed('r0', '2021-H1')]);
      await t.handler.execute(new CreateReport(ctx(rep, { now: later(11) }), { id: 'r1', unitId: 'u1', period: '2021' }));
      const book = await t.spec.appended(reportBookStreamId('u1', null, '2021'));
      expect(book).toEqual([
        { type: 'ReportPeriodReleased.v1', data: { reportId: 'r0', unitId: 'u1', programId: null, period: '2021-H1', reason: 'report r0 was never created' } },
        claimed('r1', '2021'),
      ]);
      const [released, claim] = (await t.spec.recorded(reportBookStreamId('u1', null, '2021'))).slice(1);
      expect(released.position < claim.position && released.metadata.commandId === claim.metadata.commandId).toBe(true);
      expect(await t.spec.appended(reportStreamId('r1'))).toHaveLength(1);
    });

    it('a clashing claim whose report exists is never released, however old', async () => {
      await t.handler.execute(new CreateReport(ctx(rep), { id: 'r0', unitId: 'u1', period: '2021-H1' }));
      expect(await failureOf(t.handler.execute(new CreateReport(ctx(rep, { now: later(60) }), { id: 'r1', unitId: 'u1', period: '2021' })))).toMatchObject({ kind: 'conflict' });
    });
  });

  it('given an unknown unit, then unprocessable naming unitId; a reporter of another unit is forbidden', async () => {
    expect(await failureOf(t.handler.execute(new CreateReport(ctx(actor('x', 'reporter:nope')), { unitId: 'nope', period: '2021' }))))
      .toMatchObject({ kind: 'unprocessable', errors: [{ field: 'unitId' }] });
    expect(await failureOf(t.handler.execute(new CreateReport(ctx(actor('x', 'reporter:u2')), { unitId: 'u1', period: '2021' })))).toMatchObject({ kind: 'forbidden' });
  });

  it('given an unknown program, then unprocessable naming programId', async () => {
    expect(await failureOf(t.handler.execute(new CreateReport(ctx(rep), { unitId: 'u1', period: '2021', programId: 'p9' })))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'programId' }] });
  });

  it('with If-Match, the precondition is checked before the period is claimed', async () => {
    expect(await failureOf(t.handler.execute(new CreateReport(ctx(rep, { expectedRevision: 3 }), { id: 'r1', unitId: 'u1', period: '2021' })))).toBeInstanceOf(PreconditionFailedError);
    expect(await t.spec.appended(reportBookStreamId('u1', null, '2021'))).toEqual([]);
  });

  it('the same key again answers the same report, and another caller with that key creates its own', async () => {
    const first = await t.handler.execute(new CreateReport(ctx(rep, { idempotencyKey: 'k' }), { unitId: 'u1', period: '2021-Q1' }));
    expect(await t.handler.execute(new CreateReport(ctx(rep, { idempotencyKey: 'k' }), { unitId: 'u1', period: '2021-Q1' }))).toEqual({ ...first, appended: false });
    const second = await t.handler.execute(new CreateReport(ctx(actor('rep-2', 'reporter:u1'), { idempotencyKey: 'k' }), { unitId: 'u1', period: '2021-Q2' }));
    expect(second.id).not.toBe(first.id);
    expect(await t.spec.appended(reportBookStreamId('u1', null, '2021'))).toEqual([claimed(first.id, '2021-Q1'), claimed(second.id, '2021-Q2')]);
  });
});
