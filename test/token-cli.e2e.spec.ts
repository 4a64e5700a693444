import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDist, dist, ROOT } from './support/build';
import { startApp, TestApp } from './support/app';

/**
 * `npm run token` (dist/scripts/token.js, a real process): it signs with the secret of the app
 * whose DATA_DIR it is given, and never makes a secret of its own.
 */
const run = promisify(execFile);
async function token(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [dist('scripts/token.js'), '--sub', 'alice', '--roles', 'admin'], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run token', () => {
  let app: TestApp;
  const empty = mkdtempSync(join(tmpdir(), 'danvan-token-'));
  beforeAll(async () => {
    buildDist();
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('signs with the secret in the app\'s DATA_DIR: the app accepts the token', async () => {
    const signed = await token({ DATA_DIR: app.config.dataDir });
    expect([signed.code, signed.stderr]).toEqual([0, '']);
    expect((await app.http('GET', '/api/units', { token: signed.stdout.trim() })).status).toBe(200);
  });

  it('refuses, saying what to set, when DATA_DIR holds no secret and AUTH_JWT_SECRET is unset, and creates none', async () => {
    const refused = await token({ DATA_DIR: empty });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`no signing secret: ${join(empty, 'jwt-secret')} does not exist, and AUTH_JWT_SECRET is not set.`);
    expect(refused.stderr).toMatch(/Set DATA_DIR to the data directory of the app/);
    expect(existsSync(join(empty, 'jwt-secret'))).toBe(false);
  });

  it('signs with AUTH_JWT_SECRET when it is set, whatever DATA_DIR holds', async () => {
    const signed = await token({ DATA_DIR: empty, AUTH_JWT_SECRET: 'a-test-secret-of-at-least-32-characters!' });
    expect(signed.code).toBe(0);
    expect(signed.stdout.trim().split('.')).toHaveLength(3);
    // Another secret than the app's: the app refuses it, as it should.
    expect((await app.http('GET', '/api/units', { token: signed.stdout.trim() })).status).toBe(401);
  });
});
