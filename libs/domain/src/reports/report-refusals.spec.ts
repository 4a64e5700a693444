import { deciderSpecification } from '../testing/decider-specification';
import { approvedFigures, decideReport, evolveReport, ExistingReport, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent } from './report.events';

/**
 * Every refusal of the report decider word for word (the problem's detail and each field error the
 * API answers), and the report's state after every kind of event. Written from the survivors of a
 * mutation run: the specs beside this one check the kind of each refusal and the field it names.
 */
const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });
const at = '2021-01-19T08:00:00.000Z';
const reportId = 'r1';
const scales = { work_days: 0, rural_road_km: 1 };
const cmd = (actor: string, c: object): ReportCommand => ({ actor, at, ...c }) as ReportCommand;

const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId, unitId: 'td66', programId: 'p1', period: '2021', by: 'rep', at } };
const recorded = (indicator: string, value: string, areaCode: string | null = null, previousValue: string | null = null): ReportEvent =>
  ({ type: 'FigureRecorded.v1', data: { reportId, indicator, areaCode, value, previousValue, note: null, reason: null } });
const submitted: ReportEvent = { type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at, deadline: null, onTime: null, levels: [] } };
const submittedTwoLevels: ReportEvent = { type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at, deadline: null, onTime: null, levels: ['district', 'province'] } };
const levelApproved: ReportEvent = { type: 'ReportLevelApproved.v1', data: { reportId, level: 0, unitId: 'district', by: 'sup-d', at, comment: null } };
const approved: ReportEvent = { type: 'ReportApproved.v1', data: { reportId, by: 'sup', at, comment: 'ok' } };
const rejected: ReportEvent = { type: 'ReportRejected.v1', data: { reportId, by: 'sup', at, reason: 'thiếu' } };
const reopened: ReportEvent = { type: 'ReportReopened.v1', data: { reportId, by: 'sup', at, reason: 'sửa' } };
const figures = (list: object[], reason: string | null = null, extra: object = {}) =>
  cmd('rep', { type: 'SetFigures', data: { reportId, figures: list, reason }, scales, ...extra });
const create = (extra: object = {}, data: object = {}) =>
  cmd('rep', { type: 'CreateReport', data: { reportId, unitId: 'td66', programId: 'p1', period: '2021', ...data }, ...extra });

