import { ChildProcess, spawn } from 'node:child_process';
import { IncomingMessage, Server } from 'node:http';
import { buildDist, dist } from './support/build';
import { startApp, TestApp } from './support/app';

/**
 * Read-your-writes across processes, on the embedded stores: the API runs without its in-process
 * projector (RUN_PROJECTOR=false, a real HTTP server), and the projector is the real apps/projector
 * process on the same DATA_DIR. While the projector is absent or frozen, a query without
 * `minPosition` answers stale; with it, the query waits and answers fresh once the projector has
 * caught up, or 503 when it never does within the wait.
 */
describe('read-your-writes with the projector in its own process (embedded stores)', () => {
  let app: TestApp;
  let projector: ChildProcess | null = null;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    buildDist();
    app = await startApp({ env: { RUN_PROJECTOR: 'false' } });
    t.admin = await app.token('admin', ['admin']);
    t.reader = await app.token('reader', ['auditor']);
  }, 300_000);
  afterAll(async () => {
    if (projector && projector.exitCode === null) {
      projector.kill('SIGKILL');
      await new Promise((r) => projector!.once('exit', r));
    }
    await app.close();
  });

  function startProjector(): ChildProcess {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: app.config.dataDir, LOG_LEVEL: 'error' };
    delete env.MONGODB_URI;
    delete env.EVENTSTORE_CONNECTION_STRING;
    return spawn(process.execPath, [dist('apps/projector/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  /** Resolves when the API's HTTP server has received a request whose URL contains `fragment`. */
  function received(fragment: string): Promise<void> {
    const server = app.nest.getHttpServer() as Server;
    return new Promise((resolve) => {
      const listener = (req: IncomingMessage) => {
        if (!req.url?.includes(fragment)) return;
        server.off('request', listener);
        resolve();
      };
      server.on('request', listener);
    });
  }

  const unit = (query = '') => app.http('GET', `/api/units/u1${query}`, { token: t.reader });
  let created = '';

  it('with no projector running: stale without minPosition, 503 after waiting with it', async () => {
    const res = await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u1', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-guard' } });
    expect(res.status).toBe(201);
    created = res.body.position;
    expect((await unit()).status).toBe(404);
    const waited = await unit(`?minPosition=${created}`);
    expect(waited.status).toBe(503);
    expect(waited.headers.get('retry-after')).toBe('1');
    expect((await unit()).status).toBe(404);
  }, 30_000);

  it('the projector process started on the same DATA_DIR makes the query with minPosition answer fresh', async () => {
    // The query is on its way before the projector starts. A machine slow enough to start the
    // projector after the 5 s wait gets a 503 and asks again: the wait itself is shown below.
    const arrived = received(`minPosition=${created}`);
    const first = unit(`?minPosition=${created}`);
    await arrived;
    projector = startProjector();
    let res = await first;
    for (let i = 0; i < 10 && res.status === 503; i++) res = await unit(`?minPosition=${created}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'u1', name: 'Đồn Biên phòng Ia Lốp' });
  }, 120_000);

  it('with the projector frozen: stale without minPosition; the query with it waits and answers fresh once the projector resumes', async () => {
    projector!.kill('SIGSTOP');
    const renamed = await app.http('POST', '/api/units/u1/rename', { token: t.admin, body: { name: 'Đồn Biên phòng Cửa khẩu Ia Lốp' } });
    expect(renamed.status).toBe(200);
    expect((await unit()).body.name).toBe('Đồn Biên phòng Ia Lốp');

    // The API has the query in hand while the projector cannot move: answering it fresh means waiting.
    const arrived = received(`minPosition=${renamed.body.position}`);
    const pending = unit(`?minPosition=${renamed.body.position}`);
    await arrived;
    projector!.kill('SIGCONT');
    const fresh = await pending;
    expect(fresh.status).toBe(200);
    expect(fresh.body.name).toBe('Đồn Biên phòng Cửa khẩu Ia Lốp');
    expect((await unit()).body.name).toBe('Đồn Biên phòng Cửa khẩu Ia Lốp');
  }, 60_000);
});
