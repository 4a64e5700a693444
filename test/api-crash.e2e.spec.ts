import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportStreamId } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { signToken } from '../apps/api/src/platform/auth/jwt';
import { buildDist, dist } from './support/build';

const API = dist('apps/api/src/main.js');
const SECRET = 'api-crash-test-secret-0123456789abcdef';
const CLIENTS = 16;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/*
 * SIGKILL of the real API process (compiled, embedded store with group commit) in the middle of a
 * stream of commands over HTTP: 16 clients each set their report's figure again and again, each
 * command with its own Idempotency-Key and a value no other command uses. After the kill, every
 * command the API acknowledged is in the log exactly once, none is there twice, and retrying every
 * command issued (as clients do after a lost answer) against the restarted API leaves each one
 * exactly once. Once with the groups committed on the writer thread (the default), once on the
 * request thread (EVENT_WRITER_THREAD=main).
 */
describe.each(['worker', 'main'] as const)('the API process killed with SIGKILL during a stream of commands (commits on the %s thread)', (writer) => {
  let dataDir: string;
  let child: ChildProcess | null = null;
  let port: number;

  beforeAll(async () => {
    buildDist();
    dataDir = mkdtempSync(join(tmpdir(), 'danvan-api-crash-'));
    port = await freePort();
  }, 300_000);

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startApi(): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      AUTH_JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      EVENT_WRITER_THREAD: writer,
    };
    delete env.EVENTSTORE_CONNECTION_STRING;
    delete env.MONGODB_URI;
    const started = spawn(process.execPath, [API], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`the API exited with ${started.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return started;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the API did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('loses no acknowledged command and applies none twice', async () => {
    const settings = { secret: new TextEncoder().encode(SECRET), issuer: 'danvan-ledger', audience: 'danvan-ledger' };
    const admin = await signToken(settings, { sub: 'admin-1', roles: ['admin'] });
    const rep = await signToken(settings, { sub: 'rep-1', roles: ['reporter:u1'] });
    const call = async (method: string, path: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    child = await startApi();
    expect((await call('POST', '/api/units', admin, { id: 'u1', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-guard' })).status).toBe(201);
    expect((await call('POST', '/api/indicators', admin, { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 })).status).toBe(201);
    for (let c = 0; c < CLIENTS; c += 1) {
      expect((await call('POST', '/api/reports', rep, { id: `crash-${c}`, unitId: 'u1', period: `${2000 + c}` })).status).toBe(201);
    }

    type Command = { client: number; key: string; value: number };
    const issued: Command[] = [];
    const acked: Command[] = [];
    let stop = false;
    const send = (command: Command) =>
      call('PUT', `/api/reports/crash-${command.client}/figures`, rep, { figures: [{ indicator: 'work_days', value: command.value }] }, { 'idempotency-key': command.key });
    const client = async (c: number): Promise<void> => {
      for (let n = 1; !stop; n += 1) {
        const command = { client: c, key: randomUUID(), value: c * 1_000_000 + n };
        issued.push(command);
        try {
          const res = await send(command);
          if (res.status !== 200) throw new Error(`command answered ${res.status}: ${JSON.stringify(res.body)}`);
          acked.push(command);
        } catch (error) {
          if (stop) return; // the connection died with the process: not acknowledged
          throw error;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    while (acked.length < 400) await new Promise((resolve) => setTimeout(resolve, 5));
    stop = true;
    child.kill('SIGKILL');
    await exited;
    await Promise.all(clients);
    expect(child.signalCode).toBe('SIGKILL');

    const valuesIn = async (store: SqliteEventStore, c: number): Promise<string[]> =>
      (await store.readStream(reportStreamId(`crash-${c}`))).filter((event) => event.type === 'FigureRecorded.v1').map((event) => String(event.data.value));
    const count = (values: string[], value: number) => values.filter((v) => v === String(value)).length;

    // With the process dead, straight from the file: every acknowledged command once, none twice.
    const afterKill = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    try {
      for (let c = 0; c < CLIENTS; c += 1) {
        const values = await valuesIn(afterKill, c);
        for (const command of acked.filter((a) => a.client === c)) expect(count(values, command.value)).toBe(1);
        for (const command of issued.filter((a) => a.client === c)) expect(count(values, command.value)).toBeLessThanOrEqual(1);
      }
    } finally {
      await afterKill.close();
    }

    // Clients retry what they sent (answers lost in the crash included), in order, with the same keys.
    child = await startApi();
    for (let c = 0; c < CLIENTS; c += 1) {
      for (const command of issued.filter((a) => a.client === c)) expect((await send(command)).status).toBe(200);
    }
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => child!.once('exit', () => resolve()));

    const afterRetry = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    try {
      for (let c = 0; c < CLIENTS; c += 1) {
        const values = await valuesIn(afterRetry, c);
        for (const command of issued.filter((a) => a.client === c)) expect(count(values, command.value)).toBe(1);
      }
    } finally {
      await afterRetry.close();
    }
    expect(acked.length).toBeGreaterThanOrEqual(400);
  }, 300_000);
});
