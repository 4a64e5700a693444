import { deciderSpecification } from '../testing/decider-specification';
import { decideReport, evolveReport, initialReportState, proposedFigures, approvedFigures, ReportCommand, ExistingReport } from './report.decider';
import { ReportEvent } from './report.events';

const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });

const at = '2021-01-19T08:00:00.000Z';
const reportId = 'r1';
const scales = { work_days: 0, rural_road_km: 1, support_value_vnd: 0, poverty_rate_pct: 2 };

const created: ReportEvent = {
  type: 'ReportCreated.v1',
  data: { reportId, unitId: 'daklak-bchqs', programId: null, period: '2021', by: 'reporter', at },
};
const recorded = (indicator: string, value: string, previousValue: string | null = null, reason: string | null = null): ReportEvent => ({
  type: 'FigureRecorded.v1',
  data: { reportId, indicator, areaCode: null, value, previousValue, note: null, reason },
});
const submitted: ReportEvent = { type: 'ReportSubmitted.v1', data: { reportId, by: 'reporter', at } };
const approved: ReportEvent = { type: 'ReportApproved.v1', data: { reportId, by: 'supervisor', at, comment: null } };
const reopened: ReportEvent = { type: 'ReportReopened.v1', data: { reportId, by: 'supervisor', at, reason: 'typo in km' } };
const rejected: ReportEvent = { type: 'ReportRejected.v1', data: { reportId, by: 'supervisor', at, reason: 'missing VND' } };

const cmd = (actor: string, c: Omit<ReportCommand, 'actor' | 'at'>): ReportCommand => ({ actor, at, ...c }) as ReportCommand;
const setFigures = (figures: { indicator: string; value: unknown; areaCode?: string }[], reason: string | null = null, actor = 'reporter') =>
  cmd(actor, { type: 'SetFigures', data: { reportId, figures, reason }, scales } as never);

