import { ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { readRegistry, SqliteReadModelStore } from '@app/read-models';
import { startApp, TestApp } from './support/app';
import { writeReportLog } from './support/report-log';

const ROOT = resolve(__dirname, '..');
const REBUILD = join(ROOT, 'dist/scripts/rebuild.js');

function rebuild(dataDir: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env };
  delete e.MONGODB_URI;
  delete e.EVENTSTORE_CONNECTION_STRING;
  return spawn(process.execPath, [REBUILD, ...args], { env: e, stdio: ['ignore', 'pipe', 'inherit'] });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

/** The embedded app serving while `npm run rebuild` builds unit totals beside the live ones (real processes, real files). */
describe('rebuilding a read model while the API serves', () => {
  let app: TestApp;
  let admin: string;
  let expected: unknown;
  const totals = '/api/totals?unitId=unit-3&period=2000&limit=200';
  const health = async () => (await app.http('GET', '/health')).body as { projection: { lag: number }; projections: { name: string; build: number; switchedAt: string | null; building: { build: number } | null }[] };
  const unitTotals = async () => (await health()).projections.find((p) => p.name === 'unit_totals')!;

  beforeAll(async () => {
    if (!existsSync(REBUILD)) execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
    // The tests read totals and /health in a loop for as long as a rebuild runs: no rate limit.
    app = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    admin = await app.token('admin-1', ['admin', 'auditor']);
    const events = new SqliteEventStore({ file: join(app.config.dataDir, 'events.sqlite') });
    await writeReportLog(events, 400, 'rb');
    await events.close();
    for (let i = 0; i < 600 && (await health()).projection.lag > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const first = await app.http('GET', totals, { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeGreaterThan(0);
    expected = first.body;
  }, 240_000);

  afterAll(() => app?.close());

  it('keeps answering complete totals during the rebuild, and /health shows the switch', async () => {
    const before = await unitTotals();
    const child = rebuild(app.config.dataDir, ['unit_totals'], { REBUILD_BATCH_SIZE: '50', REBUILD_PAUSE_MS: '5' });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const done = exited(child);
    let reads = 0;
    let sawBuilding = false;
    while (child.exitCode === null) {
      const res = await app.http('GET', totals, { token: admin });
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expected });
      reads += 1;
      if ((await unitTotals()).building) sawBuilding = true;
    }
    expect(await done).toBe(0);
    expect(reads).toBeGreaterThan(5);
    expect(sawBuilding).toBe(true);
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
      events: expect.any(Number), seconds: expect.any(Number), eventsPerSecond: expect.any(Number), peakRssMb: expect.any(Number),
      readSeconds: expect.any(Number), projectionSeconds: { unit_totals: expect.any(Number) },
    });
    const after = await unitTotals();
    expect(after.build).toBeGreaterThan(before.build);
    expect(after.switchedAt).not.toBeNull();
    expect(after.building).toBeNull();
    expect((await app.http('GET', totals, { token: admin })).body).toEqual(expected);
  }, 240_000);

  it('a rebuild killed mid-way leaves the live read models serving, and the next one resumes its build', async () => {
    const live = (await unitTotals()).build;
    const child = rebuild(app.config.dataDir, ['unit_totals'], { REBUILD_BATCH_SIZE: '20', REBUILD_PAUSE_MS: '20' });
    const readModels = new SqliteReadModelStore({ file: join(app.config.dataDir, 'read-models.sqlite') });
    let killedBuild = 0;
    for (let i = 0; i < 2000 && !killedBuild; i++) {
      const building = (await readRegistry(readModels)).get('unit_totals')?.building;
      if (building && (await readModels.getCheckpoint(`unit_totals_b${building.build}`))) killedBuild = building.build;
      else await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited(child);
    expect(killedBuild).toBeGreaterThan(live);
    const atKill = await readModels.getCheckpoint(`unit_totals_b${killedBuild}`);

    // Still serving from the live build, complete.
    expect((await unitTotals()).build).toBe(live);
    expect((await app.http('GET', totals, { token: admin })).body).toEqual(expected);

    const again = rebuild(app.config.dataDir, ['unit_totals'], { REBUILD_BATCH_SIZE: '500' });
    let out = '';
    again.stdout!.on('data', (d) => (out += d));
    expect(await exited(again)).toBe(0);
    const resumed = JSON.parse(out.trim().split('\n').pop()!) as { events: number };
    const total = (await new SqliteEventStore({ file: join(app.config.dataDir, 'events.sqlite') }).readAll({ after: atKill, limit: 100_000 })).length;
    // It went on from the killed build's checkpoint, not from zero.
    expect(resumed.events).toBe(total);
    expect((await unitTotals()).build).toBe(killedBuild);
    expect((await app.http('GET', totals, { token: admin })).body).toEqual(expected);
    await readModels.close();
  }, 240_000);

  it('a rebuild asked to stop (SIGTERM) stops between batches, says how far it got, and leaves the live build serving', async () => {
    const live = (await unitTotals()).build;
    // No pause between batches (a pause would yield to the event loop by itself): small batches, so the signal lands mid-way.
    const child = rebuild(app.config.dataDir, ['unit_totals'], { REBUILD_BATCH_SIZE: '5' });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const readModels = new SqliteReadModelStore({ file: join(app.config.dataDir, 'read-models.sqlite') });
    let started = false;
    for (let i = 0; i < 2000 && !started && child.exitCode === null; i++) {
      const building = (await readRegistry(readModels)).get('unit_totals')?.building;
      if (building && (await readModels.getCheckpoint(`unit_totals_b${building.build}`))) started = true;
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(started).toBe(true);
    child.kill('SIGTERM');
    // Not every build switched: exit 1, after the JSON line with the events it applied.
    expect(await exited(child)).toBe(1);
    const head = (await new SqliteEventStore({ file: join(app.config.dataDir, 'events.sqlite') }).readAll({ after: null, limit: 100_000 })).length;
    const stopped = JSON.parse(out.trim().split('\n').pop()!) as { events: number };
    expect(stopped.events).toBeGreaterThan(0);
    expect(stopped.events).toBeLessThan(head);
    expect((await unitTotals()).build).toBe(live);
    expect((await app.http('GET', totals, { token: admin })).body).toEqual(expected);
    await readModels.close();
  }, 240_000);
});
