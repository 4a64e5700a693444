import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/** The boundary map over HTTP: a merge whose figures then count under the successor exactly once; bad input; unit trees. */
describe.each(READ_MODEL_BACKENDS)('areas, merges and roll-ups over HTTP (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;
  const change = { effectiveFrom: '2025-07-01', reason: 'Sắp xếp đơn vị hành chính cấp xã' };

  async function post(path: string, body: unknown, token = t.admin, status = 201) {
    const res = await app.http('POST', path, { token, body });
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status });
    return res.body as { id: string; revision: number; position: string };
  }

  async function approvedReport(id: string, unitId: string, figures: unknown[], reporter: string, supervisor: string, programId?: string) {
    await post('/api/reports', { id, unitId, period: '2021', programId }, reporter);
    await app.http('PUT', `/api/reports/${id}/figures`, { token: reporter, body: { figures } }).then((r) => expect(r.status).toBe(200));
    await post(`/api/reports/${id}/submit`, undefined, reporter, 200);
    return post(`/api/reports/${id}/approve`, {}, supervisor, 200);
  }

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('admin', ['admin']);
    t.auditor = await app.token('aud', ['auditor']);
    t.bdbp = await app.token('rep-bdbp', ['reporter:bdbp']);
    t.d737 = await app.token('rep-737', ['reporter:d737']);
    t.bcd = await app.token('sup-bcd', ['supervisor:bcd']);
    t.qk5 = await app.token('sup-qk5', ['supervisor:qk5']);
    t.supBdbp = await app.token('sup-bdbp', ['supervisor:bdbp']);
    t.reader = await app.token('reader', ['reporter:bdbp']);

    // The steering committee and the units are in separate trees: only the program links them.
    for (const unit of [
      { id: 'bcd', name: 'Ban Chỉ đạo', kind: 'steering-committee' },
      { id: 'qk5', name: 'Quân khu 5', kind: 'military-region' },
      { id: 'bdbp', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh', kind: 'border-guard', parentId: 'qk5' },
      { id: 'd737', name: 'Đoàn Kinh tế - Quốc phòng 737', kind: 'economic-defence-group', parentId: 'qk5' },
    ]) await post('/api/units', unit);
    await post('/api/indicators', { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 });
    for (const area of [
      { code: 'tinh', name: 'Đắk Lắk', level: 'province' },
      { code: 'huyen-ea-sup', name: 'Ea Súp', level: 'district', parentCode: 'tinh' },
      { code: 'xa-ia-lop', name: 'Ia Lốp', level: 'commune', parentCode: 'huyen-ea-sup' },
      { code: 'xa-ia-rve', name: "Ia R'vê", level: 'commune', parentCode: 'huyen-ea-sup' },
      { code: 'xa-ea-bung', name: 'Ea Bung', level: 'commune', parentCode: 'huyen-ea-sup' },
    ]) await post('/api/areas', area);
    await post('/api/programs', { id: 'p2021', name: 'Chương trình 2021', parties: ['bdbp', 'd737'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', deadlineDays: 15 }] });
    for (const [unitId, areaCode] of [['bdbp', 'xa-ia-lop'], ['bdbp', 'xa-ia-rve'], ['bdbp', 'xa-ea-bung'], ['d737', 'xa-ia-lop'], ['d737', 'xa-ia-rve']]) {
      const res = await post('/api/assignments', { programId: 'p2021', unitId, areaCode, year: 2021, decisionRef: 'HN 19/01/2021', decidedAt: '2021-01-19' }, t.bcd);
      expect(res.id).toMatch(/^p2021~[0-9a-f]{12}$/);
    }
  });
  afterAll(() => app.close());

  it('the steering committee approves a report filed under its program, though the unit is outside its tree', async () => {
    const approved = await approvedReport('bdbp-2021', 'bdbp', [
      { indicator: 'work_days', value: 10, areaCode: 'xa-ia-lop' }, { indicator: 'work_days', value: 20, areaCode: 'xa-ia-rve' }, { indicator: 'work_days', value: 5, areaCode: 'xa-ea-bung' },
    ], t.bdbp, t.bcd, 'p2021');
    const last = await approvedReport('d737-2021', 'd737', [{ indicator: 'work_days', value: 100, areaCode: 'xa-ia-lop' }, { indicator: 'work_days', value: 200, areaCode: 'xa-ia-rve' }], t.d737, t.qk5, 'p2021');
    expect((await app.http('GET', `/api/reports/bdbp-2021?minPosition=${approved.position}`, { token: t.bcd })).status).toBe(200);
    // Every read after a command waits for that command's position (the read models follow the log).
    const queue = await app.http('GET', `/api/reports?programId=p2021&minPosition=${last.position}`, { token: t.bcd });
    expect(queue.body.items.map((r: { id: string }) => r.id).sort()).toEqual(['bdbp-2021', 'd737-2021']);

    // Outside a program, the steering committee has no say over the unit.
    await post('/api/reports', { id: 'bdbp-free', unitId: 'bdbp', period: '2022' }, t.bdbp);
    await app.http('PUT', '/api/reports/bdbp-free/figures', { token: t.bdbp, body: { figures: [{ indicator: 'work_days', value: 1 }] } });
    const free = await post('/api/reports/bdbp-free/submit', undefined, t.bdbp, 200);
    // Out of its sight: the command answers 404, as reading does.
    expect((await app.http('POST', '/api/reports/bdbp-free/approve', { token: t.bcd, body: {} })).status).toBe(404);
    // Projected (the unit's supervisor sees it), yet hidden from the steering committee.
    expect((await app.http('GET', `/api/reports/bdbp-free?minPosition=${free.position}`, { token: t.supBdbp })).status).toBe(200);
    expect((await app.http('GET', '/api/reports/bdbp-free', { token: t.bcd })).status).toBe(404);
  });

  it('a merge of two communes: their figures appear under the successor exactly once, and the province total is unchanged', async () => {
    const before = await app.http('GET', `/api/totals?areaCode=tinh&period=2021&minPosition=${await head()}`, { token: t.auditor });
    expect(before.body.items).toEqual([{ areaCode: 'tinh', period: '2021', indicator: 'work_days', approved: '335', proposed: '335', units: 2 }]);

    const merged = await post('/api/areas/merge', { ...change, sourceCodes: ['xa-ia-lop', 'xa-ia-rve'], successor: { code: 'xa-ia-rve-2025', name: 'Ia Rvê' } }, t.admin, 200);
    expect(merged.id).toBe('xa-ia-rve-2025');
    const successor = await app.http('GET', `/api/totals?areaCode=xa-ia-rve-2025&period=2021&minPosition=${merged.position}`, { token: t.auditor });
    expect(successor.body.items).toEqual([{ areaCode: 'xa-ia-rve-2025', period: '2021', indicator: 'work_days', approved: '330', proposed: '330', units: 2 }]);
    const province = await app.http('GET', '/api/totals?areaCode=tinh&period=2021', { token: t.auditor });
    expect(province.body.items).toEqual(before.body.items);
    const scoped = await app.http('GET', '/api/totals?areaCode=xa-ia-rve-2025&period=2021', { token: t.d737 });
    expect(scoped.body.items.map((i: { approved: string }) => i.approved)).toEqual(['300']);

    // A second merge makes a chain: Ea Bung and the 2025 commune into one.
    const chained = await post('/api/areas/merge', { ...change, sourceCodes: ['xa-ia-rve-2025', 'xa-ea-bung'], successor: { code: 'xa-ea-sup', name: 'Ea Súp', parentCode: 'tinh' } }, t.admin, 200);
    const last = await app.http('GET', `/api/totals?areaCode=xa-ea-sup&period=2021&minPosition=${chained.position}`, { token: t.auditor });
    expect(last.body.items).toEqual([{ areaCode: 'xa-ea-sup', period: '2021', indicator: 'work_days', approved: '335', proposed: '335', units: 2 }]);
    expect((await app.http('GET', '/api/totals?areaCode=tinh&period=2021', { token: t.auditor })).body.items[0].approved).toBe('335');
    const summary = await app.http('GET', '/api/summaries/2021?areaCode=xa-ea-sup&programId=p2021', { token: t.auditor });
    expect(summary.body).toMatchObject({ areaCode: 'xa-ea-sup', indicators: [{ indicator: 'work_days', approved: '335', units: 2 }] });

    const area = await app.http('GET', '/api/areas/xa-ia-rve-2025', { token: t.reader });
    expect(area.body).toMatchObject({
      status: 'retired', successorCode: 'xa-ea-sup', retiredFrom: '2025-07-01',
      predecessors: [{ code: 'xa-ia-lop', name: 'Ia Lốp', status: 'retired' }, { code: 'xa-ia-rve', name: "Ia R'vê", status: 'retired' }],
      successors: [{ code: 'xa-ea-sup', name: 'Ea Súp', status: 'active' }],
    });
    const history = await app.http('GET', '/api/areas/xa-ea-sup/assignments', { token: t.reader });
    expect(history.body.items).toHaveLength(5);

    // Codes are never reused, and a retired commune cannot be assigned any more.
    expect((await app.http('POST', '/api/areas', { token: t.admin, body: { code: 'xa-ia-lop', name: 'Ia Lốp', level: 'commune', parentCode: 'tinh' } })).status).toBe(409);
    const retired = await app.http('POST', '/api/assignments', { token: t.bcd, body: { programId: 'p2021', unitId: 'bdbp', areaCode: 'xa-ia-rve', year: 2021 } });
    expect(retired.status).toBe(422);
    expect(retired.body.errors).toEqual([expect.objectContaining({ field: 'areaCode' })]);
  });

  it('finds areas by name whatever the diacritics and case', async () => {
    const res = await app.http('GET', `/api/areas?q=${encodeURIComponent('IA RVE')}&minPosition=${await head()}`, { token: t.reader });
    expect(res.body.items.map((a: { code: string }) => a.code)).toEqual(['xa-ia-rve', 'xa-ia-rve-2025']);
    expect((await app.http('GET', `/api/areas?q=${encodeURIComponent('ea súp')}&status=active`, { token: t.reader })).body.items.map((a: { code: string }) => a.code)).toEqual(['huyen-ea-sup', 'xa-ea-sup']);
    expect((await app.http('GET', '/api/areas?level=hamlet', { token: t.reader })).status).toBe(400);
  });

  describe('bad input changes nothing', () => {
    it.each([
      ['a merge without a reason', '/api/areas/merge', { effectiveFrom: '2025-07-01', sourceCodes: ['huyen-ea-sup'], successor: { code: 'x' } }, 400, 'reason'],
      ['a malformed effective date', '/api/areas/huyen-ea-sup/rename', { name: 'x', effectiveFrom: '01/07/2025', reason: 'r' }, 400, 'effectiveFrom'],
      ['an impossible effective date', '/api/areas/huyen-ea-sup/rename', { name: 'x', effectiveFrom: '2025-02-30', reason: 'r' }, 400, 'effectiveFrom'],
      ['an unknown level', '/api/areas', { code: 'x', name: 'x', level: 'hamlet' }, 400, 'level'],
      ['an unknown parent', '/api/areas', { code: 'x', name: 'x', level: 'commune', parentCode: 'khong-co' }, 422, 'parentCode'],
      ['a district under a commune', '/api/areas', { code: 'x', name: 'x', level: 'district', parentCode: 'xa-ea-sup' }, 422, 'parentCode'],
      ['an unknown merge source', '/api/areas/merge', { ...change, sourceCodes: ['xa-ea-sup', 'khong-co'], successor: { code: 'y', name: 'y' } }, 422, 'sourceCodes[1]'],
      ['a new successor without a name', '/api/areas/merge', { ...change, sourceCodes: ['xa-ea-sup'], successor: { code: 'y' } }, 400, 'successor.name'],
      ['a split whose default successor is not a part', '/api/areas/xa-ea-sup/split', { ...change, parts: [{ code: 'a', name: 'A' }, { code: 'b', name: 'B' }], defaultSuccessorCode: 'c' }, 400, 'defaultSuccessorCode'],
      ['a program phase that ends before it starts', '/api/programs', { id: 'bad', name: 'x', parties: ['bdbp'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2017, calendar: [{ periodType: 'year', deadlineDays: 1 }] }, 400, 'toYear'],
      ['a program with an unknown party', '/api/programs', { id: 'bad', name: 'x', parties: ['khong-co'], steeringUnitId: 'bcd', fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', deadlineDays: 1 }] }, 422, 'parties[0]'],
      ['an assignment outside the phase', '/api/assignments', { programId: 'p2021', unitId: 'bdbp', areaCode: 'xa-ea-sup', year: 2022 }, 422, 'year'],
      ['an assignment of an unknown unit', '/api/assignments', { programId: 'p2021', unitId: 'khong-co', areaCode: 'xa-ea-sup', year: 2021 }, 422, 'unitId'],
      ['an assignment under an unknown program', '/api/assignments', { programId: 'khong-co', unitId: 'bdbp', areaCode: 'xa-ea-sup', year: 2021 }, 422, 'programId'],
      ['an operator as a value', '/api/assignments', { programId: 'p2021', unitId: { $ne: 'x' }, areaCode: 'xa-ea-sup', year: 2021 }, 400, 'unitId'],
    ])('%s: %s naming the field, as problem+json, nothing appended', async (_, path, body, status, field) => {
      const before = await head();
      const res = await app.http('POST', path, { token: path.startsWith('/api/assignments') ? t.bcd : t.admin, body });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // The field itself, or (for an operator smuggled in as a value) a path inside it.
      expect(res.body.errors.some((e: { field: string }) => e.field === field || e.field.startsWith(`${field}.`))).toBe(true);
      expect(await head()).toBe(before);
    });

    it('403 for a non-admin changing the map, 404 for an unknown area, 409 for a retired one', async () => {
      const before = await head();
      expect((await app.http('POST', '/api/areas/huyen-ea-sup/rename', { token: t.bcd, body: { name: 'x', ...change } })).status).toBe(403);
      expect((await app.http('POST', '/api/areas/khong-co/rename', { token: t.admin, body: { name: 'x', ...change } })).status).toBe(404);
      expect((await app.http('POST', '/api/areas/xa-ia-lop/rename', { token: t.admin, body: { name: 'x', ...change } })).status).toBe(409);
      expect((await app.http('POST', '/api/assignments', { token: t.bdbp, body: { programId: 'p2021', unitId: 'bdbp', areaCode: 'xa-ea-sup', year: 2021 } })).status).toBe(403);
      expect(await head()).toBe(before);
    });
  });

  describe('unit trees', () => {
    it('sums a unit\'s subtree with includeDescendants, and a successor\'s history includes its predecessor', async () => {
      const mine = await app.http('GET', `/api/totals?unitId=qk5&period=2021&minPosition=${await head()}`, { token: t.qk5 });
      expect(mine.body.items).toEqual([]);
      const tree = await app.http('GET', '/api/totals?unitId=qk5&period=2021&includeDescendants=true', { token: t.qk5 });
      expect(tree.body.items).toEqual([{ unitId: 'qk5', period: '2021', indicator: 'work_days', approved: '335', proposed: '335' }]);

      expect((await app.http('GET', '/api/reports/d737-2021', { token: t.supBdbp })).status).toBe(404);
      const succeeded = await post('/api/units/d737/succeed', { successorId: 'bdbp', effectiveFrom: '2025-07-01', reason: 'Hợp nhất' }, t.admin, 200);
      const successor = await app.http('GET', `/api/totals?unitId=bdbp&period=2021&minPosition=${succeeded.position}`, { token: t.bdbp });
      expect(successor.body.items).toEqual([{ unitId: 'bdbp', period: '2021', indicator: 'work_days', approved: '335', proposed: '335' }]);
      expect((await app.http('POST', '/api/units/d737/rename', { token: t.admin, body: { name: 'x' } })).status).toBe(409);

      // After the merger the predecessor files only late reports for periods that ended before it.
      const before = await head();
      const afterMerger = await app.http('POST', '/api/reports', { token: t.d737, body: { unitId: 'd737', period: '2025-H2' } });
      expect(afterMerger.status).toBe(409);
      expect(afterMerger.body.detail).toContain('bdbp');
      expect(await head()).toBe(before);
      expect((await app.http('POST', '/api/reports', { token: t.d737, body: { unitId: 'd737', period: '2025-H1', id: 'd737-late' } })).status).toBe(201);

      // The successor's supervisors now answer for the predecessor's history, late reports included.
      expect((await app.http('GET', '/api/reports/d737-2021', { token: t.supBdbp })).status).toBe(200);
      await app.http('PUT', '/api/reports/d737-late/figures', { token: t.d737, body: { figures: [{ indicator: 'work_days', value: 4 }] } });
      const submitted = await app.http('POST', '/api/reports/d737-late/submit', { token: t.d737 });
      const queue = await app.http('GET', `/api/reports?status=submitted&minPosition=${submitted.body.position}`, { token: t.supBdbp });
      expect(queue.body.items.map((r: { id: string }) => r.id)).toContain('d737-late');
      expect((await app.http('POST', '/api/reports/d737-late/approve', { token: t.supBdbp, body: {} })).status).toBe(200);
    });

    it('renames and moves a unit, refusing a move under its own descendant (422 parentId)', async () => {
      await post('/api/units/bdbp/rename', { name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đắk Lắk' }, t.admin, 200);
      const moved = await post('/api/units/bdbp/move', { parentId: 'bcd' }, t.admin, 200);
      const unit = await app.http('GET', `/api/units/bdbp?minPosition=${moved.position}`, { token: t.reader });
      expect(unit.body).toMatchObject({ name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đắk Lắk', parentId: 'bcd' });
      const before = await head();
      const cycle = await app.http('POST', '/api/units/bcd/move', { token: t.admin, body: { parentId: 'bdbp' } });
      expect(cycle.status).toBe(422);
      expect(cycle.body.errors).toEqual([expect.objectContaining({ field: 'parentId' })]);
      expect(await head()).toBe(before);
    });
  });
});
