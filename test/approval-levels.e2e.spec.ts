import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Approval levels (a district committee, then the province's steering committee): official only
 * after the last level, segregation of duties across levels, a queue per level, and races.
 *
 *   prov (steering) ── dist ── xa      levels: [dist, prov]
 */
describe.each(READ_MODEL_BACKENDS)('approval levels (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  let n = 0;
  let levelsSet = '';

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('adm', ['admin']);
    t.rep = await app.token('rep-xa', ['reporter:xa']);
    t.dist = await app.token('sup-dist', ['supervisor:dist']);
    t.dist2 = await app.token('sup-dist-2', ['supervisor:dist']);
    t.prov = await app.token('sup-prov', ['supervisor:prov']);
    t.prov2 = await app.token('sup-prov-2', ['supervisor:prov']);
    /** Supervises both levels: may approve at either, never at both for one version. */
    t.both = await app.token('sup-both', ['supervisor:dist', 'supervisor:prov']);
    /** Reports for the commune and supervises the district: never approves a version they recorded. */
    t.repSup = await app.token('rep-sup', ['reporter:xa', 'supervisor:dist']);
    const ok = async (method: string, path: string, body: unknown, token = t.admin) => {
      const res = await app.http(method, path, { token, body });
      expect({ path, status: res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ path, status: res.status < 300 ? res.status : 200, body: undefined });
      return res.body;
    };
    await ok('POST', '/api/units', { id: 'prov', name: 'Ban Chỉ đạo tỉnh', kind: 'steering-committee' });
    await ok('POST', '/api/units', { id: 'dist', name: 'Ban Dân vận Huyện ủy', kind: 'party-committee', parentId: 'prov' });
    await ok('POST', '/api/units', { id: 'xa', name: 'Đảng ủy xã', kind: 'party-committee', parentId: 'dist' });
    await ok('POST', '/api/indicators', { code: 'work_days', name: 'ngày công', unit: 'days', aggregation: 'sum', scale: 0 });
    await ok('POST', '/api/programs', {
      id: 'p2', name: 'Hai cấp', parties: ['dist'], steeringUnitId: 'prov', fromYear: 2024, toYear: 2030, calendar: [{ periodType: 'month', deadlineDays: 15 }],
    });
    levelsSet = (await ok('POST', '/api/programs/p2/approval-levels', { levels: [{ unitId: 'dist', name: 'Ban Dân vận Huyện ủy' }, { unitId: 'prov', name: 'Ban Chỉ đạo tỉnh' }] }, t.prov)).position;
  }, 60000);
  afterAll(() => app.close());

  /** A fresh report under p2 in a fresh month, recorded by `recorder`, submitted by the reporter. */
  async function submitted(recorder = t.rep, submitter = t.rep): Promise<{ id: string; position: string }> {
    const id = `xa-${++n}`;
    const period = `${2024 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    expect((await app.http('POST', '/api/reports', { token: t.rep, body: { id, unitId: 'xa', period, programId: 'p2' } })).status).toBe(201);
    expect((await app.http('PUT', `/api/reports/${id}/figures`, { token: recorder, body: { figures: [{ indicator: 'work_days', value: 10 }] } })).status).toBe(200);
    const res = await app.http('POST', `/api/reports/${id}/submit`, { token: submitter });
    expect(res.status).toBe(200);
    return { id, position: res.body.position };
  }
  const approve = (id: string, token: string, comment?: string) => app.http('POST', `/api/reports/${id}/approve`, { token, body: comment ? { comment } : {} });
  const report = async (id: string, position: string) => (await app.http('GET', `/api/reports/${id}?minPosition=${position}`, { token: t.admin })).body;
  const queue = async (token: string, position: string) =>
    ((await app.http('GET', `/api/reports?status=submitted&awaiting=me&minPosition=${position}`, { token })).body.items as { id: string }[]).map((r) => r.id);

  it('shows the program\'s levels', async () => {
    const program = await app.http('GET', `/api/programs/p2?minPosition=${levelsSet}`, { token: t.rep });
    expect(program.body.approvalLevels).toEqual([{ unitId: 'dist', name: 'Ban Dân vận Huyện ủy' }, { unitId: 'prov', name: 'Ban Chỉ đạo tỉnh' }]);
  });

  it('is official only after the last level: the district approves, the totals stay unofficial, then the province approves', async () => {
    const { id, position } = await submitted();
    expect(await report(id, position)).toMatchObject({ status: 'submitted', levels: ['dist', 'prov'], levelApprovals: [], awaitingLevel: 0 });
    // The province cannot approve before the district (its level is not pending).
    expect((await approve(id, t.prov)).status).toBe(403);
    const first = await approve(id, t.dist, 'Huyện đã thẩm định');
    expect(first.status).toBe(200);
    const afterFirst = await report(id, first.body.position);
    expect(afterFirst).toMatchObject({ status: 'submitted', awaitingLevel: 1, approved: null, levelApprovals: [{ level: 0, unitId: 'dist', by: 'sup-dist', comment: 'Huyện đã thẩm định' }] });
    const totals = await app.http('GET', `/api/totals?unitId=xa&indicator=work_days&period=${afterFirst.period}&minPosition=${first.body.position}`, { token: t.admin });
    expect(totals.body.items).toEqual([expect.objectContaining({ approved: null, proposed: '10' })]);
    const last = await approve(id, t.prov);
    expect(last.status).toBe(200);
    expect(await report(id, last.body.position)).toMatchObject({ status: 'approved', awaitingLevel: null, approved: { approvedBy: 'sup-prov' } });
    const official = await app.http('GET', `/api/totals?unitId=xa&indicator=work_days&period=${afterFirst.period}&minPosition=${last.body.position}`, { token: t.admin });
    expect(official.body.items).toEqual([expect.objectContaining({ approved: '10' })]);
    const audit = await app.http('GET', `/api/audit?reportId=${id}&minPosition=${last.body.position}`, { token: t.admin });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'figure_recorded', 'submitted', 'level_approved', 'approved']);
  });

  it('answers the queue per level (awaiting=me)', async () => {
    const { id, position } = await submitted();
    expect(await queue(t.dist, position)).toContain(id);
    expect(await queue(t.prov, position)).not.toContain(id);
    const first = await approve(id, t.dist);
    expect(await queue(t.dist, first.body.position)).not.toContain(id);
    expect(await queue(t.prov, first.body.position)).toContain(id);
    expect(await queue(t.rep, first.body.position)).toEqual([]);
    const bad = await app.http('GET', '/api/reports?status=approved&awaiting=me', { token: t.prov });
    expect(bad.status).toBe(400);
  });

  it('keeps segregation of duties across levels: nobody approves one version at two levels', async () => {
    const { id } = await submitted();
    expect((await approve(id, t.both)).status).toBe(200);
    const again = await approve(id, t.both);
    expect(again.status).toBe(403);
    expect(again.body.detail).toBe('nobody approves the same version at two levels');
    expect(await queue(t.both, (await approve(id, t.prov)).body.position)).not.toContain(id);
  });

  it('refuses an approval by whoever recorded figures in the version, or submitted it', async () => {
    const recorded = await submitted(t.repSup);
    const res = await approve(recorded.id, t.repSup);
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('nobody approves a version in which they recorded figures');
    expect(await queue(t.repSup, recorded.position)).toContain(recorded.id); // recorded, but the queue does not know: the command decides
    const bySubmitter = await submitted(t.rep, t.repSup);
    expect((await approve(bySubmitter.id, t.repSup)).body.detail).toBe('nobody approves a version they submitted');
  });

  it('returns the report to the reporter when a level rejects, and starts again at the first level', async () => {
    const { id } = await submitted();
    await approve(id, t.dist);
    const rejected = await app.http('POST', `/api/reports/${id}/reject`, { token: t.prov, body: { reason: 'Số liệu ngày công chưa khớp' } });
    expect(rejected.status).toBe(200);
    expect(await report(id, rejected.body.position)).toMatchObject({ status: 'rejected', levelApprovals: [], awaitingLevel: null });
    await app.http('PUT', `/api/reports/${id}/figures`, { token: t.rep, body: { figures: [{ indicator: 'work_days', value: 11 }], reason: 'Sửa theo ý kiến tỉnh' } });
    const again = await app.http('POST', `/api/reports/${id}/submit`, { token: t.rep });
    expect(await report(id, again.body.position)).toMatchObject({ status: 'submitted', awaitingLevel: 0, levelApprovals: [] });
    expect((await approve(id, t.prov)).status).toBe(403);
  });

  it('race: two supervisors of one level approve at once, exactly one approval is recorded', async () => {
    const { id } = await submitted();
    const answers = await Promise.all([approve(id, t.dist), approve(id, t.dist2)]);
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    // The loser lost the race (409) or came second and is not a supervisor of the next level (403).
    expect([403, 409]).toContain(answers.find((a) => a.status !== 200)!.status);
    const state = await report(id, winners[0].body.position);
    expect(state).toMatchObject({ status: 'submitted', awaitingLevel: 1 });
    expect(state.levelApprovals).toHaveLength(1);
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
        // Not yet its turn when it was decided (403), or it lost the append race (409).
        expect([403, 409]).toContain(prov.status);
        expect(state).toMatchObject({ status: 'submitted', awaitingLevel: 1, levelApprovals: [{ level: 0, by: 'sup-dist' }] });
      }
    }
  });
});
