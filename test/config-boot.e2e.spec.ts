import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, dist } from './support/build';

/** Runs a compiled entry point with only the given environment; resolves with its exit and stderr. */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dist(entry)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** The real processes refuse a bad environment before touching anything, naming every bad variable. */
describe('configuration validated at boot (real processes)', () => {
  let dataDir: string;
  beforeAll(() => {
    buildDist();
    dataDir = join(mkdtempSync(join(tmpdir(), 'danvan-boot-')), 'data');
  }, 300_000);
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  const bad = { PORT: '70000', LOG_LEVEL: 'chatty', AUTH_JWT_SECRET: 'short', MONGODB_URI: 'postgres://db', DEMO_DATA: 'maybe' };

  it.each([['the API', 'apps/api/src/main.js'], ['the projector', 'apps/projector/src/main.js']])('%s exits with 2 and names every bad variable', async (_, entry) => {
    const { code, stderr } = await run(entry, { ...bad, DATA_DIR: dataDir });
    expect(code).toBe(2);
    expect(stderr).toContain('invalid configuration');
    for (const name of Object.keys(bad)) expect(stderr).toMatch(new RegExp(`^\\s*${name}: `, 'm'));
    // Refused before opening a store: no data directory was created.
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('the API names a JWKS URL set beside a shared secret (the modes exclude each other)', async () => {
    const { code, stderr } = await run('apps/api/src/main.js', {
      DATA_DIR: dataDir, AUTH_JWKS_URL: 'https://idp.example.org/certs', AUTH_JWT_SECRET: 'x'.repeat(40), AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^\s*AUTH_JWT_SECRET: must not be set together with AUTH_JWKS_URL/m);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
