import { decideReport, initialReportState } from '../reports/report.decider';
import { deciderSpecification } from '../testing/decider-specification';
import { decideProgram, evolveProgram, ExistingProgram, initialProgramState, ProgramCommand, ProgramEvent, ReviewConference, reviewsAnnouncing } from './program';
import { periodWithin } from './review-period';

const spec = deciderSpecification({ decide: decideProgram, evolve: evolveProgram, initialState: initialProgramState });
const programId = 'lamdong-dv-qs-2017-2021';
const created: ProgramEvent = {
  type: 'ProgramCreated.v1',
  data: { programId, name: 'Lâm Đồng 2017–2021', parties: ['lamdong-bchqs'], steeringUnitId: 'lamdong-bdv', fromYear: 2017, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }] },
};
const review: ReviewConference & { programId: string } = { programId, reviewId: 'rv-1', period: '2017..2021', kind: 'final', heldAt: '2022-11-21', title: 'Tổng kết giai đoạn 2017–2021', decisionRef: null };
const record = (patch: Partial<typeof review> = {}, today = '2022-12-01'): ProgramCommand => ({ type: 'RecordReview', data: { ...review, ...patch }, today });
const recorded: ProgramEvent = { type: 'ReviewConferenceRecorded.v1', data: review };

describe('review conferences (sơ kết, tổng kết)', () => {
  it('given a program, when a final review of its phase is recorded, then ReviewConferenceRecorded', () =>
    spec.given([created]).when(record()).then([recorded]));

  it('given a program, when a half-year review is held on the last day of the half (seed 003, 30/06), then recorded', () =>
    spec.given([created]).when(record({ reviewId: 'rv-2', period: '2019-H1', kind: 'preliminary', heldAt: '2019-06-30' }))
      .then([{ type: 'ReviewConferenceRecorded.v1', data: { ...review, reviewId: 'rv-2', period: '2019-H1', kind: 'preliminary', heldAt: '2019-06-30' } }]));

  it.each([
    ['a period that is no period', { period: '2021-H3' }, 'period'],
    ['a phase that runs backwards', { period: '2021..2017' }, 'period'],
    ['a day that is not a date', { heldAt: '2022-02-30' }, 'heldAt'],
    ['a day before the period begins', { period: '2020', heldAt: '2019-12-31' }, 'heldAt'],
    ['an empty title', { title: '  ' }, 'title'],
  ])('given a program, when recorded with %s, then invalid naming the field', (_, patch, field) =>
    spec.given([created]).when(record(patch)).thenFails('invalid', field));

  it('given a program, when recorded for a day after today, then invalid naming heldAt', () =>
    spec.given([created]).when(record({}, '2022-11-20')).thenFails('invalid', 'heldAt'));

  it('given a program, when recorded for a period outside its phase, then unprocessable naming period', () =>
    spec.given([created]).when(record({ period: '2016..2021' })).thenFails('unprocessable', 'period'));

  it('given a recorded review, when recorded again with its id, then conflict', () =>
    spec.given([created, recorded]).when(record()).thenFails('conflict'));

  it('given a closed program, when a review is recorded, then conflict (the final review comes before the closing)', () =>
    spec.given([created, { type: 'ProgramClosed.v1', data: { programId, date: '2022-11-21', reason: null } }]).when(record()).thenFails('conflict'));

  it('says which reviews announced a report period: a period within theirs', () => {
    const state = [created, recorded, { type: 'ReviewConferenceRecorded.v1', data: { ...review, reviewId: 'rv-h1', period: '2020-H1' } } as ProgramEvent]
      .reduce(evolveProgram, initialProgramState) as ExistingProgram;
    expect(reviewsAnnouncing(state, '2021').map((r) => r.reviewId)).toEqual(['rv-1']);
    expect(reviewsAnnouncing(state, '2020-03').map((r) => r.reviewId)).toEqual(['rv-1', 'rv-h1']);
    expect(reviewsAnnouncing(state, '2020').map((r) => r.reviewId)).toEqual(['rv-1']);
    expect(periodWithin('2022', '2017..2021')).toBe(false);
    expect(periodWithin('2020-H2', '2020-H1')).toBe(false);
  });

  describe('a late report (filed for an announced period)', () => {
    const create = (reason?: string) => ({
      type: 'CreateReport' as const, actor: 'rep', at: '2023-01-05T00:00:00.000Z', announcedIn: ['rv-1'],
      data: { reportId: 'late', unitId: 'lamdong-bchqs', programId, period: '2021', ...(reason !== undefined ? { reason } : {}) },
    });

    it('without a reason, then invalid naming reason', () => {
      expect(() => decideReport(create(), initialReportState)).toThrow(expect.objectContaining({ kind: 'invalid', errors: [expect.objectContaining({ field: 'reason' })] }));
      expect(() => decideReport(create(' '), initialReportState)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    });

    it('with a reason, then ReportCreated carries it', () => {
      expect(decideReport(create('Báo cáo bổ sung sau hội nghị tổng kết'), initialReportState)).toEqual([{
        type: 'ReportCreated.v1',
        data: { reportId: 'late', unitId: 'lamdong-bchqs', programId, period: '2021', by: 'rep', at: '2023-01-05T00:00:00.000Z', reason: 'Báo cáo bổ sung sau hội nghị tổng kết' },
      }]);
    });

    it('for a period no review announced, a reason is not needed and not recorded', () => {
      const events = decideReport({ ...create(), announcedIn: [] }, initialReportState);
      expect(events[0].data).not.toHaveProperty('reason');
    });
  });
});
