import { startApp, TestApp } from './support/app';
import { denials, sample } from './support/metrics';

/** GET /metrics over real HTTP: Prometheus text from prom-client, for auditors and admins only. */
describe('GET /metrics (Prometheus)', () => {
  let app: TestApp;
  let auditor: string;
  let admin: string;
  const scrape = async () => {
    const res = await app.http('GET', '/metrics', { token: auditor });
    expect(res.status).toBe(200);
    return res.body as string;
  };

  beforeAll(async () => {
    app = await startApp({ env: { READY_REFRESH_MS: '100', READY_MAX_LAG: '1000' } });
    auditor = await app.token('aud-1', ['auditor']);
    admin = await app.token('admin-1', ['admin']);
  });
  afterAll(() => app.close());

  it('is text in the exposition format, closed to the public and to other roles', async () => {
    const res = await app.http('GET', '/metrics', { token: admin });
    expect(res.status).toBe(200);
    const [type, ...params] = res.headers.get('content-type')!.split(/;\s*/);
    expect([type, params.sort()]).toEqual(['text/plain', ['charset=utf-8', 'version=0.0.4']]);
    expect(res.body).toMatch(/^# HELP http_request_duration_seconds /m);
    expect(res.body).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(res.body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect((await app.http('GET', '/metrics')).status).toBe(401);
    expect((await app.http('GET', '/metrics', { token: await app.token('rep-1', ['reporter:u1']) })).status).toBe(403);
  });

  it('times requests by route template, method and status, never by the concrete path', async () => {
    const before = await scrape();
    const labels = (route: string, method: string, status: string) => ({ route, method, status });
    const count = (text: string, l: Record<string, string>) => sample(text, 'http_request_duration_seconds_count', l) ?? 0;
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u-metrics', name: 'Đồn 1', kind: 'border-guard' } })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await app.http('GET', `/api/units/no-such-${i}`, { token: admin })).status).toBe(404);
    expect((await app.http('GET', '/no/such/route', { token: admin })).status).toBe(404);

    const after = await scrape();
    expect(count(after, labels('/api/units/:id', 'GET', '404')) - count(before, labels('/api/units/:id', 'GET', '404'))).toBe(3);
    expect(count(after, labels('/api/units', 'POST', '201')) - count(before, labels('/api/units', 'POST', '201'))).toBe(1);
    expect(count(after, labels('unrouted', 'GET', '404')) - count(before, labels('unrouted', 'GET', '404'))).toBe(1);
    expect(after).not.toMatch(/no-such-/);
    // A histogram: cumulative buckets up to +Inf, which equals the count.
    const inf = sample(after, 'http_request_duration_seconds_bucket', { ...labels('/api/units/:id', 'GET', '404'), le: '+Inf' });
    expect(inf).toBe(count(after, labels('/api/units/:id', 'GET', '404')));
    expect(sample(after, 'http_request_duration_seconds_sum', labels('/api/units/:id', 'GET', '404'))).toBeGreaterThan(0);
  });

  it('counts appends by result and the events appended', async () => {
    const before = await scrape();
    const ok = (text: string) => sample(text, 'danvan_appends_total', { result: 'ok' }) ?? 0;
    const conflicts = (text: string) => sample(text, 'danvan_appends_total', { result: 'conflict' }) ?? 0;
    const events = (text: string) => sample(text, 'danvan_appended_events_total') ?? 0;
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u-appends', name: 'Đồn 2', kind: 'border-guard' } })).status).toBe(201);
    // The same id again: the decider refuses it before any append (409, nothing appended or counted).
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u-appends', name: 'Đồn 2', kind: 'border-guard' } })).status).toBe(409);
    const after = await scrape();
    expect(ok(after) - ok(before)).toBe(1);
    expect(events(after) - events(before)).toBe(1);
    expect(conflicts(after)).toBe(conflicts(before));
    expect(sample(after, 'danvan_appends_total', { result: 'too_large' })).toBe(0);
  });

  it('counts denials by reason', async () => {
    const before = await scrape();
    await app.http('GET', '/api/audit', { token: await app.token('rep-2', ['reporter:u1']) });
    await app.http('GET', '/api/units');
    const after = await scrape();
    expect(denials(after, 'role') - denials(before, 'role')).toBe(1);
    expect(denials(after, 'missing_token') - denials(before, 'missing_token')).toBe(1);
    expect(denials(after, 'rate_limit')).toBe(0);
  });

  it('exports each projection\'s lag, stall and parked events, as readiness last read them', async () => {
    const text = await scrape();
    const ready = await app.http('GET', '/health/ready');
    for (const name of ['reports', 'unit_totals', 'audit_trail', 'units', 'indicators', 'areas', 'programs']) {
      expect(ready.body.projections.map((p: { name: string }) => p.name)).toContain(name);
      expect(sample(text, 'danvan_projection_lag_events', { projection: name })).toEqual(expect.any(Number));
      expect(sample(text, 'danvan_projection_parked_events', { projection: name })).toBe(0);
      expect(sample(text, 'danvan_projection_stalled_seconds', { projection: name })).toEqual(expect.any(Number));
    }
  });
});

describe('GET /metrics with the projector stopped', () => {
  it('shows the lag of every projection growing with the log', async () => {
    const app = await startApp({ env: { RUN_PROJECTOR: 'false', READY_REFRESH_MS: '100' } });
    try {
      const admin = await app.token('admin-1', ['admin']);
      for (const id of ['u1', 'u2']) expect((await app.http('POST', '/api/units', { token: admin, body: { id, name: `Đồn ${id}`, kind: 'border-guard' } })).status).toBe(201);
      const deadline = Date.now() + 20_000;
      let lag: number | undefined;
      while (Date.now() < deadline) {
        lag = sample((await app.http('GET', '/metrics', { token: admin })).body, 'danvan_projection_lag_events', { projection: 'units' });
        if (lag === 2) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(lag).toBe(2);
    } finally {
      await app.close();
    }
  });
});
