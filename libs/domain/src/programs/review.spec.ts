import { decideReport, initialReportState } from '../reports/report.decider';
import { FieldError } from '../errors';
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

  describe('every refusal, word for word (the problem answered to the caller)', () => {
    const notValid = 'the review conference is not valid';
    const outside: FieldError[] = [{ field: 'period', message: "must be within the program's phase 2017..2021" }];
    const cases: [string, Partial<typeof review>, string, string, string, FieldError[], ProgramEvent[]?][] = [
      ['a half that is no half', { period: '2021-H3' }, '2022-12-01', 'invalid', notValid,
        [{ field: 'period', message: 'must be a period key such as 2020 or 2022-H1, or a phase such as 2017..2021' }]],
      ['a day that is no date', { heldAt: '21/11/2022' }, '2022-12-01', 'invalid', notValid, [{ field: 'heldAt', message: 'must be a date such as 2021-01-19' }]],
      ['a day after today', { heldAt: '2022-11-21' }, '2022-11-20', 'invalid', notValid,
        [{ field: 'heldAt', message: 'is after today (2022-11-20): record a conference once it is held' }]],
      ['the eve of the year reviewed', { period: '2020', heldAt: '2019-12-31' }, '2022-12-01', 'invalid', notValid,
        [{ field: 'heldAt', message: 'is before the period 2020 begins (2020-01-01)' }]],
      ['the last day of the first half, for the second', { period: '2019-H2', kind: 'preliminary', heldAt: '2019-06-30' }, '2022-12-01', 'invalid', notValid,
        [{ field: 'heldAt', message: 'is before the period 2019-H2 begins (2019-07-01)' }]],
      ['the eve of the phase reviewed', { heldAt: '2016-12-31' }, '2022-12-01', 'invalid', notValid,
        [{ field: 'heldAt', message: 'is before the period 2017..2021 begins (2017-01-01)' }]],
      ['a title of spaces', { title: '   ' }, '2022-12-01', 'invalid', notValid, [{ field: 'title', message: 'is required' }]],
      ['a kind that is neither sơ kết nor tổng kết', { kind: 'so-ket' as 'final' }, '2022-12-01', 'invalid', notValid, [{ field: 'kind', message: 'must be one of preliminary, final' }]],
      ['everything wrong at once, each named in order', { period: '2021..2017', heldAt: '2022-02-30', title: '', kind: 'annual' as 'final' }, '2022-12-01', 'invalid', notValid, [
        { field: 'period', message: 'must be a period key such as 2020 or 2022-H1, or a phase such as 2017..2021' },
        { field: 'heldAt', message: 'must be a date such as 2021-01-19' },
        { field: 'title', message: 'is required' },
        { field: 'kind', message: 'must be one of preliminary, final' },
      ]],
      ['a period that is none, held on a good day: only the period named', { period: 'giai đoạn 2017-2021' }, '2022-12-01', 'invalid', notValid,
        [{ field: 'period', message: 'must be a period key such as 2020 or 2022-H1, or a phase such as 2017..2021' }]],
      ['a phase starting a year before the program', { period: '2016..2021' }, '2022-12-01', 'unprocessable', 'the program runs 2017..2021', outside],
      ['a phase ending a year after the program', { period: '2017..2022', heldAt: '2022-11-21' }, '2023-01-10', 'unprocessable', 'the program runs 2017..2021', outside],
      ['the year after the program', { period: '2022', kind: 'preliminary', heldAt: '2022-11-21' }, '2022-12-01', 'unprocessable', 'the program runs 2017..2021', outside],
      ['the half before the program', { period: '2016-H2', kind: 'preliminary', heldAt: '2017-01-10' }, '2022-12-01', 'unprocessable', 'the program runs 2017..2021', outside],
      ['an id recorded before', {}, '2022-12-01', 'conflict', 'review rv-1 was already recorded', [], [created, recorded]],
    ];
    it.each(cases)('%s', (_, patch, today, kind, message, errors, given = [created]) =>
      spec.given(given).when(record(patch, today)).thenRefuses(kind as 'invalid', message, errors));
  });

  describe('at the edges', () => {
    const recordedAs = (patch: Partial<typeof review>): ProgramEvent => ({ type: 'ReviewConferenceRecorded.v1', data: { ...review, ...patch } });

    it('a conference recorded on the day it is held (today) is accepted', () =>
      spec.given([created]).when(record({}, '2022-11-21')).then([recorded]));

    it('a conference held on the first day of its period is accepted (a quarter, a phase)', () => {
      spec.given([created]).when(record({ reviewId: 'rv-q3', period: '2020-Q3', kind: 'preliminary', heldAt: '2020-07-01' }))
        .then([recordedAs({ reviewId: 'rv-q3', period: '2020-Q3', kind: 'preliminary', heldAt: '2020-07-01' })]);
      spec.given([created]).when(record({ heldAt: '2017-01-01' })).then([recordedAs({ heldAt: '2017-01-01' })]);
    });

    it('the first and the last year of the program may be reviewed, with the decision that convened it', () => {
      spec.given([created]).when(record({ reviewId: 'rv-2017', period: '2017', kind: 'preliminary', heldAt: '2017-12-20', decisionRef: 'QĐ 12/QĐ-BCĐ' }))
        .then([recordedAs({ reviewId: 'rv-2017', period: '2017', kind: 'preliminary', heldAt: '2017-12-20', decisionRef: 'QĐ 12/QĐ-BCĐ' })]);
      spec.given([created]).when(record({ reviewId: 'rv-2021-h2', period: '2021-H2', kind: 'preliminary', heldAt: '2021-12-28' }))
        .then([recordedAs({ reviewId: 'rv-2021-h2', period: '2021-H2', kind: 'preliminary', heldAt: '2021-12-28' })]);
    });

    it('a second conference on the same period under another id is recorded too', () =>
      spec.given([created, recorded]).when(record({ reviewId: 'rv-1b' })).then([recordedAs({ reviewId: 'rv-1b' })]));

    it('a program with no reviews, or no program at all, announces nothing', () => {
      expect(reviewsAnnouncing([created].reduce(evolveProgram, initialProgramState), '2020')).toEqual([]);
      expect(reviewsAnnouncing(initialProgramState, '2020')).toEqual([]);
    });

    it('reviews of the whole state: each kept under its id', () =>
      expect(([created, recorded, recordedAs({ reviewId: 'rv-h1', period: '2020-H1', kind: 'preliminary', heldAt: '2020-07-15' })].reduce(evolveProgram, initialProgramState) as ExistingProgram).reviews)
        .toEqual({
          'rv-1': { reviewId: 'rv-1', period: '2017..2021', kind: 'final', heldAt: '2022-11-21', title: 'Tổng kết giai đoạn 2017–2021', decisionRef: null },
          'rv-h1': { reviewId: 'rv-h1', period: '2020-H1', kind: 'preliminary', heldAt: '2020-07-15', title: 'Tổng kết giai đoạn 2017–2021', decisionRef: null },
        }));
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
