import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { LiveReadModels, READ_MODEL_STORE, waitForPosition } from '@app/read-models';
import { AppConfig, loadConfig } from '@app/shared';
import { createApp } from '../../apps/api/src/bootstrap';
import { embeddedJwtSettings, resolveSecret, signToken } from '../../apps/api/src/platform/auth/jwt';
import { buildDist } from './build';

export interface TestApp {
  url: string;
  config: AppConfig;
  /** The Nest application itself, for tests that reach inside (route table, a store to break). */
  nest: INestApplication;
  token(sub: string, roles: string[]): Promise<string>;
  /**
   * The event log's head position, read from the app's own event store: what a test compares
   * before and after a refused command ("nothing appended"), and the position a later read waits
   * for. Not through /health, which also reads every projection's state and answers 503 when a
   * read model is slow to answer (seen on FerretDB under load).
   */
  eventHead(): Promise<string | null>;
  /**
   * Waits until every live read model includes `position` (the log's head when not given): for a
   * suite whose queries read the demo as loaded. A `minPosition` query waits only for the models
   * its route reads, so one such query is not a wait for the others.
   */
  caughtUp(position?: string | null): Promise<void>;
  /** A call that must answer `status` (200 unless said): on any other, the test fails naming the path and showing the answer; resolves to the body. */
  ok(method: string, path: string, token: string, body?: unknown, status?: number): Promise<any>;
  http(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
}

/** Read-model backends to run the e2e suite on: SQLite always, MongoDB (FerretDB in CI) when MONGODB_URI is set. */
export const READ_MODEL_BACKENDS: ('sqlite' | 'mongodb')[] = process.env.MONGODB_URI ? ['sqlite', 'mongodb'] : ['sqlite'];

/** The real app on an ephemeral port, over real stores in a temp dir (and a fresh MongoDB database). */
export async function startApp(
  options: { readModels?: 'sqlite' | 'mongodb'; demoData?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'danvan-e2e-'));
  const mongoDb = options.readModels === 'mongodb' ? `e2e_${randomUUID().slice(0, 8)}` : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    DEMO_DATA: String(options.demoData ?? false),
    LOG_LEVEL: 'error',
    // The mutation runs set main: Stryker's sandbox has no dist/ for the worker to run.
    ...(process.env.PROJECTOR_THREAD ? { PROJECTOR_THREAD: process.env.PROJECTOR_THREAD } : {}),
    ...(process.env.EVENT_WRITER_THREAD ? { EVENT_WRITER_THREAD: process.env.EVENT_WRITER_THREAD } : {}),
    ...(mongoDb ? { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: mongoDb } : {}),
    ...options.env,
  });
  // The projector's worker thread and the event store's writer thread run compiled JavaScript from
  // dist/ (npm test builds it first).
  if ((config.runProjector && config.projectorThread === 'worker') || (config.eventStore.kind === 'sqlite' && config.eventWriterThread === 'worker')) buildDist();
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // In JWKS mode the app accepts no HS256 token; token() still signs one, which such an app refuses.
  const settings = embeddedJwtSettings(config) ?? { secret: resolveSecret(undefined, dataDir), issuer: config.auth.issuer, audience: config.auth.audience };

  const testApp: TestApp = {
    url,
    config,
    nest: app,
    token: (sub, roles) => signToken(settings, { sub, roles }),
    eventHead: () => app.get<EventStore>(EVENT_STORE).headPosition(),
    async caughtUp(position) {
      const target = position ?? (await testApp.eventHead());
      if (target === null) return;
      if (!(await waitForPosition(app.get<LiveReadModels>(READ_MODEL_STORE), target, 120_000))) {
        throw new Error(`the read models did not reach position ${target} within 120 s`);
      }
    },
    async ok(method, path, token, body, status = 200) {
      const res = await testApp.http(method, path, { token, body });
      expect([path, res.status, res.status === status ? null : res.body]).toEqual([path, status, null]);
      return res.body;
    },
    async http(method, path, { token, body, headers = {}, raw } = {}) {
      const response = await fetch(url + path, {
        method,
        headers: {
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async close() {
      await app.close();
      if (mongoDb) {
        const client = await MongoClient.connect(process.env.MONGODB_URI!);
        await client.db(mongoDb).dropDatabase();
        await client.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return testApp;
}
