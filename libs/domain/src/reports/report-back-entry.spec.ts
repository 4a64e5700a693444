import { deciderSpecification } from '../testing/decider-specification';
import { decideReport, evolveReport, ExistingReport, initialReportState, ReportCommand } from './report.decider';
import { ReportEvent } from './report.events';

/**
 * A paper report entered afterwards (seed 000: the 2020 figures adopted at the review conference
 * of 19/01/2021, entered in 2026): its events carry the real dates as `at`, and when they were
 * entered, why and whom the paper names beside them.
 */
const spec = deciderSpecification({ decide: decideReport, evolve: evolveReport, initialState: initialReportState });

const now = '2026-12-01T09:00:00.000Z';
const reportId = 'bcd-2020';
const clerk = 'clerk-1';
const paper = { reason: 'nhập báo cáo giấy: hội nghị sơ kết 19/01/2021' };
const cmd = (c: object, actor = clerk): ReportCommand => ({ actor, at: now, ...c }) as ReportCommand;

const created: ReportEvent = {
  type: 'ReportCreated.v1',
  data: { reportId, unitId: 'daklak-bcd', programId: null, period: '2020', by: clerk, at: '2021-01-10T00:00:00.000Z', recordedAt: now, backEntryReason: paper.reason },
};
const figure: ReportEvent = { type: 'FigureRecorded.v1', data: { reportId, indicator: 'work_days', areaCode: null, value: '8100', previousValue: null, note: null, reason: null } };
const submitted: ReportEvent = {
  type: 'ReportSubmitted.v3',
  data: { reportId, by: clerk, at: '2021-01-15T03:00:00.000Z', deadline: '2021-01-15', onTime: true, levels: [], recordedAt: now, backEntryReason: paper.reason, onBehalfOf: 'Hoàng Thanh' },
};

