import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/** A report's history for whoever may read it: versions, figure diffs with notes and qualifiers, reasons, decisions. */
describe.each(READ_MODEL_BACKENDS)('report history and notes (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  let last = '';

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await app.http(method, path, { token, body });
    expect({ path, status: res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ path, status: res.status, body: undefined });
    if (res.body?.position) last = res.body.position;
    return res;
  };

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('adm', ['admin']);
    t.auditor = await app.token('aud', ['auditor']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    t.rep2 = await app.token('rep-2', ['reporter:u2']);
    t.sup = await app.token('sup-1', ['supervisor:top']);
    await call('POST', '/api/units', t.admin, { id: 'top', name: 'Top', kind: 'province' });
    await call('POST', '/api/units', t.admin, { id: 'u1', name: 'U1', kind: 'regiment', parentId: 'top' });
    await call('POST', '/api/units', t.admin, { id: 'u2', name: 'U2', kind: 'regiment', parentId: 'top' });
    await call('POST', '/api/indicators', t.admin, { code: 'work_days', name: 'ngày công', unit: 'days', aggregation: 'sum', scale: 0 });
    await call('POST', '/api/indicators', t.admin, { code: 'rural_road_km', name: 'km đường', unit: 'km', aggregation: 'sum', scale: 1 });

    await call('POST', '/api/reports', t.rep, { id: 'h1', unitId: 'u1', period: '2024' });
    await call('PUT', '/api/reports/h1/figures', t.rep, { figures: [
      { indicator: 'work_days', value: 10, note: 'theo sổ theo dõi' },
      { indicator: 'rural_road_km', value: '1.5', qualifier: 'about' },
    ] });
    await call('POST', '/api/reports/h1/submit', t.rep);
    await call('POST', '/api/reports/h1/reject', t.sup, { reason: 'Ghi rõ nguồn số km' });
    // Sending work_days again without a note keeps its note: nothing changes, nothing is appended.
    const again = await call('PUT', '/api/reports/h1/figures', t.rep, { figures: [{ indicator: 'work_days', value: 10 }], reason: 'gửi lại' });
    expect(again.body.revision).toBe(4);
    await call('PUT', '/api/reports/h1/figures', t.rep, { figures: [
      { indicator: 'rural_road_km', value: '1.5', qualifier: 'about', note: 'theo biên bản nghiệm thu' },
      { indicator: 'work_days', value: 12 },
    ], reason: 'Bổ sung nguồn, sửa ngày công' });
    await call('POST', '/api/reports/h1/submit', t.rep);
    await call('POST', '/api/reports/h1/approve', t.sup, { comment: 'Đạt' });
  }, 60000);
  afterAll(() => app.close());

  it('keeps a note when a value is sent again without one', async () => {
    const report = await app.http('GET', `/api/reports/h1?minPosition=${last}`, { token: t.rep });
    expect(report.body.figures).toEqual([
      { indicator: 'rural_road_km', areaCode: null, value: '1.5', note: 'theo biên bản nghiệm thu', qualifier: 'about' },
      { indicator: 'work_days', areaCode: null, value: '12', note: 'theo sổ theo dõi' },
    ]);
  });

  it('shows every submitted version with its figure diff, notes, qualifiers, reasons and decisions, who and when', async () => {
    const history = await app.http('GET', `/api/reports/h1/history?minPosition=${last}`, { token: t.sup });
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ reportId: 'h1', unitId: 'u1', programId: null, period: '2024' });
    const [v1, v2] = history.body.versions;
    expect(history.body.versions).toHaveLength(2);
    expect(v1).toMatchObject({ version: 1, submittedBy: 'rep-1' });
    expect(v1.changes).toEqual([
      expect.objectContaining({ indicator: 'work_days', action: 'figure_recorded', oldValue: null, newValue: '10', oldNote: null, note: 'theo sổ theo dõi', reasons: [], by: 'rep-1' }),
      expect.objectContaining({ indicator: 'rural_road_km', action: 'figure_recorded', oldValue: null, newValue: '1.5', oldQualifier: null, newQualifier: 'about' }),
    ]);
    expect(v1.decisions).toEqual([expect.objectContaining({ action: 'rejected', by: 'sup-1', reason: 'Ghi rõ nguồn số km', comment: null })]);
    expect(v2.changes).toEqual([
      expect.objectContaining({ indicator: 'rural_road_km', action: 'note_changed', oldValue: '1.5', newValue: '1.5', oldNote: null, note: 'theo biên bản nghiệm thu', reasons: ['Bổ sung nguồn, sửa ngày công'] }),
      expect.objectContaining({ indicator: 'work_days', action: 'figure_corrected', oldValue: '10', newValue: '12', oldNote: 'theo sổ theo dõi', note: 'theo sổ theo dõi' }),
    ]);
    expect(v2.decisions).toEqual([expect.objectContaining({ action: 'approved', by: 'sup-1', comment: 'Đạt' })]);
  });

  it('is readable by the report\'s reporters, supervisors in scope and auditors; 404 to anyone else', async () => {
    for (const token of [t.rep, t.sup, t.auditor, t.admin]) expect((await app.http('GET', `/api/reports/h1/history?minPosition=${last}`, { token })).status).toBe(200);
    expect((await app.http('GET', '/api/reports/h1/history', { token: t.rep2 })).status).toBe(404);
    expect((await app.http('GET', '/api/reports/none/history', { token: t.sup })).status).toBe(404);
  });

  it('records a note-only change as note_changed in the audit trail, and "note": null removes the note', async () => {
    await call('POST', '/api/reports', t.rep, { id: 'h2', unitId: 'u1', period: '2025' });
    await call('PUT', '/api/reports/h2/figures', t.rep, { figures: [{ indicator: 'work_days', value: 5, note: 'ước tính' }] });
    await call('PUT', '/api/reports/h2/figures', t.rep, { figures: [{ indicator: 'work_days', value: 5, note: null }] });
    const audit = await app.http('GET', `/api/audit?reportId=h2&minPosition=${last}`, { token: t.auditor });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'figure_recorded', 'note_changed']);
    expect(audit.body.items[1]).toMatchObject({ note: 'ước tính', newValue: '5' });
    expect(audit.body.items[2]).toMatchObject({ oldValue: '5', newValue: '5', oldNote: 'ước tính', note: null });
    const report = await app.http('GET', `/api/reports/h2?minPosition=${last}`, { token: t.rep });
    expect(report.body.figures[0].note).toBeNull();
  });
});
