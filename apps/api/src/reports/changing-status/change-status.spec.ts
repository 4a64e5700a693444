import { reportStreamId, unitStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification, NOW } from '../../platform/testing/command-specification';
import { ReviewReport, ReviewReportHandler, SubmitReport, SubmitReportHandler } from './change-status.command';

const stream = reportStreamId('r1');
const at = '2021-01-01T00:00:00.000Z';
const created = (programId: string | null = null) => ({ type: 'ReportCreated.v1', data: { reportId: 'r1', unitId: 'u1', programId, period: '2021', by: 'rep', at } });
const recorded = (value: string, previousValue: string | null = null, reason: string | null = null) => ({
  type: 'FigureRecorded.v1',
  data: { reportId: 'r1', indicator: 'work_days', areaCode: null, value, previousValue, note: null, reason },
});
const submitted = (by: string) => ({ type: 'ReportSubmitted.v2', data: { reportId: 'r1', by, at, deadline: null, onTime: null } });
const approved = (by: string) => ({ type: 'ReportApproved.v1', data: { reportId: 'r1', by, at, comment: null } });
const reopened = { type: 'ReportReopened.v1', data: { reportId: 'r1', by: 'sup', at, reason: 'sai số km' } };

const rep = actor('rep', 'reporter:u1');
const sup = actor('sup', 'supervisor:top');
/** Reports for the unit and supervises it from above: the one who must not approve what they submitted. */
const both = actor('both', 'reporter:u1', 'supervisor:top');

