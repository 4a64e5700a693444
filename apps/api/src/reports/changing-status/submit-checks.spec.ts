import { evolveReport, ExistingReport, IndicatorEvent, indicatorStreamId, initialReportState, ReportEvent, reportStreamId } from '@app/domain';
import { APPROVED_FIGURES, approvedFiguresDoc, encodeReport, REPORTS } from '@app/read-models';
import { actor, ctx, failureOf, handlerSpecification, NOW } from '../../platform/testing/command-specification';
import { SubmitReport, SubmitReportHandler } from './change-status.command';

const at = '2021-01-01T00:00:00.000Z';
const created = (reportId: string, period: string): ReportEvent => ({ type: 'ReportCreated.v1', data: { reportId, unitId: 'u1', programId: null, period, by: 'rep', at } });
const recorded = (reportId: string, indicator: string, value: string): ReportEvent =>
  ({ type: 'FigureRecorded.v1', data: { reportId, indicator, areaCode: null, value, previousValue: null, note: null, reason: null } });
const rulesSet = (code: string, data: Omit<Extract<IndicatorEvent, { type: 'IndicatorRulesSet.v1' }>['data'], 'code'>): IndicatorEvent =>
  ({ type: 'IndicatorRulesSet.v1', data: { code, ...data } });
const rep = actor('rep', 'reporter:u1');

describe('submitting checks the figures (handler on the embedded store, history from the reports read model)', () => {
  const t = handlerSpecification(
    (spec) => new SubmitReportHandler(spec.store, spec.readModels, spec.reference, spec.streams),
    async (spec) => {
      await spec.givenUnit('u1');
      for (const code of ['villages_reached', 'villages_total', 'work_days']) await spec.givenIndicator(code);
    },
  );

  /** An approved report of the unit, as the reports projection would have stored it. */
  async function givenApproved(reportId: string, period: string, workDays: string): Promise<void> {
    const events: ReportEvent[] = [
      created(reportId, period), recorded(reportId, 'work_days', workDays),
      { type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at, deadline: null, onTime: null, levels: [] } },
      { type: 'ReportApproved.v1', data: { reportId, by: 'sup', at, comment: null } },
    ];
    const state = events.reduce(evolveReport, initialReportState) as ExistingReport;
    await t.spec.readModels.commit([
      { collection: APPROVED_FIGURES, kind: 'put', doc: approvedFiguresDoc(reportId, state)! },
      { collection: REPORTS, kind: 'put', doc: { ...encodeReport(state), _id: reportId, position: '0', updatedAt: at } },
    ]);
  }

  it('given a blocking rule the figures break, when submitted, then 409 naming the figure and the rule, and nothing appended', async () => {
    await t.spec.given(indicatorStreamId('villages_reached'), [rulesSet('villages_reached', { rules: [{ operator: '<=', other: 'villages_total', blocking: true }], range: null })]);
    await t.spec.given(reportStreamId('r1'), [created('r1', '2022'), recorded('r1', 'villages_reached', '110'), recorded('r1', 'villages_total', '109')]);
    expect(await failureOf(t.handler.execute(new SubmitReport(ctx(rep), 'r1')))).toMatchObject({
      kind: 'conflict',
      message: 'the figures break a blocking rule: villages_reached <= villages_total',
      errors: [{ field: 'figures.villages_reached', message: expect.stringContaining('is 110') }],
    });
    expect(await t.spec.appended(reportStreamId('r1'))).toEqual([]);
  });

  it('given a warning rule and a 10× jump over the unit\'s earlier approved years, when submitted, then the answer and the event carry both warnings', async () => {
    await t.spec.given(indicatorStreamId('villages_reached'), [rulesSet('villages_reached', { rules: [{ operator: '<=', other: 'villages_total', blocking: false }], range: null })]);
    await givenApproved('y2019', '2019', '700');
    await givenApproved('y2020', '2020', '800');
    await givenApproved('h2020', '2020-H1', '1'); // another period length: not compared
    await givenApproved('y2023', '2023', '8'); // later: not previous
    await t.spec.given(reportStreamId('r1'), [created('r1', '2022'), recorded('r1', 'villages_reached', '110'), recorded('r1', 'villages_total', '109'), recorded('r1', 'work_days', '7501')]);
    const answer = await t.handler.execute(new SubmitReport(ctx(rep), 'r1'));
    const warnings = [
      { indicator: 'villages_reached', areaCode: null, rule: 'villages_reached <= villages_total', message: expect.any(String) },
      { indicator: 'work_days', areaCode: null, rule: 'outlier', message: "work_days is 7501, more than 10 times the median of the unit's 2 previous approved reports (750)" },
    ];
    expect(answer).toMatchObject({ id: 'r1', appended: true, warnings });
    expect(await t.spec.appended(reportStreamId('r1'))).toEqual([{ type: 'ReportSubmitted.v3', data: { reportId: 'r1', by: 'rep', at: NOW.toISOString(), deadline: null, onTime: null, levels: [], warnings } }]);
    // A replay of the same request answers the same warnings.
    const replayCtx = ctx(rep, { idempotencyKey: 'k' });
    await t.spec.given(reportStreamId('r2'), [created('r2', '2021'), recorded('r2', 'work_days', '7501')]);
    const first = await t.handler.execute(new SubmitReport(replayCtx, 'r2'));
    expect(await t.handler.execute(new SubmitReport(ctx(rep, { idempotencyKey: 'k' }), 'r2'))).toEqual({ ...first, appended: false });
    expect(first.warnings.map((w) => w.rule)).toEqual(['outlier']);
  });
});
