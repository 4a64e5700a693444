import { evolveReport, figureInputErrors, initialReportState, ReportState } from './report.decider';
import { ReportEvent } from './report.events';

const at = '2024-12-20T08:00:00.000Z';
const created: ReportEvent = { type: 'ReportCreated.v1', data: { reportId: 'r1', unitId: 'u1', programId: 'p1', period: '2024', by: 'rep', at } };
const state: ReportState = evolveReport(initialReportState, created);
const scales = { work_days: 0, rural_road_km: 2 };

describe('figureInputErrors: every problem of every figure, as SetFigures would refuse them (and with which kind)', () => {
  it('lists malformed, unknown and unassigned figures together, in the order of the figures', () => {
    const errors = figureInputErrors(
      state,
      [
        { indicator: 'no_such', value: '1' },
        { indicator: 'work_days', value: '416.000' },
        { indicator: 'rural_road_km', value: '1', areaCode: 'xa-b' },
        { indicator: 'rural_road_km', value: '1', areaCode: 'xa-zz' },
        { indicator: 'work_days', value: '2', qualifier: 'maybe' },
        { indicator: 'rural_road_km', value: '1', areaCode: 'xa-a' },
      ],
      scales,
      { known: ['xa-a', 'xa-b'], assigned: ['xa-a'] },
    );
    expect(errors.map((e) => e.field)).toEqual([
      'figures[0].indicator', 'figures[1].value', 'figures[2].areaCode', 'figures[3].areaCode', 'figures[4]', 'figures[4].qualifier',
    ]);
    // As SetFigures refuses them: malformed input 400, an unknown or unassigned reference 422.
    expect(errors.map((e) => e.kind)).toEqual(['unprocessable', 'invalid', 'unprocessable', 'unprocessable', 'invalid', 'invalid']);
    expect(errors[2].message).toBe('xa-b is not assigned to unit u1 for 2024 under program p1');
    expect(errors[4].message).toBe('names the same indicator and area twice');
  });

  it('is empty when every figure passes, whatever the report status or reason would say', () => {
    expect(figureInputErrors(state, [{ indicator: 'work_days', value: 3 }], scales)).toEqual([]);
    expect(figureInputErrors(initialReportState, [{ indicator: 'x', value: 'y' }], scales)).toEqual([]);
  });
});
