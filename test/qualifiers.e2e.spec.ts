import { startApp, TestApp } from './support/app';

/**
 * Issue 11 (qualifiers): "gần 4.400" is 4400 with qualifier nearly. The qualifier travels with
 * the figure into its events, the report, the audit trail and every total built from it.
 */
describe('qualified figures over HTTP', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    t.sup = await app.token('sup-1', ['supervisor:u1']);
    await app.ok('POST', '/api/units', t.admin, { id: 'u1', name: 'Ban Chỉ đạo', kind: 'steering-committee' }, 201);
    for (const indicator of [
      { code: 'gift_packages', name: 'suất quà', unit: 'packages', aggregation: 'sum', scale: 0 },
      { code: 'households_relocated', name: 'hộ dân di dời', unit: 'households', aggregation: 'sum', scale: 0 },
    ]) await app.ok('POST', '/api/indicators', t.admin, indicator, 201);
    await app.ok('POST', '/api/reports', t.rep, { id: 'q-h1', unitId: 'u1', period: '2020-H1' }, 201);
    await app.ok('POST', '/api/reports', t.rep, { id: 'q-h2', unitId: 'u1', period: '2020-H2' }, 201);
  });
  afterAll(() => app.close());

  it('keeps the qualifier in the report, the audit trail and the totals (qualified: true when a total includes one)', async () => {
    await app.ok('PUT', '/api/reports/q-h1/figures', t.rep, { figures: [{ indicator: 'gift_packages', value: '4400', qualifier: 'nearly' }, { indicator: 'households_relocated', value: 359 }] });
    await app.ok('POST', '/api/reports/q-h1/submit', t.rep);
    await app.ok('POST', '/api/reports/q-h1/approve', t.sup, {});
    await app.ok('PUT', '/api/reports/q-h2/figures', t.rep, { figures: [{ indicator: 'gift_packages', value: '100' }, { indicator: 'households_relocated', value: '1' }] });
    await app.ok('POST', '/api/reports/q-h2/submit', t.rep);
    const last = await app.ok('POST', '/api/reports/q-h2/approve', t.sup, {});

    const report = await app.http('GET', `/api/reports/q-h1?minPosition=${last.position}`, { token: t.rep });
    expect(report.body.approved.figures).toEqual([
      { indicator: 'gift_packages', areaCode: null, value: '4400', qualifier: 'nearly', note: null },
      { indicator: 'households_relocated', areaCode: null, value: '359', note: null },
    ]);

    const year = await app.http('GET', `/api/totals?unitId=u1&period=2020&minPosition=${last.position}`, { token: t.sup });
    expect(year.body.items).toEqual([
      { unitId: 'u1', period: '2020', indicator: 'gift_packages', approved: '4500', proposed: '4500', qualified: true, proposedQualified: true },
      { unitId: 'u1', period: '2020', indicator: 'households_relocated', approved: '360', proposed: '360' },
    ]);
    const h2 = await app.http('GET', `/api/totals?unitId=u1&period=2020-H2&indicator=gift_packages&minPosition=${last.position}`, { token: t.sup });
    expect(h2.body.items).toEqual([{ unitId: 'u1', period: '2020-H2', indicator: 'gift_packages', approved: '100', proposed: '100' }]);
    const summary = await app.http('GET', `/api/summaries/2020?minPosition=${last.position}`, { token: t.admin });
    expect(summary.body.indicators).toEqual(expect.arrayContaining([expect.objectContaining({ indicator: 'gift_packages', approved: '4500', qualified: true })]));
  });

  it('a change of qualifier alone is a correction, audited old → new', async () => {
    await app.ok('POST', '/api/reports', t.rep, { id: 'q-2021', unitId: 'u1', period: '2021' }, 201);
    await app.ok('PUT', '/api/reports/q-2021/figures', t.rep, { figures: [{ indicator: 'gift_packages', value: '4400', qualifier: 'nearly' }] });
    const same = await app.ok('PUT', '/api/reports/q-2021/figures', t.rep, { figures: [{ indicator: 'gift_packages', value: '4400', qualifier: 'nearly' }] });
    const fixed = await app.ok('PUT', '/api/reports/q-2021/figures', t.rep, { figures: [{ indicator: 'gift_packages', value: '4400', qualifier: 'over' }] });
    expect(fixed.revision).toBe(same.revision + 1);
    const trail = await app.http('GET', `/api/audit?reportId=q-2021&minPosition=${fixed.position}`, { token: t.admin });
    expect(trail.body.items.slice(1).map((i: Record<string, unknown>) => [i.action, i.oldValue, i.newValue, i.oldQualifier ?? null, i.newQualifier ?? null])).toEqual([
      ['figure_recorded', null, '4400', null, 'nearly'],
      ['figure_corrected', '4400', '4400', 'nearly', 'over'],
    ]);
    // A live act happened when it was recorded: no separate business date.
    expect(trail.body.items[0].occurredAt).toBeUndefined();
  });

  it.each([
    ['an unknown qualifier', { figures: [{ indicator: 'gift_packages', value: '1', qualifier: 'roughly' }] }, 'figures[0].qualifier'],
    ['a qualifier in Vietnamese', { figures: [{ indicator: 'gift_packages', value: '1', qualifier: 'gần' }] }, 'figures[0].qualifier'],
    ['a qualifier on a removal', { figures: [{ indicator: 'gift_packages', value: null, qualifier: 'over' }] }, 'figures[0].qualifier'],
  ])('400 for %s, naming the field; nothing appended', async (_, body, field) => {
    await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'q-bad', unitId: 'u1', period: '2022' } });
    const before = await head();
    const res = await app.http('PUT', '/api/reports/q-bad/figures', { token: t.rep, body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
    expect(await head()).toBe(before);
  });
});
