import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { startApp, TestApp } from './support/app';

/** Liveness and readiness probes over real HTTP: cheap, outside the rate limit, and honest about lag. */

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const unit = (id: string) => ({ id, name: `Đồn ${id}`, kind: 'border-guard' });

describe('/health/live and /health/ready', () => {
  describe('under the default rate limit', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApp({ env: { READY_REFRESH_MS: '100' } });
    });
    afterAll(() => app.close());

    it('600 garbage-token requests spend the anonymous budget, yet the probes answer 200, never 429', async () => {
      await until('ready', async () => (await app.http('GET', '/health/ready')).status === 200);
      const statuses = new Map<number, number>();
      for (let i = 0; i < 600; i++) {
        const status = (await app.http('GET', '/api/units', { token: `garbage.${i}.token` })).status;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      expect(statuses.get(401)).toBe(600);
      // The budget is spent: the detailed /health shares it, the probes do not.
      expect((await app.http('GET', '/api/units', { token: 'garbage.x.token' })).status).toBe(429);
      expect((await app.http('GET', '/health')).status).toBe(429);
      for (let i = 0; i < 20; i++) {
        const ready = await app.http('GET', '/health/ready');
        expect(ready.status).toBe(200);
        expect(ready.body).toMatchObject({ status: 'ready', ready: true, reasons: [] });
        expect((await app.http('GET', '/health/live')).body).toEqual({ status: 'live' });
      }
    });
  });

  describe('the HTTP server', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApp();
    });
    afterAll(() => app.close());

    // Express would otherwise change each request's and response's prototype as it takes them,
    // which makes their objects outlive the next minor GC (BENCHMARKS.md, the request thread's GC).
    it("creates each request and response with the Express app's prototypes already", async () => {
      const express = app.nest.getHttpAdapter().getInstance() as { request: object; response: object };
      const server = app.nest.getHttpServer() as Server;
      const seen: boolean[] = [];
      const probe = (req: IncomingMessage, res: ServerResponse) => {
        seen.push(Object.getPrototypeOf(req) === express.request, Object.getPrototypeOf(res) === express.response);
      };
      server.prependListener('request', probe);
      try {
        expect((await app.http('GET', '/health/live')).status).toBe(200);
        expect((await app.http('GET', '/api/units')).status).toBe(401);
      } finally {
        server.removeListener('request', probe);
      }
      expect(seen).toEqual([true, true, true, true]);
    });
  });

  describe('with the projector stopped (RUN_PROJECTOR=false)', () => {
    let app: TestApp;
    afterEach(() => app.close());

    it('answers 503 naming the projection once it lags more than READY_MAX_LAG events', async () => {
      app = await startApp({ env: { RUN_PROJECTOR: 'false', READY_MAX_LAG: '2', READY_REFRESH_MS: '100' } });
      const admin = await app.token('admin-1', ['admin']);
      await until('ready on an empty log', async () => (await app.http('GET', '/health/ready')).status === 200);
      for (const id of ['u1', 'u2', 'u3']) expect((await app.http('POST', '/api/units', { token: admin, body: unit(id) })).status).toBe(201);

      await until('not ready', async () => (await app.http('GET', '/health/ready')).status === 503);
      const ready = await app.http('GET', '/health/ready');
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.reasons).toContainEqual(expect.stringMatching(/^projection \S+ lags more than 2 events at the start \(bound 2\)$/));
      expect(ready.body.projections).toContainEqual(expect.objectContaining({ checkpoint: null, lag: 3, lagCapped: true }));
      // Liveness is unaffected.
      expect((await app.http('GET', '/health/live')).status).toBe(200);
    });

    it('answers 503 "stalled" when a projection stays behind at the same checkpoint for READY_MAX_STALL_SECONDS', async () => {
      app = await startApp({ env: { RUN_PROJECTOR: 'false', READY_MAX_LAG: '100', READY_MAX_STALL_SECONDS: '1', READY_REFRESH_MS: '100' } });
      const admin = await app.token('admin-1', ['admin']);
      await until('ready on an empty log', async () => (await app.http('GET', '/health/ready')).status === 200);
      expect((await app.http('POST', '/api/units', { token: admin, body: unit('u1') })).status).toBe(201);

      await until('not ready', async () => (await app.http('GET', '/health/ready')).status === 503);
      const ready = await app.http('GET', '/health/ready');
      expect(ready.body.reasons).toContainEqual(expect.stringMatching(/^projection \S+ stalled at the start for \d+ s with 1 events behind$/));
    });
  });

  it('with the projector running, a projection that catches up is ready again', async () => {
    const app = await startApp({ env: { READY_MAX_LAG: '0', READY_REFRESH_MS: '100' } });
    try {
      const admin = await app.token('admin-1', ['admin']);
      for (const id of ['u1', 'u2', 'u3']) expect((await app.http('POST', '/api/units', { token: admin, body: unit(id) })).status).toBe(201);
      await until('caught up and ready', async () => (await app.http('GET', '/health/ready')).status === 200);
      const ready = await app.http('GET', '/health/ready');
      expect(ready.body.projections.length).toBeGreaterThan(0);
      for (const p of ready.body.projections) expect(p).toMatchObject({ lag: 0, stalledSeconds: 0 });
    } finally {
      await app.close();
    }
  });
});
