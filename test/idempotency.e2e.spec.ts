import { startApp, TestApp } from './support/app';

/** Idempotency-Key over HTTP: a key is its caller's, and a replay is answered only to a caller who may still act. */
describe('Idempotency-Key scope over HTTP', () => {
  let app: TestApp;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.repA = await app.token('rep-a', ['reporter:u1']);
    t.repB = await app.token('rep-b', ['reporter:u1']);
    // Two subjects whose names, joined to a key with ":", spell the same text ("rep:x:k").
    t.rep = await app.token('rep', ['reporter:u1']);
    t.repX = await app.token('rep:x', ['reporter:u1']);
    // The same subject as rep-a after its reporter role was taken away.
    t.repAWithoutRole = await app.token('rep-a', ['auditor']);
    expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u1', name: 'Bộ CHQS tỉnh', kind: 'military-command' } })).status).toBe(201);
    const indicator = { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 };
    expect((await app.http('POST', '/api/indicators', { token: t.admin, body: indicator })).status).toBe(201);
  });

  afterAll(() => app.close());

  const withKey = (key: string) => ({ 'Idempotency-Key': key });
  const head = async () => (await app.eventHead()) as string;

  it('two callers sending the same key with different bodies each get their own command', async () => {
    expect((await app.http('POST', '/api/reports', { token: t.repA, body: { id: 'k-1', unitId: 'u1', period: '2031' } })).status).toBe(201);
    const a = await app.http('PUT', '/api/reports/k-1/figures', { token: t.repA, headers: withKey('shared-1'), body: { figures: [{ indicator: 'work_days', value: 5 }] } });
    const b = await app.http('PUT', '/api/reports/k-1/figures', { token: t.repB, headers: withKey('shared-1'), body: { figures: [{ indicator: 'work_days', value: 7 }] } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.revision).toBe(a.body.revision + 1);
    const report = await app.http('GET', `/api/reports/k-1?minPosition=${b.body.position}`, { token: t.repA });
    expect(report.body.figures).toEqual([{ indicator: 'work_days', areaCode: null, value: '7', note: null }]);
  });

  it('the same key and body from another caller is decided as that caller\'s command, not answered with the first caller\'s result', async () => {
    const body = { unitId: 'u1', period: '2032' };
    const a = await app.http('POST', '/api/reports', { token: t.repA, headers: withKey('shared-2'), body });
    expect(a.status).toBe(201);
    const b = await app.http('POST', '/api/reports', { token: t.repB, headers: withKey('shared-2'), body });
    // B's own creation of the same period: refused as an overlap, never A's report handed back.
    expect(b.status).toBe(409);
    expect(b.body.id).toBeUndefined();
  });

  it('a colon in the caller or the key never makes two callers share a command', async () => {
    expect((await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'k-4', unitId: 'u1', period: '2034' } })).status).toBe(201);
    const a = await app.http('PUT', '/api/reports/k-4/figures', { token: t.rep, headers: withKey('x:k'), body: { figures: [{ indicator: 'work_days', value: 3 }] } });
    const b = await app.http('PUT', '/api/reports/k-4/figures', { token: t.repX, headers: withKey('k'), body: { figures: [{ indicator: 'work_days', value: 4 }] } });
    // Not refused as a reused key (422), not answered with the first caller's result: its own command.
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.revision).toBe(a.body.revision + 1);
    const report = await app.http('GET', `/api/reports/k-4?minPosition=${b.body.position}`, { token: t.rep });
    expect(report.body.figures).toEqual([{ indicator: 'work_days', areaCode: null, value: '4', note: null }]);
  });

  it('a replay is answered only to a caller who may still make the command', async () => {
    expect((await app.http('POST', '/api/reports', { token: t.repA, body: { id: 'k-3', unitId: 'u1', period: '2033' } })).status).toBe(201);
    const request = { headers: withKey('replay-3'), body: { figures: [{ indicator: 'work_days', value: 1 }] } };
    const first = await app.http('PUT', '/api/reports/k-3/figures', { token: t.repA, ...request });
    expect(first.status).toBe(200);
    expect((await app.http('PUT', '/api/reports/k-3/figures', { token: t.repA, ...request })).body).toEqual(first.body);
    const before = await head();
    const demoted = await app.http('PUT', '/api/reports/k-3/figures', { token: t.repAWithoutRole, ...request });
    expect(demoted.status).toBe(403);
    expect(demoted.headers.get('content-type')).toContain('application/problem+json');
    expect(await head()).toBe(before);
  });
});
