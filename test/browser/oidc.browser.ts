import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { expect, test } from '@playwright/test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Api, expectAccessible, freePort, screenshot, startApi, watchPage } from './support/server';

/**
 * OIDC sign-in (authorization code + PKCE) against a tiny local provider: discovery, an authorize
 * endpoint that signs the user in at once (as a provider would after its own login page), a token
 * endpoint that checks the client, the redirect URI and the PKCE verifier, and a JWKS the API
 * verifies the access token with. Not a real provider: it proves the app's side of the flow.
 */
test.describe.configure({ mode: 'serial' });

const CLIENT = 'danvan-web';
let provider: Server;
let issuer: string;
let api: Api;
const seen: { authorize: URLSearchParams[]; token: URLSearchParams[]; refused: string[] } = { authorize: [], token: [], refused: [] };
let signAccessToken: (sub: string, roles: string[]) => Promise<string>;

test.beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  signAccessToken = (sub, roles) =>
    new SignJWT({ realm_access: { roles } }).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setSubject(sub).setIssuer(issuer).setAudience('danvan-ledger-api').setIssuedAt().setExpirationTime('10m').sign(privateKey);
  const codes = new Map<string, { challenge: string; redirectUri: string; sub: string }>();

  provider = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, issuer);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, code_challenge_methods_supported: ['S256'] }, { 'access-control-allow-origin': '*' });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      seen.authorize.push(p);
      if (p.get('client_id') !== CLIENT || p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge') || !p.get('redirect_uri')?.endsWith('/app/')) {
        seen.refused.push('authorize');
        return json(400, { error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: p.get('code_challenge')!, redirectUri: p.get('redirect_uri')!, sub: 'oidc-sup' });
      res.writeHead(302, { location: `${p.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(p.get('state')!)}` });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const p = new URLSearchParams(body);
      seen.token.push(p);
      const cors = { 'access-control-allow-origin': req.headers.origin ?? '*' };
      const grant = codes.get(p.get('code') ?? '');
      codes.delete(p.get('code') ?? '');
      const verifier = p.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!grant || p.get('client_id') !== CLIENT || p.get('redirect_uri') !== grant.redirectUri || challenge !== grant.challenge) {
        seen.refused.push('token');
        return json(400, { error: 'invalid_grant' }, cors);
      }
      return json(200, { access_token: await signAccessToken(grant.sub, ['supervisor:daklak-bcd']), token_type: 'Bearer', expires_in: 600 }, cors);
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((done) => provider.listen(port, '127.0.0.1', done));

  api = await startApi(
    {
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'danvan-ledger-api',
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      WEB_OIDC_CLIENT_ID: CLIENT,
      WEB_OIDC_SCOPE: 'openid profile',
    },
    () => signAccessToken('browser-setup', ['admin']),
  );
});

test.afterAll(async () => {
  await api?.stop();
  await new Promise((done) => provider?.close(done));
});

test('a supervisor signs in through the provider with PKCE; the code never stays in the address', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto(`${api.url}/app/`);
  const button = page.getByRole('button', { name: 'Đăng nhập qua nhà cung cấp định danh' });
  await expect(button).toBeVisible();
  // No token box in this mode: tokens come from the provider.
  await expect(page.getByLabel('Mã truy cập (JWT)')).toHaveCount(0);
  await expectAccessible(page, 'sign-in (OIDC)');
  await screenshot(page, 'sign-in-oidc');
  await button.click();

  await expect(page.getByTestId('who')).toHaveText('oidc-sup');
  await expect(page.getByRole('heading', { name: 'Báo cáo chờ duyệt' })).toBeVisible();
  expect(page.url()).toBe(`${api.url}/app/`);
  const authorize = seen.authorize.at(-1)!;
  expect(authorize.get('code_challenge_method')).toBe('S256');
  expect(authorize.get('scope')).toBe('openid profile');
  expect(authorize.get('redirect_uri')).toBe(`${api.url}/app/`);
  expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // The verifier the app sent at the token endpoint is the one its challenge was made from.
  const exchange = seen.token.at(-1)!;
  expect(createHash('sha256').update(exchange.get('code_verifier')!).digest('base64url')).toBe(authorize.get('code_challenge'));
  expect(exchange.get('code_verifier')!.length).toBeGreaterThanOrEqual(43);
  expect(seen.refused).toEqual([]);
  // The access token works on the API, and is held in the tab's session only.
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('danvan.token'), local: Object.keys(localStorage) }));
  expect(stored.session).toMatch(/^ey/);
  expect(stored.local).not.toContain('danvan.token');
  expect((await api.call('GET', '/api/reports?status=submitted', stored.session!)).status).toBe(200);
  expect(problems).toEqual([]);
});

test('a forged return (state that this tab did not send) is refused, and nothing is exchanged', async ({ page }) => {
  const exchanges = seen.token.length;
  await page.goto(`${api.url}/app/?code=stolen&state=forged`);
  await expect(page.getByRole('alert')).toContainText('state does not match');
  expect(seen.token.length).toBe(exchanges);
  expect(page.url()).toBe(`${api.url}/app/`);
  await expect(page.getByRole('button', { name: 'Đăng nhập qua nhà cung cấp định danh' })).toBeVisible();
});
