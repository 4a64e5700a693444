import { Worker } from 'node:worker_threads';
import { StoreLifecycle } from '../apps/api/src/platform/infrastructure.module';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/*
 * The embedded default projects on a worker thread of the API process (PROJECTOR_THREAD=worker):
 * its own connections to the same stores, its own event loop. What the API says about the
 * projections it reads from the stores: a command's position is reached through minPosition, and
 * /health counts the lag from the checkpoints. A worker that ends unasked is noticed (readiness
 * 503 naming it, the lag grows), replaced after PROJECTOR_RETRY_MS, and the new one resumes from
 * the checkpoints; shutdown lets the worker finish and close its stores.
 */

async function until<T>(what: string, check: () => Promise<T | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const unit = (id: string) => ({ id, name: `Đồn ${id}`, kind: 'border-guard' });

describe.each(READ_MODEL_BACKENDS)('the projector on a worker thread (%s read models)', (backend) => {
  let app: TestApp;
  let admin: string;
  let lifecycle: StoreLifecycle;

  beforeAll(async () => {
    // A worker that ends is replaced after 5 s: long enough to see what happens meanwhile.
    app = await startApp({ readModels: backend, env: { PROJECTOR_RETRY_MS: '5000', READY_REFRESH_MS: '100' } });
    admin = await app.token('admin-1', ['admin']);
    lifecycle = app.nest.get(StoreLifecycle);
  });
  afterAll(() => app?.close());

  const post = async (id: string) => {
    const res = await app.http('POST', '/api/units', { token: admin, body: unit(id) });
    expect(res.status).toBe(201);
    return res.body as { position: string };
  };
  const slowest = async () => (await app.http('GET', '/health')).body.projection as { lag: number; position: string | null; head: string | null };

  it('runs on a worker thread, and the API reads its progress from the stores (minPosition, /health lag)', async () => {
    expect(app.config.projectorThread).toBe('worker');
    const worker = lifecycle.projectorWorker?.thread;
    expect(worker).toBeInstanceOf(Worker);
    expect(worker!.threadId).toBeGreaterThan(0);
    await until('the worker started', async () => lifecycle.projectorThread()?.running === true);

    const { position } = await post('u-1');
    const read = await app.http('GET', `/api/units/u-1?minPosition=${position}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: 'u-1' });
    await until('lag 0 at the head', async () => {
      const p = await slowest();
      return p.lag === 0 && p.position === p.head;
    });
    expect((await app.http('GET', '/health/ready')).status).toBe(200);
  });

  it('a worker that ends unasked is noticed (readiness 503 naming it, lag counted from the store) and replaced; the new one resumes from the checkpoints', async () => {
    const first = lifecycle.projectorWorker!.thread!;
    await first.terminate();
    await until('the end noticed', async () => lifecycle.projectorThread()?.running === false);

    // Meanwhile commands are recorded, and nothing projects them.
    const { position } = await post('u-2');
    const ready = await app.http('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.reasons).toContainEqual(expect.stringMatching(/^projector worker stopped at \S+ \(exit code 1\); restarting at \S+$/));
    const behind = await slowest();
    expect(behind.head).toBe(position);
    expect(behind.lag).toBeGreaterThanOrEqual(1);
    expect((await app.http('GET', '/api/units/u-2', { token: admin })).status).toBe(404);

    // Another worker starts and takes up from the checkpoints: the unit appears, once.
    await until('replaced', async () => lifecycle.projectorThread()?.running === true);
    expect(lifecycle.projectorThread()).toMatchObject({ running: true, restarts: 1 });
    expect(lifecycle.projectorWorker!.thread).not.toBe(first);
    const read = await app.http('GET', `/api/units/u-2?minPosition=${position}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: 'u-2' });
    const list = await app.http('GET', `/api/units?minPosition=${position}`, { token: admin });
    expect(list.body.items.map((u: { id: string }) => u.id).sort()).toEqual(['u-1', 'u-2']);
    await until('ready again', async () => (await app.http('GET', '/health/ready')).status === 200);
  });

  it('on shutdown the worker finishes its batch, closes its stores and ends by itself (exit code 0)', async () => {
    const worker = lifecycle.projectorWorker!.thread!;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    await app.close();
    expect(await exited).toBe(0);
    expect(lifecycle.projectorThread()).toMatchObject({ running: false });
    app = undefined as unknown as TestApp;
  });
});