describe('changing a report\'s status (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => ({ submit: new SubmitReportHandler(spec.store, spec.readModels, spec.reference, spec.streams), review: new ReviewReportHandler(spec.store, spec.reference, spec.streams) }),
    async (spec) => {
      await spec.givenUnit('top');
      await spec.givenUnit('u1', 'top');
    },
  );

  it('given a draft with figures, when its reporter submits, then ReportSubmitted (no deadline outside a program)', async () => {
    await t.spec.given(stream, [created(), recorded('1')]);
    await t.handler.submit.execute(new SubmitReport(ctx(rep), 'r1'));
    expect(await t.spec.appended(stream)).toEqual([{ type: 'ReportSubmitted.v3', data: { reportId: 'r1', by: 'rep', at: NOW.toISOString(), deadline: null, onTime: null, levels: [] } }]);
  });

  it('given a report under a program, when submitted, then the deadline of its calendar travels with it', async () => {
    await t.spec.givenProgram({ programId: 'p1', steeringUnitId: 'top' });
    await t.spec.given(stream, [created('p1'), recorded('1')]);
    await t.handler.submit.execute(new SubmitReport(ctx(rep), 'r1'));
    expect(await t.spec.appended(stream)).toEqual([{ type: 'ReportSubmitted.v3', data: expect.objectContaining({ deadline: '2022-01-15', onTime: true }) }]);
  });

  it('given a report under no program and levels on a unit above it, when submitted, then the unit tree\'s levels travel with it; under a program, the program\'s', async () => {
    await t.spec.given(unitStreamId('top'), [{ type: 'UnitApprovalLevelsSet.v1', data: { unitId: 'top', levels: [{ unitId: 'u1', name: 'Đơn vị' }, { unitId: 'top', name: 'Tỉnh' }] } }]);
    await t.spec.given(stream, [created(), recorded('1')]);
    await t.handler.submit.execute(new SubmitReport(ctx(rep), 'r1'));
    expect(await t.spec.appended(stream)).toEqual([{ type: 'ReportSubmitted.v3', data: expect.objectContaining({ levels: ['u1', 'top'] }) }]);
    await t.spec.givenProgram({ programId: 'p1', steeringUnitId: 'top' });
    await t.spec.given(reportStreamId('r2'), [{ ...created('p1'), data: { ...created('p1').data, reportId: 'r2' } }, { ...recorded('1'), data: { ...recorded('1').data, reportId: 'r2' } }]);
    await t.handler.submit.execute(new SubmitReport(ctx(rep), 'r2'));
    expect(await t.spec.appended(reportStreamId('r2'))).toEqual([{ type: 'ReportSubmitted.v3', data: expect.objectContaining({ levels: [] }) }]);
  });

  it('given a submitted report, when a supervisor above the unit approves, then ReportApproved', async () => {
    await t.spec.given(stream, [created(), recorded('1'), submitted('rep')]);
    await t.handler.review.execute(new ReviewReport(ctx(sup), 'r1', { type: 'ApproveReport', comment: 'ok' }));
    expect(await t.spec.appended(stream)).toEqual([{ type: 'ReportApproved.v1', data: { reportId: 'r1', by: 'sup', at: NOW.toISOString(), comment: 'ok' } }]);
  });

  it('given a submitted report, when a supervisor of another subtree reviews, then not found (it is out of their sight)', async () => {
    await t.spec.givenUnit('elsewhere');
    await t.spec.given(stream, [created(), recorded('1'), submitted('rep')]);
    expect(await failureOf(t.handler.review.execute(new ReviewReport(ctx(actor('x', 'supervisor:elsewhere')), 'r1', { type: 'RejectReport', reason: 'no' })))).toMatchObject({ kind: 'not_found', reason: expect.stringContaining('outside') });
    expect(await t.spec.appended(stream)).toEqual([]);
  });

  it('given a submitted report, when its reporter (who may read it) rejects it, then forbidden', async () => {
    await t.spec.given(stream, [created(), recorded('1'), submitted('rep')]);
    expect(await failureOf(t.handler.review.execute(new ReviewReport(ctx(rep), 'r1', { type: 'RejectReport', reason: 'no' })))).toMatchObject({ kind: 'forbidden' });
  });

  describe('nobody approves a version they submitted', () => {
    it('given a first version they submitted, then forbidden', async () => {
      await t.spec.given(stream, [created(), recorded('1'), submitted('both')]);
      expect(await failureOf(t.handler.review.execute(new ReviewReport(ctx(both), 'r1', { type: 'ApproveReport', comment: null })))).toMatchObject({ kind: 'forbidden' });
      expect(await t.spec.appended(stream)).toEqual([]);
    });

    it('given an amended version they re-submitted after an earlier approval, then forbidden', async () => {
      await t.spec.given(stream, [created(), recorded('1'), submitted('rep'), approved('sup'), reopened, recorded('2', '1', 'sai số'), submitted('both')]);
      expect(await failureOf(t.handler.review.execute(new ReviewReport(ctx(both), 'r1', { type: 'ApproveReport', comment: null })))).toMatchObject({ kind: 'forbidden' });
      expect(await t.spec.appended(stream)).toEqual([]);
    });

    it('given an amended version someone else re-submitted, then they may approve it', async () => {
      await t.spec.given(stream, [created(), recorded('1'), submitted('both'), approved('sup'), reopened, recorded('2', '1', 'sai số'), submitted('rep')]);
      await t.handler.review.execute(new ReviewReport(ctx(both), 'r1', { type: 'ApproveReport', comment: null }));
      expect(await t.spec.appended(stream)).toEqual([{ type: 'ReportApproved.v1', data: expect.objectContaining({ by: 'both' }) }]);
    });
  });

  it('a replayed review is answered only to a caller who still supervises the unit', async () => {
    await t.spec.given(stream, [created(), recorded('1'), submitted('rep')]);
    const first = await t.handler.review.execute(new ReviewReport(ctx(sup, { idempotencyKey: 'k' }), 'r1', { type: 'RejectReport', reason: 'thiếu' }));
    expect(await t.handler.review.execute(new ReviewReport(ctx(sup, { idempotencyKey: 'k' }), 'r1', { type: 'RejectReport', reason: 'thiếu' }))).toEqual({ ...first, appended: false });
    expect(await failureOf(t.handler.review.execute(new ReviewReport(ctx(actor('sup', 'auditor'), { idempotencyKey: 'k' }), 'r1', { type: 'RejectReport', reason: 'thiếu' }))))
      .toMatchObject({ kind: 'forbidden' });
  });
});