describe('report decider', () => {
  describe('creating', () => {
    it('given nothing, when created, then ReportCreated', () =>
      spec.given([]).when(cmd('reporter', { type: 'CreateReport', data: { reportId, unitId: 'daklak-bchqs', programId: null, period: '2021' } })).then([created]));

    it('given a report, when created again, then conflict', () =>
      spec.given([created]).when(cmd('reporter', { type: 'CreateReport', data: { reportId, unitId: 'x', programId: null, period: '2021' } })).thenFails('conflict'));

    it('given nothing, when created for a malformed period, then invalid', () =>
      spec.given([]).when(cmd('reporter', { type: 'CreateReport', data: { reportId, unitId: 'x', programId: null, period: '2021-13' } })).thenFails('invalid', 'period'));
  });

  describe('setting figures', () => {
    it('given a draft, when figures are set, then one FigureRecorded each, canonical values', () =>
      spec.given([created]).when(setFigures([{ indicator: 'rural_road_km', value: 110.0 }, { indicator: 'work_days', value: '8100' }]))
        .then([recorded('rural_road_km', '110'), recorded('work_days', '8100')]));

    it('given a figure, when set to the same value, then nothing', () =>
      spec.given([created, recorded('work_days', '8100')]).when(setFigures([{ indicator: 'work_days', value: 8100 }])).then([]));

    it('given a figure, when corrected, then the old value travels with the new one', () =>
      spec.given([created, recorded('work_days', '8100')]).when(setFigures([{ indicator: 'work_days', value: '8200' }]))
        .then([recorded('work_days', '8200', '8100')]));

    it('given a figure, when set to null, then FigureRemoved with the old value', () =>
      spec.given([created, recorded('work_days', '8100')]).when(setFigures([{ indicator: 'work_days', value: null }]))
        .then([{ type: 'FigureRemoved.v1', data: { reportId, indicator: 'work_days', areaCode: null, previousValue: '8100', reason: null } }]));

    it('given a draft, when removing a figure it does not have, then nothing', () =>
      spec.given([created]).when(setFigures([{ indicator: 'work_days', value: null }])).then([]));

    it('keeps figures for different areas apart', () =>
      spec.given([created]).when(setFigures([{ indicator: 'work_days', value: 1, areaCode: 'ia-lop' }, { indicator: 'work_days', value: 2, areaCode: 'ia-rve' }]))
        .then([
          { type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: 'ia-lop', value: '1', previousValue: null, note: null, reason: null } },
          { type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: 'ia-rve', value: '2', previousValue: null, note: null, reason: null } },
        ]));

    it.each([
      ['more decimals than the scale', { indicator: 'rural_road_km', value: '110.55' }],
      ['a negative value', { indicator: 'work_days', value: -1 }],
      ['a fraction of a đồng', { indicator: 'support_value_vnd', value: '15300000000.5' }],
      ['a non-numeric string', { indicator: 'work_days', value: 'many' }],
    ])('given a draft, when a figure has %s, then invalid naming the value', (_, figure) =>
      spec.given([created]).when(setFigures([figure])).thenFails('invalid', 'figures[0].value'));

    it('given a draft, when the same figure appears twice, then invalid', () =>
      spec.given([created]).when(setFigures([{ indicator: 'work_days', value: 1 }, { indicator: 'work_days', value: 2 }])).thenFails('invalid', 'figures[1]'));

    it('given a draft, when an indicator is unknown, then unprocessable naming it', () =>
      spec.given([created]).when(setFigures([{ indicator: 'work_days', value: 1 }, { indicator: 'nope', value: 1 }])).thenFails('unprocessable', 'figures[1].indicator'));

    it.each([
      ['submitted', [created, recorded('work_days', '1'), submitted]],
      ['approved', [created, recorded('work_days', '1'), submitted, approved]],
    ])('given a %s report, when figures are set, then conflict', (_, given) =>
      spec.given(given as ReportEvent[]).when(setFigures([{ indicator: 'work_days', value: 2 }], 'why')).thenFails('conflict'));

    it('given a rejected report, when corrected without a reason, then invalid naming reason', () =>
      spec.given([created, recorded('work_days', '1'), submitted, rejected]).when(setFigures([{ indicator: 'work_days', value: 2 }])).thenFails('invalid', 'reason'));

    it('given a rejected report, when corrected with a reason, then recorded with the reason', () =>
      spec.given([created, recorded('work_days', '1'), submitted, rejected]).when(setFigures([{ indicator: 'work_days', value: 2 }], 'recounted'))
        .then([recorded('work_days', '2', '1', 'recounted')]));

    it('given an amending report, when corrected with a reason, then recorded', () =>
      spec.given([created, recorded('work_days', '1'), submitted, approved, reopened]).when(setFigures([{ indicator: 'work_days', value: 3 }], 'late sheet'))
        .then([recorded('work_days', '3', '1', 'late sheet')]));
  });

  describe('life cycle', () => {
    it('given a draft without figures, when submitted, then conflict', () =>
      spec.given([created]).when(cmd('reporter', { type: 'SubmitReport', data: { reportId } })).thenFails('conflict'));

    it('given a draft with figures, when submitted, then ReportSubmitted', () =>
      spec.given([created, recorded('work_days', '1')]).when(cmd('reporter', { type: 'SubmitReport', data: { reportId } }))
        .then([{ type: 'ReportSubmitted.v3', data: { ...submitted.data, deadline: null, onTime: null, levels: [] } } as ReportEvent]));

    it('given a submitted report, when the submitter approves it, then forbidden', () =>
      spec.given([created, recorded('work_days', '1'), submitted]).when(cmd('reporter', { type: 'ApproveReport', data: { reportId, comment: null } })).thenFails('forbidden'));

    it('given a submitted report, when another person approves it, then ReportApproved', () =>
      spec.given([created, recorded('work_days', '1'), submitted]).when(cmd('supervisor', { type: 'ApproveReport', data: { reportId, comment: null } })).then([approved]));

    it('given a draft, when approved, then conflict', () =>
      spec.given([created, recorded('work_days', '1')]).when(cmd('supervisor', { type: 'ApproveReport', data: { reportId, comment: null } })).thenFails('conflict'));

    it('given a submitted report, when rejected without a reason, then invalid', () =>
      spec.given([created, recorded('work_days', '1'), submitted]).when(cmd('supervisor', { type: 'RejectReport', data: { reportId, reason: '  ' } })).thenFails('invalid', 'reason'));

    it('given a submitted report, when rejected with a reason, then ReportRejected', () =>
      spec.given([created, recorded('work_days', '1'), submitted]).when(cmd('supervisor', { type: 'RejectReport', data: { reportId, reason: 'missing VND' } })).then([rejected]));

    it('given an approved report, when reopened without a reason, then invalid', () =>
      spec.given([created, recorded('work_days', '1'), submitted, approved]).when(cmd('supervisor', { type: 'ReopenReport', data: { reportId, reason: '' } })).thenFails('invalid', 'reason'));

    it('given an approved report, when reopened with a reason, then ReportReopened', () =>
      spec.given([created, recorded('work_days', '1'), submitted, approved]).when(cmd('supervisor', { type: 'ReopenReport', data: { reportId, reason: 'typo in km' } })).then([reopened]));

    it('given a submitted report, when submitted again, then conflict', () =>
      spec.given([created, recorded('work_days', '1'), submitted]).when(cmd('reporter', { type: 'SubmitReport', data: { reportId } })).thenFails('conflict'));

    it('given a draft, when rejected, then conflict', () =>
      spec.given([created, recorded('work_days', '1')]).when(cmd('supervisor', { type: 'RejectReport', data: { reportId, reason: 'x' } })).thenFails('conflict'));

    it('given an approved report, when rejected, then conflict', () =>
      spec.given([created, recorded('work_days', '1'), submitted, approved]).when(cmd('supervisor', { type: 'RejectReport', data: { reportId, reason: 'x' } })).thenFails('conflict'));

    it('given a draft, when reopened, then conflict', () =>
      spec.given([created]).when(cmd('supervisor', { type: 'ReopenReport', data: { reportId, reason: 'x' } })).thenFails('conflict'));

    it('given an amendment resubmitted by the first approver, when the original submitter approves, then allowed: only the submitter of that version is barred', () =>
      spec.given([created, recorded('work_days', '1'), submitted, approved, reopened, recorded('work_days', '2', '1', 'fix'),
        { type: 'ReportSubmitted.v1', data: { reportId, by: 'supervisor', at } }])
        .when(cmd('reporter', { type: 'ApproveReport', data: { reportId, comment: 'ok' } }))
        .then([{ type: 'ReportApproved.v1', data: { reportId, by: 'reporter', at, comment: 'ok' } }]));

    it('given an amendment the submitter resubmitted, when that submitter approves it, then forbidden: an earlier approval opens no door', () =>
      spec.given([created, recorded('work_days', '1'), submitted, approved, reopened, recorded('work_days', '2', '1', 'fix'), submitted])
        .when(cmd('reporter', { type: 'ApproveReport', data: { reportId, comment: null } })).thenFails('forbidden'));

    it('given any missing report, when a command arrives, then conflict', () =>
      spec.given([]).when(cmd('reporter', { type: 'SubmitReport', data: { reportId } })).thenFails('conflict'));
  });

  describe('evolve', () => {
    const fold = (events: ReportEvent[]) => events.reduce(evolveReport, initialReportState) as ExistingReport;

    it('keeps the approved figures while an amendment is in progress', () => {
      const state = fold([created, recorded('work_days', '1'), submitted, approved, reopened, recorded('work_days', '5', '1', 'fix')]);
      expect(state.status).toBe('amending');
      expect(state.revision).toBe(5);
      expect(approvedFigures(state)['work_days|'].value).toBe('1');
      expect(proposedFigures(state)['work_days|'].value).toBe('1');
      expect(state.figures['work_days|'].value).toBe('5');
      expect(state.approved?.revision).toBe(3);
    });

    it('proposes the submitted figures while awaiting approval', () => {
      const state = fold([created, recorded('work_days', '1'), submitted]);
      expect(proposedFigures(state)['work_days|'].value).toBe('1');
      expect(approvedFigures(state)).toEqual({});
    });
  });
});
