import { Logger } from '@nestjs/common';
import { READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { startApp, TestApp } from './support/app';
import { denials } from './support/metrics';

/** Attacks on input and resources (OWASP API4, API8), over real HTTP; none of them may append an event. */
describe('input and resource limits', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => app.eventHead();

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    t.auditor = await app.token('aud-1', ['auditor']);
    expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u1', name: 'Unit 1', kind: 'district' } })).status).toBe(201);
    expect((await app.http('POST', '/api/indicators', { token: t.admin, body: { code: 'work_days', name: 'ngày công', unit: 'days', aggregation: 'sum', scale: 0 } })).status).toBe(201);
    expect((await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'r1', unitId: 'u1', period: '2021' } })).status).toBe(201);
  });
  afterAll(() => app.close());

  describe('no client value can become a MongoDB operator or path', () => {
    it.each([
      '/api/reports?unitId[$ne]=x',
      '/api/reports?unitId%5B%24ne%5D=x',
      '/api/reports?status[$in]=draft',
      '/api/reports?$where=1',
      '/api/totals?unitId.$ne=x',
      '/api/audit?actor[$regex]=.*',
      '/api/units?__proto__=x',
    ])('400 for the query %s', async (path) => {
      const res = await app.http('GET', path, { token: t.auditor });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it.each([
      ['an operator as a value', { figures: [{ indicator: 'work_days', value: { $gt: '' } }] }, 'figures[0].value', '$gt'],
      ['an operator key beside the fields', { figures: [{ indicator: 'work_days', value: 1, $where: 'sleep(1000)' }] }, 'figures[0]', '$where'],
      ['an operator at the top', { $set: { status: 'approved' }, figures: [{ indicator: 'work_days', value: 1 }] }, '$set', '$set'],
      ['a dotted key', { figures: [{ indicator: 'work_days', value: 1, 'approved.by': 'me' }] }, 'figures[0]', 'approved.by'],
      ['a dotted key deep inside a value', { figures: [{ indicator: 'work_days', value: 1, note: { x: [{ 'a.b': 1 }] } }] }, 'figures[0].note.x[0]', 'a.b'],
    ])('400 for %s in a body, naming the field that holds it, with nothing appended', async (_, body, field, key) => {
      const before = await head();
      const res = await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, body });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field, message: expect.stringContaining(JSON.stringify(key)) }]);
      expect(await head()).toBe(before);
    });

    it('400 for __proto__ and constructor keys (prototype pollution)', async () => {
      for (const raw of [
        '{"figures":[{"indicator":"work_days","value":1}],"__proto__":{"isAdmin":true}}',
        '{"figures":[{"indicator":"work_days","value":1,"constructor":{"prototype":{"x":1}}}]}',
      ]) expect((await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, raw })).status).toBe(400);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('400 for a body nested absurdly deep', async () => {
      const raw = `{"figures":[{"indicator":"work_days","value":1,"note":${'['.repeat(5000)}${']'.repeat(5000)}}]}`;
      expect((await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, raw })).status).toBe(400);
    });
  });

  describe('size limits', () => {
    it('413 for a body over 1 MB', async () => {
      const res = await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, raw: JSON.stringify({ figures: [{ indicator: 'work_days', value: 1, note: 'x'.repeat(1_100_000) }] }) });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
    });

    it('400 for a page over 200 items, and for a malformed limit', async () => {
      for (const limit of ['201', '0', '-1', '1e2', 'abc', '50&limit=60']) {
        expect((await app.http('GET', `/api/reports?limit=${limit}`, { token: t.auditor })).status).toBe(400);
      }
      expect((await app.http('GET', '/api/reports?limit=200', { token: t.auditor })).status).toBe(200);
    });

    it('400 for more than 500 figures in one request', async () => {
      const figures = Array.from({ length: 501 }, (_, i) => ({ indicator: 'work_days', areaCode: `a${i}`, value: 1 }));
      const res = await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, body: { figures } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'figures' })]);
    });

    it.each([
      ['a unit name over 200 characters', 'POST', '/api/units', { id: 'long-1', name: 'x'.repeat(201), kind: 'k' }, 'name'],
      ['a unit kind over 50 characters', 'POST', '/api/units', { id: 'long-2', name: 'n', kind: 'k'.repeat(51) }, 'kind'],
      ['an id over 100 characters', 'POST', '/api/units', { id: 'i'.repeat(101), name: 'n', kind: 'k' }, 'id'],
      ['an indicator name over 200 characters', 'POST', '/api/indicators', { code: 'long_name', name: 'x'.repeat(201), unit: 'u', aggregation: 'sum', scale: 0 }, 'name'],
      ['a note over 1000 characters', 'PUT', '/api/reports/r1/figures', { figures: [{ indicator: 'work_days', value: 1, note: 'x'.repeat(1001) }] }, 'figures[0].note'],
      ['a reason over 2000 characters', 'PUT', '/api/reports/r1/figures', { figures: [{ indicator: 'work_days', value: 1 }], reason: 'x'.repeat(2001) }, 'reason'],
      ['a decimal string over 24 digits', 'PUT', '/api/reports/r1/figures', { figures: [{ indicator: 'work_days', value: '9'.repeat(25) }] }, 'figures[0].value'],
    ])('400 for %s', async (_, method, path, body, field) => {
      const token = path.startsWith('/api/reports') ? t.rep : t.admin;
      const res = await app.http(method, path, { token, body });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('400 for malformed path parameters and unknown query parameters', async () => {
      expect((await app.http('GET', '/api/units/bad%20id', { token: t.rep })).status).toBe(400);
      expect((await app.http('GET', `/api/units/${'u'.repeat(101)}`, { token: t.rep })).status).toBe(400);
      expect((await app.http('GET', '/api/summaries/2021-13', { token: t.rep })).status).toBe(400);
      expect((await app.http('POST', '/api/reports/bad%20id/submit', { token: t.rep })).status).toBe(400);
      expect((await app.http('GET', '/api/reports?colour=red', { token: t.rep })).status).toBe(400);
      expect((await app.http('GET', '/api/audit?from=2021-W01', { token: t.auditor })).status).toBe(400);
    });

    it('415 for a body that is not JSON, 400 for JSON that is not an object', async () => {
      const text = await app.http('POST', '/api/units', { token: t.admin, raw: 'id=x&name=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(text.status).toBe(415);
      expect((await app.http('POST', '/api/units', { token: t.admin, raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } })).status).toBe(415);
      expect((await app.http('POST', '/api/units', { token: t.admin, raw: '"a string"' })).status).toBe(400);
      expect((await app.http('POST', '/api/units', { token: t.admin, raw: '[{"id":"x","name":"y","kind":"z"}]' })).status).toBe(400);
    });
  });

  describe('errors tell the client nothing about our insides', () => {
    it('500 from a failing store answers a generic problem with the request id, and logs the cause', async () => {
      const store = app.nest.get<ReadModelStore>(READ_MODEL_STORE);
      const find = store.find;
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      store.find = () => Promise.reject(new Error('SQLITE_CORRUPT: database disk image is malformed (/var/lib/danvan/read-models.sqlite)'));
      try {
        const res = await app.http('GET', '/api/units', { token: t.rep, headers: { 'x-request-id': 'req-500-check' } });
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toEqual({
          type: '/problems/internal-error',
          title: 'Internal error',
          status: 500,
          detail: 'Something went wrong on our side; quote request id req-500-check.',
          requestId: 'req-500-check',
        });
        expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|sqlite|\/var\/|at \w+ \(|Error:/);
        expect(error.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining('requestId=req-500-check'));
      } finally {
        store.find = find;
        error.mockRestore();
      }
    });

    it('malformed JSON and framework errors answer fixed texts, not parser messages', async () => {
      const res = await app.http('POST', '/api/units', { token: t.admin, raw: '{"id": "x", "name": secret-token-123}' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ title: 'Malformed JSON', detail: 'The request body is not valid JSON.' });
      expect(JSON.stringify(res.body)).not.toContain('secret-token-123');
      const uri = await app.http('GET', '/api/units/%E0%A4%A', { token: t.rep });
      expect(uri.status).toBe(400);
      expect(uri.body.detail).toBe('The request is malformed.');
    });

    it('404 for an unknown route and 405 with Allow for a known path under another method', async () => {
      const missing = await app.http('GET', '/api/nothing-here', { token: t.rep });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const wrong = await app.http('DELETE', '/api/reports/r1', { token: t.rep });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('GET, HEAD');
      expect((await app.http('PATCH', '/api/reports', { token: t.rep })).headers.get('allow')).toBe('GET, HEAD, POST');
    });
  });

  describe('headers', () => {
    it('a request id on every response, echoed when sane, replaced when not', async () => {
      const responses = await Promise.all([
        app.http('GET', '/health'),
        app.http('GET', '/api/reports'),
        app.http('GET', '/api/nothing', { token: t.rep }),
        app.http('PUT', '/api/reports/r1/figures', { token: t.rep, raw: '{' }),
        app.http('DELETE', '/api/units', { token: t.rep }),
      ]);
      for (const res of responses) expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect((await app.http('GET', '/health', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
      for (const insane of ['a b', 'x'.repeat(101), '<script>']) {
        expect((await app.http('GET', '/health', { headers: { 'x-request-id': insane } })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('one log line per request: method, path, status, duration, request id, principal', async () => {
      const log = jest.spyOn(Logger.prototype, 'log');
      try {
        await app.http('GET', '/api/units?x=secret', { token: t.rep, headers: { 'x-request-id': 'req-log-1' } });
        // The line is written on 'finish', after the client may already have the response.
        await new Promise((resolve) => setImmediate(resolve));
        const lines = log.mock.calls.map((c) => String(c[0].msg));
        expect(lines).toContainEqual(expect.stringMatching(/^GET \/api\/units 400 \d+\.\dms requestId=req-log-1 principal=rep-1$/));
      } finally {
        log.mockRestore();
      }
    });

    it('helmet on every answer: no sniffing, no framing, no caching of API data, nothing to load', async () => {
      const res = await app.http('GET', '/api/units', { token: t.rep });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      const docs = await app.http('GET', '/docs');
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    });

    it('CORS is closed by default: no Access-Control headers for any origin', async () => {
      const simple = await app.http('GET', '/api/units', { token: t.rep, headers: { origin: 'https://evil.example' } });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await app.http('OPTIONS', '/api/units', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    });
  });
});

describe('CORS_ORIGINS opens CORS to those origins only', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { CORS_ORIGINS: 'https://app.example.org,http://localhost:5173' } });
  });
  afterAll(() => app.close());

  it('answers a listed origin, and no other', async () => {
    const ok = await app.http('OPTIONS', '/api/reports/r1/figures', {
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,if-match' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization.*If-Match/);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await app.http('OPTIONS', '/api/units', { headers: { origin: 'https://app.example.org.evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await app.http('GET', '/health', { headers: { origin: 'http://localhost:5173' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/ETag/);
  });
});

describe('rate limiting per principal', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(() => app.close());

  it('429 as problem+json with Retry-After once a principal has spent its budget; other principals are unaffected', async () => {
    const alice = await app.token('alice', ['auditor']);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.http('GET', '/api/units', { token: alice })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await app.http('GET', '/api/reports', { token: alice });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too many requests' });

    // Same IP, another verified principal: its own budget.
    const bob = await app.token('bob', ['auditor']);
    expect((await app.http('GET', '/api/units', { token: bob })).status).toBe(200);
    // A new token for alice is still alice.
    expect((await app.http('GET', '/api/units', { token: await app.token('alice', ['admin']) })).status).toBe(429);
    const metrics = await app.http('GET', '/metrics', { token: bob });
    expect(denials(metrics.body, 'rate_limit')).toBeGreaterThanOrEqual(3);
  });

  it('callers without a valid token share a budget per IP, so guessing tokens is throttled too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.http('GET', '/api/units', { token: `forged.${i}.token` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // TRUST_PROXY is 0 by default: a client's own X-Forwarded-For buys no new budget.
    expect((await app.http('GET', '/api/units', { token: 'forged.x.token', headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(429);
    expect((await app.http('GET', '/health')).status).toBe(429);
    expect((await app.http('GET', '/api/units', { token: await app.token('carol', ['auditor']) })).status).toBe(200);
  });
});

describe('behind a reverse proxy (TRUST_PROXY=1)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' } });
  });
  afterAll(() => app.close());

  const anonymous = (forwardedFor: string) => app.http('GET', '/api/units', { token: 'forged.x.token', headers: { 'x-forwarded-for': forwardedFor } });

  it('keys callers without a valid token by the address the proxy saw, not by the proxy\'s own', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await anonymous('203.0.113.1')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy has its own budget.
    expect((await anonymous('203.0.113.2')).status).toBe(401);
    // Only the last hop (the one the trusted proxy appended) counts: an address the client wrote
    // in front of it changes nothing.
    expect((await anonymous('192.0.2.77, 203.0.113.1')).status).toBe(429);
  });
});
