import { sumDecimals } from '@app/domain';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Issue 12 item 1 (lineage): GET /api/totals/explain lists what makes a total, with the events
 * that set each value; on the demo, for every unit, year and indicator, the contributions add up
 * to the total exactly (sum), or the marked one is the total (max, latest).
 */
describe.each(READ_MODEL_BACKENDS)('explaining totals over HTTP (read models: %s)', (readModels) => {
  let app: TestApp;
  let head: string;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp({ demoData: true, readModels });
    t.auditor = await app.token('aud-1', ['auditor']);
    t.sup = await app.token('sup-1', ['supervisor:daklak-bcd']);
    t.other = await app.token('sup-2', ['supervisor:lamdong-bchqs']);
    t.rep = await app.token('rep-1', ['reporter:daklak-bcd']);
    head = (await app.eventHead()) as string;
  });
  afterAll(() => app.close());

  /** Every page of an explanation. */
  async function explain(query: string, limit = 7, token = t.auditor): Promise<{ body: any; items: any[] }> {
    const items: any[] = [];
    let cursor: string | null = null;
    let body: any;
    do {
      const res = await app.http('GET', `/api/totals/explain?${query}&limit=${limit}&minPosition=${head}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect([res.status, res.status === 200 ? null : res.body]).toEqual([200, null]);
      body = res.body;
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return { body, items };
  }

  // A guard, not a measure: some 60 explanations, each a few reads, on FerretDB under a loaded machine.
  it('for every year total of the demo, the contributions make the total exactly', async () => {
    const totals = await app.http('GET', `/api/totals?limit=200&minPosition=${head}`, { token: t.auditor });
    const years = (totals.body.items as { unitId: string; period: string; indicator: string; approved: string | null; proposed: string | null }[]).filter((i) => /^\d{4}$/.test(i.period));
    expect(years.length).toBeGreaterThan(30);
    for (const total of years) {
      const { body, items } = await explain(`unitId=${total.unitId}&period=${total.period}&indicator=${total.indicator}`, 200);
      expect([total.unitId, total.indicator, body.approved, body.proposed]).toEqual([total.unitId, total.indicator, total.approved, total.proposed]);
      for (const side of ['approved', 'proposed'] as const) {
        const values = items.flatMap((c) => (c[side] ? [c[side]] : []));
        if (body.aggregation === 'sum') expect([total.indicator, side, values.length ? sumDecimals(values.map((v) => v.value)) : null]).toEqual([total.indicator, side, total[side]]);
        else expect([total.indicator, side, values.find((v) => v.wins)?.value ?? null]).toEqual([total.indicator, side, total[side]]);
      }
    }
  }, 600_000);

  it("with descendants: huyện Lắk's committee and its communes' 2023 sessions (61 + 1.050), one contribution a page", async () => {
    const query = 'unitId=lak-bdv&includeDescendants=true&period=2023&indicator=mobilization_sessions';
    const total = await app.http('GET', `/api/totals?${query}&minPosition=${head}`, { token: t.auditor });
    const { body, items } = await explain(query, 1);
    expect([total.body.items[0].approved, body.approved]).toEqual(['1111', '1111']);
    expect(items.map((c) => [c.reportId, c.approved.value])).toEqual([['lak-bdv-2023', '61'], ['lak-dang-uy-xa-2023', '1050']]);
    expect(items[1].areaCode).toBe('huyen-lak');
  });

  it("names the figure change and the approval behind each value: the 2020 report's houses, entered from the paper with its dates", async () => {
    const { body, items } = await explain('unitId=daklak-bcd&period=2020&indicator=houses_supported');
    expect(body).toMatchObject({ approved: '540', aggregation: 'sum', qualified: true });
    expect(items).toEqual([{
      reportId: 'daklak-bcd-2020', unitId: 'daklak-bcd', period: '2020', areaCode: null,
      approved: {
        value: '540', qualifier: 'over',
        event: expect.objectContaining({ type: 'FigureRecorded.v1', actor: 'demo:clerk', eventId: expect.any(String), position: expect.any(String) }),
        decidedBy: expect.objectContaining({ type: 'ReportApproved.v1', occurredAt: '2021-01-19T04:00:00.000Z', comment: 'Hội nghị sơ kết 19/01/2021' }),
      },
      // The proposed value went in with the submission (19/01/2021, 07:30 Vietnam time).
      proposed: expect.objectContaining({ value: '540', decidedBy: expect.objectContaining({ type: 'ReportSubmitted.v3', occurredAt: '2021-01-19T00:30:00.000Z' }) }),
    }]);
  });

  it('is for auditors and the unit\'s supervisors: 403 to a supervisor elsewhere and to a reporter; 422 for an unknown unit; 400 for a foreign cursor', async () => {
    expect((await app.http('GET', '/api/totals/explain?unitId=daklak-bcd&period=2020&indicator=work_days', { token: t.sup })).status).toBe(200);
    expect((await app.http('GET', '/api/totals/explain?unitId=daklak-bcd&period=2020&indicator=work_days', { token: t.other })).status).toBe(403);
    expect((await app.http('GET', '/api/totals/explain?unitId=daklak-bcd&period=2020&indicator=work_days', { token: t.rep })).status).toBe(403);
    expect((await app.http('GET', '/api/totals/explain?unitId=nope&period=2020&indicator=work_days', { token: t.auditor })).status).toBe(422);
    const bad = await app.http('GET', '/api/totals/explain?unitId=daklak-bcd&period=2020&indicator=work_days&cursor=eHl6', { token: t.auditor });
    expect([bad.status, bad.body.errors]).toEqual([400, [{ field: 'cursor', message: expect.any(String) }]]);
    const missing = await app.http('GET', '/api/totals/explain?unitId=daklak-bcd&period=2020', { token: t.auditor });
    expect([missing.status, missing.body.errors]).toEqual([400, expect.arrayContaining([expect.objectContaining({ field: 'indicator' })])]);
  });
});
