import { startApp, TestApp } from './support/app';

/**
 * Issue 11 (numbers): no figure is silently reinterpreted. What the seeds write ("416.000",
 * "1.100 km") and what a JSON writer may send (1e3, 1e-21, 5e-324) either land exactly or are
 * refused with 400 naming the field, and a refusal appends nothing.
 */
describe('number safety over HTTP', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;
  const put = (raw: string) => app.http('PUT', '/api/reports/r1/figures', { token: t.rep, raw });

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u1', name: 'Bộ Chỉ huy Quân sự tỉnh', kind: 'military-command' } })).status).toBe(201);
    for (const indicator of [
      { code: 'mobilization_participants', name: 'lượt người tham gia', unit: 'person-visits', aggregation: 'sum', scale: 0 },
      { code: 'rural_road_km', name: 'km đường giao thông nông thôn', unit: 'km', aggregation: 'sum', scale: 1 },
      { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: 'percent', aggregation: 'latest', scale: 2 },
    ]) expect((await app.http('POST', '/api/indicators', { token: t.admin, body: indicator })).status).toBe(201);
    expect((await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'r1', unitId: 'u1', period: '2020' } })).status).toBe(201);
  });
  afterAll(() => app.close());

  it.each([
    ['"416.000" lượt người (a Vietnamese thousands separator)', '{"figures":[{"indicator":"mobilization_participants","value":"416.000"}]}', 'figures[0].value', 'send 416000'],
    ['"1.100" km at one decimal place', '{"figures":[{"indicator":"rural_road_km","value":"1.100"}]}', 'figures[0].value', 'send 1100'],
    ['"5.000.000"', '{"figures":[{"indicator":"rural_road_km","value":"1"},{"indicator":"mobilization_participants","value":"5.000.000"}]}', 'figures[1].value', 'must be'],
    ['"110.0" at scale 0 (zeros are still places)', '{"figures":[{"indicator":"mobilization_participants","value":"110.0"}]}', 'figures[0].value', 'has 1 decimal place'],
    ['the JSON number 1e-21', '{"figures":[{"indicator":"mobilization_participants","value":1e-21}]}', 'figures[0].value', '21 decimal places'],
    ['the JSON number 5e-324', '{"figures":[{"indicator":"mobilization_participants","value":5e-324}]}', 'figures[0].value', '324 decimal places'],
    ['the JSON number 36.245 at two places', '{"figures":[{"indicator":"poverty_rate_pct","value":36.245}]}', 'figures[0].value', '3 decimal places'],
  ])('400 for %s, naming the field and the likely cause; nothing appended', async (_, raw, field, hint) => {
    const before = await head();
    const res = await put(raw);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field, message: expect.stringContaining(hint) }]);
    expect(await head()).toBe(before);
  });

  it('records exactly the canonical decimal of what was sent (4.16e5 → 416000, 1e3 → 1000, "036.20" → 36.2)', async () => {
    const res = await put(
      '{"figures":[{"indicator":"mobilization_participants","value":4.16e5},{"indicator":"rural_road_km","value":1e3},{"indicator":"poverty_rate_pct","value":"036.20"}]}',
    );
    expect(res.status).toBe(200);
    const report = await app.http('GET', `/api/reports/r1?minPosition=${res.body.position}`, { token: t.rep });
    expect(report.body.figures).toEqual([
      { indicator: 'mobilization_participants', areaCode: null, value: '416000', note: null },
      { indicator: 'poverty_rate_pct', areaCode: null, value: '36.2', note: null },
      { indicator: 'rural_road_km', areaCode: null, value: '1000', note: null },
    ]);
    const trail = await app.http('GET', `/api/audit?reportId=r1&minPosition=${res.body.position}`, { token: t.admin });
    expect(trail.body.items.filter((i: { action: string }) => i.action === 'figure_recorded').map((i: { newValue: string }) => i.newValue).sort()).toEqual(['1000', '36.2', '416000']);
  });
});
