import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, JWTPayload, SignJWT } from 'jose';
import { startApp, TestApp } from './support/app';
import { denials } from './support/metrics';

/**
 * JWT attacks over real HTTP, in both authentication modes: the embedded HS256 mode and the
 * production JWKS mode, against a real JWKS endpoint on loopback serving keys made here.
 */

type SigningKey = Parameters<SignJWT['sign']>[0];

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
/** An unsigned token: `alg: none` and an empty signature. */
const unsigned = (payload: JWTPayload) => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;

describe('authentication: embedded HS256 mode', () => {
  const SECRET = 'an-embedded-secret-of-at-least-32-characters';
  let app: TestApp;
  const key = new TextEncoder().encode(SECRET);
  const claims = (over: JWTPayload = {}): JWTPayload => ({ sub: 'alice', roles: ['admin'], iss: 'danvan-ledger', aud: 'danvan-ledger', exp: now() + 600, ...over });
  const hs256 = (payload: JWTPayload, secret = key) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
  const get = (token: string, path = '/api/units') => app.http('GET', path, { token });

  beforeAll(async () => {
    app = await startApp({ env: { AUTH_JWT_SECRET: SECRET } });
  });
  afterAll(() => app.close());

  it('accepts a well-formed token, and the scheme name in any case', async () => {
    expect((await get(await hs256(claims()))).status).toBe(200);
    const lower = await app.http('GET', '/api/units', { headers: { authorization: `bearer ${await hs256(claims())}` } });
    expect(lower.status).toBe(200);
  });

  it.each([
    ['alg none', async () => unsigned(claims())],
    ['alg none with a signature of the right length', async () => unsigned(claims()) + (await hs256(claims())).split('.')[2]],
    ['another secret', async () => hs256(claims(), new TextEncoder().encode('some-other-secret-of-at-least-32-chars'))],
    ['a wrong audience', async () => hs256(claims({ aud: 'another-api' }))],
    ['a wrong issuer', async () => hs256(claims({ iss: 'https://evil.example' }))],
    ['an expired token', async () => hs256(claims({ exp: now() - 60 }))],
    ['no exp at all', async () => hs256({ sub: 'alice', roles: ['admin'], iss: 'danvan-ledger', aud: 'danvan-ledger' })],
    ['no sub', async () => hs256(claims({ sub: undefined }))],
    ['an empty sub', async () => hs256(claims({ sub: '' }))],
    ['a not-yet-valid token', async () => hs256(claims({ nbf: now() + 3600 }))],
    ['a tampered payload', async () => {
      const [h, , s] = (await hs256(claims({ roles: ['reporter:u1'] }))).split('.');
      return `${h}.${b64url(claims({ roles: ['admin'] }))}.${s}`;
    }],
    ['an RS256 token (asymmetric algorithms are not accepted here)', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    }],
  ])('401 for %s, as problem+json with WWW-Authenticate', async (_, make) => {
    const res = await get(await make());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: 'The bearer token is not valid.' });
  });

  it('401 for a header that is not a bearer token, and for a bare token without the scheme', async () => {
    const token = await hs256(claims());
    for (const authorization of [`Basic ${Buffer.from('admin:admin').toString('base64')}`, token, `Bearer ${token} extra`, 'Bearer ']) {
      expect((await app.http('GET', '/api/units', { headers: { authorization } })).status).toBe(401);
    }
  });

  it('drops roles it does not understand instead of trusting them', async () => {
    const token = await hs256(claims({ roles: ['ADMIN', 'admin ', 'supervisor:', 'reporter:../x', { admin: true }] }));
    expect((await app.http('POST', '/api/units', { token, body: { id: 'x1', name: 'x', kind: 'x' } })).status).toBe(403);
  });

  it('logs every denial with principal, route, reason and request id, and counts it in GET /metrics', async () => {
    const admin = await hs256(claims({ sub: 'metrics-admin' }));
    const before = (await get(admin, '/metrics')).body;
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      await app.http('GET', '/api/reports', { token: await hs256(claims({ exp: now() - 5 })), headers: { 'x-request-id': 'req-expired-1' } });
      await app.http('GET', '/api/audit', { token: await hs256(claims({ sub: 'rep-x', roles: ['reporter:u1'] })), headers: { 'x-request-id': 'req-role-1' } });
      await app.http('GET', '/api/reports');
      const lines = warn.mock.calls.map((c) => String(c[0].msg));
      // The same line's fields, as JSON logs carry them.
      expect(warn.mock.calls.map((c) => c[0])).toContainEqual(
        expect.objectContaining({ status: 403, actor: 'rep-x', reason: 'role', requestId: 'req-role-1', route: '/api/audit' }),
      );
      expect(lines).toContainEqual(expect.stringMatching(/^denied GET \/api\/reports route=\/api\/reports status=401 principal=- reason=invalid_token detail=".*exp.*" requestId=req-expired-1$/));
      expect(lines).toContainEqual(expect.stringMatching(/^denied GET \/api\/audit route=\/api\/audit status=403 principal=rep-x reason=role .*requestId=req-role-1$/));
    } finally {
      warn.mockRestore();
    }
    const after = (await get(admin, '/metrics')).body;
    const change = (reason: string) => denials(after, reason) - denials(before, reason);
    expect(['invalid_token', 'role', 'missing_token', 'no_policy', 'object_access', 'rate_limit'].map(change)).toEqual([1, 1, 1, 0, 0, 0]);
    expect((await get(await hs256(claims({ sub: 'r', roles: ['reporter:u1'] })), '/metrics')).status).toBe(403);
    expect((await app.http('GET', '/metrics')).status).toBe(401);
  });
});

