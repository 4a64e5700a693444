import { parsePeriod, periodsOverlap } from '@app/domain';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

describe.each(READ_MODEL_BACKENDS)('the report ledger over HTTP (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp({ readModels });
    t.admin = await app.token('admin-1', ['admin']);
    t.rep1 = await app.token('rep-1', ['reporter:u1']);
    t.rep1b = await app.token('rep-1b', ['reporter:u1']);
    t.rep2 = await app.token('rep-2', ['reporter:u2']);
    t.sup = await app.token('sup-1', ['supervisor:prov']);
    t.supU2 = await app.token('sup-2', ['supervisor:u2']);
    t.auditor = await app.token('aud-1', ['auditor']);
    t.dual = await app.token('dual-1', ['reporter:u1', 'supervisor:u1']);

    for (const unit of [
      { id: 'prov', name: 'Ban Chỉ đạo tỉnh', kind: 'steering-committee' },
      { id: 'u1', name: 'Bộ Chỉ huy Quân sự tỉnh', kind: 'military-command', parentId: 'prov' },
      { id: 'u2', name: "Đồn Biên phòng Ia R'vê", kind: 'border-guard', parentId: 'prov' },
    ]) expect((await app.http('POST', '/api/units', { token: t.admin, body: unit })).status).toBe(201);
    for (const indicator of [
      { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 },
      { code: 'rural_road_km', name: 'km đường', unit: 'km', aggregation: 'sum', scale: 2 },
      { code: 'support_value_vnd', name: 'tổng trị giá', unit: 'VND', aggregation: 'sum', scale: 0 },
      { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: 'percent', aggregation: 'latest', scale: 2 },
      { code: 'villages_max', name: 'thôn lớn nhất', unit: 'villages', aggregation: 'max', scale: 0 },
    ]) expect((await app.http('POST', '/api/indicators', { token: t.admin, body: indicator })).status).toBe(201);
  });

  afterAll(() => app.close());

  const head = async () => (await app.eventHead()) as string;

  async function createReport(body: Record<string, unknown>, token = t.rep1) {
    const res = await app.http('POST', '/api/reports', { token, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; revision: number; position: string };
  }

  async function approvedReport(id: string, unitId: string, period: string, figures: unknown[], reporter = t.rep1, supervisor = t.sup) {
    await createReport({ id, unitId, period }, reporter);
    expect((await app.http('PUT', `/api/reports/${id}/figures`, { token: reporter, body: { figures } })).status).toBe(200);
    expect((await app.http('POST', `/api/reports/${id}/submit`, { token: reporter })).status).toBe(200);
    const approved = await app.http('POST', `/api/reports/${id}/approve`, { token: supervisor, body: {} });
    expect(approved.status).toBe(200);
    return approved.body as { position: string };
  }

  describe('the life cycle', () => {
    it('draft → submitted → approved feeds the official totals exactly', async () => {
      const created = await createReport({ id: 'life-1', unitId: 'u1', period: '2021-H1' });
      expect(created).toEqual({ id: 'life-1', revision: 0, position: expect.any(String) });

      const figures = await app.http('PUT', '/api/reports/life-1/figures', {
        token: t.rep1,
        body: { figures: [{ indicator: 'rural_road_km', value: 0.1 }, { indicator: 'work_days', value: '8100' }, { indicator: 'support_value_vnd', value: '15300000000' }] },
      });
      expect(figures.status).toBe(200);
      expect(figures.headers.get('etag')).toBe('"3"');

      const submitted = await app.http('POST', '/api/reports/life-1/submit', { token: t.rep1 });
      expect(submitted.body.revision).toBe(4);
      const queue = await app.http('GET', `/api/reports?status=submitted&minPosition=${submitted.body.position}`, { token: t.sup });
      expect(queue.body.items.map((r: { id: string }) => r.id)).toContain('life-1');

      const approved = await app.http('POST', '/api/reports/life-1/approve', { token: t.sup, body: { comment: 'Đạt' } });
      expect(approved.status).toBe(200);

      const report = await app.http('GET', `/api/reports/life-1?minPosition=${approved.body.position}`, { token: t.rep1 });
      expect(report.body).toMatchObject({
        id: 'life-1', unitId: 'u1', period: '2021-H1', status: 'approved', revision: 5, submittedBy: 'rep-1',
        approved: { revision: 5, approvedBy: 'sup-1', comment: 'Đạt' },
      });
      expect(report.body.figures).toEqual([
        { indicator: 'rural_road_km', areaCode: null, value: '0.1', note: null },
        { indicator: 'support_value_vnd', areaCode: null, value: '15300000000', note: null },
        { indicator: 'work_days', areaCode: null, value: '8100', note: null },
      ]);

      // A second half-year report adds 0.2 km: 0.1 + 0.2 must be exactly 0.3 in the year total.
      const h2 = await approvedReport('life-2', 'u1', '2021-H2', [{ indicator: 'rural_road_km', value: '0.2' }, { indicator: 'support_value_vnd', value: 2631000000 }]);
      const totals = await app.http('GET', `/api/totals?unitId=u1&period=2021&minPosition=${h2.position}`, { token: t.rep1 });
      expect(totals.status).toBe(200);
      expect(totals.body.items).toEqual(
        expect.arrayContaining([
          { unitId: 'u1', period: '2021', indicator: 'rural_road_km', approved: '0.3', proposed: '0.3' },
          { unitId: 'u1', period: '2021', indicator: 'support_value_vnd', approved: '17931000000', proposed: '17931000000' },
          { unitId: 'u1', period: '2021', indicator: 'work_days', approved: '8100', proposed: '8100' },
        ]),
      );
    });

    it('an amendment keeps the official figures until it is approved, and proposes the new ones once submitted', async () => {
      await approvedReport('amend-1', 'u2', '2022-Q1', [{ indicator: 'work_days', value: 100 }], t.rep2, t.supU2);
      const reopened = await app.http('POST', '/api/reports/amend-1/reopen', { token: t.supU2, body: { reason: 'thiếu 20 ngày công' } });
      expect(reopened.status).toBe(200);
      const noReason = await app.http('PUT', '/api/reports/amend-1/figures', { token: t.rep2, body: { figures: [{ indicator: 'work_days', value: 120 }] } });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      await app.http('PUT', '/api/reports/amend-1/figures', { token: t.rep2, body: { figures: [{ indicator: 'work_days', value: 120 }], reason: 'bổ sung' } });
      const resubmitted = await app.http('POST', '/api/reports/amend-1/submit', { token: t.rep2 });

      const during = await app.http('GET', `/api/totals?unitId=u2&period=2022&indicator=work_days&minPosition=${resubmitted.body.position}`, { token: t.supU2 });
      expect(during.body.items).toEqual([{ unitId: 'u2', period: '2022', indicator: 'work_days', approved: '100', proposed: '120' }]);
      const report = await app.http('GET', '/api/reports/amend-1', { token: t.rep2 });
      expect(report.body.status).toBe('submitted');
      expect(report.body.approved.figures).toEqual([{ indicator: 'work_days', areaCode: null, value: '100', note: null }]);

      const approved = await app.http('POST', '/api/reports/amend-1/approve', { token: t.supU2, body: {} });
      const after = await app.http('GET', `/api/totals?unitId=u2&period=2022-Q1&indicator=work_days&minPosition=${approved.body.position}`, { token: t.supU2 });
      expect(after.body.items).toEqual([{ unitId: 'u2', period: '2022-Q1', indicator: 'work_days', approved: '120', proposed: '120' }]);
    });

    it('a rejection sends the report back with a reason; it can be corrected and resubmitted', async () => {
      await createReport({ id: 'rej-1', unitId: 'u1', period: '2023-01' });
      await app.http('PUT', '/api/reports/rej-1/figures', { token: t.rep1, body: { figures: [{ indicator: 'work_days', value: 5 }] } });
      await app.http('POST', '/api/reports/rej-1/submit', { token: t.rep1 });
      expect((await app.http('POST', '/api/reports/rej-1/reject', { token: t.sup, body: {} })).status).toBe(400);
      expect((await app.http('POST', '/api/reports/rej-1/reject', { token: t.sup, body: { reason: 'sai số' } })).status).toBe(200);
      expect((await app.http('PUT', '/api/reports/rej-1/figures', { token: t.rep1, body: { figures: [{ indicator: 'work_days', value: 6 }], reason: 'đếm lại' } })).status).toBe(200);
      const resubmitted = await app.http('POST', '/api/reports/rej-1/submit', { token: t.rep1 });
      expect(resubmitted.status).toBe(200);
    });

    it('levels take the latest period and `max` the largest value; neither is summed over time', async () => {
      await approvedReport('lvl-q1', 'u1', '2024-Q1', [{ indicator: 'poverty_rate_pct', value: '36.24' }, { indicator: 'villages_max', value: 83 }]);
      const last = await approvedReport('lvl-q2', 'u1', '2024-Q2', [{ indicator: 'poverty_rate_pct', value: '35.1' }, { indicator: 'villages_max', value: 80 }]);
      const totals = await app.http('GET', `/api/totals?unitId=u1&period=2024&minPosition=${last.position}`, { token: t.rep1 });
      expect(totals.body.items).toEqual([
        { unitId: 'u1', period: '2024', indicator: 'poverty_rate_pct', approved: '35.1', proposed: '35.1' },
        { unitId: 'u1', period: '2024', indicator: 'villages_max', approved: '83', proposed: '83' },
      ]);
    });
  });

  describe('period summaries', () => {
    it('sum units and count reports by status, over the period and the periods inside it', async () => {
      await approvedReport('sum-u1', 'u1', '2025-H1', [{ indicator: 'work_days', value: 10 }]);
      await approvedReport('sum-u2', 'u2', '2025-Q3', [{ indicator: 'work_days', value: 5 }], t.rep2, t.sup);
      const draft = await createReport({ id: 'sum-draft', unitId: 'u1', period: '2025-H2' });
      const summary = await app.http('GET', `/api/summaries/2025?minPosition=${draft.position}`, { token: t.sup });
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({
        period: '2025',
        programId: null,
        indicators: [{ indicator: 'work_days', approved: '15', proposed: '15', units: 2 }],
        reports: { draft: 1, submitted: 0, approved: 2, rejected: 0, amending: 0 },
        changedSinceReview: [],
      });
      const h2 = await app.http('GET', '/api/summaries/2025-H2', { token: t.sup });
      expect(h2.body.indicators).toEqual([{ indicator: 'work_days', approved: '5', proposed: '5', units: 1 }]);
      const scoped = await app.http('GET', '/api/summaries/2025', { token: t.rep2 });
      expect(scoped.body.indicators).toEqual([{ indicator: 'work_days', approved: '5', proposed: '5', units: 1 }]);
      expect(scoped.body.reports).toEqual({ draft: 0, submitted: 0, approved: 1, rejected: 0, amending: 0 });
    });
  });

  describe('levels across units', () => {
    it('a summary takes the `latest` level of the most recent period any unit reported, never their sum or the largest', async () => {
      // 2027: u1's level is older (Q1) and larger; 2028: u1's is newer (Q2) and larger.
      await approvedReport('lvl-u1-2027', 'u1', '2027-Q1', [{ indicator: 'poverty_rate_pct', value: '30.25' }]);
      const y2027 = await approvedReport('lvl-u2-2027', 'u2', '2027-Q2', [{ indicator: 'poverty_rate_pct', value: '25.5' }], t.rep2, t.sup);
      await approvedReport('lvl-u1-2028', 'u1', '2028-Q2', [{ indicator: 'poverty_rate_pct', value: '40.75' }]);
      const y2028 = await approvedReport('lvl-u2-2028', 'u2', '2028-Q1', [{ indicator: 'poverty_rate_pct', value: '10.5' }], t.rep2, t.sup);
      const first = await app.http('GET', `/api/summaries/2027?minPosition=${y2027.position}`, { token: t.sup });
      expect(first.body.indicators).toEqual([{ indicator: 'poverty_rate_pct', approved: '25.5', proposed: '25.5', units: 2 }]);
      const second = await app.http('GET', `/api/summaries/2028?minPosition=${y2028.position}`, { token: t.sup });
      expect(second.body.indicators).toEqual([{ indicator: 'poverty_rate_pct', approved: '40.75', proposed: '40.75', units: 2 }]);
      // Each unit's own total is its own latest level.
      const own = await app.http('GET', '/api/totals?unitId=u2&period=2028', { token: t.rep2 });
      expect(own.body.items).toEqual([{ unitId: 'u2', period: '2028', indicator: 'poverty_rate_pct', approved: '10.5', proposed: '10.5' }]);
    });
  });

  describe('programs in totals', () => {
    it('combines a unit\'s figures under every program, and `programId` narrows totals and summaries to one', async () => {
      const program = await app.http('POST', '/api/programs', {
        token: t.admin,
        body: { id: 'p2029', name: 'Chương trình 2029', parties: ['u1'], steeringUnitId: 'prov', fromYear: 2029, toYear: 2029, calendar: [{ periodType: 'year', deadlineDays: 15 }] },
      });
      expect(program.status).toBe(201);
      // One report of u1 for 2029 under the program, one under none: they do not conflict.
      await createReport({ id: 'prog-2029', unitId: 'u1', period: '2029', programId: 'p2029' });
      expect((await app.http('PUT', '/api/reports/prog-2029/figures', { token: t.rep1, body: { figures: [{ indicator: 'work_days', value: 7 }] } })).status).toBe(200);
      expect((await app.http('POST', '/api/reports/prog-2029/submit', { token: t.rep1 })).status).toBe(200);
      expect((await app.http('POST', '/api/reports/prog-2029/approve', { token: t.sup, body: {} })).status).toBe(200);
      const free = await approvedReport('free-2029', 'u1', '2029', [{ indicator: 'work_days', value: 5 }]);

      const all = await app.http('GET', `/api/totals?unitId=u1&period=2029&minPosition=${free.position}`, { token: t.rep1 });
      expect(all.body.items).toEqual([{ unitId: 'u1', period: '2029', indicator: 'work_days', approved: '12', proposed: '12' }]);
      const narrowed = await app.http('GET', '/api/totals?unitId=u1&period=2029&programId=p2029', { token: t.rep1 });
      expect(narrowed.body.items).toEqual([{ unitId: 'u1', period: '2029', indicator: 'work_days', approved: '7', proposed: '7' }]);
      expect((await app.http('GET', '/api/totals?unitId=u1&period=2029&programId=khong-co', { token: t.rep1 })).body.items).toEqual([]);
      const summary = await app.http('GET', '/api/summaries/2029?programId=p2029', { token: t.sup });
      expect(summary.body).toMatchObject({ programId: 'p2029', indicators: [{ indicator: 'work_days', approved: '7', proposed: '7', units: 1 }], reports: { approved: 1 } });
    });
  });

  describe('the audit trail', () => {
    it('records who changed which figure, when, old → new and why, in log order', async () => {
      await approvedReport('aud-r', 'u1', '2026-Q1', [{ indicator: 'work_days', value: 7 }]);
      await app.http('POST', '/api/reports/aud-r/reopen', { token: t.sup, body: { reason: 'kiểm tra lại' } });
      const fix = await app.http('PUT', '/api/reports/aud-r/figures', { token: t.rep1b, body: { figures: [{ indicator: 'work_days', value: 9 }], reason: 'sổ sách bổ sung' } });
      const trail = await app.http('GET', `/api/audit?reportId=aud-r&minPosition=${fix.body.position}`, { token: t.auditor });
      expect(trail.status).toBe(200);
      expect(trail.body.items.map((i: { action: string }) => i.action)).toEqual(['created', 'figure_recorded', 'submitted', 'approved', 'reopened', 'figure_corrected']);
      expect(trail.body.items.at(-1)).toMatchObject({
        actor: 'rep-1b', reportId: 'aud-r', unitId: 'u1', period: '2026-Q1', indicator: 'work_days',
        oldValue: '7', newValue: '9', reason: 'sổ sách bổ sung', eventType: 'FigureRecorded.v1',
      });
      const positions = trail.body.items.map((i: { position: string }) => i.position);
      expect([...positions].sort()).toEqual(positions);

      const page1 = await app.http('GET', '/api/audit?reportId=aud-r&limit=4', { token: t.auditor });
      const page2 = await app.http('GET', `/api/audit?reportId=aud-r&limit=4&cursor=${page1.body.nextCursor}`, { token: t.auditor });
      expect([...page1.body.items, ...page2.body.items].map((i: { eventId: string }) => i.eventId)).toEqual(trail.body.items.map((i: { eventId: string }) => i.eventId));
      expect(page2.body.nextCursor).toBeNull();

      expect((await app.http('GET', '/api/audit', { token: t.rep1 })).status).toBe(403);
      expect((await app.http('GET', '/api/audit', { token: t.sup })).status).toBe(403);
    });
  });

  describe('who may do what', () => {
    it('401 without a token or with a bad one, as problem+json', async () => {
      const none = await app.http('GET', '/api/reports');
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(none.body).toMatchObject({ type: expect.any(String), title: 'Unauthorized', status: 401, detail: expect.any(String) });
      // The signature's first character changed: it carries the first byte's top bits, so the
      // signature always changes. (Changing the last characters did not always: the last one
      // carries padding bits, and a token ending in "x" plus a look-alike decoded the same.)
      const [header, payload, signature] = t.rep1.split('.');
      const forged = `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      expect((await app.http('GET', '/api/reports', { token: forged })).status).toBe(401);
      expect((await app.http('GET', '/api/reports', { token: 'not.a.jwt' })).status).toBe(401);
    });

    it('403 for a reporter of another unit creating, 404 for commands on a report outside the caller\'s scope (as for reading it)', async () => {
      expect((await app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u1', period: '2030' } })).status).toBe(403);
      await createReport({ id: 'scope-1', unitId: 'u1', period: '2030-Q1' });
      expect((await app.http('PUT', '/api/reports/scope-1/figures', { token: t.rep2, body: { figures: [{ indicator: 'work_days', value: 1 }] } })).status).toBe(404);
      await app.http('PUT', '/api/reports/scope-1/figures', { token: t.rep1, body: { figures: [{ indicator: 'work_days', value: 1 }] } });
      await app.http('POST', '/api/reports/scope-1/submit', { token: t.rep1 });
      expect((await app.http('POST', '/api/reports/scope-1/approve', { token: t.supU2, body: {} })).status).toBe(404);
      expect((await app.http('POST', '/api/reports/scope-1/approve', { token: t.admin, body: {} })).status).toBe(403);
      expect((await app.http('POST', '/api/units', { token: t.sup, body: { id: 'x', name: 'x', kind: 'x' } })).status).toBe(403);
    });

    it('nobody approves a version they submitted, whatever roles they hold', async () => {
      await createReport({ id: 'sod-1', unitId: 'u1', period: '2031' }, t.dual);
      await app.http('PUT', '/api/reports/sod-1/figures', { token: t.dual, body: { figures: [{ indicator: 'work_days', value: 1 }] } });
      await app.http('POST', '/api/reports/sod-1/submit', { token: t.dual });
      const self = await app.http('POST', '/api/reports/sod-1/approve', { token: t.dual, body: {} });
      expect(self.status).toBe(403);
      expect((await app.http('POST', '/api/reports/sod-1/approve', { token: t.sup, body: {} })).status).toBe(200);
    });

    it('lists only what is in scope, and hides reports outside it', async () => {
      const last = await createReport({ id: 'vis-u2', unitId: 'u2', period: '2032' }, t.rep2);
      const mine = await app.http('GET', `/api/reports?minPosition=${last.position}&limit=200`, { token: t.rep1 });
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((r: { unitId: string }) => r.unitId === 'u1')).toBe(true);
      expect((await app.http('GET', '/api/reports/vis-u2', { token: t.rep1 })).status).toBe(404);
      expect((await app.http('GET', '/api/reports?unitId=u2', { token: t.rep1 })).status).toBe(403);
      expect((await app.http('GET', '/api/reports/vis-u2', { token: t.sup })).status).toBe(200);
      const all = await app.http('GET', '/api/reports?limit=200', { token: t.auditor });
      expect(new Set(all.body.items.map((r: { unitId: string }) => r.unitId))).toEqual(new Set(['u1', 'u2']));
    });
  });

  describe('bad input changes nothing', () => {
    beforeAll(() => createReport({ id: 'bad-input', unitId: 'u1', period: '2040' }));

    it.each([
      ['more decimals than the scale', { figures: [{ indicator: 'rural_road_km', value: '1.234' }] }, 'figures[0].value'],
      ['a negative value', { figures: [{ indicator: 'work_days', value: -3 }] }, 'figures[0].value'],
      ['a value that is not a number', { figures: [{ indicator: 'work_days', value: 'năm nghìn' }] }, 'figures[0].value'],
      ['an object as value', { figures: [{ indicator: 'work_days', value: { $gt: '' } }] }, 'figures[0].value'],
      ['a missing value', { figures: [{ indicator: 'work_days' }] }, 'figures[0].value'],
      ['an unknown field', { figures: [{ indicator: 'work_days', value: 1, colour: 'red' }] }, 'figures[0].colour'],
      ['no figures', { figures: [] }, 'figures'],
    ])('400 for %s, naming the field, with no event appended', async (_, body, field) => {
      const before = await head();
      const res = await app.http('PUT', '/api/reports/bad-input/figures', { token: t.rep1, body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await head()).toBe(before);
    });

    it('422 for an unknown indicator or unit, 400 for a malformed period, nothing appended', async () => {
      await createReport({ id: 'ref-1', unitId: 'u1', period: '2041' });
      const before = await head();
      const unknownIndicator = await app.http('PUT', '/api/reports/ref-1/figures', { token: t.rep1, body: { figures: [{ indicator: 'not_a_thing', value: 1 }] } });
      expect(unknownIndicator.status).toBe(422);
      expect(unknownIndicator.body.errors).toEqual([expect.objectContaining({ field: 'figures[0].indicator' })]);
      const unknownUnit = await app.http('POST', '/api/reports', { token: await app.token('ghost', ['reporter:ghost']), body: { unitId: 'ghost', period: '2041' } });
      expect(unknownUnit.status).toBe(422);
      expect(unknownUnit.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);
      const badPeriod = await app.http('POST', '/api/reports', { token: t.rep1, body: { unitId: 'u1', period: '2041-13' } });
      expect(badPeriod.status).toBe(400);
      expect(badPeriod.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
      const badJson = await app.http('POST', '/api/reports', { token: t.rep1, raw: '{"unitId": "u1",' });
      expect(badJson.status).toBe(400);
      expect(badJson.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await head()).toBe(before);
    });

    it('413 for a body over 1 MB', async () => {
      const res = await app.http('PUT', '/api/reports/ref-1/figures', { token: t.rep1, raw: JSON.stringify({ figures: [], pad: 'x'.repeat(1_100_000) }) });
      expect(res.status).toBe(413);
    });

    it('409 for a wrong status and a duplicate id', async () => {
      expect((await app.http('POST', '/api/reports/ref-1/approve', { token: t.sup, body: {} })).status).toBe(409);
      expect((await app.http('POST', '/api/reports/ref-1/submit', { token: t.rep1 })).status).toBe(409);
      expect((await app.http('POST', '/api/reports', { token: t.rep1, body: { id: 'ref-1', unitId: 'u1', period: '2042' } })).status).toBe(409);
    });
  });

  describe('periods never overlap within a unit and program', () => {
    it('409 for a year over an existing half-year, also across programs only when the program is the same', async () => {
      await createReport({ id: 'ov-h1', unitId: 'u2', period: '2050-H1' }, t.rep2);
      const year = await app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u2', period: '2050' } });
      expect(year.status).toBe(409);
      // A report under a program needs the program (issue 3): create it first.
      const program = { id: 'other-program', name: 'Chương trình khác', parties: ['u2'], steeringUnitId: 'prov', fromYear: 2050, toYear: 2050, calendar: [{ periodType: 'year', deadlineDays: 15 }] };
      expect((await app.http('POST', '/api/programs', { token: t.admin, body: program })).status).toBe(201);
      expect((await app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u2', period: '2050', programId: 'other-program' } })).status).toBe(201);
      expect((await app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u2', period: '2050-H2' } })).status).toBe(201);
    });

    it('when overlapping creations race, exactly one wins', async () => {
      // Every pair overlaps (each period holds May 2051), so one wins whatever the order of arrival.
      const periods = ['2051', '2051-H1', '2051-Q2', '2051-05', '2051-H1', '2051', '2051-Q2', '2051-05'];
      const results = await Promise.all(periods.map((period) => app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u2', period } })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(periods.length - 1);
    });

    it('when partly overlapping creations race, the winners never overlap and every loser overlaps a winner', async () => {
      // Which ones win depends on the order of arrival (2053-Q1, 2053-05 and 2053-12 may all win
      // when they come before the year): the rule is the invariant, not one outcome.
      const periods = ['2053', '2053-H1', '2053-Q2', '2053-05', '2053-Q1', '2053-12', '2053-H2', '2053-03'];
      const results = await Promise.all(periods.map((period) => app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u2', period } })));
      expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
      const won = periods.filter((_, i) => results[i].status === 201).map((p) => parsePeriod(p)!);
      const lost = periods.filter((_, i) => results[i].status === 409).map((p) => parsePeriod(p)!);
      expect(won.length).toBeGreaterThan(0);
      for (const [i, a] of won.entries()) for (const b of won.slice(i + 1)) expect([a, b, periodsOverlap(a, b)]).toEqual([a, b, false]);
      for (const l of lost) expect([l, won.some((w) => periodsOverlap(w, l))]).toEqual([l, true]);
    });

    it('when non-overlapping creations race, all win', async () => {
      const periods = ['2052-Q1', '2052-Q2', '2052-Q3', '2052-Q4'];
      const results = await Promise.all(periods.map((period) => app.http('POST', '/api/reports', { token: t.rep2, body: { unitId: 'u2', period } })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    });
  });

  describe('idempotency and preconditions', () => {
    it('the same Idempotency-Key and body answers the first response and appends nothing; another body is 422', async () => {
      const headers = { 'Idempotency-Key': 'create-2060-u1' };
      const first = await app.http('POST', '/api/reports', { token: t.rep1, headers, body: { unitId: 'u1', period: '2060' } });
      expect(first.status).toBe(201);
      const before = await head();
      const again = await app.http('POST', '/api/reports', { token: t.rep1, headers, body: { period: '2060', unitId: 'u1' } });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await head()).toBe(before);
      const other = await app.http('POST', '/api/reports', { token: t.rep1, headers, body: { unitId: 'u1', period: '2061' } });
      expect(other.status).toBe(422);
      expect(await head()).toBe(before);

      const fig = { 'Idempotency-Key': 'fig-2060' };
      const set1 = await app.http('PUT', `/api/reports/${first.body.id}/figures`, { token: t.rep1, headers: fig, body: { figures: [{ indicator: 'work_days', value: 3 }] } });
      const set2 = await app.http('PUT', `/api/reports/${first.body.id}/figures`, { token: t.rep1, headers: fig, body: { figures: [{ indicator: 'work_days', value: 3 }] } });
      expect(set2.body).toEqual(set1.body);
      const set3 = await app.http('PUT', `/api/reports/${first.body.id}/figures`, { token: t.rep1, headers: fig, body: { figures: [{ indicator: 'work_days', value: 4 }] } });
      expect(set3.status).toBe(422);
    });

    it('If-Match with a stale revision is 412 and appends nothing; the current one succeeds', async () => {
      const created = await createReport({ id: 'etag-1', unitId: 'u1', period: '2062' });
      const set = await app.http('PUT', '/api/reports/etag-1/figures', { token: t.rep1, headers: { 'If-Match': `"${created.revision}"` }, body: { figures: [{ indicator: 'work_days', value: 1 }] } });
      expect(set.status).toBe(200);
      const before = await head();
      const stale = await app.http('POST', '/api/reports/etag-1/submit', { token: t.rep1, headers: { 'If-Match': `"${created.revision}"` } });
      expect(stale.status).toBe(412);
      expect(await head()).toBe(before);
      expect((await app.http('POST', '/api/reports/etag-1/submit', { token: t.rep1, headers: { 'If-Match': set.headers.get('etag')! } })).status).toBe(200);
    });
  });

  describe('reading', () => {
    it('pages through reports with an opaque cursor and refuses a forged one', async () => {
      const all = await app.http('GET', `/api/reports?limit=200&minPosition=${await head()}`, { token: t.auditor });
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await app.http('GET', `/api/reports?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: t.auditor });
        ids.push(...page.body.items.map((r) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(ids).toEqual(all.body.items.map((r: { id: string }) => r.id));
      expect((await app.http('GET', '/api/reports?cursor=bm9wZQ', { token: t.auditor })).status).toBe(400);
      expect((await app.http('GET', '/api/reports?limit=1000', { token: t.auditor })).status).toBe(400);
      expect((await app.http('GET', '/api/reports?unitId[$ne]=x', { token: t.auditor })).status).toBe(400);
    });

    it('minPosition past the end of the log answers 400 at once, naming it (no command returned it; the 503 after a wait is in read-your-writes)', async () => {
      const res = await app.http('GET', '/api/units?minPosition=ffffffffffffff00', { token: t.rep1 });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'minPosition', message: 'is past the end of the log; send a position a command returned' }]);
      const head = (await app.eventHead()) as string;
      expect((await app.http('GET', `/api/units?minPosition=${head}`, { token: t.rep1 })).status).toBe(200);
      // The spec's maxLength (200) holds for the text as sent, zeros included.
      expect((await app.http('GET', `/api/units?minPosition=${'0'.repeat(200)}`, { token: t.rep1 })).status).toBe(200);
      const long = await app.http('GET', `/api/units?minPosition=${'0'.repeat(201)}`, { token: t.rep1 });
      expect([long.status, long.body.errors?.[0]?.field]).toEqual([400, 'minPosition']);
    });

    it('serves the OpenAPI spec and the health of the projection', async () => {
      const spec = await app.http('GET', '/docs-json');
      expect(spec.status).toBe(200);
      expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/reports', '/api/reports/{id}/figures', '/api/totals', '/api/audit']));
      // Free text promises what the input hygiene accepts: a client generating from the spec never
      // sends a control character the API refuses (tab and line feed only in multi-line text).
      const reject = spec.body.components.schemas.ReasonDto;
      const reasonPattern = new RegExp(reject.properties.reason.pattern);
      expect(reasonPattern.test('Thiếu số liệu\tquý 3\nxin bổ sung')).toBe(true);
      expect(reasonPattern.test('bad\u0001reason')).toBe(false);
      const actor = spec.body.paths['/api/audit'].get.parameters.find((p: { name: string }) => p.name === 'actor');
      expect(new RegExp(actor.schema.pattern).test('alice\tbob')).toBe(false);
      expect(new RegExp(actor.schema.pattern).test('Nguyễn Văn A')).toBe(true);
      const health = await app.http('GET', `/health`);
      expect(health.body).toMatchObject({ status: 'ok', ready: true, projection: { lag: expect.any(Number) } });
      expect(health.headers.get('x-request-id')).toBeTruthy();
    });
  });
});
