import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../apps/api/src/platform/auth/jwt';
import { buildDist, dist } from './support/build';

/**
 * The compiled API as a real process with stdout piped (not a terminal): JSON lines by default,
 * each request line carrying its request id and actor; LOG_FORMAT=text gives uncoloured text.
 */
const SECRET = 'logs-test-secret-0123456789abcdef0123';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('logs of the API process', () => {
  let dataDir: string;
  let child: ChildProcess | null = null;

  beforeAll(() => {
    buildDist();
  }, 300_000);
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'danvan-logs-'));
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    child = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const settings = { secret: new TextEncoder().encode(SECRET), issuer: 'danvan-ledger', audience: 'danvan-ledger' };

  /** One authenticated and one denied request. */
  async function twoRequests(url: string): Promise<void> {
    const token = await signToken(settings, { sub: 'auditor-7', roles: ['auditor'] });
    expect((await fetch(`${url}/api/units`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-log-1' } })).status).toBe(200);
    expect((await fetch(`${url}/api/audit`, { headers: { 'x-request-id': 'req-log-2' } })).status).toBe(401);
  }

  /**
   * A request that is slow by construction, whatever the machine: with no projector running, a
   * query that must wait for a position (`minPosition`) waits its 5 s and answers 503. Around it,
   * quick requests (the unit's creation, a liveness probe).
   */
  async function oneSlowRequest(url: string): Promise<void> {
    const admin = await signToken(settings, { sub: 'admin-1', roles: ['admin'] });
    const created = await fetch(`${url}/api/units`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'slow-1', name: 'Đồn chậm', kind: 'border-guard' }),
    });
    expect(created.status).toBe(201);
    const { position } = (await created.json()) as { position: string };
    const waited = await fetch(`${url}/api/units/slow-1?minPosition=${position}`, { headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'req-slow-1' } });
    expect(waited.status).toBe(503);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  }

  /** Starts the API, makes the requests (by default one authenticated and one denied), stops it, and returns its stdout. */
  async function run(env: Record<string, string>, requests: (url: string) => Promise<void> = twoRequests): Promise<string> {
    const port = await freePort();
    const full: NodeJS.ProcessEnv = {
      ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false', LOG_LEVEL: 'log', AUTH_JWT_SECRET: SECRET, ...env,
    };
    for (const name of ['EVENTSTORE_CONNECTION_STRING', 'MONGODB_URI', 'FORCE_COLOR', 'NO_COLOR']) delete full[name];
    if (!('LOG_FORMAT' in env)) delete full.LOG_FORMAT;
    child = spawn(process.execPath, [dist('apps/api/src/main.js')], { env: full, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/health/live`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the API did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await requests(url);
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    return out;
  }

  it('writes one JSON object per line when stdout is not a terminal, with request id and actor on request lines', async () => {
    const out = await run({});
    const lines = out.trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const r of records) expect(r).toEqual(expect.objectContaining({ level: expect.any(String), timestamp: expect.any(Number), message: expect.anything() }));
    expect(records).toContainEqual(
      expect.objectContaining({ context: 'Request', method: 'GET', path: '/api/units', status: 200, requestId: 'req-log-1', actor: 'auditor-7', durationMs: expect.any(Number) }),
    );
    expect(records).toContainEqual(expect.objectContaining({ context: 'Request', path: '/api/audit', status: 401, requestId: 'req-log-2', actor: null }));
    expect(records).toContainEqual(expect.objectContaining({ context: 'Access', level: 'warn', reason: 'missing_token', requestId: 'req-log-2' }));
  }, 180_000);

  it('logs a request slower than SLOW_REQUEST_MS again at warn, with its duration: exactly the requests that took that long', async () => {
    const out = await run({ LOG_FORMAT: 'json', RUN_PROJECTOR: 'false', SLOW_REQUEST_MS: '1000' }, oneSlowRequest);
    const records = out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = records.filter((r) => r.context === 'Request' && r.level === 'log');
    const slow = records.filter((r) => r.context === 'Request' && r.level === 'warn');
    expect(slow).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/units/slow-1', status: 503, requestId: 'req-slow-1', actor: 'admin-1', slow: true, slowRequestMs: 1000 }),
    );
    const waited = slow.find((r) => r.requestId === 'req-slow-1')!;
    expect(waited.durationMs).toBeGreaterThanOrEqual(1000);
    expect(waited.message).toMatch(/^slow request: GET \/api\/units\/slow-1 503 [\d.]+ms requestId=req-slow-1 principal=admin-1 \(SLOW_REQUEST_MS=1000\)$/);
    // The warn lines are exactly the requests whose own line says they took 1000 ms or more.
    const key = (r: Record<string, unknown>) => `${r.method} ${r.path} ${r.status} ${r.durationMs} ${r.requestId}`;
    expect(slow.map(key).sort()).toEqual(requests.filter((r) => (r.durationMs as number) >= 1000).map(key).sort());
    expect(requests.length).toBeGreaterThan(slow.length);
  }, 180_000);

  it('at LOG_LEVEL=warn, shows only the slow request among the requests', async () => {
    const out = await run({ LOG_FORMAT: 'json', LOG_LEVEL: 'warn', RUN_PROJECTOR: 'false', SLOW_REQUEST_MS: '1000' }, oneSlowRequest);
    const records = out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.every((r) => r.level === 'warn' || r.level === 'error')).toBe(true);
    expect(records.filter((r) => r.context === 'Request')).toContainEqual(
      expect.objectContaining({ level: 'warn', path: '/api/units/slow-1', status: 503, requestId: 'req-slow-1', durationMs: expect.any(Number), slow: true }),
    );
  }, 180_000);

  it('writes plain, uncoloured text with LOG_FORMAT=text', async () => {
    const out = await run({ LOG_FORMAT: 'text' });
    expect(out).not.toMatch(/\u001b\[/);
    expect(out).toMatch(/\[Request\] GET \/api\/units 200 [\d.]+ms requestId=req-log-1 principal=auditor-7/);
    expect(out.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
  }, 180_000);
});