describe('entering a paper report afterwards', () => {
  it('creation keeps the business date as `at` and the entry date beside it', () =>
    spec.given([]).when(cmd({ type: 'CreateReport', data: { reportId, unitId: 'daklak-bcd', programId: null, period: '2020' }, backEntry: { occurredAt: '2021-01-10T00:00:00Z', ...paper } }))
      .then([created]));

  it('submission is timed by its business date: on time in 2021, though entered in 2026', () =>
    spec.given([created, figure])
      .when(cmd({ type: 'SubmitReport', data: { reportId }, deadline: '2021-01-15', backEntry: { occurredAt: '2021-01-15T03:00:00Z', onBehalfOf: 'Hoàng Thanh', ...paper } }))
      .then([submitted]));

  it('the same submission entered live now would be late', () =>
    spec.given([created, figure]).when(cmd({ type: 'SubmitReport', data: { reportId }, deadline: '2021-01-15' }))
      .then([{ type: 'ReportSubmitted.v3', data: { reportId, by: clerk, at: now, deadline: '2021-01-15', onTime: false, levels: [] } }]));

  it('one clerk may enter both acts when the paper names different people; the approval keeps them', () =>
    spec.given([created, figure, submitted])
      .when(cmd({ type: 'ApproveReport', data: { reportId, comment: 'Thông qua tại hội nghị' }, backEntry: { occurredAt: '2021-01-19T01:00:00Z', onBehalfOf: "H'Kim Hoa Byă", ...paper } }))
      .then([{ type: 'ReportApproved.v1', data: { reportId, by: clerk, at: '2021-01-19T01:00:00.000Z', comment: 'Thông qua tại hội nghị', recordedAt: now, backEntryReason: paper.reason, onBehalfOf: "H'Kim Hoa Byă" } }]));

  it('segregation of duties still holds: the same named person, or a clerk naming nobody, cannot approve', () => {
    spec.given([created, figure, submitted])
      .when(cmd({ type: 'ApproveReport', data: { reportId, comment: null }, backEntry: { occurredAt: '2021-01-19T01:00:00Z', onBehalfOf: 'Hoàng Thanh', ...paper } }))
      .thenFails('forbidden');
    spec.given([created, figure, submitted])
      .when(cmd({ type: 'ApproveReport', data: { reportId, comment: null }, backEntry: { occurredAt: '2021-01-19T01:00:00Z', ...paper } }))
      .thenFails('forbidden');
    spec.given([created, figure, submitted]).when(cmd({ type: 'ApproveReport', data: { reportId, comment: null } })).thenFails('forbidden');
    // A supervisor approving live is a different person from the one the paper names.
    spec.given([created, figure, submitted]).when(cmd({ type: 'ApproveReport', data: { reportId, comment: null } }, 'sup-1'))
      .then([{ type: 'ReportApproved.v1', data: { reportId, by: 'sup-1', at: now, comment: null } }]);
  });

  it.each([
    ['a date in the future', { occurredAt: '2027-01-01T00:00:00Z', ...paper }, 'occurredAt'],
    ['a date that is not one', { occurredAt: '19/01/2021', ...paper }, 'occurredAt'],
    ['no reason', { occurredAt: '2021-01-19T01:00:00Z', reason: ' ' }, 'backEntryReason'],
    ['an approval dated before the submission', { occurredAt: '2021-01-14T00:00:00Z', onBehalfOf: 'X', ...paper }, 'occurredAt'],
  ])('refuses %s, naming the field', (_, backEntry, field) =>
    spec.given([created, figure, submitted]).when(cmd({ type: 'ApproveReport', data: { reportId, comment: null }, backEntry })).thenFails('invalid', field));

  it('refuses a submission dated before the creation', () =>
    spec.given([created, figure]).when(cmd({ type: 'SubmitReport', data: { reportId }, backEntry: { occurredAt: '2021-01-01T00:00:00Z', ...paper } })).thenFails('invalid', 'occurredAt'));

  it('refuses a back-entry date on other commands', () =>
    spec.given([created]).when(cmd({ type: 'RejectReport', data: { reportId, reason: 'x' }, backEntry: { occurredAt: '2021-01-19T01:00:00Z', ...paper } })).thenFails('invalid', 'occurredAt'));

  it('the state reads the business dates', () => {
    const state = [created, figure, submitted].reduce(evolveReport, initialReportState) as ExistingReport;
    expect(state).toMatchObject({ createdAt: '2021-01-10T00:00:00.000Z', submittedAt: '2021-01-15T03:00:00.000Z', submittedBy: clerk, submittedOnBehalfOf: 'Hoàng Thanh', onTime: true });
  });

  describe('at the edges, and every refusal word for word', () => {
    const approve = (backEntry: object) => cmd({ type: 'ApproveReport', data: { reportId, comment: null }, backEntry: { onBehalfOf: 'Y', ...paper, ...backEntry } });
    const approved = (at: string) => ({ type: 'ReportApproved.v1', data: { reportId, by: clerk, at, comment: null, recordedAt: now, backEntryReason: paper.reason, onBehalfOf: 'Y' } }) as ReportEvent;

    it('an act dated right now, or at the very instant of the act before it, is accepted', () => {
      spec.given([created, figure, submitted]).when(approve({ occurredAt: now })).then([approved(now)]);
      spec.given([created, figure, submitted]).when(approve({ occurredAt: '2021-01-15T03:00:00.000Z' })).then([approved('2021-01-15T03:00:00.000Z')]);
    });

    it('a name of spaces only is no name: the event names nobody on whose behalf', () =>
      spec.given([]).when(cmd({ type: 'CreateReport', data: { reportId, unitId: 'daklak-bcd', programId: null, period: '2020' }, backEntry: { occurredAt: '2021-01-10T00:00:00Z', onBehalfOf: '  ', ...paper } }))
        .then([created]));

    it.each<[string, object, string, { field: string; message: string }[]]>([
      ['a millisecond after now', { occurredAt: '2026-12-01T09:00:00.001Z' }, 'occurredAt is in the future', [{ field: 'occurredAt', message: `is after now (${now})` }]],
      ['a millisecond before the submission', { occurredAt: '2021-01-15T02:59:59.999Z' }, 'occurredAt is before the report was submitted', [{ field: 'occurredAt', message: 'is before the report was submitted (2021-01-15T03:00:00.000Z)' }]],
      ['a date the parser reads but that is not ISO-8601', { occurredAt: '2021/01/19 01:00' }, 'occurredAt is not an instant', [{ field: 'occurredAt', message: 'must be an ISO-8601 date-time' }]],
      ['ISO-8601 in form but no instant', { occurredAt: '2021-99-99T00:00:00Z' }, 'occurredAt is not an instant', [{ field: 'occurredAt', message: 'must be an ISO-8601 date-time' }]],
      ['a date without a time', { occurredAt: '2021-01-19' }, 'occurredAt is not an instant', [{ field: 'occurredAt', message: 'must be an ISO-8601 date-time' }]],
      ['a reason of spaces', { occurredAt: '2021-01-19T01:00:00Z', reason: '  ' }, 'entering a report afterwards needs a reason', [{ field: 'backEntryReason', message: 'is required with occurredAt' }]],
      ['no reason at all', { occurredAt: '2021-01-19T01:00:00Z', reason: '' }, 'entering a report afterwards needs a reason', [{ field: 'backEntryReason', message: 'is required with occurredAt' }]],
    ])('refuses %s', (_, backEntry, message, errors) => spec.given([created, figure, submitted]).when(approve(backEntry)).thenRefuses('invalid', message, errors));

    it('refuses a submission dated before the creation, saying so', () =>
      spec.given([created, figure]).when(cmd({ type: 'SubmitReport', data: { reportId }, backEntry: { occurredAt: '2021-01-09T23:59:59Z', ...paper } }))
        .thenRefuses('invalid', 'occurredAt is before the report was created', [{ field: 'occurredAt', message: 'is before the report was created (2021-01-10T00:00:00.000Z)' }]));

    it.each<[string, ReportEvent[], object]>([
      ['recording figures', [created], { type: 'SetFigures', data: { reportId, figures: [{ indicator: 'work_days', value: '1' }], reason: null }, scales: { work_days: 0 } }],
      ['a rejection', [created, figure, submitted], { type: 'RejectReport', data: { reportId, reason: 'thiếu số liệu' } }],
      ['a reopening', [created, figure, submitted], { type: 'ReopenReport', data: { reportId, reason: 'sửa số liệu' } }],
    ])('refuses a business date on %s', (_, given, command) =>
      spec.given(given).when(cmd({ ...command, backEntry: { occurredAt: '2021-01-19T01:00:00Z', ...paper } }))
        .thenRefuses('invalid', 'only creation, submission and approval can be entered afterwards', [{ field: 'occurredAt', message: 'is not allowed here' }]));
  });
});
