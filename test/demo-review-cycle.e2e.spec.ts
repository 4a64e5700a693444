import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/** The issue's two findings, replayed on the demo: the Lâm Đồng final review's 86 houses, and Trung đoàn 66's late 2020 report. */
describe.each(READ_MODEL_BACKENDS)('the review cycle on the demo (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  let head = '';

  beforeAll(async () => {
    app = await startApp({ readModels, demoData: true });
    t.admin = await app.token('adm', ['admin', 'auditor']);
    t.lamdong = await app.token('ld-sup', ['supervisor:lamdong-bdv']);
    t.lamdongRep = await app.token('ld-rep', ['reporter:lamdong-bchqs']);
    t.td66 = await app.token('rep-td66', ['reporter:td66']);
    t.daklak = await app.token('dl-sup', ['supervisor:daklak-bcd']);
    head = (await app.http('GET', '/health')).body.projection.head;
    // The demo's log is long: wait (5 s per try) until every read model has folded it, however slow the store.
    for (let i = 0; i < 24 && (await app.http('GET', `/api/programs?minPosition=${head}`, { token: t.admin })).status === 503; i++);
  }, 180000);
  afterAll(() => app.close());

  it('the Lâm Đồng final review keeps its announced 86 houses after a reopen → 87 → approve, and the phase summary says what changed', async () => {
    const reviews = await app.http('GET', `/api/programs/lamdong-dv-qs-2017-2021/reviews?minPosition=${head}`, { token: t.lamdong });
    expect(reviews.body.items).toHaveLength(1);
    const review = reviews.body.items[0];
    expect(review).toMatchObject({ period: '2017..2021', kind: 'final', heldAt: '2022-11-21', changedSinceReview: [] });
    expect(review.totals).toContainEqual({ indicator: 'houses_supported', value: '86', qualified: true, units: 1 });

    expect((await app.http('POST', '/api/reports/lamdong-bchqs-2017-2021/reopen', { token: t.lamdong, body: { reason: 'Bổ sung một căn nhà' } })).status).toBe(200);
    const put = await app.http('PUT', '/api/reports/lamdong-bchqs-2017-2021/figures', { token: t.lamdongRep, body: { figures: [{ indicator: 'houses_supported', value: 87, qualifier: 'over' }], reason: 'Bổ sung một căn nhà' } });
    expect(put.status).toBe(200);
    expect((await app.http('POST', '/api/reports/lamdong-bchqs-2017-2021/submit', { token: t.lamdongRep })).status).toBe(200);
    const approved = await app.http('POST', '/api/reports/lamdong-bchqs-2017-2021/approve', { token: t.lamdong, body: {} });
    expect(approved.status).toBe(200);

    const summary = await app.http('GET', `/api/summaries/2017..2021?programId=lamdong-dv-qs-2017-2021&minPosition=${approved.body.position}`, { token: t.admin });
    expect(summary.body.indicators).toContainEqual(expect.objectContaining({ indicator: 'houses_supported', approved: '87' }));
    expect(summary.body.changedSinceReview).toEqual([{ reviewId: review.id, indicator: 'houses_supported', announced: '86', now: '87' }]);
    const again = await app.http('GET', `/api/programs/lamdong-dv-qs-2017-2021/reviews/${review.id}`, { token: t.admin });
    expect(again.body.totals).toContainEqual({ indicator: 'houses_supported', value: '86', qualified: true, units: 1 });
  });

  it("Trung đoàn 66's 2020 report filed today needs a reason and leaves the province's 2020 houses at 540", async () => {
    const refused = await app.http('POST', '/api/reports', { token: t.td66, body: { id: 'td66-2020', unitId: 'td66', period: '2020' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'reason', message: 'is required: the approved consolidated report daklak-bcd-2020 already covers it' }]);
    expect((await app.http('POST', '/api/reports', { token: t.td66, body: { id: 'td66-2020', unitId: 'td66', period: '2020', reason: 'Báo cáo của Trung đoàn 66 nộp sau hội nghị' } })).status).toBe(201);
    await app.http('PUT', '/api/reports/td66-2020/figures', { token: t.td66, body: { figures: [{ indicator: 'houses_supported', value: 5 }] } });
    await app.http('POST', '/api/reports/td66-2020/submit', { token: t.td66 });
    const approved = await app.http('POST', '/api/reports/td66-2020/approve', { token: t.daklak, body: {} });
    expect(approved.status).toBe(200);
    const at = approved.body.position;
    const summary = await app.http('GET', `/api/summaries/2020?minPosition=${at}`, { token: t.admin });
    expect(summary.body.indicators).toContainEqual(expect.objectContaining({ indicator: 'houses_supported', approved: '540' }));
    const rollup = await app.http('GET', `/api/totals?unitId=daklak-bcd&includeDescendants=true&period=2020&indicator=houses_supported&minPosition=${at}`, { token: t.admin });
    expect(rollup.body.items).toEqual([expect.objectContaining({ approved: '540' })]);
    const breakdown = await app.http('GET', `/api/totals/breakdown?by=unit&unitId=daklak-bcd&period=2020&indicator=houses_supported&minPosition=${at}`, { token: t.admin });
    expect(breakdown.body.total.approved).toBe('540');
    expect(breakdown.body.items.find((r: { key: string }) => r.key === 'td66')).toMatchObject({ approved: null, included: { approved: '5', in: ['daklak-bcd-2020'] } });
  });
});
