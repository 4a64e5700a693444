import { deciderSpecification } from '../testing/decider-specification';
import { decideReport, evolveReport, FigureInput, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent } from './report.events';

/** Joint work: a figure names its activity and partner units; both travel in its event and state. */
const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });
const at = '2021-06-01T00:00:00.000Z';
const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId: 'r1', unitId: 'bdbp', programId: null, period: '2021', by: 'rep', at } };
const set = (figures: FigureInput[], units = ['doan737']): ReportCommand =>
  ({ type: 'SetFigures', data: { reportId: 'r1', figures, reason: null }, scales: { work_days: 0 }, units, actor: 'rep', at });
const recorded = (extra: object, previousValue: string | null = null): ReportEvent =>
  ({ type: 'FigureRecorded.v1', data: { reportId: 'r1', indicator: 'work_days', areaCode: 'ia-lop', value: '300', previousValue, note: null, reason: null, ...extra } } as ReportEvent);

describe('joint figures', () => {
  it('given a draft, when a figure names an activity and partners, then its event carries both (partners sorted, once each)', () =>
    spec.given([created]).when(set([{ indicator: 'work_days', areaCode: 'ia-lop', value: '300', activityRef: 'road', partners: ['doan737', 'doan737'] }]))
      .then([recorded({ activityRef: 'road', partners: ['doan737'] })]));

  it('given a joint figure, when it is sent again as the unit\'s own work, then a correction naming the activity it had', () =>
    spec.given([created, recorded({ activityRef: 'road', partners: ['doan737'] })]).when(set([{ indicator: 'work_days', areaCode: 'ia-lop', value: '300' }]))
      .then([recorded({ previousActivityRef: 'road' }, '300')]));

  it('given a joint figure, when sent again the same, then nothing', () =>
    spec.given([created, recorded({ activityRef: 'road', partners: ['doan737'] })])
      .when(set([{ indicator: 'work_days', areaCode: 'ia-lop', value: 300, activityRef: 'road', partners: ['doan737'] }])).then([]));

  it('refuses half a joint figure, the unit as its own partner (400) and an unknown partner (422), naming the field', () => {
    const given = spec.given([created]);
    given.when(set([{ indicator: 'work_days', value: '1', activityRef: 'road' }])).thenFails('invalid', 'figures[0].partners');
    given.when(set([{ indicator: 'work_days', value: '1', partners: ['doan737'] }])).thenFails('invalid', 'figures[0].activityRef');
    given.when(set([{ indicator: 'work_days', value: '1', activityRef: 'road', partners: ['bdbp'] }])).thenFails('invalid', 'figures[0].partners');
    given.when(set([{ indicator: 'work_days', value: '1', activityRef: 'road', partners: ['nope'] }])).thenFails('unprocessable', 'figures[0].partners');
  });
});
