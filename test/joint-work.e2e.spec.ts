import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Issue 11 item 5: two units sharing a commune (Ia Lốp, seed 000) report one joint activity; the
 * commune's, the province's and any several units' totals count it once, at the figure that
 * reported the activity first; each unit's own totals show its joint figures apart as `joint`.
 */
describe.each(READ_MODEL_BACKENDS)('joint work over HTTP (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;
  const road = (value: string, partners: string[]) => ({ indicator: 'work_days', areaCode: 'xa-ia-lop', value, activityRef: 'ia-lop-2021-duong', partners });

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('admin-1', ['admin']);
    t.bp = await app.token('rep-bp', ['reporter:bdbp']);
    t.kt = await app.token('rep-737', ['reporter:doan737']);
    t.sup = await app.token('sup-1', ['supervisor:tinh']);
    t.post = await app.token('rep-don', ['reporter:don-ia-lop']);
    await app.ok('POST', '/api/units', t.admin, { id: 'tinh', name: 'Ban Chỉ đạo tỉnh', kind: 'steering-committee' }, 201);
    await app.ok('POST', '/api/units', t.admin, { id: 'bdbp', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh', kind: 'border-guard', parentId: 'tinh' }, 201);
    await app.ok('POST', '/api/units', t.admin, { id: 'doan737', name: 'Đoàn KT-QP 737', kind: 'economic-defence', parentId: 'tinh' }, 201);
    await app.ok('POST', '/api/units', t.admin, { id: 'don-ia-lop', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-post', parentId: 'bdbp' }, 201);
    await app.ok('POST', '/api/indicators', t.admin, { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 }, 201);
    await app.ok('POST', '/api/areas', t.admin, { code: 'ea-sup', name: 'Ea Súp', level: 'district', parentCode: null }, 201);
    await app.ok('POST', '/api/areas', t.admin, { code: 'xa-ia-lop', name: 'Ia Lốp', level: 'commune', parentCode: 'ea-sup' }, 201);
    await app.ok('POST', '/api/areas', t.admin, { code: 'xa-ia-rve', name: "Ia R'vê", level: 'commune', parentCode: 'ea-sup' }, 201);
  });
  afterAll(() => app.close());

  it.each([
    ['partners without an activityRef', { indicator: 'work_days', value: '1', partners: ['doan737'] }, 400, 'figures[0].activityRef'],
    ['an activityRef without partners', { indicator: 'work_days', value: '1', activityRef: 'x' }, 400, 'figures[0].partners'],
    ['the reporting unit as its own partner', { indicator: 'work_days', value: '1', activityRef: 'x', partners: ['bdbp'] }, 400, 'figures[0].partners'],
    ['an unknown partner', { indicator: 'work_days', value: '1', activityRef: 'x', partners: ['nope'] }, 422, 'figures[0].partners'],
  ])('%s is refused naming the field; nothing appended', async (_, figure, status, field) => {
    await app.http('POST', '/api/reports', { token: t.bp, body: { id: 'bad', unitId: 'bdbp', period: '2019' } });
    const before = await head();
    const res = await app.http('PUT', '/api/reports/bad/figures', { token: t.bp, body: { figures: [figure] } });
    expect([res.status, res.headers.get('content-type')]).toEqual([status, expect.stringContaining('application/problem+json')]);
    expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
    expect(await head()).toBe(before);
  });

  it('counts the Ia Lốp activity once in the commune, the district and the province; each unit shows its joint part apart', async () => {
    await app.ok('POST', '/api/reports', t.bp, { id: 'bp-2021', unitId: 'bdbp', period: '2021' }, 201);
    await app.ok('PUT', '/api/reports/bp-2021/figures', t.bp, { figures: [road('300', ['doan737']), { indicator: 'work_days', areaCode: 'xa-ia-rve', value: '20' }] });
    await app.ok('POST', '/api/reports/bp-2021/submit', t.bp);
    await app.ok('POST', '/api/reports/bp-2021/approve', t.sup, {});
    await app.ok('POST', '/api/reports', t.kt, { id: 'kt-2021', unitId: 'doan737', period: '2021' }, 201);
    await app.ok('PUT', '/api/reports/kt-2021/figures', t.kt, { figures: [road('280', ['bdbp']), { indicator: 'work_days', areaCode: 'xa-ia-rve', value: '50' }] });
    await app.ok('POST', '/api/reports/kt-2021/submit', t.kt);
    const last = await app.ok('POST', '/api/reports/kt-2021/approve', t.sup, {});

    const report = await app.http('GET', `/api/reports/kt-2021?minPosition=${last.position}`, { token: t.kt });
    expect(report.body.approved.figures).toContainEqual({ indicator: 'work_days', areaCode: 'xa-ia-lop', value: '280', note: null, activityRef: 'ia-lop-2021-duong', partners: ['bdbp'] });

    const byArea = await app.http('GET', `/api/totals/breakdown?period=2021&indicator=work_days&by=area&areaCode=ea-sup&minPosition=${last.position}`, { token: t.sup });
    expect(byArea.body.items.map((r: { key: string; approved: string }) => [r.key, r.approved])).toEqual([['xa-ia-lop', '300'], ['xa-ia-rve', '70']]);
    expect(byArea.body.total.approved).toBe('370');
    const byUnit = await app.http('GET', `/api/totals/breakdown?period=2021&indicator=work_days&by=unit&unitId=tinh&minPosition=${last.position}`, { token: t.sup });
    expect(byUnit.body.total.approved).toBe('370');
    const summary = await app.http('GET', `/api/summaries/2021?minPosition=${last.position}`, { token: t.sup });
    expect(summary.body.indicators).toEqual([{ indicator: 'work_days', approved: '370', proposed: '370', units: 2 }]);
    const province = await app.http('GET', `/api/totals?unitId=tinh&includeDescendants=true&period=2021&minPosition=${last.position}`, { token: t.sup });
    expect(province.body.items.map((i: { approved: string }) => i.approved)).toEqual(['370']);

    const units = await app.http('GET', `/api/totals?period=2021&indicator=work_days&minPosition=${last.position}`, { token: t.sup });
    expect(units.body.items).toEqual([
      { unitId: 'bdbp', period: '2021', indicator: 'work_days', approved: '320', proposed: '320', joint: { approved: '300', proposed: '300' } },
      { unitId: 'doan737', period: '2021', indicator: 'work_days', approved: '50', proposed: '50', joint: { approved: '280', proposed: '280' } },
    ]);
    const own = await app.http('GET', `/api/totals?unitId=doan737&period=2021&minPosition=${last.position}`, { token: t.kt });
    expect(own.body.items).toEqual([{ unitId: 'doan737', period: '2021', indicator: 'work_days', approved: '50', proposed: '50', joint: { approved: '280', proposed: '280' } }]);
  });

  it("with a consolidated report: a covered partner's figure takes no part in the activity; the consolidation's own joint figure is one of its figures", async () => {
    const house = (value: string, partners: string[]) => ({ indicator: 'work_days', areaCode: 'xa-ia-lop', value, activityRef: 'ia-lop-2022-nha', partners });
    const at = (path: string, position: string, token = t.sup) => app.http('GET', `${path}&minPosition=${position}`, { token });
    const commune = async (position: string) => (await at('/api/totals/breakdown?period=2022&indicator=work_days&by=area&areaCode=ea-sup', position)).body.items[0];
    // The border post (under the border guards) opens the activity, Đoàn KT-QP 737 reports it too.
    await app.ok('POST', '/api/reports', t.post, { id: 'don-2022', unitId: 'don-ia-lop', period: '2022' }, 201);
    await app.ok('PUT', '/api/reports/don-2022/figures', t.post, { figures: [house('120', ['doan737'])] });
    await app.ok('POST', '/api/reports/don-2022/submit', t.post);
    await app.ok('POST', '/api/reports/don-2022/approve', t.sup, {});
    await app.ok('POST', '/api/reports', t.kt, { id: 'kt-2022', unitId: 'doan737', period: '2022' }, 201);
    await app.ok('PUT', '/api/reports/kt-2022/figures', t.kt, { figures: [house('100', ['don-ia-lop'])] });
    await app.ok('POST', '/api/reports/kt-2022/submit', t.kt);
    let last = await app.ok('POST', '/api/reports/kt-2022/approve', t.sup, {});
    expect(await commune(last.position)).toEqual({ key: 'xa-ia-lop', name: 'Ia Lốp', approved: '120', proposed: '120' });
    // 737's only 2022 figure is led by the post's: its own totals still show it, as joint work.
    expect((await at('/api/totals?unitId=doan737&period=2022', last.position, t.kt)).body.items).toEqual([
      { unitId: 'doan737', period: '2022', indicator: 'work_days', approved: null, proposed: null, joint: { approved: '100', proposed: '100' } },
    ]);

    // The border guards' consolidated 2022 report covers the post; it names the activity on its own figure (with 737) beside 200 of its own.
    await app.ok('POST', '/api/reports', t.bp, { id: 'bp-2022', unitId: 'bdbp', period: '2022', consolidates: true }, 201);
    await app.ok('PUT', '/api/reports/bp-2022/figures', t.bp, { figures: [house('130', ['doan737']), { indicator: 'work_days', value: '200' }] });
    await app.ok('POST', '/api/reports/bp-2022/submit', t.bp);
    last = await app.ok('POST', '/api/reports/bp-2022/approve', t.sup, {});
    // The post's 120 is in the consolidation now; of the activity's figures that count, 737's came first: the commune counts 100, once.
    expect(await commune(last.position)).toEqual({ key: 'xa-ia-lop', name: 'Ia Lốp', approved: '100', proposed: '100' });
    const summary = await app.http('GET', `/api/summaries/2022?minPosition=${last.position}`, { token: t.sup });
    expect(summary.body.indicators).toEqual([{ indicator: 'work_days', approved: '300', proposed: '300', units: 2 }]);
    const units = await at('/api/totals?period=2022&indicator=work_days', last.position);
    expect(units.body.items).toEqual([
      { unitId: 'bdbp', period: '2022', indicator: 'work_days', approved: '200', proposed: '200', joint: { approved: '130', proposed: '130' } },
      { unitId: 'doan737', period: '2022', indicator: 'work_days', approved: '100', proposed: '100', joint: { approved: '100', proposed: '100' } },
    ]);
    const byUnit = await at('/api/totals/breakdown?period=2022&indicator=work_days&by=unit&unitId=bdbp', last.position);
    expect(byUnit.body.items).toContainEqual({ key: 'don-ia-lop', name: 'Đồn Biên phòng Ia Lốp', approved: null, proposed: null, included: { approved: '120', proposed: '120', in: ['bp-2022'] } });
  });
});