describe('report refusals, word for word', () => {
  it.each<[string, ReportEvent[], ReportCommand, string, string, { field: string; message: string }[]]>([
    ['creating a report that exists', [created], create(), 'conflict', 'report r1 already exists', []],
    ['creating for a period that is none', [], create({}, { period: '2021-13' }), 'invalid', 'period is not a period key', [{ field: 'period', message: 'must look like 2021, 2021-H1, 2021-Q3 or 2021-07' }]],
    ['a late report without a reason (announced at a review)', [], create({ announcedIn: ['rv1', 'rv2'] }), 'invalid', 'a late report needs a reason: 2021 was announced at review rv1, rv2',
      [{ field: 'reason', message: 'is required: 2021 was announced at review rv1, rv2' }]],
    ['a late report with a blank reason (covered by a consolidated report)', [], create({ coveredBy: ['bcd-2021'] }, { reason: '  ' }), 'invalid',
      'a late report needs a reason: the approved consolidated report bcd-2021 already covers it', [{ field: 'reason', message: 'is required: the approved consolidated report bcd-2021 already covers it' }]],
    ['a late report both announced and covered', [], create({ announcedIn: ['rv1'], coveredBy: ['bcd-2021'] }), 'invalid',
      'a late report needs a reason: 2021 was announced at review rv1; the approved consolidated report bcd-2021 already covers it',
      [{ field: 'reason', message: 'is required: 2021 was announced at review rv1; the approved consolidated report bcd-2021 already covers it' }]],
    ['figures of a report that does not exist', [], figures([{ indicator: 'work_days', value: '1' }]), 'conflict', 'report r1 does not exist', []],
    ['submitting a submitted report', [created, recorded('work_days', '1'), submitted], cmd('rep', { type: 'SubmitReport', data: { reportId } }), 'conflict', 'a submitted report cannot be submitted', []],
    ['submitting without figures', [created], cmd('rep', { type: 'SubmitReport', data: { reportId } }), 'conflict', 'a report needs at least one figure to be submitted', []],
    ['approving a draft', [created], cmd('sup', { type: 'ApproveReport', data: { reportId, comment: null } }), 'conflict', 'a draft report cannot be approved', []],
    ['approving one\'s own submission', [created, recorded('work_days', '1'), submitted], cmd('rep', { type: 'ApproveReport', data: { reportId, comment: null } }), 'forbidden', 'nobody approves a version they submitted', []],
    ['approving a version one recorded figures in', [created, recorded('work_days', '1'), submitted], cmd('clerk', { type: 'ApproveReport', data: { reportId, comment: null }, recordedBy: ['clerk'] }),
      'forbidden', 'nobody approves a version in which they recorded figures', []],
    ['approving one version at two levels', [created, recorded('work_days', '1'), submittedTwoLevels, levelApproved], cmd('sup-d', { type: 'ApproveReport', data: { reportId, comment: null } }),
      'forbidden', 'nobody approves the same version at two levels', []],
    ['rejecting an approved report', [created, recorded('work_days', '1'), submitted, approved], cmd('sup', { type: 'RejectReport', data: { reportId, reason: 'x' } }), 'conflict', 'a approved report cannot be rejected', []],
    ['rejecting without a reason', [created, recorded('work_days', '1'), submitted], cmd('sup', { type: 'RejectReport', data: { reportId, reason: ' ' } }), 'invalid', 'a reason is required', [{ field: 'reason', message: 'is required' }]],
    ['reopening a submitted report', [created, recorded('work_days', '1'), submitted], cmd('sup', { type: 'ReopenReport', data: { reportId, reason: 'x' } }), 'conflict', 'a submitted report cannot be reopened', []],
    ['reopening without a reason', [created, recorded('work_days', '1'), submitted, approved], cmd('sup', { type: 'ReopenReport', data: { reportId, reason: '' } }), 'invalid', 'a reason is required', [{ field: 'reason', message: 'is required' }]],
    ['one figure named twice, an unknown qualifier, a qualified removal', [created],
      figures([{ indicator: 'work_days', value: '1' }, { indicator: 'work_days', value: '2' }, { indicator: 'rural_road_km', value: '1', qualifier: 'roughly' }, { indicator: 'rural_road_km', areaCode: 'a', value: null, qualifier: 'about' }]),
      'invalid', 'some figures are not valid', [
        { field: 'figures[1]', message: 'names the same indicator and area twice' },
        { field: 'figures[2].qualifier', message: 'must be one of about, nearly, over, at_least, or null for an exact figure' },
        { field: 'figures[3].qualifier', message: 'cannot qualify a figure being removed (value null)' },
      ]],
    ['an unknown indicator and an unknown area', [created], figures([{ indicator: 'houses', value: '1' }, { indicator: 'work_days', value: '1', areaCode: 'xa-x' }], null, { areas: { known: ['xa-ia-lop'], assigned: null } }),
      'unprocessable', 'some figures name unknown indicators or areas', [
        { field: 'figures[0].indicator', message: 'unknown indicator houses' },
        { field: 'figures[1].areaCode', message: 'unknown area xa-x' },
      ]],
    ['an area not assigned to the unit', [created], figures([{ indicator: 'work_days', value: '1', areaCode: 'xa-ia-rve' }], null, { areas: { known: ['xa-ia-lop', 'xa-ia-rve'], assigned: ['xa-ia-lop'] } }),
      'unprocessable', 'some figures are for areas not assigned to the unit in this period', [{ field: 'figures[0].areaCode', message: 'xa-ia-rve is not assigned to unit td66 for 2021 under program p1' }]],
    ['figures of a submitted report', [created, recorded('work_days', '1'), submitted], figures([{ indicator: 'work_days', value: '2' }]), 'conflict', 'figures of a submitted report cannot change', []],
    ['changing an amended report without a reason', [created, recorded('work_days', '1'), submitted, approved, reopened], figures([{ indicator: 'work_days', value: '2' }], '   '),
      'invalid', 'changing the figures of a report that has been submitted needs a reason', [{ field: 'reason', message: 'is required once the report has been submitted' }]],
  ])('%s', (_, given, command, kind, message, errors) => spec.given(given).when(command).thenRefuses(kind as 'invalid', message, errors));

  it('a blocking rule refuses a submission, naming one rule or counting several', () => {
    const rules = {
      villages_reached: { rules: [{ operator: '<=' as const, other: 'villages_total', blocking: true }], range: null },
      work_days: { rules: [], range: { min: null, max: '100', blocking: true } },
    };
    const given = [created, recorded('villages_reached', '110', 'xa-ia-lop'), recorded('villages_total', '109', 'xa-ia-lop')];
    const submit = cmd('rep', { type: 'SubmitReport', data: { reportId }, checks: { rules } });
    spec.given(given).when(submit).thenRefuses('conflict', 'the figures break a blocking rule: villages_reached <= villages_total', [
      { field: 'figures.villages_reached@xa-ia-lop', message: 'villages_reached in xa-ia-lop is 110, which breaks villages_reached <= villages_total (villages_total is 109)' },
    ]);
    spec.given([...given, recorded('work_days', '101')]).when(submit).thenRefuses('conflict', 'the figures break 2 blocking rules: villages_reached <= villages_total; work_days <= 100', [
      { field: 'figures.villages_reached@xa-ia-lop', message: 'villages_reached in xa-ia-lop is 110, which breaks villages_reached <= villages_total (villages_total is 109)' },
      { field: 'figures.work_days', message: 'work_days is 101, outside its plausible range work_days <= 100' },
    ]);
  });

  it('a late report with a reason keeps it; a blank reason on an ordinary creation is dropped', () => {
    spec.given([]).when(create({ announcedIn: ['rv1'] }, { reason: 'báo cáo bổ sung' })).then([{ type: 'ReportCreated.v1', data: { ...created.data, reason: 'báo cáo bổ sung' } } as ReportEvent]);
    spec.given([]).when(create({}, { reason: ' ' })).then([created]);
  });
});

