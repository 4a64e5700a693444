import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Approval levels from the unit tree, for reports filed under no program: the province sets the
 * district's levels (the district committee, then the province); a report of a commune below it
 * passes both, each by its own supervisors, with the rules program levels keep.
 *
 *   prov ─┬─ dist ── xa        levels on dist: [dist, prov]
 *         └─ other ── xb       no levels: one approval
 */
describe.each(READ_MODEL_BACKENDS)('approval levels from the unit tree (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  let n = 0;
  let levelsSet = '';
  const LEVELS = [{ unitId: 'dist', name: 'Ban Dân vận Huyện ủy' }, { unitId: 'prov', name: 'Ban Chỉ đạo tỉnh' }];

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('adm', ['admin']);
    t.rep = await app.token('rep-xa', ['reporter:xa']);
    t.repB = await app.token('rep-xb', ['reporter:xb']);
    t.dist = await app.token('sup-dist', ['supervisor:dist']);
    t.prov = await app.token('sup-prov', ['supervisor:prov']);
    t.other = await app.token('sup-other', ['supervisor:other']);
    t.both = await app.token('sup-both', ['supervisor:dist', 'supervisor:prov']);
    const ok = async (method: string, path: string, body: unknown, token = t.admin) => {
      const res = await app.http(method, path, { token, body });
      expect({ path, status: res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ path, status: res.status < 300 ? res.status : 200, body: undefined });
      return res.body;
    };
    await ok('POST', '/api/units', { id: 'prov', name: 'Ban Chỉ đạo tỉnh', kind: 'steering-committee' });
    await ok('POST', '/api/units', { id: 'dist', name: 'Ban Dân vận Huyện ủy', kind: 'party-committee', parentId: 'prov' });
    await ok('POST', '/api/units', { id: 'xa', name: 'Đảng ủy xã', kind: 'party-committee', parentId: 'dist' });
    await ok('POST', '/api/units', { id: 'other', name: 'Huyện khác', kind: 'party-committee', parentId: 'prov' });
    await ok('POST', '/api/units', { id: 'xb', name: 'Xã khác', kind: 'party-committee', parentId: 'other' });
    await ok('POST', '/api/indicators', { code: 'work_days', name: 'ngày công', unit: 'days', aggregation: 'sum', scale: 0 });
    levelsSet = (await ok('POST', '/api/units/dist/approval-levels', { levels: LEVELS }, t.prov)).position;
  }, 60000);
  afterAll(() => app.close());

  /** A fresh report of `unitId` under no program in a fresh month, submitted by its reporter. */
  async function submitted(unitId = 'xa', reporter = t.rep): Promise<{ id: string; period: string; position: string }> {
    const id = `${unitId}-${++n}`;
    const period = `${2024 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    expect((await app.http('POST', '/api/reports', { token: reporter, body: { id, unitId, period } })).status).toBe(201);
    expect((await app.http('PUT', `/api/reports/${id}/figures`, { token: reporter, body: { figures: [{ indicator: 'work_days', value: 10 }] } })).status).toBe(200);
    const res = await app.http('POST', `/api/reports/${id}/submit`, { token: reporter });
    expect(res.status).toBe(200);
    return { id, period, position: res.body.position };
  }
  const approve = (id: string, token: string) => app.http('POST', `/api/reports/${id}/approve`, { token, body: {} });
  const report = async (id: string, position: string) => (await app.http('GET', `/api/reports/${id}?minPosition=${position}`, { token: t.admin })).body;
  const queue = async (token: string, position: string) =>
    ((await app.http('GET', `/api/reports?status=submitted&awaiting=me&minPosition=${position}`, { token })).body.items as { id: string }[]).map((r) => r.id);
  const head = async () => (await app.eventHead()) as string;

  it('shows each unit\'s own levels and the ones its reports pass', async () => {
    const dist = await app.http('GET', `/api/units/dist?minPosition=${levelsSet}`, { token: t.rep });
    expect(dist.body).toMatchObject({ approvalLevels: LEVELS, effectiveApprovalLevels: { definedBy: 'dist', levels: LEVELS } });
    const xa = await app.http('GET', `/api/units/xa?minPosition=${levelsSet}`, { token: t.rep });
    expect(xa.body).toMatchObject({ approvalLevels: [], effectiveApprovalLevels: { definedBy: 'dist', levels: LEVELS } });
    const xb = (await app.http('GET', `/api/units?minPosition=${levelsSet}`, { token: t.rep })).body.items.find((u: { id: string }) => u.id === 'xb');
    expect(xb).toMatchObject({ approvalLevels: [], effectiveApprovalLevels: null });
  });

  it('refuses the district\'s own supervisor (who would drop the province), another district\'s, and a reporter: 403 problem+json, nothing appended', async () => {
    const before = await head();
    for (const [token, body] of [[t.dist, { levels: [] }], [t.dist, { levels: [LEVELS[0]] }], [t.other, { levels: LEVELS }], [t.rep, { levels: LEVELS }]] as const) {
      const res = await app.http('POST', '/api/units/dist/approval-levels', { token, body });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await head()).toBe(before);
  });

  it('answers bad levels with 4xx problem+json naming the field, nothing appended', async () => {
    const before = await head();
    const cases: [unknown, number, string][] = [
      [{ levels: [{ unitId: 'xa', name: 'Xã' }, { unitId: 'other', name: 'Huyện khác' }] }, 422, 'levels[1].unitId'],
      [{ levels: [{ unitId: 'prov', name: 'Tỉnh' }, { unitId: 'xa', name: 'Xã' }] }, 422, 'levels[1].unitId'],
      [{ levels: [{ unitId: 'xa', name: 'Xã' }, { unitId: 'nowhere', name: 'Không có' }] }, 422, 'levels[1].unitId'],
      [{ levels: [{ unitId: 'xa', name: '' }] }, 400, 'levels[0].name'],
      [{ levels: [{ unitId: 'xa', name: 'Xã' }, { unitId: 'xa', name: 'Xã' }] }, 400, 'levels[1].unitId'],
      [{ levels: 'xa' }, 400, 'levels'],
      [{ levels: [{ unitId: 'xa', name: 'Xã', extra: 1 }] }, 400, 'levels[0].extra'],
    ];
    for (const [body, status, field] of cases) {
      const res = await app.http('POST', '/api/units/xa/approval-levels', { token: t.admin, body });
      expect({ body, status: res.status, type: res.headers.get('content-type') }).toEqual({ body, status, type: expect.stringMatching(/^application\/problem\+json/) });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await app.http('POST', '/api/units/nowhere/approval-levels', { token: t.admin, body: { levels: [] } })).status).toBe(404);
    expect(await head()).toBe(before);
  });

  it('a report of the commune under no program is official only after both levels, each by its own supervisors', async () => {
    const { id, period, position } = await submitted();
    expect(await report(id, position)).toMatchObject({ programId: null, status: 'submitted', levels: ['dist', 'prov'], awaitingLevel: 0 });
    expect(await queue(t.dist, position)).toContain(id);
    expect(await queue(t.prov, position)).not.toContain(id);
    expect((await approve(id, t.prov)).status).toBe(403);
    const first = await approve(id, t.dist);
    expect(first.status).toBe(200);
    expect(await queue(t.dist, first.body.position)).not.toContain(id);
    expect(await queue(t.prov, first.body.position)).toContain(id);
    const totals = await app.http('GET', `/api/totals?unitId=xa&indicator=work_days&period=${period}&minPosition=${first.body.position}`, { token: t.admin });
    expect(totals.body.items).toEqual([expect.objectContaining({ approved: null, proposed: '10' })]);
    const last = await approve(id, t.prov);
    expect(last.status).toBe(200);
    expect(await report(id, last.body.position)).toMatchObject({ status: 'approved', approved: { approvedBy: 'sup-prov' } });
    const official = await app.http('GET', `/api/totals?unitId=xa&indicator=work_days&period=${period}&minPosition=${last.body.position}`, { token: t.admin });
    expect(official.body.items).toEqual([expect.objectContaining({ approved: '10' })]);
  });

  it('a report of a subtree without levels keeps one approval', async () => {
    const { id, position } = await submitted('xb', t.repB);
    expect(await report(id, position)).toMatchObject({ levels: [], awaitingLevel: null });
    expect(await queue(t.prov, position)).toContain(id);
    const res = await approve(id, t.other);
    expect(res.status).toBe(200);
    expect(await report(id, res.body.position)).toMatchObject({ status: 'approved' });
  });

  it('keeps segregation of duties across the levels, and a rejection at the second level returns the report to the first', async () => {
    const { id } = await submitted();
    expect((await approve(id, t.both)).status).toBe(200);
    const again = await approve(id, t.both);
    expect([again.status, again.body.detail]).toEqual([403, 'nobody approves the same version at two levels']);
    const rejected = await app.http('POST', `/api/reports/${id}/reject`, { token: t.prov, body: { reason: 'Chưa khớp số ngày công' } });
    expect(rejected.status).toBe(200);
    await app.http('PUT', `/api/reports/${id}/figures`, { token: t.rep, body: { figures: [{ indicator: 'work_days', value: 11 }], reason: 'Sửa theo ý kiến tỉnh' } });
    const resubmitted = await app.http('POST', `/api/reports/${id}/submit`, { token: t.rep });
    expect(await report(id, resubmitted.body.position)).toMatchObject({ status: 'submitted', levels: ['dist', 'prov'], awaitingLevel: 0, levelApprovals: [] });
  });

  it('race: both levels approve at once; the province counts only after the district, never twice', async () => {
    for (let i = 0; i < 3; i++) {
      const { id } = await submitted();
      const [dist, prov] = await Promise.all([approve(id, t.dist), approve(id, t.prov)]);
      expect(dist.status).toBe(200);
      const state = await report(id, (prov.status === 200 ? prov : dist).body.position);
      if (prov.status === 200) {
        expect(state).toMatchObject({ status: 'approved', levelApprovals: [] });
      } else {
        expect([403, 409]).toContain(prov.status);
        expect(state).toMatchObject({ status: 'submitted', awaitingLevel: 1, levelApprovals: [{ level: 0, by: 'sup-dist' }] });
      }
    }
  });

  it('a submission keeps the levels it was submitted with when the unit\'s levels change; the next one takes the new ones', async () => {
    const pending = await submitted();
    const cleared = await app.http('POST', '/api/units/dist/approval-levels', { token: t.prov, body: { levels: [] } });
    expect(cleared.status).toBe(200);
    expect(await report(pending.id, cleared.body.position)).toMatchObject({ levels: ['dist', 'prov'], awaitingLevel: 0 });
    const later = await submitted();
    expect(await report(later.id, later.position)).toMatchObject({ levels: [], awaitingLevel: null });
    // The pending one still passes both levels.
    const first = await approve(pending.id, t.dist);
    expect(await report(pending.id, first.body.position)).toMatchObject({ status: 'submitted', awaitingLevel: 1 });
    const restored = await app.http('POST', '/api/units/dist/approval-levels', { token: t.admin, body: { levels: LEVELS } });
    expect(restored.status).toBe(200);
  });
});
