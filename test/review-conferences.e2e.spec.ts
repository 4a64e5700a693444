import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Review conferences (sơ kết, tổng kết): they freeze the program's approved figures of a period as
 * they stood; later changes (a reopened and corrected report, a late report) need a reason and
 * show as `changedSinceReview` against the announced figures, which never change.
 *
 *   bcd (steering) ─┬─ u1   houses 86 ("hơn"), poverty rate 36.24 (a level: latest)
 *                   ├─ u2   houses 10
 *                   └─ u3   files late
 */
describe.each(READ_MODEL_BACKENDS)('review conferences (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('adm', ['admin']);
    t.bcd = await app.token('sup-bcd', ['supervisor:bcd']);
    t.u1sup = await app.token('sup-u1', ['supervisor:u1']);
    for (const u of ['u1', 'u2', 'u3']) t[u] = await app.token(`rep-${u}`, [`reporter:${u}`]);
    const ok = async (method: string, path: string, body: unknown, token = t.admin) => {
      const res = await app.http(method, path, { token, body });
      expect({ path, status: res.status < 300 ? 'ok' : res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ path, status: 'ok', body: undefined });
      return res.body;
    };
    await ok('POST', '/api/units', { id: 'bcd', name: 'Ban Chỉ đạo', kind: 'steering-committee' });
    for (const u of ['u1', 'u2', 'u3']) await ok('POST', '/api/units', { id: u, name: `Đơn vị ${u}`, kind: 'regiment', parentId: 'bcd' });
    await ok('POST', '/api/indicators', { code: 'houses_supported', name: 'nhà ở hỗ trợ xây dựng', unit: 'houses', aggregation: 'sum', scale: 0 });
    await ok('POST', '/api/indicators', { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: '%', aggregation: 'latest', scale: 2 });
    await ok('POST', '/api/programs', {
      id: 'p', name: 'Chương trình phối hợp', parties: ['u1', 'u2', 'u3'], steeringUnitId: 'bcd', fromYear: 2017, toYear: 2021,
      calendar: [{ periodType: 'year', deadlineDays: 15 }, { periodType: 'half', deadlineDays: 15 }],
    });
    const file = async (id: string, unit: string, period: string, figures: object[]) => {
      await ok('POST', '/api/reports', { id, unitId: unit, period, programId: 'p' }, t[unit]);
      await ok('PUT', `/api/reports/${id}/figures`, { figures }, t[unit]);
      await ok('POST', `/api/reports/${id}/submit`, {}, t[unit]);
      return ok('POST', `/api/reports/${id}/approve`, {}, t.bcd);
    };
    await file('u1-2020', 'u1', '2020', [{ indicator: 'houses_supported', value: 86, qualifier: 'over' }, { indicator: 'poverty_rate_pct', value: '36.24' }]);
    await file('u2-2020', 'u2', '2020', [{ indicator: 'houses_supported', value: 10 }]);
  }, 90000);
  afterAll(() => app.close());

  const review = { period: '2020', heldAt: '2021-01-19', title: 'Hội nghị sơ kết chương trình phối hợp năm 2020', decisionRef: 'TB 12-TB/BCĐ' };
  let reviewId = '';
  let recordedAt = '';

  it('refuses bad input with problem+json naming the field, and appends nothing', async () => {
    const before = await head();
    for (const [body, field, status] of [
      [{ ...review, title: undefined }, 'title', 400],
      [{ ...review, extra: 1 }, 'extra', 400],
      [{ ...review, period: '2020-H3' }, 'period', 400],
      [{ ...review, heldAt: '2099-01-01' }, 'heldAt', 400],
      [{ ...review, period: '2019', heldAt: '2018-12-31' }, 'heldAt', 400],
      [{ ...review, period: '2016..2021' }, 'period', 422],
    ] as const) {
      const res = await app.http('POST', '/api/programs/p/reviews', { token: t.bcd, body });
      expect({ field, status: res.status, type: res.headers.get('content-type') }).toEqual({ field, status, type: expect.stringMatching(/^application\/problem\+json/) });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await app.http('POST', '/api/programs/p/reviews', { token: t.u1sup, body: review })).status).toBe(403);
    expect((await app.http('POST', '/api/programs/nope/reviews', { token: t.admin, body: review })).status).toBe(404);
    expect(await head()).toBe(before);
    expect((await app.http('GET', `/api/programs/p/reviews?minPosition=${before}`, { token: t.admin })).body.items).toEqual([]);
  });

  it('records the sơ kết and announces the approved figures as they stand, per unit, area and indicator', async () => {
    const res = await app.http('POST', '/api/programs/p/reviews', { token: t.bcd, body: review });
    expect(res.status).toBe(201);
    reviewId = res.body.id;
    recordedAt = res.body.position;
    const got = await app.http('GET', `/api/programs/p/reviews/${reviewId}?minPosition=${recordedAt}`, { token: t.admin });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: reviewId, programId: 'p', period: '2020', kind: 'preliminary', heldAt: '2021-01-19', title: review.title, decisionRef: 'TB 12-TB/BCĐ', recordedBy: 'sup-bcd',
      figures: [
        { unitId: 'u1', areaCode: null, indicator: 'houses_supported', value: '86', qualified: true },
        { unitId: 'u1', areaCode: null, indicator: 'poverty_rate_pct', value: '36.24' },
        { unitId: 'u2', areaCode: null, indicator: 'houses_supported', value: '10' },
      ],
      totals: [{ indicator: 'houses_supported', value: '96', qualified: true, units: 2 }, { indicator: 'poverty_rate_pct', value: '36.24', units: 1 }],
      changedSinceReview: [],
    });
    // A party's reporter sees what was announced for its unit only.
    const mine = await app.http('GET', `/api/programs/p/reviews?minPosition=${recordedAt}`, { token: t.u2 });
    expect(mine.body.items).toEqual([expect.objectContaining({ figures: [{ unitId: 'u2', areaCode: null, indicator: 'houses_supported', value: '10' }], totals: [{ indicator: 'houses_supported', value: '10', units: 1 }] })]);
    expect((await app.http('GET', '/api/programs/p/reviews/rv-000000000000', { token: t.admin })).status).toBe(404);
    expect((await app.http('GET', '/api/programs/p/reviews/not-a-review', { token: t.admin })).status).toBe(400);
    const summary = await app.http('GET', `/api/summaries/2020?programId=p&minPosition=${recordedAt}`, { token: t.admin });
    expect(summary.body.changedSinceReview).toEqual([]);
  });

  it('a reopened and corrected report keeps the announced figures and shows what changed since, on the review, the summary and the totals', async () => {
    expect((await app.http('POST', '/api/reports/u1-2020/reopen', { token: t.bcd, body: { reason: 'Bổ sung một nhà' } })).status).toBe(200);
    const noReason = await app.http('PUT', '/api/reports/u1-2020/figures', { token: t.u1, body: { figures: [{ indicator: 'houses_supported', value: 87, qualifier: 'over' }] } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    await app.http('PUT', '/api/reports/u1-2020/figures', { token: t.u1, body: { figures: [{ indicator: 'houses_supported', value: 87, qualifier: 'over' }], reason: 'Bổ sung một nhà' } });
    await app.http('POST', '/api/reports/u1-2020/submit', { token: t.u1 });
    const approved = await app.http('POST', '/api/reports/u1-2020/approve', { token: t.bcd, body: {} });
    expect(approved.status).toBe(200);
    const at = approved.body.position;

    const got = await app.http('GET', `/api/programs/p/reviews/${reviewId}?minPosition=${at}`, { token: t.bcd });
    expect(got.body.totals[0]).toEqual({ indicator: 'houses_supported', value: '96', qualified: true, units: 2 });
    expect(got.body.figures[0]).toEqual({ unitId: 'u1', areaCode: null, indicator: 'houses_supported', value: '86', qualified: true });
    expect(got.body.changedSinceReview).toEqual([{ reviewId, indicator: 'houses_supported', announced: '96', now: '97' }]);

    const summary = await app.http('GET', `/api/summaries/2020?programId=p&minPosition=${at}`, { token: t.admin });
    expect(summary.body.indicators.find((i: { indicator: string }) => i.indicator === 'houses_supported').approved).toBe('97');
    expect(summary.body.changedSinceReview).toEqual([{ reviewId, indicator: 'houses_supported', announced: '96', now: '97' }]);
    // A supervisor of u1 sees its own unit's change.
    const scoped = await app.http('GET', `/api/summaries/2020?minPosition=${at}`, { token: t.u1sup });
    expect(scoped.body.changedSinceReview).toEqual([{ reviewId, indicator: 'houses_supported', announced: '86', now: '87' }]);
    const totals = await app.http('GET', `/api/totals?unitId=u1&period=2020&minPosition=${at}`, { token: t.admin });
    expect(totals.body.items).toEqual([
      { unitId: 'u1', period: '2020', indicator: 'houses_supported', approved: '87', proposed: '87', qualified: true, proposedQualified: true, changedSinceReview: [{ reviewId, indicator: 'houses_supported', announced: '86', now: '87' }] },
      { unitId: 'u1', period: '2020', indicator: 'poverty_rate_pct', approved: '36.24', proposed: '36.24' },
    ]);
    const other = await app.http('GET', `/api/totals?unitId=u2&period=2020&minPosition=${at}`, { token: t.admin });
    expect(other.body.items[0]).not.toHaveProperty('changedSinceReview');
  });

  it('a late report for an announced period needs a reason (400 naming it, nothing appended), then counts as a change', async () => {
    const before = await head();
    const refused = await app.http('POST', '/api/reports', { token: t.u3, body: { id: 'u3-2020-h2', unitId: 'u3', period: '2020-H2', programId: 'p' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'reason', message: `is required: 2020-H2 was announced at review ${reviewId}` }]);
    expect(await head()).toBe(before);
    const created = await app.http('POST', '/api/reports', { token: t.u3, body: { id: 'u3-2020-h2', unitId: 'u3', period: '2020-H2', programId: 'p', reason: 'Báo cáo muộn do lũ' } });
    expect(created.status).toBe(201);
    await app.http('PUT', '/api/reports/u3-2020-h2/figures', { token: t.u3, body: { figures: [{ indicator: 'houses_supported', value: 5 }] } });
    await app.http('POST', '/api/reports/u3-2020-h2/submit', { token: t.u3 });
    const approved = await app.http('POST', '/api/reports/u3-2020-h2/approve', { token: t.bcd, body: {} });
    const got = await app.http('GET', `/api/programs/p/reviews/${reviewId}?minPosition=${approved.body.position}`, { token: t.admin });
    expect(got.body.totals[0].value).toBe('96');
    expect(got.body.changedSinceReview).toEqual([{ reviewId, indicator: 'houses_supported', announced: '96', now: '102' }]);
    // A period the review did not announce (2021) needs no reason.
    expect((await app.http('POST', '/api/reports', { token: t.u3, body: { id: 'u3-2021', unitId: 'u3', period: '2021', programId: 'p' } })).status).toBe(201);
  });

  it('race: an approval racing a review is either announced or a change since, never lost', async () => {
    for (let i = 0; i < 3; i++) {
      const unit = `r${i}`;
      expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: unit, name: `Đội ${i}`, kind: 'team', parentId: 'u2' } })).status).toBe(201);
      const rep = await app.token(`rep-${unit}`, [`reporter:${unit}`]);
      const id = `race-${i}`;
      expect((await app.http('POST', '/api/reports', { token: rep, body: { id, unitId: unit, period: '2021', programId: 'p', reason: 'Sau các lần sơ kết trước' } })).status).toBe(201);
      await app.http('PUT', `/api/reports/${id}/figures`, { token: rep, body: { figures: [{ indicator: 'houses_supported', value: 7 }] } });
      expect((await app.http('POST', `/api/reports/${id}/submit`, { token: rep })).status).toBe(200);
      const [approved, recorded] = await Promise.all([
        app.http('POST', `/api/reports/${id}/approve`, { token: t.bcd, body: {} }),
        app.http('POST', '/api/programs/p/reviews', { token: t.bcd, body: { period: '2021', heldAt: '2021-12-30', title: `Sơ kết năm 2021, lần ${i + 1}` } }),
      ]);
      expect([approved.status, recorded.status]).toEqual([200, 201]);
      const approvedFirst = BigInt(`0x${approved.body.position}`) < BigInt(`0x${recorded.body.position}`);
      const last = approvedFirst ? recorded.body.position : approved.body.position;
      // The unit's reporter sees the unit's row: announced if the approval came first in the log, a change since otherwise.
      const got = (await app.http('GET', `/api/programs/p/reviews/${recorded.body.id}?minPosition=${last}`, { token: rep })).body;
      expect({ figures: got.figures, changes: got.changedSinceReview }).toEqual(
        approvedFirst
          ? { figures: [{ unitId: unit, areaCode: null, indicator: 'houses_supported', value: '7' }], changes: [] }
          : { figures: [], changes: [{ reviewId: recorded.body.id, indicator: 'houses_supported', announced: null, now: '7' }] },
      );
    }
  });
  it('race: a late report racing a review is filed before it (no reason needed) or refused without a reason; once approved it is a change since, never announced', async () => {
    for (let i = 0; i < 3; i++) {
      const year = 2017 + i;
      const unit = `late${i}`;
      expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: unit, name: `Đội ${i}`, kind: 'team', parentId: 'u1' } })).status).toBe(201);
      const rep = await app.token(`rep-${unit}`, [`reporter:${unit}`]);
      const id = `late-${year}`;
      const report = { id, unitId: unit, period: String(year), programId: 'p' };
      const [created, recorded] = await Promise.all([
        app.http('POST', '/api/reports', { token: rep, body: report }),
        app.http('POST', '/api/programs/p/reviews', { token: t.bcd, body: { period: String(year), heldAt: `${year + 1}-01-10`, title: `Sơ kết năm ${year}` } }),
      ]);
      expect(recorded.status).toBe(201);
      if (created.status !== 201) {
        // The creation saw the review: a late report, refused without its reason and filed with one.
        expect([created.status, created.body.errors]).toEqual([400, [{ field: 'reason', message: `is required: ${year} was announced at review ${recorded.body.id}` }]]);
        expect((await app.http('POST', '/api/reports', { token: rep, body: { ...report, reason: 'Nộp sau hội nghị' } })).status).toBe(201);
      }
      await app.http('PUT', `/api/reports/${id}/figures`, { token: rep, body: { figures: [{ indicator: 'houses_supported', value: 7 }] } });
      expect((await app.http('POST', `/api/reports/${id}/submit`, { token: rep })).status).toBe(200);
      const approved = await app.http('POST', `/api/reports/${id}/approve`, { token: t.bcd, body: {} });
      expect(approved.status).toBe(200);
      const got = (await app.http('GET', `/api/programs/p/reviews/${recorded.body.id}?minPosition=${approved.body.position}`, { token: t.admin })).body;
      expect({ figures: got.figures, changes: got.changedSinceReview }).toEqual({
        figures: [], changes: [{ reviewId: recorded.body.id, indicator: 'houses_supported', announced: null, now: '7' }],
      });
    }
  });
});
