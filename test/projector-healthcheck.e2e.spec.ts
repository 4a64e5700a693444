import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDist, dist } from './support/build';

/**
 * The projector container's healthcheck (docker/Dockerfile, docker-compose.yml), on the compiled
 * projector as a real process: healthy while its loop turns, unhealthy once it stops turning
 * (frozen with SIGSTOP), healthy again when it resumes; and unhealthy without a heartbeat file.
 */
const run = promisify(execFile);

describe('apps/projector healthcheck', () => {
  let dir: string;
  let projector: ChildProcess | null = null;
  beforeAll(() => buildDist());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-heartbeat-'));
  });
  afterEach(async () => {
    if (projector && projector.exitCode === null) {
      projector.kill('SIGCONT');
      projector.kill('SIGKILL');
      await new Promise((r) => projector!.once('exit', r));
    }
    projector = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const heartbeat = () => join(dir, 'projector.heartbeat');
  const check = async (env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> => {
    try {
      await run(process.execPath, [dist('apps/projector/src/healthcheck.js')], { env: { PATH: process.env.PATH, PROJECTOR_HEARTBEAT_FILE: heartbeat(), PROJECTOR_HEARTBEAT_MAX_AGE_SECONDS: '2', ...env } });
      return { code: 0, stderr: '' };
    } catch (error) {
      return { code: (error as { code: number }).code, stderr: (error as { stderr: string }).stderr };
    }
  };
  async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('is healthy while the loop turns, unhealthy when it stops turning, healthy again when it resumes', async () => {
    expect(await check()).toMatchObject({ code: 1, stderr: expect.stringContaining('no heartbeat at') });
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'error', PROJECTOR_HEARTBEAT_FILE: heartbeat() };
    projector = spawn(process.execPath, [dist('apps/projector/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await until('healthy', async () => (await check()).code === 0);

    projector.kill('SIGSTOP');
    await until('unhealthy while frozen', async () => (await check()).code === 1);
    expect((await check()).stderr).toMatch(/^the projector's last heartbeat is \d+ s old \(more than 2 s\)/);

    projector.kill('SIGCONT');
    await until('healthy again', async () => (await check()).code === 0);
  });

  it('is unhealthy when no heartbeat file is configured', async () => {
    expect(await check({ PROJECTOR_HEARTBEAT_FILE: '' })).toMatchObject({ code: 1, stderr: expect.stringContaining('PROJECTOR_HEARTBEAT_FILE is not set') });
  });
});
