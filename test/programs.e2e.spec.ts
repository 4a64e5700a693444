import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/** The demo (seeds 000, 001, 002, 004) over HTTP: the Đắk Lắk 2021 assignments, the figure check, calendars, completeness, phases. */
describe.each(READ_MODEL_BACKENDS)('programs and assignments on the demo data (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;

  beforeAll(async () => {
    app = await startApp({ readModels, demoData: true });
    t.auditor = await app.token('aud', ['auditor']);
    t.admin = await app.token('adm', ['admin']);
    t.steering = await app.token('bcd-sup', ['supervisor:daklak-bcd']);
    t.doan737 = await app.token('rep-737', ['reporter:doan737']);
    t.td66 = await app.token('rep-td66', ['reporter:td66']);
    // Every query below reads the demo as loaded, from every read model.
    await app.caughtUp();
  }, 180_000);
  afterAll(() => app.close());

  it('holds the 17 assignments of 2021: 10 units, 15 communes, Ia Lốp and Ia R\'vê held by two units each', async () => {
    const res = await app.http('GET', '/api/assignments?programId=daklak-dv-2021&year=2021', { token: t.doan737 });
    expect(res.status).toBe(200);
    const items: { unitId: string; areaCode: string; decidedAt: string; status: string }[] = res.body.items;
    expect(items).toHaveLength(17);
    expect(new Set(items.map((a) => a.unitId)).size).toBe(10);
    expect(new Set(items.map((a) => a.areaCode)).size).toBe(15);
    // Written out from seed 000 (the 19/01/2021 conference), not read from the demo loader under test.
    expect(items.map(({ unitId, areaCode }) => `${unitId} ${areaCode}`).sort()).toEqual([
      'ctcf15 xa-cu-dlie-mnong', 'ctxd470 xa-cu-ewi',
      'daklak-bchqs xa-cu-dram', 'daklak-bchqs xa-dlie-ya', 'daklak-bchqs xa-dur-kmal', 'daklak-bchqs xa-yang-reh',
      'daklak-bdbp xa-ea-bung', 'daklak-bdbp xa-ia-lop', 'daklak-bdbp xa-ia-rve', 'daklak-bdbp xa-krong-na',
      'doan737 xa-ia-lop', 'doan737 xa-ia-rve', 'kho-k864 xa-ea-nuol', 'ld198 xa-ea-yieng', 'td66 xa-ea-tir', 'td95 xa-ea-drong',
      'viettel-daklak xa-krong-no',
    ]);
    for (const commune of ['xa-ia-lop', 'xa-ia-rve']) {
      expect(items.filter((a) => a.areaCode === commune).map((a) => a.unitId).sort()).toEqual(['daklak-bdbp', 'doan737']);
    }
    expect(items.filter((a) => a.unitId === 'daklak-bchqs').map((a) => a.areaCode).sort()).toEqual(['xa-cu-dram', 'xa-dlie-ya', 'xa-dur-kmal', 'xa-yang-reh']);
    expect(items.every((a) => a.decidedAt === '2021-01-19' && a.status === 'active')).toBe(true);

    const byArea = await app.http('GET', '/api/assignments?areaCode=xa-ia-lop', { token: t.doan737 });
    expect(byArea.body.items.map((a: { unitId: string }) => a.unitId).sort()).toEqual(['daklak-bdbp', 'doan737']);
  });

  it('shows the boundary change of 2025: the communes sit under the province, each with its history', async () => {
    const found = await app.http('GET', `/api/areas?q=${encodeURIComponent('ia lop')}`, { token: t.doan737 });
    expect(found.body.items).toEqual([expect.objectContaining({ code: 'xa-ia-lop', name: 'Ia Lốp', level: 'commune', parentCode: 'tinh-dak-lak' })]);
    const area = await app.http('GET', '/api/areas/xa-ia-rve', { token: t.doan737 });
    expect(area.body).toMatchObject({ name: "Ia R'vê", parent: { code: 'tinh-dak-lak', name: 'Đắk Lắk' } });
    expect(area.body.history.at(-1)).toMatchObject({ change: 'reparented', effectiveFrom: '2025-07-01', details: { from: 'huyen-ea-sup', to: 'tinh-dak-lak' } });
    const communes = await app.http('GET', '/api/areas?level=commune&parentCode=tinh-dak-lak', { token: t.doan737 });
    expect(communes.body.items).toHaveLength(15);
  });

  it('takes a figure only for an area assigned to the unit that period (422 naming figures[i].areaCode, nothing appended)', async () => {
    const created = await app.http('POST', '/api/reports', { token: t.doan737, body: { id: 'doan737-2021', unitId: 'doan737', period: '2021', programId: 'daklak-dv-2021' } });
    expect(created.status).toBe(201);
    const before = await head();
    const foreign = await app.http('PUT', '/api/reports/doan737-2021/figures', {
      token: t.doan737, body: { figures: [{ indicator: 'work_days', value: 120, areaCode: 'xa-ia-lop' }, { indicator: 'work_days', value: 5, areaCode: 'xa-ea-tir' }] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'figures[1].areaCode' })]);
    const unknown = await app.http('PUT', '/api/reports/doan737-2021/figures', { token: t.doan737, body: { figures: [{ indicator: 'work_days', value: 1, areaCode: 'xa-khong-co' }] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'figures[0].areaCode' })]);
    expect(await head()).toBe(before);

    const ok = await app.http('PUT', '/api/reports/doan737-2021/figures', {
      token: t.doan737, body: { figures: [{ indicator: 'work_days', value: 120, areaCode: 'xa-ia-lop' }, { indicator: 'work_days', value: 80, areaCode: 'xa-ia-rve' }] },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses reports that do not fit the program: unknown program, a year outside the phase, a period type outside the calendar', async () => {
    const before = await head();
    const cases: [Record<string, unknown>, string][] = [
      [{ unitId: 'doan737', period: '2021', programId: 'khong-co' }, 'programId'],
      [{ unitId: 'doan737', period: '2022', programId: 'daklak-dv-2021' }, 'period'],
      [{ unitId: 'doan737', period: '2021-Q3', programId: 'daklak-dv-2021' }, 'period'],
    ];
    for (const [body, field] of cases) {
      const res = await app.http('POST', '/api/reports', { token: t.doan737, body });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    expect(await head()).toBe(before);
  });

  it('records the deadline of the program calendar on submission, and counts completeness for the steering committee', async () => {
    const submitted = await app.http('POST', '/api/reports/doan737-2021/submit', { token: t.doan737 });
    expect(submitted.status).toBe(200);
    const report = await app.http('GET', `/api/reports/doan737-2021?minPosition=${submitted.body.position}`, { token: t.doan737 });
    // Year reports close on 31 December and are due 15 days later; this one is sent years after.
    expect(report.body).toMatchObject({ status: 'submitted', deadline: '2022-01-15', onTime: false });

    const completeness = await app.http('GET', '/api/programs/daklak-dv-2021/completeness?period=2021', { token: t.steering });
    expect(completeness.status).toBe(200);
    expect(completeness.body).toMatchObject({ programId: 'daklak-dv-2021', period: '2021', expected: 10, received: 1, approved: 0, onTime: 0 });
    expect(completeness.body.units.find((u: { unitId: string }) => u.unitId === 'doan737')).toMatchObject({ areas: ['xa-ia-lop', 'xa-ia-rve'], status: 'submitted', received: true });
    expect((await app.http('GET', '/api/programs/daklak-dv-2021/completeness?period=2021', { token: t.doan737 })).status).toBe(403);

    const approved = await app.http('POST', '/api/reports/doan737-2021/approve', { token: t.steering, body: {} });
    expect(approved.status).toBe(200);
    const ia = await app.http('GET', `/api/totals?areaCode=xa-ia-lop&period=2021&minPosition=${approved.body.position}`, { token: t.auditor });
    expect(ia.body.items).toEqual([{ areaCode: 'xa-ia-lop', period: '2021', indicator: 'work_days', approved: '120', proposed: '120', units: 1 }]);
  });

  it('ends an assignment early: the unit drops out of the periods after it, and its figures there are refused', async () => {
    const tir = (await app.http('GET', '/api/assignments?unitId=td66&year=2021', { token: t.td66 })).body.items[0];
    expect((await app.http('POST', `/api/assignments/${tir.id}/end`, { token: t.td66, body: { reason: 'điều chuyển', effectiveFrom: '2021-07-01' } })).status).toBe(403);
    const badDate = await app.http('POST', `/api/assignments/${tir.id}/end`, { token: t.steering, body: { reason: 'điều chuyển', effectiveFrom: '2022-01-01' } });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);
    const ended = await app.http('POST', `/api/assignments/${tir.id}/end`, { token: t.steering, body: { reason: 'Đơn vị điều chuyển địa bàn', effectiveFrom: '2021-07-01' } });
    expect(ended.status).toBe(200);
    expect((await app.http('POST', `/api/assignments/${tir.id}/end`, { token: t.steering, body: { reason: 'again', effectiveFrom: '2021-08-01' } })).status).toBe(409);

    const h2 = await app.http('GET', `/api/programs/daklak-dv-2021/completeness?period=2021-H2&minPosition=${ended.body.position}`, { token: t.steering });
    expect(h2.body.expected).toBe(9);
    expect(h2.body.units.map((u: { unitId: string }) => u.unitId)).not.toContain('td66');
    expect((await app.http('GET', `/api/assignments/${tir.id}`, { token: t.td66 })).body).toMatchObject({ status: 'ended', ended: { effectiveFrom: '2021-07-01' } });

    await app.http('POST', '/api/reports', { token: t.td66, body: { id: 'td66-2021-h2', unitId: 'td66', period: '2021-H2', programId: 'daklak-dv-2021' } });
    const late = await app.http('PUT', '/api/reports/td66-2021-h2/figures', { token: t.td66, body: { figures: [{ indicator: 'work_days', value: 3, areaCode: 'xa-ea-tir' }] } });
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([expect.objectContaining({ field: 'figures[0].areaCode' })]);
  });

  it('sums the Lâm Đồng phase 2017..2021 and keeps the seeds\' figures exact', async () => {
    const phase = await app.http('GET', '/api/summaries/2017..2021?programId=lamdong-dv-qs-2017-2021', { token: t.auditor });
    expect(phase.status).toBe(200);
    expect(phase.body).toMatchObject({ period: '2017..2021', programId: 'lamdong-dv-qs-2017-2021', reports: { approved: 1 } });
    // "hơn 16,5 tỷ đồng", "hơn 86 căn nhà": the seed's qualifiers make those totals qualified.
    expect(phase.body.indicators).toEqual(expect.arrayContaining([
      { indicator: 'support_value_vnd', approved: '16500000000', proposed: '16500000000', units: 1, qualified: true, proposedQualified: true },
      { indicator: 'houses_supported', approved: '86', proposed: '86', units: 1, qualified: true, proposedQualified: true },
      { indicator: 'clean_water_wells', approved: '42', proposed: '42', units: 1 },
      { indicator: 'quarantine_points', approved: '75', proposed: '75', units: 1 },
      { indicator: 'mobilization_campaigns', approved: '5', proposed: '5', units: 1 },
    ]));
    expect((await app.http('GET', '/api/programs/lamdong-dv-qs-2017-2021', { token: t.auditor })).body).toMatchObject({ status: 'closed', fromYear: 2017, toYear: 2021 });
    const bp = await app.http('GET', '/api/totals?unitId=binhphuoc-bchqs&period=2018', { token: t.auditor });
    expect(bp.body.items).toEqual(expect.arrayContaining([
      { unitId: 'binhphuoc-bchqs', period: '2018', indicator: 'work_days', approved: '8000', proposed: '8000', qualified: true, proposedQualified: true },
      { unitId: 'binhphuoc-bchqs', period: '2018', indicator: 'support_value_vnd', approved: '400000000', proposed: '400000000', qualified: true, proposedQualified: true },
    ]));
    expect((await app.http('GET', '/api/programs/binhphuoc-dv-llvt-2019', { token: t.auditor })).body.signed).toEqual({ date: '2018-12-26', signatories: ['Ban Dân vận Tỉnh ủy Bình Phước', 'Bộ Chỉ huy Quân sự tỉnh Bình Phước'] });
    expect((await app.http('GET', '/api/summaries/2021..2017', { token: t.auditor })).status).toBe(400);
  });

  it('rolls the 2023 district report of huyện Lắk up into the province, though the district level is gone', async () => {
    const province = await app.http('GET', '/api/totals?areaCode=tinh-dak-lak&period=2023', { token: t.auditor });
    expect(province.body.items).toEqual(expect.arrayContaining([
      { areaCode: 'tinh-dak-lak', period: '2023', indicator: 'work_days', approved: '722', proposed: '722', units: 1 },
      { areaCode: 'tinh-dak-lak', period: '2023', indicator: 'support_value_vnd', approved: '2631000000', proposed: '2631000000', units: 1, qualified: true, proposedQualified: true },
      { areaCode: 'tinh-dak-lak', period: '2023', indicator: 'villages_reached', approved: '83', proposed: '83', units: 1 },
    ]));
    const summary = await app.http('GET', '/api/summaries/2023?areaCode=tinh-dak-lak', { token: t.auditor });
    expect(summary.body.indicators).toEqual(expect.arrayContaining([{ indicator: 'seedlings_given', approved: '93724', proposed: '93724', units: 1, qualified: true, proposedQualified: true }]));
    expect((await app.http('GET', '/api/totals?areaCode=khong-co', { token: t.auditor })).status).toBe(422);
  });
});
