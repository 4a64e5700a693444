import { startApp, TestApp } from './support/app';

/**
 * Issue 11 (back-entry): an admin enters a paper report with the dates it really has; events keep
 * the business date beside the entry date; timeliness uses the business date; nobody else may
 * back-date an act, and segregation of duties holds for the people the paper names.
 */
describe('entering a paper report after the fact, over HTTP', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const paper = { backEntryReason: 'Nhập báo cáo giấy: hội nghị sơ kết năm 2020 ngày 19/01/2021' };

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    t.sup = await app.token('sup-1', ['supervisor:bcd']);
    await app.ok('POST', '/api/units', t.admin, { id: 'bcd', name: 'Ban Chỉ đạo', kind: 'steering-committee' }, 201);
    await app.ok('POST', '/api/units', t.admin, { id: 'u1', name: 'Bộ Chỉ huy Quân sự tỉnh', kind: 'military-command', parentId: 'bcd' }, 201);
    await app.ok('POST', '/api/indicators', t.admin, { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 }, 201);
    await app.ok('POST', '/api/programs', t.admin, {
      id: 'p2020', name: 'Chương trình phối hợp năm 2020', parties: ['u1'], steeringUnitId: 'bcd', fromYear: 2020, toYear: 2020,
      calendar: [{ periodType: 'year', deadlineDays: 15 }],
    }, 201);
    await app.ok('POST', '/api/programs', t.admin, {
      id: 'p2020-live', name: 'Chương trình phối hợp năm 2020 (nhập trực tiếp)', parties: ['u1'], steeringUnitId: 'bcd', fromYear: 2020, toYear: 2020,
      calendar: [{ periodType: 'year', deadlineDays: 15 }],
    }, 201);
  });
  afterAll(() => app.close());

  it('keeps the real dates: created, submitted on time and approved in January 2021, entered now', async () => {
    await app.ok('POST', '/api/reports', t.admin, { id: 'paper-2020', unitId: 'u1', period: '2020', programId: 'p2020', occurredAt: '2021-01-10T08:00:00+07:00', ...paper }, 201);
    await app.ok('PUT', '/api/reports/paper-2020/figures', t.admin, { figures: [{ indicator: 'work_days', value: '8100' }] });
    await app.ok('POST', '/api/reports/paper-2020/submit', t.admin, { occurredAt: '2021-01-15T09:00:00+07:00', onBehalfOf: 'Hoàng Thanh', ...paper });
    const approved = await app.ok('POST', '/api/reports/paper-2020/approve', t.admin, { comment: 'Hội nghị sơ kết', occurredAt: '2021-01-19T08:00:00+07:00', onBehalfOf: "H'Kim Hoa Byă", ...paper });

    const report = await app.http('GET', `/api/reports/paper-2020?minPosition=${approved.position}`, { token: t.admin });
    expect(report.body).toMatchObject({
      status: 'approved', createdAt: '2021-01-10T01:00:00.000Z', submittedAt: '2021-01-15T02:00:00.000Z', deadline: '2021-01-15', onTime: true,
      approved: { approvedAt: '2021-01-19T01:00:00.000Z', approvedBy: 'admin-1' },
    });
    // The entry date is the clock's: it sits beside the business date in every event.
    const trail = await app.http('GET', `/api/audit?reportId=paper-2020&minPosition=${approved.position}`, { token: t.admin });
    expect(trail.body.items.map((i: { action: string }) => i.action)).toEqual(['created', 'figure_recorded', 'submitted', 'approved']);
    for (const entry of trail.body.items) expect(Date.parse(entry.at)).toBeGreaterThan(Date.parse('2025-01-01'));
    // Each back-entered act shows its paper date beside the entry date; a figure has none.
    expect(trail.body.items.map((i: { occurredAt?: string }) => i.occurredAt ?? null)).toEqual([
      '2021-01-10T01:00:00.000Z', null, '2021-01-15T02:00:00.000Z', '2021-01-19T01:00:00.000Z',
    ]);
  });

  it('the same report submitted live today is late', async () => {
    await app.ok('POST', '/api/reports', t.rep, { id: 'live-2020', unitId: 'u1', period: '2020', programId: 'p2020-live' }, 201);
    await app.ok('PUT', '/api/reports/live-2020/figures', t.rep, { figures: [{ indicator: 'work_days', value: '1' }] });
    const submitted = await app.ok('POST', '/api/reports/live-2020/submit', t.rep);
    const report = await app.http('GET', `/api/reports/live-2020?minPosition=${submitted.position}`, { token: t.rep });
    expect(report.body).toMatchObject({ deadline: '2021-01-15', onTime: false });
  });

  it('only an admin may back-date, and only with a reason and a past date', async () => {
    const create = (token: string, body: Record<string, unknown>) => app.http('POST', '/api/reports', { token, body: { unitId: 'u1', period: '2020-01', ...body } });
    expect((await create(t.rep, { occurredAt: '2020-02-01T00:00:00Z', ...paper })).status).toBe(403);
    expect((await create(t.sup, { occurredAt: '2020-02-01T00:00:00Z', ...paper })).status).toBe(403);
    const noReason = await create(t.admin, { occurredAt: '2020-02-01T00:00:00Z' });
    expect([noReason.status, noReason.body.errors]).toEqual([400, [{ field: 'backEntryReason', message: expect.any(String) }]]);
    const future = await create(t.admin, { occurredAt: '2099-01-01T00:00:00Z', ...paper });
    expect([future.status, future.body.errors]).toEqual([400, [{ field: 'occurredAt', message: expect.stringContaining('after now') }]]);
    const notADate = await create(t.admin, { occurredAt: '19/01/2021', ...paper });
    expect([notADate.status, notADate.body.errors]).toEqual([400, [{ field: 'occurredAt', message: expect.any(String) }]]);
    const reasonAlone = await create(t.rep, paper);
    expect([reasonAlone.status, reasonAlone.body.errors]).toEqual([400, [{ field: 'occurredAt', message: expect.any(String) }]]);
    // A live report is still the reporter's: an admin without occurredAt may not create or fill one.
    expect((await create(t.admin, {})).status).toBe(403);
    expect((await app.http('PUT', '/api/reports/live-2020/figures', { token: t.admin, body: { figures: [{ indicator: 'work_days', value: '2' }] } })).status).toBe(403);
  });

  it('segregation of duties holds for the people the paper names', async () => {
    await app.ok('POST', '/api/reports', t.admin, { id: 'paper-sod', unitId: 'u1', period: '2020-02', occurredAt: '2020-03-01T00:00:00Z', ...paper }, 201);
    await app.ok('PUT', '/api/reports/paper-sod/figures', t.admin, { figures: [{ indicator: 'work_days', value: '3' }] });
    await app.ok('POST', '/api/reports/paper-sod/submit', t.admin, { occurredAt: '2020-03-02T00:00:00Z', onBehalfOf: 'Hoàng Thanh', ...paper });
    expect((await app.http('POST', '/api/reports/paper-sod/approve', { token: t.admin, body: { occurredAt: '2020-03-03T00:00:00Z', onBehalfOf: 'Hoàng Thanh', ...paper } })).status).toBe(403);
    expect((await app.http('POST', '/api/reports/paper-sod/approve', { token: t.admin, body: { occurredAt: '2020-03-03T00:00:00Z', ...paper } })).status).toBe(403);
    expect((await app.http('POST', '/api/reports/paper-sod/approve', { token: t.admin, body: {} })).status).toBe(403);
    const before = await app.http('POST', '/api/reports/paper-sod/approve', { token: t.admin, body: { occurredAt: '2020-03-01T12:00:00Z', onBehalfOf: 'X', ...paper } });
    expect([before.status, before.body.errors]).toEqual([400, [{ field: 'occurredAt', message: expect.stringContaining('before the report was submitted') }]]);
    // A supervisor approving it live is another person.
    await app.ok('POST', '/api/reports/paper-sod/approve', t.sup, {});
  });
});
