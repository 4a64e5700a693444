import { consolidationCovers, decideReport, evolveReport, ExistingReport, initialReportState } from './report.decider';

const create = (patch: object = {}, extra: object = {}) => ({
  type: 'CreateReport' as const, actor: 'rep', at: '2021-01-19T00:00:00.000Z',
  data: { reportId: 'bcd-2020', unitId: 'bcd', programId: null, period: '2020', ...patch }, ...extra,
});

describe('consolidated reports', () => {
  it('a report created as consolidating its subtree records the units it covers, and its state says so', () => {
    const events = decideReport(create({ consolidates: ['td66', 'bchqs'] }), initialReportState);
    expect(events).toEqual([{ type: 'ReportCreated.v1', data: { reportId: 'bcd-2020', unitId: 'bcd', programId: null, period: '2020', by: 'rep', at: '2021-01-19T00:00:00.000Z', consolidates: ['td66', 'bchqs'] } }]);
    expect((evolveReport(initialReportState, events[0]) as ExistingReport).consolidates).toEqual(['td66', 'bchqs']);
    expect(decideReport(create(), initialReportState)[0].data).not.toHaveProperty('consolidates');
  });

  it('covers the reports of the units it names for the same period only, never itself', () => {
    const c = { reportId: 'bcd-2020', period: '2020', consolidates: ['td66'] };
    expect(consolidationCovers(c, { reportId: 'td66-2020', unitId: 'td66', period: '2020' })).toBe(true);
    expect(consolidationCovers(c, { reportId: 'td66-2020-h1', unitId: 'td66', period: '2020-H1' })).toBe(false);
    expect(consolidationCovers(c, { reportId: 'ld198-2020', unitId: 'ld198', period: '2020' })).toBe(false);
    expect(consolidationCovers({ ...c, consolidates: null }, { reportId: 'td66-2020', unitId: 'td66', period: '2020' })).toBe(false);
  });

  it('a report an approved consolidated report already covers needs a reason (invalid naming reason), and keeps it', () => {
    const late = create({ reportId: 'td66-2020', unitId: 'td66' }, { coveredBy: ['bcd-2020'] });
    expect(() => decideReport(late, initialReportState)).toThrow(
      expect.objectContaining({ kind: 'invalid', errors: [{ field: 'reason', message: 'is required: the approved consolidated report bcd-2020 already covers it' }] }),
    );
    expect(decideReport({ ...late, data: { ...late.data, reason: 'Trung đoàn 66 nộp sau' } }, initialReportState)[0].data).toMatchObject({ reason: 'Trung đoàn 66 nộp sau' });
  });
});
