import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Issue 11 item 4: indicators declare rules over the figures of one report and a plausible range;
 * a submission answers (and the report and the queue show) the warnings; a blocking rule refuses
 * the submission with 409 naming the figure and the rule, appending nothing; a figure more than
 * 10 times (or under a tenth of) the unit's median over its previous approved reports is an outlier.
 */
describe.each(READ_MODEL_BACKENDS)('figure checks over HTTP (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;
  const report = async (id: string, period: string, figures: { indicator: string; value: string; areaCode?: string }[]) => {
    await app.ok('POST', '/api/reports', t.rep, { id, unitId: 'u1', period }, 201);
    await app.ok('PUT', `/api/reports/${id}/figures`, t.rep, { figures });
  };

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    t.sup = await app.token('sup-1', ['supervisor:u1']);
    await app.ok('POST', '/api/units', t.admin, { id: 'u1', name: 'Huyện ủy Lắk', kind: 'district-committee' }, 201);
    for (const indicator of [
      { code: 'villages_reached', name: 'thôn, buôn được phát động', unit: 'villages', aggregation: 'latest', scale: 0 },
      { code: 'villages_total', name: 'thôn, buôn', unit: 'villages', aggregation: 'latest', scale: 0 },
      { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: '%', aggregation: 'latest', scale: 2 },
      { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 },
    ]) await app.ok('POST', '/api/indicators', t.admin, indicator, 201);
  });
  afterAll(() => app.close());

  it('an admin sets rules and a range; the catalogue shows them; setting the same again appends nothing', async () => {
    const first = await app.ok('PUT', '/api/indicators/villages_reached/rules', t.admin, { rules: [{ operator: '<=', other: 'villages_total' }] });
    const again = await app.ok('PUT', '/api/indicators/villages_reached/rules', t.admin, { rules: [{ operator: '<=', other: 'villages_total', blocking: false }] });
    expect(again.revision).toBe(first.revision);
    const range = await app.ok('PUT', '/api/indicators/poverty_rate_pct/rules', t.admin, { rules: [], range: { min: 0, max: '100', blocking: true } });
    const catalogue = await app.http('GET', `/api/indicators?minPosition=${range.position}`, { token: t.rep });
    const byCode = Object.fromEntries(catalogue.body.items.map((i: { code: string }) => [i.code, i]));
    expect(byCode.villages_reached).toMatchObject({ rules: [{ operator: '<=', other: 'villages_total', blocking: false }], range: null });
    expect(byCode.poverty_rate_pct).toMatchObject({ rules: [], range: { min: '0', max: '100', blocking: true } });
    expect(byCode.work_days).toMatchObject({ rules: [], range: null });
  });

  it.each([
    ['an unknown operator', { rules: [{ operator: '!=', other: 'villages_total' }] }, 400, 'rules[0].operator'],
    ['a comparison with itself', { rules: [{ operator: '<=', other: 'villages_reached' }] }, 400, 'rules[0].other'],
    ['a bound written with a thousands separator', { rules: [], range: { max: '1.000' } }, 400, 'range.max'],
    ['crossed bounds', { rules: [], range: { min: 10, max: 5 } }, 400, 'range.min'],
    ['an unknown field', { rules: [], extra: 1 }, 400, 'extra'],
    ['an unknown other indicator', { rules: [{ operator: '<=', other: 'nope' }] }, 422, 'rules[0].other'],
  ])('%s is refused naming the field; nothing appended', async (_, body, status, field) => {
    const before = await head();
    const res = await app.http('PUT', '/api/indicators/villages_reached/rules', { token: t.admin, body });
    expect([res.status, res.headers.get('content-type')]).toEqual([status, expect.stringContaining('application/problem+json')]);
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    expect(await head()).toBe(before);
  });

  it('only an admin sets rules (403), and an unknown indicator is 422', async () => {
    expect((await app.http('PUT', '/api/indicators/villages_reached/rules', { token: t.sup, body: { rules: [] } })).status).toBe(403);
    expect((await app.http('PUT', '/api/indicators/nope/rules', { token: t.admin, body: { rules: [] } })).status).toBe(422);
  });

  it('a broken warning rule: the submission answers the warning, the report and the queue show it', async () => {
    await report('w-2021', '2021', [{ indicator: 'villages_reached', value: '110' }, { indicator: 'villages_total', value: '109' }]);
    const submitted = await app.ok('POST', '/api/reports/w-2021/submit', t.rep);
    const warning = {
      indicator: 'villages_reached', areaCode: null, rule: 'villages_reached <= villages_total',
      message: 'villages_reached is 110, which breaks villages_reached <= villages_total (villages_total is 109)',
    };
    expect(submitted).toEqual({ id: 'w-2021', revision: 3, position: expect.any(String), warnings: [warning] });
    const view = await app.http('GET', `/api/reports/w-2021?minPosition=${submitted.position}`, { token: t.sup });
    expect([view.body.status, view.body.warnings]).toEqual(['submitted', [warning]]);
    const queue = await app.http('GET', `/api/reports?status=submitted&minPosition=${submitted.position}`, { token: t.sup });
    expect(queue.body.items.find((r: { id: string }) => r.id === 'w-2021').warnings).toEqual([warning]);
    const mine = await app.http('GET', `/api/reports?awaiting=me&minPosition=${submitted.position}`, { token: t.sup });
    expect(mine.body.items.find((r: { id: string }) => r.id === 'w-2021').warnings).toEqual([warning]);
    // Rejected, corrected and submitted again: the new version's checks replace the old ones.
    await app.ok('POST', '/api/reports/w-2021/reject', t.sup, { reason: '110 thôn trên 109?' });
    await app.ok('PUT', '/api/reports/w-2021/figures', t.rep, { figures: [{ indicator: 'villages_reached', value: '83' }], reason: 'nhập nhầm' });
    const again = await app.ok('POST', '/api/reports/w-2021/submit', t.rep);
    expect(again.warnings).toEqual([]);
    const fixed = await app.http('GET', `/api/reports/w-2021?minPosition=${again.position}`, { token: t.sup });
    expect(fixed.body.warnings).toEqual([]);
  });

  it('a broken blocking range: 409 problem+json naming the figure and the rule; nothing appended, the report stays a draft', async () => {
    await report('b-2022', '2022', [{ indicator: 'poverty_rate_pct', value: '136.24' }]);
    const before = await head();
    const res = await app.http('POST', '/api/reports/b-2022/submit', { token: t.rep });
    expect([res.status, res.headers.get('content-type')]).toEqual([409, expect.stringContaining('application/problem+json')]);
    expect(res.body).toMatchObject({
      status: 409,
      detail: 'the figures break a blocking rule: 0 <= poverty_rate_pct <= 100',
      errors: [{ field: 'figures.poverty_rate_pct', message: 'poverty_rate_pct is 136.24, outside its plausible range 0 <= poverty_rate_pct <= 100' }],
    });
    expect(await head()).toBe(before);
    const view = await app.http('GET', `/api/reports/b-2022?minPosition=${before}`, { token: t.rep });
    expect(view.body.status).toBe('draft');
    await app.ok('PUT', '/api/reports/b-2022/figures', t.rep, { figures: [{ indicator: 'poverty_rate_pct', value: '36.24' }] });
    expect((await app.ok('POST', '/api/reports/b-2022/submit', t.rep)).warnings).toEqual([]);
  });

  it("a figure more than 10 times the median of the unit's previous approved reports of the same length is an outlier warning", async () => {
    for (const [id, period, value] of [['o-2017', '2017', '700'], ['o-2018', '2018', '800'], ['o-2019', '2019', '900'], ['o-2016-h1', '2016-H1', '1']]) {
      await report(id, period, [{ indicator: 'work_days', value }]);
      await app.ok('POST', `/api/reports/${id}/submit`, t.rep);
      const approved = await app.ok('POST', `/api/reports/${id}/approve`, t.sup, {});
      await app.http('GET', `/api/reports/${id}?minPosition=${approved.position}`, { token: t.sup });
    }
    await report('o-2020', '2020', [{ indicator: 'work_days', value: '8001' }]);
    const jump = await app.ok('POST', '/api/reports/o-2020/submit', t.rep);
    expect(jump.warnings).toEqual([{
      indicator: 'work_days', areaCode: null, rule: 'outlier',
      message: "work_days is 8001, more than 10 times the median of the unit's 3 previous approved reports (800)",
    }]);
    await report('o-2023', '2023', [{ indicator: 'work_days', value: '8000' }]);
    expect((await app.ok('POST', '/api/reports/o-2023/submit', t.rep)).warnings).toEqual([]);
  });
});
