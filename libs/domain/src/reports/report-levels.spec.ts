import { deciderSpecification } from '../testing/decider-specification';
import { decideReport, evolveReport, ExistingReport, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent, upcastSubmitted } from './report.events';

const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });

const at = '2024-12-20T08:00:00.000Z';
const reportId = 'lak-xa-2024';
const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId, unitId: 'lak-xa', programId: 'lak-2024', period: '2024', by: 'rep', at } };
const recorded: ReportEvent = {
  type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: null, value: '722', previousValue: null, note: null, reason: null },
};
const levels = ['lak-bdv', 'daklak-bcd'];
const submitted: ReportEvent = { type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at, deadline: null, onTime: null, levels } };
const district: ReportEvent = { type: 'ReportLevelApproved.v1', data: { reportId, level: 0, unitId: 'lak-bdv', by: 'huyen', at, comment: 'Đạt' } };
const approve = (actor: string, recordedBy: string[] = ['rep'], comment: string | null = null): ReportCommand => ({ type: 'ApproveReport', data: { reportId, comment }, recordedBy, actor, at });

describe('report decider: approval levels', () => {
  it('submits with the program\'s levels; one level or none is one approval', () => {
    spec.given([created, recorded]).when({ type: 'SubmitReport', data: { reportId }, levels, actor: 'rep', at }).then([submitted]);
    spec.given([created, recorded]).when({ type: 'SubmitReport', data: { reportId }, levels: ['lak-bdv'], actor: 'rep', at })
      .then([{ ...submitted, data: { ...submitted.data, levels: [] } } as ReportEvent]);
  });

  it('records every level but the last, whose approval makes the version official', () => {
    spec.given([created, recorded, submitted]).when(approve('huyen', ['rep'], 'Đạt')).then([district]);
    spec.given([created, recorded, submitted, district]).when(approve('tinh')).then([{ type: 'ReportApproved.v1', data: { reportId, by: 'tinh', at, comment: null } }]);
  });

  it('is official only after the last level', () => {
    const state = [created, recorded, submitted, district].reduce(evolveReport, initialReportState) as ExistingReport;
    expect(state).toMatchObject({ status: 'submitted', approved: null, levelApprovals: [{ level: 0, unitId: 'lak-bdv', by: 'huyen', comment: 'Đạt' }] });
  });

  it('forbids approving one version at two levels', () =>
    spec.given([created, recorded, submitted, district]).when(approve('huyen')).thenFails('forbidden'));

  it('forbids the submitter at the last level, whoever approved the first: on a first version and on an amendment of an approved one', () => {
    const byTinh = { ...submitted, data: { ...submitted.data, by: 'tinh' } } as ReportEvent;
    spec.given([created, recorded, byTinh, district]).when(approve('tinh')).thenFails('forbidden');
    const official: ReportEvent = { type: 'ReportApproved.v1', data: { reportId, by: 'tinh', at, comment: null } };
    const reopened: ReportEvent = { type: 'ReportReopened.v1', data: { reportId, by: 'tinh', at, reason: 'sai số km' } };
    const amended: ReportEvent = { ...recorded, data: { ...recorded.data, value: '730', previousValue: '722', reason: 'sửa' } } as ReportEvent;
    const reopenedAndAmended = [created, recorded, submitted, district, official, reopened, amended];
    spec.given([...reopenedAndAmended, byTinh, district]).when(approve('tinh')).thenFails('forbidden');
    // The same history with another submitter is approved by tinh: the refusal is the submitter's, not the level's.
    spec.given([...reopenedAndAmended, submitted, district]).when(approve('tinh')).then([official]);
  });

  it('forbids approving a version in which one recorded figures', () =>
    spec.given([created, recorded, submitted]).when(approve('huyen', ['rep', 'huyen'])).thenFails('forbidden'));

  it('starts again at the first level after a rejection at any level', () => {
    const rejected: ReportEvent = { type: 'ReportRejected.v1', data: { reportId, by: 'tinh', at, reason: 'chưa khớp' } };
    const resubmitted = { ...submitted, data: { ...submitted.data, at: '2024-12-21T08:00:00.000Z' } } as ReportEvent;
    const state = [created, recorded, submitted, district, rejected, resubmitted].reduce(evolveReport, initialReportState) as ExistingReport;
    expect(state).toMatchObject({ status: 'submitted', levelApprovals: [] });
    spec.given([created, recorded, submitted, district, rejected, resubmitted]).when(approve('huyen', ['rep'], 'Đạt')).then([district]);
  });

  it('reads v1 and v2 submissions as one approval (upcast to v3 with no levels)', () => {
    expect(upcastSubmitted({ type: 'ReportSubmitted.v1', data: { reportId, by: 'rep', at } })).toEqual({
      type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at, deadline: null, onTime: null, levels: [] },
    });
    const v2: ReportEvent = { type: 'ReportSubmitted.v2', data: { reportId, by: 'rep', at, deadline: '2025-01-15', onTime: true } };
    spec.given([created, recorded, v2]).when(approve('huyen')).then([{ type: 'ReportApproved.v1', data: { reportId, by: 'huyen', at, comment: null } }]);
  });
});
