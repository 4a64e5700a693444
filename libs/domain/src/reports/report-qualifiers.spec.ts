import { deciderSpecification } from '../testing/decider-specification';
import { approvedFigures, decideReport, evolveReport, ExistingReport, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent } from './report.events';

/** Qualified figures ("gần 4.400" → 4400 nearly): the qualifier belongs to the figure and travels in its events. */
const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });

const at = '2021-01-19T08:00:00.000Z';
const reportId = 'r1';
const scales = { gift_packages: 0, work_days: 0 };
const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId, unitId: 'u1', programId: null, period: '2020', by: 'reporter', at } };
const exact = (value: string, previousValue: string | null = null): ReportEvent => ({
  type: 'FigureRecorded.v1',
  data: { reportId, indicator: 'gift_packages', areaCode: null, value, previousValue, note: null, reason: null },
});
const setFigures = (figures: { indicator: string; value: unknown; qualifier?: unknown }[]): ReportCommand =>
  ({ actor: 'reporter', at, type: 'SetFigures', data: { reportId, figures, reason: null }, scales }) as ReportCommand;

describe('qualified figures', () => {
  it('given a draft, when a figure is set with a qualifier, then its event carries it', () =>
    spec.given([created]).when(setFigures([{ indicator: 'gift_packages', value: '4400', qualifier: 'nearly' }]))
      .then([{ type: 'FigureRecorded.v1', data: { ...exact('4400').data, qualifier: 'nearly' } } as ReportEvent]));

  it('given a draft, when a figure is set without one (or with null), then the event has no qualifier field at all, as before', () => {
    spec.given([created]).when(setFigures([{ indicator: 'gift_packages', value: '4400' }])).then([exact('4400')]);
    spec.given([created]).when(setFigures([{ indicator: 'gift_packages', value: '4400', qualifier: null }])).then([exact('4400')]);
  });

  it('given an exact figure, when only the qualifier changes, then a correction that names both qualifiers', () => {
    spec.given([created, exact('4400')]).when(setFigures([{ indicator: 'gift_packages', value: 4400, qualifier: 'nearly' }]))
      .then([{ type: 'FigureRecorded.v1', data: { ...exact('4400', '4400').data, qualifier: 'nearly' } } as ReportEvent]);
    const nearly = { type: 'FigureRecorded.v1', data: { ...exact('4400').data, qualifier: 'nearly' } } as ReportEvent;
    spec.given([created, nearly]).when(setFigures([{ indicator: 'gift_packages', value: 4400, qualifier: 'over' }]))
      .then([{ type: 'FigureRecorded.v1', data: { ...exact('4400', '4400').data, qualifier: 'over', previousQualifier: 'nearly' } } as ReportEvent]);
    spec.given([created, nearly]).when(setFigures([{ indicator: 'gift_packages', value: 4400 }]))
      .then([{ type: 'FigureRecorded.v1', data: { ...exact('4400', '4400').data, previousQualifier: 'nearly' } } as ReportEvent]);
    spec.given([created, nearly]).when(setFigures([{ indicator: 'gift_packages', value: 4400, qualifier: 'nearly' }])).then([]);
  });

  it('given a qualified figure, when removed, then the removal names the qualifier it had', () => {
    const nearly = { type: 'FigureRecorded.v1', data: { ...exact('4400').data, qualifier: 'nearly' } } as ReportEvent;
    spec.given([created, nearly]).when(setFigures([{ indicator: 'gift_packages', value: null }]))
      .then([{ type: 'FigureRemoved.v1', data: { reportId, indicator: 'gift_packages', areaCode: null, previousValue: '4400', reason: null, previousQualifier: 'nearly' } }]);
  });

  it.each([['roughly'], ['Nearly'], [1], [true], [{}]])('given a draft, when the qualifier is %p, then invalid naming it', (qualifier) =>
    spec.given([created]).when(setFigures([{ indicator: 'work_days', value: 1 }, { indicator: 'gift_packages', value: 1, qualifier }])).thenFails('invalid', 'figures[1].qualifier'));

  it('given a draft, when a removal carries a qualifier, then invalid', () =>
    spec.given([created, exact('1')]).when(setFigures([{ indicator: 'gift_packages', value: null, qualifier: 'over' }])).thenFails('invalid', 'figures[0].qualifier'));

  it('keeps the qualifier in the state and in the approved version', () => {
    const events: ReportEvent[] = [
      created,
      { type: 'FigureRecorded.v1', data: { ...exact('4400').data, qualifier: 'nearly' } } as ReportEvent,
      { type: 'ReportSubmitted.v1', data: { reportId, by: 'reporter', at } },
      { type: 'ReportApproved.v1', data: { reportId, by: 'supervisor', at, comment: null } },
    ];
    const state = events.reduce(evolveReport, initialReportState) as ExistingReport;
    expect(approvedFigures(state)).toEqual({ 'gift_packages|': { indicator: 'gift_packages', areaCode: null, value: '4400', note: null, qualifier: 'nearly' } });
  });
});
