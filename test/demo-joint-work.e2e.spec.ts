import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * The demo's joint activity in Ia Lốp (issue 11 item 5): the border guards and Đoàn KT-QP 737,
 * who share the commune (seed 000), both report one 2022 road activity (300 and 280 work-days);
 * the commune and the province count it once, at the border guards' figure, which came first.
 */
describe.each(READ_MODEL_BACKENDS)('the demo: joint work in Ia Lốp (read models: %s)', (readModels) => {
  let app: TestApp;
  let auditor: string;
  let head: string;
  const get = async (path: string) => (await app.http('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${head}`, { token: auditor })).body;

  beforeAll(async () => {
    app = await startApp({ readModels, demoData: true });
    auditor = await app.token('auditor-1', ['auditor']);
    head = (await app.eventHead()) as string;
  });
  afterAll(() => app.close());

  it('both reports name the activity and the partner', async () => {
    const figure = { indicator: 'work_days', areaCode: 'xa-ia-lop', note: expect.any(String), activityRef: 'ia-lop-2022-duong-lien-thon' };
    expect((await get('/api/reports/daklak-bdbp-2022')).approved.figures).toEqual([{ ...figure, value: '300', partners: ['doan737'] }]);
    expect((await get('/api/reports/doan737-2022')).approved.figures).toContainEqual({ ...figure, value: '280', partners: ['daklak-bdbp'] });
  });

  it('Ia Lốp counts the activity once (300, not 580); the province counts 300 + 50 of 737 in Ia R\'vê', async () => {
    expect((await get('/api/totals?areaCode=xa-ia-lop&period=2022')).items).toEqual([
      { areaCode: 'xa-ia-lop', period: '2022', indicator: 'work_days', approved: '300', proposed: '300', units: 1 },
    ]);
    const byArea = await get('/api/totals/breakdown?period=2022&indicator=work_days&by=area&areaCode=tinh-dak-lak');
    expect(byArea.items.filter((r: { approved: string | null }) => r.approved !== null).map((r: { key: string; approved: string }) => [r.key, r.approved]))
      .toEqual([['xa-ia-lop', '300'], ['xa-ia-rve', '50']]);
    expect(byArea.total.approved).toBe('350');
    expect((await get('/api/totals?unitId=daklak-bcd&includeDescendants=true&period=2022&indicator=work_days')).items.map((i: { approved: string }) => i.approved)).toEqual(['350']);
  });

  it("each unit's own totals show the activity apart as joint", async () => {
    const items = (await get('/api/totals?period=2022&indicator=work_days')).items.filter((i: { unitId: string }) => ['daklak-bdbp', 'doan737'].includes(i.unitId));
    expect(items).toEqual([
      { unitId: 'daklak-bdbp', period: '2022', indicator: 'work_days', approved: '300', proposed: '300', joint: { approved: '300', proposed: '300' } },
      { unitId: 'doan737', period: '2022', indicator: 'work_days', approved: '50', proposed: '50', joint: { approved: '280', proposed: '280' } },
    ]);
  });
});