describe('authentication: JWKS mode (OIDC provider)', () => {
  const ISSUER = 'https://idp.example.org/realms/danvan';
  const AUDIENCE = 'danvan-ledger-api';
  let jwks: Server;
  let jwksHits = 0;
  let app: TestApp;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let rsaPem: string;
  const claims = (over: JWTPayload = {}): JWTPayload => ({
    sub: 'idp-user-1', realm_access: { roles: ['admin'] }, iss: ISSUER, aud: AUDIENCE, exp: now() + 600, iat: now(), ...over,
  });
  const rs256 = (payload: JWTPayload, alg = 'RS256', kid = 'rsa-1', key: SigningKey = rsa.privateKey) => new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);
  const get = (token: string, path = '/metrics') => app.http('GET', path, { token });

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    rsaPem = await exportSPKI(rsa.publicKey);
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = createServer((req, res) => {
      jwksHits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const port = (jwks.address() as AddressInfo).port;
    app = await startApp({
      env: {
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/realms/danvan/protocol/openid-connect/certs`,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_ROLES_CLAIM: 'realm_access.roles',
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('accepts RS256 and ES256 tokens signed by the provider, reading roles from the configured claim', async () => {
    expect((await get(await rs256(claims()))).status).toBe(200);
    expect((await get(await rs256(claims(), 'ES256', 'ec-1', ec.privateKey))).status).toBe(200);
    // The same admin role in the default `roles` claim means nothing in this configuration.
    const elsewhere = await rs256(claims({ realm_access: { roles: [] }, roles: ['admin'] }));
    expect((await get(elsewhere)).status).toBe(403);
    expect((await get(elsewhere, '/api/units')).status).toBe(200);
  });

  it('fetched the keys from the JWKS endpoint and caches them', async () => {
    const hits = jwksHits;
    expect(hits).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect((await get(await rs256(claims()))).status).toBe(200);
    expect(jwksHits).toBe(hits);
  });

  it('refetches the keys for unknown kids at most once per cooldown (30 s), however many arrive', async () => {
    const hits = jwksHits;
    // One key the provider does not publish; each token names another unknown kid.
    const stranger = (await generateKeyPair('RS256')).privateKey;
    for (let i = 0; i < 20; i++) {
      const forged = await rs256(claims(), 'RS256', `unknown-${i}`, stranger);
      expect((await get(forged)).status).toBe(401);
    }
    expect(jwksHits - hits).toBeLessThanOrEqual(1);
    // The published keys still verify, from the cache.
    expect((await get(await rs256(claims()))).status).toBe(200);
    expect(jwksHits - hits).toBeLessThanOrEqual(1);
  });

  it.each([
    ['alg none', async () => unsigned(claims())],
    ['algorithm confusion: HS256 signed with the provider public key (PEM)', async () =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(rsaPem))],
    ['algorithm confusion: HS256 signed with the public key modulus', async () =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(String((await exportJWK(rsa.publicKey)).n)))],
    ['an HS256 token with the embedded default issuer and audience', async () =>
      new SignJWT({ ...claims(), iss: 'danvan-ledger', aud: 'danvan-ledger' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(48)))],
    ['an algorithm outside AUTH_ALGORITHMS (RS384 with the provider key)', async () =>
      rs256(claims(), 'RS384', 'rsa-1', (await importJWK(await exportJWK(rsa.privateKey), 'RS384')) as SigningKey)],
    ['a key the provider does not publish, under its kid', async () => rs256(claims(), 'RS256', 'rsa-1', (await generateKeyPair('RS256')).privateKey)],
    ['an unknown kid', async () => rs256(claims(), 'RS256', 'rsa-404', (await generateKeyPair('RS256')).privateKey)],
    ['a wrong audience', async () => rs256(claims({ aud: 'some-other-client' }))],
    ['a wrong issuer', async () => rs256(claims({ iss: 'https://idp.example.org/realms/other' }))],
    ['an expired token', async () => rs256(claims({ exp: now() - 60 }))],
    ['no sub', async () => rs256(claims({ sub: undefined }))],
  ])('401 for %s', async (_, make) => {
    const res = await get(await make());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, detail: 'The bearer token is not valid.' });
  });
});
