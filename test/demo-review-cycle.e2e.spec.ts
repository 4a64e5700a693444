import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * The review cycle on the demo: seed 000's 2020 review, huyện Lắk's two levels with a report
 * waiting at each, and the findings replayed (the Lâm Đồng final review's 86 houses,
 * Trung đoàn 66's late 2020 report).
 */
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
    t.lak = await app.token('lak-sup', ['supervisor:lak-bdv']);
    t.auditor = await app.token('aud', ['auditor']);
    head = (await app.eventHead()) as string;
    // The demo's log is long: wait (5 s per try) until every read model has folded it, however slow the store.
    for (let i = 0; i < 24 && (await app.http('GET', `/api/programs?minPosition=${head}`, { token: t.admin })).status === 503; i++);
  }, 180000);
  afterAll(() => app.close());

  it("seed 000: the steering committee's 2020 program announced the 2020 figures at its review of 19/01/2021 (540 houses)", async () => {
    const reviews = await app.http('GET', `/api/programs/daklak-dv-2020/reviews?minPosition=${head}`, { token: t.auditor });
    expect(reviews.body.items).toHaveLength(1);
    const review = reviews.body.items[0];
    expect(review).toMatchObject({ period: '2020', kind: 'preliminary', heldAt: '2021-01-19', changedSinceReview: [] });
    expect(review.totals).toContainEqual({ indicator: 'houses_supported', value: '540', qualified: true, units: 1 });
    expect(review.totals).toContainEqual({ indicator: 'support_value_vnd', value: '15300000000', qualified: true, units: 1 });
    const report = await app.http('GET', `/api/reports/daklak-bcd-2020?minPosition=${head}`, { token: t.auditor });
    expect(report.body).toMatchObject({ programId: 'daklak-dv-2020', status: 'approved', onTime: true });
    expect(report.body.consolidates).toEqual(expect.arrayContaining(['daklak-bchqs', 'daklak-bdbp', 'td66']));
  });

  it('huyện Lắk in two levels: a new district supervisor and a new province supervisor each find a report waiting at their level', async () => {
    const program = await app.http('GET', `/api/programs/lak-dv-2024?minPosition=${head}`, { token: t.lak });
    expect(program.body.approvalLevels.map((l: { unitId: string }) => l.unitId)).toEqual(['lak-bdv', 'daklak-bcd']);
    const awaiting = async (token: string) => ((await app.http('GET', `/api/reports?status=submitted&awaiting=me&minPosition=${head}`, { token })).body.items as { id: string }[]).map((r) => r.id);
    expect(await awaiting(t.lak)).toEqual(['lak-dang-uy-xa-2024']);
    expect(await awaiting(t.daklak)).toEqual(['lak-bdv-2024']);
    const atProvince = await app.http('GET', `/api/reports/lak-bdv-2024?minPosition=${head}`, { token: t.daklak });
    expect(atProvince.body).toMatchObject({ status: 'submitted', onTime: false, levels: ['lak-bdv', 'daklak-bcd'], awaitingLevel: 1, levelApprovals: [{ level: 0, unitId: 'lak-bdv', by: 'demo:lak-bdv' }] });
    // Reports of huyện Lắk under no program pass the same two levels, through the unit tree.
    const commune = await app.http('GET', `/api/units/lak-dang-uy-xa?minPosition=${head}`, { token: t.lak });
    expect(commune.body.effectiveApprovalLevels).toMatchObject({ definedBy: 'lak-bdv', levels: [{ unitId: 'lak-bdv' }, { unitId: 'daklak-bcd' }] });
  });

  it("huyện Lắk's 2024 reports become official only after the province: the district cannot finish them (the issue's first finding)", async () => {
    const district = await app.http('POST', '/api/reports/lak-bdv-2024/approve', { token: t.lak, body: {} });
    expect(district.status).toBe(403);
    const first = await app.http('POST', '/api/reports/lak-dang-uy-xa-2024/approve', { token: t.lak, body: { comment: 'Huyện đã thẩm định' } });
    expect(first.status).toBe(200);
    const awaiting = await app.http('GET', `/api/reports?status=submitted&awaiting=me&minPosition=${first.body.position}`, { token: t.daklak });
    expect(awaiting.body.items.map((r: { id: string }) => r.id).sort()).toEqual(['lak-bdv-2024', 'lak-dang-uy-xa-2024']);
    const before = await app.http('GET', `/api/totals?unitId=lak-bdv&includeDescendants=true&period=2024&indicator=mobilization_sessions&minPosition=${first.body.position}`, { token: t.auditor });
    expect(before.body.items).toEqual([expect.objectContaining({ approved: null, proposed: '1038' })]);
    let last = first;
    for (const id of ['lak-bdv-2024', 'lak-dang-uy-xa-2024']) {
      last = await app.http('POST', `/api/reports/${id}/approve`, { token: t.daklak, body: {} });
      expect(last.status).toBe(200);
    }
    const official = await app.http('GET', `/api/totals?unitId=lak-bdv&includeDescendants=true&period=2024&indicator=mobilization_sessions&minPosition=${last.body.position}`, { token: t.auditor });
    expect(official.body.items).toEqual([expect.objectContaining({ approved: '1038' })]);
    const history = await app.http('GET', `/api/reports/lak-bdv-2024/history?minPosition=${last.body.position}`, { token: t.auditor });
    expect(history.body.versions.map((v: { decisions: { action: string; by: string }[] }) => v.decisions.map((d) => [d.action, d.by]))).toEqual([
      [['level_approved', 'demo:lak-bdv'], ['approved', 'dl-sup']],
    ]);
  });

  it("huyện Lắk's review of 2024 announces the official figures; a late correction through both levels shows against them (the README's walk-through)", async () => {
    const recorded = await app.http('POST', '/api/programs/lak-dv-2024/reviews', {
      token: t.lak, body: { period: '2024', heldAt: '2025-01-20', title: 'Hội nghị tổng kết công tác Dân vận năm 2024', kind: 'final' },
    });
    expect(recorded.status).toBe(201);
    const xa = await app.token('xa-rep', ['reporter:lak-dang-uy-xa']);
    const steps: [string, string, string, unknown][] = [
      ['POST', '/api/reports/lak-dang-uy-xa-2024/reopen', t.lak, { reason: 'Bổ sung số buổi của một xã' }],
      ['PUT', '/api/reports/lak-dang-uy-xa-2024/figures', xa, { figures: [{ indicator: 'mobilization_sessions', value: 990 }], reason: 'Bổ sung 10 buổi của một xã' }],
      ['POST', '/api/reports/lak-dang-uy-xa-2024/submit', xa, undefined],
      ['POST', '/api/reports/lak-dang-uy-xa-2024/approve', t.lak, {}],
      ['POST', '/api/reports/lak-dang-uy-xa-2024/approve', t.daklak, {}],
    ];
    let at = recorded.body.position;
    for (const [method, path, token, body] of steps) {
      const res = await app.http(method, path, { token, body });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      at = res.body.position;
    }
    const review = await app.http('GET', `/api/programs/lak-dv-2024/reviews/${recorded.body.id}?minPosition=${at}`, { token: t.auditor });
    expect(review.body.totals).toContainEqual({ indicator: 'mobilization_sessions', value: '1038', units: 2 });
    expect(review.body.changedSinceReview).toEqual([{ reviewId: recorded.body.id, indicator: 'mobilization_sessions', announced: '1038', now: '1048' }]);
    const summary = await app.http('GET', `/api/summaries/2024?programId=lak-dv-2024&minPosition=${at}`, { token: t.auditor });
    expect(summary.body.changedSinceReview).toEqual([{ reviewId: recorded.body.id, indicator: 'mobilization_sessions', announced: '1038', now: '1048' }]);
    const history = await app.http('GET', `/api/reports/lak-dang-uy-xa-2024/history?minPosition=${at}`, { token: t.auditor });
    expect(history.body.versions).toHaveLength(2);
    expect(history.body.versions[1]).toMatchObject({
      changes: [{ indicator: 'mobilization_sessions', oldValue: '980', newValue: '990', reasons: ['Bổ sung 10 buổi của một xã'] }],
      decisions: [{ action: 'level_approved', by: 'lak-sup' }, { action: 'approved', by: 'dl-sup' }],
    });
    expect(history.body.versions[0].decisions.map((d: { action: string }) => d.action)).toEqual(['level_approved', 'approved', 'reopened']);
  });

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
