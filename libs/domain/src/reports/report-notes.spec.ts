import { deciderSpecification } from '../testing/decider-specification';
import { decideReport, evolveReport, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent } from './report.events';

const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });
const at = '2024-12-20T08:00:00.000Z';
const reportId = 'r1';
const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId, unitId: 'u1', programId: null, period: '2024', by: 'rep', at } };
const noted: ReportEvent = {
  type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: null, value: '10', previousValue: null, note: 'theo sổ', reason: null },
};
const set = (figure: { value: unknown; note?: string | null }): ReportCommand =>
  ({ type: 'SetFigures', data: { reportId, figures: [{ indicator: 'work_days', ...figure }], reason: null }, scales: { work_days: 0 }, actor: 'rep', at });

describe('report decider: notes', () => {
  it('keeps the note when the value is sent again without one (nothing to record)', () => spec.given([created, noted]).when(set({ value: 10 })).then([]));

  it('keeps the note on a corrected value sent without one, and names the note it had', () =>
    spec.given([created, noted]).when(set({ value: 12 })).then([{
      type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: null, value: '12', previousValue: '10', note: 'theo sổ', reason: null, previousNote: 'theo sổ' },
    }]));

  it('removes the note with "note": null, a change of its own', () =>
    spec.given([created, noted]).when(set({ value: 10, note: null })).then([{
      type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: null, value: '10', previousValue: '10', note: null, reason: null, previousNote: 'theo sổ' },
    }]));
});
