import { DEMO_APPROVED_REPORT_IDS } from '../apps/api/src/demo/demo-data';
import { LAK_2024_REPORTS } from '../apps/api/src/demo/demo-review-cycle';
import { startApp, TestApp } from './support/app';

/** The demo enters the seeds' reports as paper reports, with the dates the seeds give (issue 11, back-entry). */
describe('the demo keeps the seeds\' dates', () => {
  let app: TestApp;
  let admin: string;
  let head: string;

  beforeAll(async () => {
    app = await startApp({ demoData: true });
    admin = await app.token('admin-1', ['admin']);
    head = (await app.eventHead()) as string;
  });
  afterAll(() => app.close());

  const report = async (id: string) => (await app.http('GET', `/api/reports/${id}?minPosition=${head}`, { token: admin })).body;

  it('seed 000: the 2020 report approved at the review conference on the morning of 19/01/2021', async () => {
    expect(await report('daklak-bcd-2020')).toMatchObject({
      status: 'approved', createdAt: '2021-01-19T00:00:00.000Z', submittedAt: '2021-01-19T00:30:00.000Z',
      approved: { approvedAt: '2021-01-19T04:00:00.000Z', comment: 'Hội nghị sơ kết 19/01/2021' },
    });
  });

  it('seed 001: Bình Phước 2018, reviewed on 26/12/2018, is on time (due 15/01/2019)', async () => {
    expect(await report('binhphuoc-bchqs-2018')).toMatchObject({ status: 'approved', submittedAt: '2018-12-26T00:30:00.000Z', deadline: '2019-01-15', onTime: true });
  });

  it('seed 002: Lâm Đồng 2017–2021, known only from an article of 21/11/2022, is late against its 15-day deadline', async () => {
    expect(await report('lamdong-bchqs-2017-2021')).toMatchObject({ status: 'approved', submittedAt: '2022-11-21T01:30:00.000Z', deadline: '2022-01-15', onTime: false });
  });

  it('the reports its start-up line calls approved are exactly the approved ones; the rest wait at a level', async () => {
    const ids = async (query: string) =>
      ((await app.http('GET', `/api/reports?${query}limit=100&minPosition=${head}`, { token: admin })).body.items as { id: string }[]).map((r) => r.id).sort();
    expect(await ids('status=approved&')).toEqual([...DEMO_APPROVED_REPORT_IDS].sort());
    expect(await ids('status=submitted&')).toEqual(LAK_2024_REPORTS.map((r) => r.reportId).sort());
    expect(await ids('')).toEqual([...DEMO_APPROVED_REPORT_IDS, ...LAK_2024_REPORTS.map((r) => r.reportId)].sort());
  });

  it('the audit trail shows when each act was entered: at load time, not on the paper date', async () => {
    const trail = await app.http('GET', `/api/audit?reportId=daklak-bcd-2020&minPosition=${head}`, { token: admin });
    expect(trail.body.items.map((i: { action: string }) => i.action)).toEqual(['created', ...Array(22).fill('figure_recorded'), 'submitted', 'approved']);
    for (const entry of trail.body.items) expect(Date.parse(entry.at)).toBeGreaterThan(Date.parse('2025-01-01'));
  });
});
