import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@app/shared';
import { signToken } from '../apps/api/src/platform/auth/jwt';
import { SecurityModule } from '../apps/api/src/platform/auth/security.module';
import { ProblemFilter } from '../apps/api/src/platform/http/problem';
import { routeTable } from '../apps/api/src/platform/http/route-table';
import { startApp, TestApp } from './support/app';

/** Every route has an explicit policy: a new endpoint cannot ship open by accident. */
describe('the route table', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('gives every route an explicit @Access policy', () => {
    const routes = routeTable(app.nest);
    expect(routes.length).toBeGreaterThanOrEqual(18);
    expect(routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path} (${r.controller.name}.${r.handler})`)).toEqual([]);
    for (const r of routes) expect(['public', 'authenticated', 'admin', 'auditor-or-admin']).toContain(r.policy);
    // Public is the exception, and it is short.
    expect(routes.filter((r) => r.policy === 'public').map((r) => `${r.method} ${r.path}`)).toEqual(['GET /health', 'GET /health/live', 'GET /health/ready']);
  });

  it('is everything Express serves besides the API docs (no route registered around Nest)', () => {
    const stack = (app.nest.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
    const served = stack
      .filter((layer) => layer.route && !/^\/docs/.test(layer.route.path))
      .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
    const declared = routeTable(app.nest).map((r) => `${r.method} ${r.path}`);
    expect(new Set(served)).toEqual(new Set(declared));
  });

  it('refuses a request without a token on every route but the public ones', async () => {
    for (const r of routeTable(app.nest)) {
      const path = r.path.replace(/:period/g, '2021').replace(/:[A-Za-z]+/g, 'some-id');
      const res = await app.http(r.method, path, r.method === 'GET' ? {} : { body: {} });
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: r.policy === 'public' ? 200 : 401 });
    }
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  open() {
    return { secret: 'should never be served' };
  }
}

@Module({ controllers: [ForgottenController], providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] })
class ForgottenModule {}

describe('a route without a policy', () => {
  it('is refused with 403 even for an admin, and the refusal names no policy', async () => {
    const config = loadConfig({ DATA_DIR: '/tmp/unused-danvan', AUTH_JWT_SECRET: 'a-test-secret-of-at-least-32-characters!', LOG_LEVEL: 'error' });
    const moduleRef = await Test.createTestingModule({ imports: [SecurityModule.register(config), ForgottenModule] }).compile();
    const nest = moduleRef.createNestApplication({ logger: false });
    await nest.listen(0, '127.0.0.1');
    try {
      const token = await signToken({ secret: new TextEncoder().encode('a-test-secret-of-at-least-32-characters!'), issuer: 'danvan-ledger', audience: 'danvan-ledger' }, { sub: 'root', roles: ['admin'] });
      const port = (nest.getHttpServer().address() as { port: number }).port;
      for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
        const res = await fetch(`http://127.0.0.1:${port}/forgotten`, { headers });
        expect(res.status).toBe(403);
        expect(await res.text()).not.toContain('should never be served');
      }
    } finally {
      await nest.close();
    }
  });
});
