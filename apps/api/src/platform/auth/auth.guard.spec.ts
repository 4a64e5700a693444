import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SignJWT } from 'jose';
import { AppConfig, loadConfig } from '@app/shared';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { ProblemException } from '../http/problem';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { createTokenVerifier, embeddedJwtSettings, signToken } from './jwt';
import { Access, POLICY_KEY } from './policy.decorator';

/** Routes as Nest sees them: a policy on the method, on the class, on both, or none at all. */
@Access('admin')
class AdminController {
  @Access('public') open() {}
  inherited() {}
}
class PlainController {
  @Access('authenticated') anyone() {}
  @Access('admin') admins() {}
  @Access('auditor-or-admin') readers() {}
  @Access('public') open() {}
  forgotten() {}
  // Not one of POLICIES (Access() would not compile with it): what a typo in metadata written by hand gives.
  @SetMetadata(POLICY_KEY, 'supervisor') unknown() {}
}

/**
 * The auth guard with the real Reflector, the real Authenticator and the real token verifier
 * (HS256 through jose, the library the verifier uses), on tokens signed for the test.
 */
describe('AuthGuard', () => {
  let dir: string;
  let config: AppConfig;
  let guard: AuthGuard;
  const token = (sub: string, ...roles: string[]) => signToken(embeddedJwtSettings(config)!, { sub, roles });
  const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as AuthenticatedRequest;
  const context = (req: AuthenticatedRequest, controller: new () => object, method: string) =>
    new ExecutionContextHost([req, {}, () => undefined], controller as never, (controller.prototype as Record<string, () => void>)[method]);

  /** The problem the guard throws: status, body, headers and the denial kept for the log. */
  const refusal = async (req: AuthenticatedRequest, controller: new () => object, method: string) => {
    try {
      await guard.canActivate(context(req, controller, method));
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return { status: error.getStatus(), body: error.body, headers: error.headers, denial: error.denial };
    }
    throw new Error('expected a refusal, and the guard let the request through');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-guard-spec-'));
    config = loadConfig({ DATA_DIR: dir, AUTH_JWT_SECRET: 'a-test-secret-of-enough-length-for-hs256-0123456789' });
    guard = new AuthGuard(new Reflector(), new Authenticator(createTokenVerifier(config)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a route without a policy is refused (403) even to an admin, and the log names the route', async () => {
    for (const req of [request(), request(`Bearer ${await token('root', 'admin')}`)]) {
      expect(await refusal(req, PlainController, 'forgotten')).toEqual({
        status: 403,
        body: { type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'This route has no access policy.' },
        headers: {},
        denial: { code: 'no_policy', reason: 'PlainController.forgotten has no @Access' },
      });
      expect(req.principal).toBeUndefined();
    }
  });

  it('a public route lets anyone through without reading the token, however bad', async () => {
    for (const authorization of [undefined, 'Bearer not.a.token', 'Basic YWxpY2U6cHc=']) {
      const req = request(authorization);
      await expect(guard.canActivate(context(req, PlainController, 'open'))).resolves.toBe(true);
      expect(req.principal).toBeUndefined();
    }
  });

  it('the method\'s policy overrides the class\'s, and a method without one takes the class\'s', async () => {
    await expect(guard.canActivate(context(request(), AdminController, 'open'))).resolves.toBe(true);
    expect((await refusal(request(`Bearer ${await token('alice', 'auditor')}`), AdminController, 'inherited')).denial).toEqual({ code: 'role', reason: 'policy admin, roles [auditor]' });
    await expect(guard.canActivate(context(request(`Bearer ${await token('root', 'admin')}`), AdminController, 'inherited'))).resolves.toBe(true);
  });

  it('no token: 401 with the Bearer challenge', async () => {
    for (const req of [request(), request('')]) {
      expect(await refusal(req, PlainController, 'anyone')).toEqual({
        status: 401,
        body: { type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'A bearer token is required.' },
        headers: { 'WWW-Authenticate': 'Bearer realm="danvan-ledger"' },
        denial: { code: 'missing_token', reason: 'no bearer token' },
      });
    }
  });

  it('a token that does not verify: 401 invalid_token, the reason for the log only', async () => {
    const other = new TextEncoder().encode('another-secret-of-enough-length-0123456789abcdef');
    const forged = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuer('danvan-ledger').setAudience('danvan-ledger').setExpirationTime('1h').sign(other);
    const expired = await signToken(embeddedJwtSettings(config)!, { sub: 'alice', roles: ['admin'] }, Math.floor(Date.now() / 1000) - 60);
    for (const [authorization, reason] of [
      ['Basic YWxpY2U6cHc=', 'authorization header is not a bearer token'],
      [`Bearer ${forged}`, expect.stringMatching(/signature/i)],
      [`Bearer ${expired}`, expect.stringMatching(/exp/)],
    ] as const) {
      const req = request(authorization);
      expect(await refusal(req, PlainController, 'anyone')).toEqual({
        status: 401,
        body: { type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'The bearer token is not valid.' },
        headers: { 'WWW-Authenticate': 'Bearer realm="danvan-ledger", error="invalid_token"' },
        denial: { code: 'invalid_token', reason },
      });
      expect(req.principal).toBeUndefined();
    }
  });

  it('a valid token on an authenticated route: through, whatever the roles, with the caller on the request', async () => {
    for (const roles of [[], ['reporter:u1', 'supervisor:u2'], ['admin']]) {
      const req = request(`Bearer ${await token('alice', ...roles)}`);
      await expect(guard.canActivate(context(req, PlainController, 'anyone'))).resolves.toBe(true);
      expect(req.principal).toMatchObject({ sub: 'alice', roles });
    }
  });

  it('admin routes: admins only; everyone else 403 with their roles in the log', async () => {
    const admin = request(`Bearer ${await token('root', 'admin')}`);
    await expect(guard.canActivate(context(admin, PlainController, 'admins'))).resolves.toBe(true);
    expect(admin.principal).toMatchObject({ sub: 'root', isAdmin: true });
    for (const roles of [['auditor'], ['supervisor:u1', 'reporter:u1'], []]) {
      const req = request(`Bearer ${await token('bob', ...roles)}`);
      expect(await refusal(req, PlainController, 'admins')).toEqual({
        status: 403,
        body: { type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'This route needs the admin role.' },
        headers: {},
        denial: { code: 'role', reason: `policy admin, roles [${roles.join(',')}]` },
      });
    }
  });

  it('a policy the guard does not know lets nobody through, admins included (it fails closed)', async () => {
    for (const roles of [['admin'], ['auditor'], ['supervisor:u1']]) {
      expect(await refusal(request(`Bearer ${await token('erin', ...roles)}`), PlainController, 'unknown')).toMatchObject({
        status: 403,
        body: { detail: 'This route needs the supervisor role.' },
        denial: { code: 'role', reason: `policy supervisor, roles [${roles.join(',')}]` },
      });
    }
  });

  it('auditor-or-admin routes: auditors and admins; reporters and supervisors 403', async () => {
    for (const roles of [['auditor'], ['admin']]) {
      await expect(guard.canActivate(context(request(`Bearer ${await token('carol', ...roles)}`), PlainController, 'readers'))).resolves.toBe(true);
    }
    for (const roles of [['reporter:u1'], ['supervisor:u1']]) {
      expect(await refusal(request(`Bearer ${await token('dave', ...roles)}`), PlainController, 'readers')).toMatchObject({
        status: 403,
        body: { detail: 'This route needs the auditor-or-admin role.' },
        denial: { code: 'role', reason: `policy auditor-or-admin, roles [${roles.join(',')}]` },
      });
    }
  });
});
