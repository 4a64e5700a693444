import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, TestApp } from '../support/app';

/**
 * The web app is served by the API at /app (built into dist/web by `npm run build`, which `npm test`
 * runs first): static files under a strict page policy, and the public config telling it how to
 * sign in. The browser tests (test/browser, `npm run test:browser`) drive it in Chromium.
 */
describe('the web app at /app', () => {
  let app: TestApp;
  beforeAll(async () => {
    expect(existsSync(resolve(__dirname, '../../dist/web/index.html'))).toBe(true);
    app = await startApp();
  });
  afterAll(() => app.close());

  it('serves the page with a policy that allows no inline script or style', async () => {
    for (const path of ['/app/', '/app']) {
      const res = await fetch(app.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      const html = await res.text();
      // Every script is a file from this origin: no inline script for the policy to refuse.
      expect(html).toMatch(/<script type="module" crossorigin src="\/app\/assets\/[^"]+\.js"><\/script>/);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
    }
  });

  it('serves the hashed bundles long-cached, and answers 404 for what is not there', async () => {
    const html = await (await fetch(`${app.url}/app/`)).text();
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)![1];
    const res = await fetch(app.url + script);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/app/assets/nothing.js', '/app/../package.json', '/app/%2e%2e/package.json']) {
      const missing = await fetch(app.url + path);
      expect(missing.status).toBe(404);
    }
  });

  it('tells the app to sign in by token in the embedded mode; the API keeps its own policy and guards', async () => {
    const res = await fetch(`${app.url}/app/config.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ auth: { mode: 'token', rolesClaim: 'roles' } });
    const api = await app.http('GET', '/api/reports');
    expect(api.status).toBe(401);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    // Only reads: anything else under /app reaches the API's router, which has no such route.
    expect((await app.http('POST', '/app/config.json', { body: {} })).status).toBe(404);
  });
});

describe('the web app with an OIDC provider', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({
      env: {
        AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
        AUTH_ISSUER: 'http://127.0.0.1:9/realms/danvan',
        AUTH_AUDIENCE: 'danvan-ledger-api',
        AUTH_ROLES_CLAIM: 'realm_access.roles',
        WEB_OIDC_CLIENT_ID: 'danvan-web',
        WEB_OIDC_SCOPE: 'openid profile',
      },
    });
  });
  afterAll(() => app.close());

  it('names the provider, the client and the scopes, and lets the page call the provider\'s origin only', async () => {
    expect(await (await fetch(`${app.url}/app/config.json`)).json()).toEqual({
      auth: { mode: 'oidc', rolesClaim: 'realm_access.roles', issuer: 'http://127.0.0.1:9/realms/danvan', clientId: 'danvan-web', scope: 'openid profile' },
    });
    const csp = (await fetch(`${app.url}/app/`)).headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9;");
  });
});
