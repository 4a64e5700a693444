import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, Page } from '@playwright/test';

export const ROOT = resolve(__dirname, '../../..');
export const SCREENSHOTS = join(ROOT, 'test/screenshots');

/** A free loopback port (asked of the OS, then released for the API to take). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface Api {
  url: string;
  dataDir: string;
  /** `npm run token`'s script, against this server's data dir (its generated secret). */
  token(sub: string, roles: string[]): string;
  call(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  stop(): Promise<void>;
}

/**
 * The environment the API and `npm run token` get: this process's, without what chooses the stores
 * or the sign-in. Those come only from the test's own `env`, so the browser tests run `npm start`'s
 * embedded default even where a shell exported MONGODB_URI (CI does, for the MongoDB suites): read
 * models in a shared database, built from another run's log, once made the queue empty here.
 */
function ownEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MONGODB_|EVENTSTORE_|AUTH_)/.test(key)));
  return { ...inherited, ...env };
}

/**
 * The compiled API (`node dist/apps/api/src/main.js`, as `npm start` runs it) on a fresh data dir
 * with the embedded stores (unless `env` chooses others), the demo loaded on first start; resolved
 * once the demo's reports are readable.
 */
export async function startApi(env: Record<string, string> = {}, probeToken?: () => Promise<string>): Promise<Api> {
  const dataDir = mkdtempSync(join(tmpdir(), 'danvan-browser-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env: ownEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000', ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const token = (sub: string, roles: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'dist/scripts/token.js'), '--sub', sub, '--roles', roles.join(',')], { env: ownEnv({ DATA_DIR: dataDir, ...env }), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const call: Api['call'] = async (method, path, bearer, body, headers = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${stderr}`);
    try {
      const bearer = probeToken ? await probeToken() : token('browser-setup', ['admin']);
      const res = await call('GET', '/api/reports/daklak-bcd-2020', bearer);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API did not load the demo in 2 minutes: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, dataDir, token, call, stop };
}

/**
 * A set-up command by another person, then a wait until the read models include it (its
 * position as minPosition), so that the screen opened next shows it: the pages read without
 * minPosition, as a person who arrives later would.
 */
export async function settled(api: Api, method: string, path: string, token: string, body?: unknown): Promise<void> {
  const res = await api.call(method, path, token, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  const seen = await api.call('GET', `/api/units?minPosition=${res.body.position}`, token);
  expect(seen.status, `waiting for ${res.body.position}`).toBe(200);
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core in the page (evaluated through the DevTools protocol, so the page's own policy stays
 * strict), WCAG 2.x A and AA rules: no serious or critical violation.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(`${AXE}\n;void 0`);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  })) as { id: string; impact: string; help: string; targets: string[] }[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${screen}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fails the test on any policy refusal or script error in the page. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return problems;
}

/** Signs in on the sign-in page by pasting a token, as a person would. */
export async function signInWithToken(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/app/`);
  await page.getByLabel('Mã truy cập (JWT)').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

/** The page fits its viewport's width: nothing but tables scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}
