import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * An operator starts the API on a new event log (a fresh DATA_DIR, a new EventStoreDB) beside read
 * models built from another one (the old MongoDB database, a restored read-models file). Their
 * checkpoints are positions in the other log, so they would look caught up while missing every
 * event of this one. The API refuses them: not ready, reads 503, nothing of this log projected.
 */
describe.each(READ_MODEL_BACKENDS)('read models of another event log (read models: %s)', (backend) => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  const mongoDb = `foreign_${randomUUID().slice(0, 8)}`;
  const env = (dataDir: string): Record<string, string> => ({
    DATA_DIR: dataDir,
    ...(backend === 'mongodb' ? { MONGODB_URI: process.env.MONGODB_URI!, MONGODB_DB: mongoDb } : {}),
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    if (backend === 'mongodb') {
      const client = await MongoClient.connect(process.env.MONGODB_URI!);
      await client.db(mongoDb).dropDatabase();
      await client.close();
    }
  });

  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'danvan-foreign-'));
    dirs.push(dir);
    return dir;
  };

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  it('answers 503 on reads and on /health/ready, naming the cause, and projects nothing of the new log', async () => {
    // Log A with the demo, projected until ready.
    const dirA = newDir();
    const a = await startApp({ demoData: true, env: env(dirA) });
    apps.push(a);
    const adminA = await a.token('admin-1', ['admin']);
    await until('log A projected', async () => ((await a.http('GET', '/health/ready')).status === 200 ? true : undefined));
    // A last command on log A, read back with its position: every event of A before it is projected.
    const marker = await a.http('POST', '/api/units', { token: adminA, body: { id: 'log-a-marker', name: 'Đơn vị của nhật ký A', kind: 'regiment' } });
    expect(marker.status).toBe(201);
    const unitsA = (await a.http('GET', `/api/units?minPosition=${marker.body.position}`, { token: adminA })).body.items.map((u: { id: string }) => u.id);
    expect(unitsA).toContain('log-a-marker');
    await a.close();
    apps.splice(apps.indexOf(a), 1);

    // Log B: a new, empty data dir; the read models are A's (the same database, or A's file restored into it).
    const dirB = newDir();
    if (backend === 'sqlite') {
      for (const suffix of ['', '-wal', '-shm']) {
        const from = join(dirA, `read-models.sqlite${suffix}`);
        if (existsSync(from)) copyFileSync(from, join(dirB, `read-models.sqlite${suffix}`));
      }
    }
    const b = await startApp({ demoData: false, env: env(dirB) });
    apps.push(b);
    const adminB = await b.token('admin-1', ['admin']);

    // Refused from the first request on, before any readiness refresh.
    const read = await b.http('GET', '/api/units', { token: adminB });
    expect(read.status).toBe(503);
    expect(read.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(read.body.title).toBe('Read models unusable');

    const ready = await until('readiness to name the cause', async () => {
      const res = await b.http('GET', '/health/ready');
      return res.status === 503 && JSON.stringify(res.body).includes('another event log') ? res : undefined;
    });
    expect(ready.body.status).toBe('not-ready');

    // A command on log B is recorded (the log is fine), but nothing of it reaches A's read models.
    const created = await b.http('POST', '/api/units', { token: adminB, body: { id: 'foreign-check', name: 'Đơn vị thử', kind: 'regiment' } });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await b.http('GET', '/api/units', { token: adminB })).status).toBe(503);
    await b.close();
    apps.splice(apps.indexOf(b), 1);

    // A again, on its own log: its read models serve as before, without the unit of log B.
    const again = await startApp({ demoData: false, env: env(dirA) });
    apps.push(again);
    const admin = await again.token('admin-1', ['admin']);
    const units = await until('log A served again', async () => {
      const res = await again.http('GET', '/api/units', { token: admin });
      return res.status === 200 ? res.body.items.map((u: { id: string }) => u.id) : undefined;
    });
    expect(units).toEqual(unitsA);
    expect(units).not.toContain('foreign-check');
  });
});
