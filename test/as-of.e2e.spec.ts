import { AsOfReadModels } from '@app/read-models';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Issue 12 item 2 (as-of queries): totals, breakdowns, summaries, explain, a report and its
 * history answer exactly as the read models stood right after a position of the log (`asOf`), or
 * after the last event recorded at or before an instant (`asOfTime`), whatever was corrected since.
 *
 *   bcd (steering) ─┬─ u1   houses 86 ("hơn") in 2020, approved; after the sơ kết reopened and corrected to 87
 *                   └─ u2   houses 10 in 2020, approved
 */
describe.each(READ_MODEL_BACKENDS)('as-of queries (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const at: Record<string, string> = {};
  let reviewId = '';

  const ok = async (method: string, path: string, body: unknown, token = t.admin) => {
    const res = await app.http(method, path, { token, body });
    expect({ path, status: res.status < 300 ? 'ok' : res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ path, status: 'ok', body: undefined });
    return res.body;
  };
  const get = async (path: string, token = t.admin) => {
    const res = await app.http('GET', path, { token });
    expect({ path, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ path, status: 200, body: undefined });
    return res;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const houses = (items: any[]): any[] => items.filter((i) => i.indicator === 'houses_supported');
  const value = (position: string | null) => (position === null ? null : BigInt(`0x${position}`));

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('adm', ['admin']);
    t.auditor = await app.token('aud', ['auditor']);
    t.bcd = await app.token('sup-bcd', ['supervisor:bcd']);
    t.u2sup = await app.token('sup-u2', ['supervisor:u2']);
    for (const u of ['u1', 'u2']) t[u] = await app.token(`rep-${u}`, [`reporter:${u}`]);
    await ok('POST', '/api/units', { id: 'bcd', name: 'Ban Chỉ đạo', kind: 'steering-committee' });
    for (const u of ['u1', 'u2']) await ok('POST', '/api/units', { id: u, name: `Đơn vị ${u}`, kind: 'regiment', parentId: 'bcd' });
    await ok('POST', '/api/indicators', { code: 'houses_supported', name: 'nhà ở hỗ trợ xây dựng', unit: 'houses', aggregation: 'sum', scale: 0 });
    await ok('POST', '/api/programs', {
      id: 'p', name: 'Chương trình phối hợp', parties: ['u1', 'u2'], steeringUnitId: 'bcd', fromYear: 2017, toYear: 2021,
      calendar: [{ periodType: 'year', deadlineDays: 15 }],
    });
    const file = async (id: string, unit: string, figures: object[]) => {
      await ok('POST', '/api/reports', { id, unitId: unit, period: '2020', programId: 'p' }, t[unit]);
      await ok('PUT', `/api/reports/${id}/figures`, { figures }, t[unit]);
      await ok('POST', `/api/reports/${id}/submit`, {}, t[unit]);
      return ok('POST', `/api/reports/${id}/approve`, {}, t.bcd);
    };
    at.firstApproval = (await file('u1-2020', 'u1', [{ indicator: 'houses_supported', value: 86, qualifier: 'over' }])).position;
    at.approval2020 = (await file('u2-2020', 'u2', [{ indicator: 'houses_supported', value: 10 }])).position;
    const review = await ok('POST', '/api/programs/p/reviews', { period: '2020', heldAt: '2021-01-19', title: 'Hội nghị sơ kết năm 2020', decisionRef: null }, t.bcd);
    reviewId = review.id;
    at.review = review.position;
    // After the sơ kết: u1's report reopened, corrected and approved again.
    await ok('POST', '/api/reports/u1-2020/reopen', { reason: 'Bổ sung một nhà' }, t.bcd);
    await ok('PUT', '/api/reports/u1-2020/figures', { figures: [{ indicator: 'houses_supported', value: 87, qualifier: 'over' }], reason: 'Bổ sung một nhà' }, t.u1);
    await ok('POST', '/api/reports/u1-2020/submit', {}, t.u1);
    at.correction = (await ok('POST', '/api/reports/u1-2020/approve', {}, t.bcd)).position;
    await app.caughtUp(at.correction);
  }, 120_000);
  afterAll(() => app.close());

  it('totals as of the 2020 approval are the 2020 totals, after the later correction; without asOf, the corrected ones', async () => {
    const now = await get('/api/totals?unitId=bcd&includeDescendants=true&period=2020');
    expect(houses(now.body.items).map((i: { approved: string }) => i.approved)).toEqual(['97']);
    expect(now.headers.get('x-as-of-position')).toBeNull();
    const then = await get(`/api/totals?unitId=bcd&includeDescendants=true&period=2020&asOf=${at.approval2020}`);
    expect(houses(then.body.items)).toEqual([{ unitId: 'bcd', period: '2020', indicator: 'houses_supported', approved: '96', proposed: '96', qualified: true, proposedQualified: true }]);
    expect(value(then.headers.get('x-as-of-position'))).toBe(value(at.approval2020));
    // Read by value, as minPosition is: leading zeros do not matter.
    const padded = await get(`/api/totals?unitId=u1&period=2020&asOf=000${at.firstApproval}`);
    expect(houses(padded.body.items).map((i: { approved: string }) => i.approved)).toEqual(['86']);
    // Before the first approval of u2: u1's only.
    const before = await get(`/api/totals?unitId=bcd&includeDescendants=true&period=2020&asOf=${at.firstApproval}`);
    expect(houses(before.body.items).map((i: { approved: string }) => i.approved)).toEqual(['86']);
    // Position 0 is before every event: nothing yet.
    expect((await get('/api/totals?period=2020&asOf=0')).body.items).toEqual([]);
  });

  it("reproduces the sơ kết's announced summary from its position, while the summary now shows the change since", async () => {
    const reviewNow = (await get(`/api/programs/p/reviews/${reviewId}`)).body;
    const announced = reviewNow.totals.find((x: { indicator: string }) => x.indicator === 'houses_supported');
    expect(announced.value).toBe('96');
    const then = await get(`/api/summaries/2020?programId=p&asOf=${at.review}`);
    expect(then.body.indicators.find((i: { indicator: string }) => i.indicator === 'houses_supported')).toMatchObject({ approved: announced.value, units: announced.units });
    expect(then.body.changedSinceReview).toEqual([]);
    const now = await get('/api/summaries/2020?programId=p');
    expect(now.body.indicators.find((i: { indicator: string }) => i.indicator === 'houses_supported').approved).toBe('97');
    expect(now.body.changedSinceReview).toEqual([{ reviewId, indicator: 'houses_supported', announced: '96', now: '97' }]);
  });

  it('breakdowns and explanations as of a position: the rows and contributions of then, adding up to the total of then', async () => {
    const breakdown = await get(`/api/totals/breakdown?by=unit&unitId=bcd&period=2020&indicator=houses_supported&asOf=${at.review}`);
    expect(breakdown.body.total).toMatchObject({ approved: '96' });
    expect(breakdown.body.items.map((r: { key: string; approved: string | null }) => [r.key, r.approved])).toEqual([['bcd', null], ['u1', '86'], ['u2', '10']]);
    const explain = await get(`/api/totals/explain?unitId=bcd&includeDescendants=true&period=2020&indicator=houses_supported&asOf=${at.review}`, t.auditor);
    expect(explain.body.approved).toBe('96');
    expect(explain.body.items.map((c: { reportId: string; approved: { value: string } }) => [c.reportId, c.approved.value])).toEqual([['u1-2020', '86'], ['u2-2020', '10']]);
    // The event behind 86 is the first approval's figure, not the correction.
    const u1 = explain.body.items[0].approved;
    expect(u1.event.type).toBe('FigureRecorded.v1');
    expect(u1.decidedBy.position).toBe(at.firstApproval);
    expect(u1.event).not.toHaveProperty('reason', 'Bổ sung một nhà');
    const explainNow = await get('/api/totals/explain?unitId=u1&period=2020&indicator=houses_supported', t.auditor);
    expect(explainNow.body.items[0].approved).toMatchObject({ value: '87', event: expect.objectContaining({ reason: 'Bổ sung một nhà' }) });
    expect(value(explainNow.body.items[0].approved.decidedBy.position)).toBe(value(at.correction));
  });

  it('a report and its history as of a position', async () => {
    const then = await get(`/api/reports/u1-2020?asOf=${at.review}`);
    expect(then.body).toMatchObject({ status: 'approved', figures: [expect.objectContaining({ indicator: 'houses_supported', value: '86' })] });
    const now = await get('/api/reports/u1-2020');
    expect(now.body.figures).toEqual([expect.objectContaining({ value: '87' })]);
    const historyThen = await get(`/api/reports/u1-2020/history?asOf=${at.review}`);
    expect(historyThen.body.versions).toHaveLength(1);
    expect((await get('/api/reports/u1-2020/history')).body.versions).toHaveLength(2);
    // A report created after the position is not there yet.
    expect((await app.http('GET', `/api/reports/u2-2020?asOf=${at.firstApproval}`, { token: t.admin })).status).toBe(404);
  });

  it('asOfTime resolves to the last event recorded at or before the instant, and says which position it was', async () => {
    const audit = await get('/api/audit?reportId=u1-2020&limit=200', t.auditor);
    const approval = audit.body.items.find((e: { position: string }) => e.position === at.firstApproval);
    expect(approval).toBeDefined();
    const instant: string = approval.at;
    const res = await get(`/api/totals?unitId=u1&period=2020&asOfTime=${encodeURIComponent(instant)}`);
    const position = res.headers.get('x-as-of-position')!;
    expect(position).toMatch(/^[0-9a-f]{16,32}$/);
    // The resolved position is at or after the approval, and no later event of the report was recorded by then.
    expect(BigInt(`0x${position}`) >= BigInt(`0x${at.firstApproval}`)).toBe(true);
    const later = audit.body.items.filter((e: { position: string }) => BigInt(`0x${e.position}`) > BigInt(`0x${position}`));
    expect(later.every((e: { at: string }) => Date.parse(e.at) > Date.parse(instant))).toBe(true);
    // The same answer as asOf at that position.
    expect(res.body).toEqual((await get(`/api/totals?unitId=u1&period=2020&asOf=${position}`)).body);
    // The same instant written in Vietnam time.
    const vn = new Date(Date.parse(instant) + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    expect(value((await get(`/api/totals?unitId=u1&period=2020&asOfTime=${encodeURIComponent(vn)}`)).headers.get('x-as-of-position'))).toBe(value(position));
    // Before the first event: position 0, nothing.
    const early = await get('/api/totals?period=2020&asOfTime=2000-01-01T00:00:00Z');
    expect([early.headers.get('x-as-of-position'), early.body.items]).toEqual(['0000000000000000', []]);
  });

  it('exports as of a position: the CSV holds the figures of then', async () => {
    const csv = await app.http('GET', `/api/totals?unitId=u1&period=2020&asOf=${at.review}&format=csv`, { token: t.admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = typeof csv.body === 'string' ? csv.body : String(csv.body);
    expect(text).toMatch(/u1,,2020,houses_supported,86,/);
    expect(text).not.toMatch(/,87,/);
  });

  it('gives every state it lent back once the answer is sent', async () => {
    const asOf = app.nest.get(AsOfReadModels);
    const allBack = async () => {
      for (const deadline = Date.now() + 5000; asOf.lent() > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      return asOf.lent();
    };
    // The answers of the tests above, and one more (the as-of state is lent for it: 200 with its position).
    const answered = await get(`/api/totals?unitId=u1&period=2020&asOf=${at.review}`);
    expect(answered.headers.get('x-as-of-position')).toBeTruthy();
    expect(await allBack()).toBe(0);
  });

  it('refuses bad as-of input with problem+json naming the field, and appends nothing', async () => {
    const before = await app.eventHead();
    const head = before as string;
    const pastHead = (BigInt(`0x${head}`) + 1n).toString(16);
    for (const [query, field] of [
      ['asOf=zz', 'asOf'],
      [`asOf=${pastHead}`, 'asOf'],
      [`asOf=${at.review}&asOfTime=2021-01-01T00:00:00Z`, 'asOfTime'],
      ['asOfTime=2021-01-01', 'asOfTime'],
      ['asOfTime=2021-01-01T00:00:00', 'asOfTime'],
      ['asOfTime=yesterday', 'asOfTime'],
    ] as const) {
      const res = await app.http('GET', `/api/totals?period=2020&${query}`, { token: t.admin });
      expect({ query, status: res.status, type: res.headers.get('content-type'), fields: res.body.errors?.map((e: { field: string }) => e.field) })
        .toEqual({ query, status: 400, type: expect.stringMatching(/^application\/problem\+json/), fields: [field] });
    }
    // Routes that do not answer as of a position refuse the parameter (whitelist).
    expect((await app.http('GET', `/api/units?asOf=${at.review}`, { token: t.admin })).status).toBe(400);
    expect(await app.eventHead()).toBe(before);
  });

  it('as of a position, scope is checked as now: a supervisor of u2 sees no more of u1 than today', async () => {
    expect((await app.http('GET', `/api/reports/u1-2020?asOf=${at.review}`, { token: t.u2sup })).status).toBe((await app.http('GET', '/api/reports/u1-2020', { token: t.u2sup })).status);
    expect((await app.http('GET', `/api/totals?unitId=u1&period=2020&asOf=${at.review}`, { token: t.u2sup })).status).toBe(403);
    expect((await app.http('GET', `/api/totals/explain?unitId=u1&period=2020&indicator=houses_supported&asOf=${at.review}`, { token: t.u1 })).status).toBe(403);
  });
});

describe.each(READ_MODEL_BACKENDS)('as-of queries on the demo (read models: %s)', (readModels) => {
  let app: TestApp;
  let admin = '';

  beforeAll(async () => {
    app = await startApp({ demoData: true, readModels });
    admin = await app.token('adm', ['admin']);
    await app.caughtUp();
  }, 120_000);
  afterAll(() => app.close());

  it("reproduces every review conference's announced totals from the review's position: the program's summary as of then", async () => {
    const programs = await app.http('GET', '/api/programs', { token: admin });
    expect(programs.status).toBe(200);
    let checked = 0;
    for (const program of programs.body.items as { id: string }[]) {
      const reviews = await app.http('GET', `/api/programs/${program.id}/reviews`, { token: admin });
      for (const review of reviews.body.items as { id: string; period: string; position: string; totals: { indicator: string; value: string; units: number }[] }[]) {
        const summary = await app.http('GET', `/api/summaries/${review.period}?programId=${program.id}&asOf=${review.position}`, { token: admin });
        expect([review.id, summary.status]).toEqual([review.id, 200]);
        const asSummarized = review.totals.map((total) => {
          const row = (summary.body.indicators as { indicator: string; approved: string | null; units: number }[]).find((i) => i.indicator === total.indicator);
          return { indicator: total.indicator, value: row?.approved ?? null, units: row?.units ?? 0 };
        });
        expect([review.id, asSummarized]).toEqual([review.id, review.totals.map(({ indicator, value, units }) => ({ indicator, value, units }))]);
        checked += review.totals.length;
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 300_000);

  it('gives a state back when the client left while it was being built or read', async () => {
    const asOf = app.nest.get(AsOfReadModels);
    // Positions no state is kept at: each request builds one (a replay of the demo's log up to it).
    const head = BigInt(`0x${(await app.eventHead()) as string}`);
    for (const [i, delay] of [0, 1, 3, 10, 30, 100].entries()) {
      const position = (head - BigInt(7 * i + 3)).toString(16);
      const abort = new AbortController();
      const left = fetch(`${app.url}/api/totals?period=2020&asOf=${position}`, { headers: { authorization: `Bearer ${admin}` }, signal: abort.signal }).catch((e: unknown) => e);
      setTimeout(() => abort.abort(), delay);
      await left;
    }
    for (const deadline = Date.now() + 10_000; asOf.lent() > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asOf.lent()).toBe(0);
  }, 60_000);
});
