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

  /** Starts the API, makes one authenticated and one denied request, stops it, and returns its stdout. */
  async function run(env: Record<string, string>): Promise<string> {
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
    const settings = { secret: new TextEncoder().encode(SECRET), issuer: 'danvan-ledger', audience: 'danvan-ledger' };
    const token = await signToken(settings, { sub: 'auditor-7', roles: ['auditor'] });
    expect((await fetch(`${url}/api/units`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-log-1' } })).status).toBe(200);
    expect((await fetch(`${url}/api/audit`, { headers: { 'x-request-id': 'req-log-2' } })).status).toBe(401);
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

  it('writes plain, uncoloured text with LOG_FORMAT=text', async () => {
    const out = await run({ LOG_FORMAT: 'text' });
    expect(out).not.toMatch(/\u001b\[/);
    expect(out).toMatch(/\[Request\] GET \/api\/units 200 [\d.]+ms requestId=req-log-1 principal=auditor-7/);
    expect(out.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
  }, 180_000);
});
