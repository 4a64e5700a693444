import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Consolidated reports (seed 000: the steering committee's 2020 report, 540 houses, already sums
 * the armed forces' work): totals never count both it and the reports it covers.
 *
 *   bcd (steering) ─┬─ td66    2020: 20 houses
 *                   ├─ bchqs   2020: 15 houses
 *                   └─ ld198   files late, after the consolidated report was approved
 */
describe.each(READ_MODEL_BACKENDS)('consolidated reports (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;
  const ok = async (method: string, path: string, body: unknown, token: string) => {
    const res = await app.http(method, path, { token, body });
    expect({ path, status: res.status < 300 ? 'ok' : res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ path, status: 'ok', body: undefined });
    return res.body as { id: string; position: string };
  };
  const file = async (id: string, unitId: string, period: string, houses: number, extra: object = {}) => {
    await ok('POST', '/api/reports', { id, unitId, period, ...extra }, t[unitId]);
    await ok('PUT', `/api/reports/${id}/figures`, { figures: [{ indicator: 'houses_supported', value: houses }] }, t[unitId]);
    return ok('POST', `/api/reports/${id}/submit`, {}, t[unitId]);
  };
  const houses = async (path: string, position: string) => (await app.http('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`, { token: t.admin })).body;

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('adm', ['admin']);
    t.sup = await app.token('sup-prov', ['supervisor:prov']);
    for (const u of ['bcd', 'td66', 'bchqs', 'ld198']) t[u] = await app.token(`rep-${u}`, [`reporter:${u}`]);
    await ok('POST', '/api/units', { id: 'prov', name: 'Tỉnh', kind: 'province' }, t.admin);
    await ok('POST', '/api/units', { id: 'bcd', name: 'Ban Chỉ đạo', kind: 'steering-committee', parentId: 'prov' }, t.admin);
    for (const u of ['td66', 'bchqs', 'ld198']) await ok('POST', '/api/units', { id: u, name: u, kind: 'regiment', parentId: 'bcd' }, t.admin);
    await ok('POST', '/api/indicators', { code: 'houses_supported', name: 'nhà ở hỗ trợ xây dựng', unit: 'houses', aggregation: 'sum', scale: 0 }, t.admin);
    await file('td66-2020', 'td66', '2020', 20);
    await file('bchqs-2020', 'bchqs', '2020', 15);
    for (const id of ['td66-2020', 'bchqs-2020']) await ok('POST', `/api/reports/${id}/approve`, {}, t.sup);
  }, 90000);
  afterAll(() => app.close());

  it('while the consolidated report awaits approval, the proposed totals count it instead of the covered reports; the official ones do not yet', async () => {
    const submitted = await file('bcd-2020', 'bcd', '2020', 540, { consolidates: true });
    const summary = await houses('/api/summaries/2020', submitted.position);
    // Units with a value: the covered reports still have official ones.
    expect(summary.indicators).toEqual([{ indicator: 'houses_supported', approved: '35', proposed: '540', units: 3 }]);
  });

  it('once approved, every total over the subtree counts the consolidated 540, never 540 + 35', async () => {
    const approved = await ok('POST', '/api/reports/bcd-2020/approve', {}, t.sup);
    const report = await houses('/api/reports/bcd-2020', approved.position);
    expect(report.consolidates).toEqual(['td66', 'bchqs', 'ld198']);
    expect((await houses('/api/summaries/2020', approved.position)).indicators).toEqual([{ indicator: 'houses_supported', approved: '540', proposed: '540', units: 1 }]);
    expect((await houses('/api/totals?unitId=prov&includeDescendants=true&period=2020', approved.position)).items)
      .toEqual([{ unitId: 'prov', period: '2020', indicator: 'houses_supported', approved: '540', proposed: '540' }]);
    // A breakdown by unit shows each covered report as included in the consolidated one, outside the total.
    const breakdown = await houses('/api/totals/breakdown?by=unit&unitId=bcd&period=2020&indicator=houses_supported', approved.position);
    expect(breakdown.total).toEqual({ approved: '540', proposed: '540' });
    expect(breakdown.items).toEqual([
      { key: 'bcd', name: 'Ban Chỉ đạo', approved: '540', proposed: '540' },
      { key: 'bchqs', name: 'bchqs', approved: null, proposed: null, included: { approved: '15', proposed: '15', in: ['bcd-2020'] } },
      { key: 'ld198', name: 'ld198', approved: null, proposed: null },
      { key: 'td66', name: 'td66', approved: null, proposed: null, included: { approved: '20', proposed: '20', in: ['bcd-2020'] } },
    ]);
  });

  it('a covered report filed after the approval needs a reason (400, nothing appended), and does not change the consolidated totals', async () => {
    const before = await head();
    const refused = await app.http('POST', '/api/reports', { token: t.ld198, body: { id: 'ld198-2020', unitId: 'ld198', period: '2020' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'reason', message: 'is required: the approved consolidated report bcd-2020 already covers it' }]);
    expect(await head()).toBe(before);
    const submitted = await file('ld198-2020', 'ld198', '2020', 5, { reason: 'Báo cáo của Lữ đoàn 198 nộp sau tổng hợp' });
    const approved = await ok('POST', '/api/reports/ld198-2020/approve', {}, t.sup);
    expect(submitted.position).toBeTruthy();
    expect((await houses('/api/summaries/2020', approved.position)).indicators).toEqual([{ indicator: 'houses_supported', approved: '540', proposed: '540', units: 1 }]);
    // The unit's own report still reads as filed.
    expect((await houses('/api/reports/ld198-2020', approved.position)).approved.figures).toEqual([{ indicator: 'houses_supported', areaCode: null, value: '5', note: null }]);
  });
});