describe('the report\'s state after each kind of event', () => {
  const fold = (events: ReportEvent[]) => events.reduce(evolveReport, initialReportState) as ExistingReport;

  it('a removed figure leaves the others; the state of a report that does not exist ignores events', () => {
    const state = fold([created, recorded('work_days', '1'), recorded('rural_road_km', '2.5'), { type: 'FigureRemoved.v1', data: { reportId, indicator: 'work_days', areaCode: null, previousValue: '1', reason: null } }]);
    expect(state.figures).toEqual({ 'rural_road_km|': { indicator: 'rural_road_km', areaCode: null, value: '2.5', note: null } });
    expect(state.revision).toBe(3);
    expect(evolveReport(initialReportState, approved)).toEqual(initialReportState);
  });

  it('level approvals gather per version and are cleared by the final approval, a rejection and a new submission', () => {
    const atLevel = fold([created, recorded('work_days', '1'), submittedTwoLevels, levelApproved]);
    expect(atLevel.levelApprovals).toEqual([{ level: 0, unitId: 'district', by: 'sup-d', at, comment: null }]);
    expect(fold([created, recorded('work_days', '1'), submittedTwoLevels, levelApproved, approved]).levelApprovals).toEqual([]);
    const afterRejection = fold([created, recorded('work_days', '1'), submittedTwoLevels, levelApproved, rejected]);
    expect({ status: afterRejection.status, levelApprovals: afterRejection.levelApprovals }).toEqual({ status: 'rejected', levelApprovals: [] });
    expect(fold([created, recorded('work_days', '1'), submittedTwoLevels, levelApproved, rejected, submittedTwoLevels]).levelApprovals).toEqual([]);
  });

  it('a new report starts with nothing: no levels, no approvals, no warnings, not back-entered', () => {
    const state = fold([created]);
    expect(state).toMatchObject({ status: 'draft', figures: {}, approved: null, levels: [], levelApprovals: [], warnings: [], everSubmitted: false, backEntered: false, consolidates: null });
    expect(fold([{ type: 'ReportCreated.v1', data: { ...created.data, recordedAt: at, backEntryReason: 'giấy' } } as ReportEvent]).backEntered).toBe(true);
    expect(fold([created, recorded('work_days', '1'), submitted]).warnings).toEqual([]);
  });

  it('the approved figures are those of the approved version, and none before an approval', () => {
    expect(approvedFigures(fold([created, recorded('work_days', '1')]))).toEqual({});
    expect(approvedFigures(fold([created, recorded('work_days', '1'), submitted, approved, reopened, recorded('work_days', '2', null, '1')]))).toEqual({
      'work_days|': { indicator: 'work_days', areaCode: null, value: '1', note: null },
    });
  });
});
