import { deciderSpecification } from '../testing/decider-specification';
import { AreaFacts, decideReport, evolveReport, ExistingReport, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent } from './report.events';

/** The report rules that programs and areas add: assigned areas only, lateness on submission, the v1 upcast. */
const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });

const reportId = 'r1';
const at = '2022-01-10T03:00:00.000Z';
const created: ReportEvent = {
  type: 'ReportCreated.v1',
  data: { reportId, unitId: 'doan737', programId: 'daklak-dv-2021', period: '2021', by: 'rep', at },
};
const recorded = (areaCode: string | null, value = '10'): ReportEvent => ({
  type: 'FigureRecorded.v1',
  data: { reportId, indicator: 'work_days', areaCode, value, previousValue: null, note: null, reason: null },
});
const setFigures = (figures: { areaCode?: string; value: unknown }[], areas?: AreaFacts): ReportCommand => ({
  type: 'SetFigures', actor: 'rep', at,
  data: { reportId, figures: figures.map((f) => ({ indicator: 'work_days', ...f })), reason: null },
  scales: { work_days: 0 },
  areas,
});
const submit = (deadline: string | null | undefined, when = at): ReportCommand => ({ type: 'SubmitReport', actor: 'rep', at: when, data: { reportId }, deadline });
const held: AreaFacts = { known: ['xa-ia-lop', 'xa-ia-rve', 'xa-ea-tir'], assigned: ['xa-ia-lop', 'xa-ia-rve'] };

describe('report figures and areas', () => {
  it('given a report under a program, when a figure is for an assigned area, then recorded', () =>
    spec.given([created]).when(setFigures([{ areaCode: 'xa-ia-lop', value: 10 }], held)).then([recorded('xa-ia-lop')]));

  it('given a report under a program, when a figure is for a known area not assigned to the unit, then unprocessable naming figures[i].areaCode', () =>
    spec.given([created]).when(setFigures([{ areaCode: 'xa-ia-lop', value: 1 }, { areaCode: 'xa-ea-tir', value: 1 }], held)).thenFails('unprocessable', 'figures[1].areaCode'));

  it('given a report, when a figure names an unknown area, then unprocessable naming figures[i].areaCode', () =>
    spec.given([created]).when(setFigures([{ areaCode: 'xa-nowhere', value: 1 }], { known: [], assigned: null })).thenFails('unprocessable', 'figures[0].areaCode'));

  it('given a report under no program, when a figure is for any known area, then recorded', () =>
    spec.given([created]).when(setFigures([{ areaCode: 'xa-ea-tir', value: 10 }], { known: held.known, assigned: null })).then([recorded('xa-ea-tir')]));

  it('a figure for the whole unit (no area) needs no assignment', () =>
    spec.given([created]).when(setFigures([{ value: 10 }], held)).then([recorded(null)]));

  it('given a figure for an area no longer assigned, when it is removed, then removed (a correction is always possible)', () =>
    spec.given([created, recorded('xa-ea-tir')]).when(setFigures([{ areaCode: 'xa-ea-tir', value: null }], held))
      .then([{ type: 'FigureRemoved.v1', data: { reportId, indicator: 'work_days', areaCode: 'xa-ea-tir', previousValue: '10', reason: null } }]));
});

describe('submission deadlines', () => {
  const withFigure = [created, recorded(null)];

  it('given a deadline, when submitted on or before it (Vietnam time), then ReportSubmitted.v2 on time', () =>
    spec.given(withFigure).when(submit('2022-01-15', '2022-01-15T16:59:59.000Z'))
      .then([{ type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at: '2022-01-15T16:59:59.000Z', deadline: '2022-01-15', onTime: true, levels: [] } }]));

  it('given a deadline, when submitted after midnight in Hà Nội on the day after, then late', () =>
    spec.given(withFigure).when(submit('2022-01-15', '2022-01-15T17:00:00.000Z'))
      .then([{ type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at: '2022-01-15T17:00:00.000Z', deadline: '2022-01-15', onTime: false, levels: [] } }]));

  it('given no program calendar, when submitted, then lateness is unknown (null)', () =>
    spec.given(withFigure).when(submit(undefined)).then([{ type: 'ReportSubmitted.v3', data: { reportId, by: 'rep', at, deadline: null, onTime: null, levels: [] } }]));

  it('keeps the first submission\'s lateness after a rejection and a late resubmission', () => {
    const events: ReportEvent[] = [
      ...withFigure,
      { type: 'ReportSubmitted.v2', data: { reportId, by: 'rep', at, deadline: '2022-01-15', onTime: true } },
      { type: 'ReportRejected.v1', data: { reportId, by: 'sup', at, reason: 'thiếu' } },
      { type: 'ReportSubmitted.v2', data: { reportId, by: 'rep', at: '2022-02-01T00:00:00.000Z', deadline: '2022-01-15', onTime: false } },
    ];
    expect(events.reduce(evolveReport, initialReportState)).toMatchObject({ status: 'submitted', onTime: true, deadline: '2022-01-15', submittedAt: '2022-02-01T00:00:00.000Z' });
  });

  it('reads a ReportSubmitted.v1 as a submission with unknown lateness (upcast)', () => {
    const state = [...withFigure, { type: 'ReportSubmitted.v1', data: { reportId, by: 'rep', at } } as ReportEvent].reduce(evolveReport, initialReportState) as ExistingReport;
    expect(state).toMatchObject({ status: 'submitted', revision: 2, submittedBy: 'rep', submittedAt: at, deadline: null, onTime: null, everSubmitted: true });
  });
});
