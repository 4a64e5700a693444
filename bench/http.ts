/**
 * npm run bench:http: the API under load over HTTP on 127.0.0.1, driven open loop at fixed offered
 * rates (bench/load.ts: evenly spaced requests, latency from the moment each was due), each phase
 * bounded in time, against a copy of a generated store.
 *
 *   npm run bench:http -- --store ~/.cache/danvan-bench/n100000     # copies it; the source is never written
 *   npm run bench:http -- --events 100000                           # generates a store first (npm run bench:generate)
 *
 * Options: --seconds S (per phase, default 10), --rates 100,250,500 (PUT figures, req/s),
 * --flows 25 (create → figures → submit → approve flows per second), --threads worker,main (the
 * projector's thread: each one a run of every phase against a fresh copy of the store),
 * --output FILE (default BENCHMARKS.md; "-" writes nothing).
 *
 * A/B against another build (say main's, checked out and built elsewhere):
 *
 *   npm run bench:http -- --store ~/.cache/danvan-bench/n100000 --ab /tmp/main-checkout --pairs 3 --rates 250,500
 *
 * runs only GET /health/live and PUT figures, the two builds alternately on one copy of the store,
 * and writes a section of its own (see runAb).
 *
 * Per phase: offered and achieved rate, p50 / p99 / max latency (from the moment the request was
 * due to its last byte, so a server that falls behind shows its queue), the answers that were not 2xx, and the server's CPU per request: the whole process (both threads)
 * and its main thread alone (the event loop that answers requests), from /proc. Projection lag is
 * read from the store (the events in the log past the lowest live checkpoint), every 100 ms, by
 * this process's own read-only connections. In the same run, two floors: GET /health and
 * /health/live through the whole HTTP stack, and a raw better-sqlite3 insert of one event row
 * with one fsync per transaction (synchronous=FULL, WAL) on the same disk. One more row shows the
 * load generator's own effect: GET /health/live at 500 req/s through autocannon's per-second
 * pacing (each second's requests sent as a burst over 100 connections), beside the open loop.
 * Beside every measured phase a sleeper process (bench/sleeper.ts) shows how late its 1 ms
 * wake-ups were: the machine's own waits for a core during that phase.
 *
 * Writes its own section of BENCHMARKS.md between markers and leaves the others alone.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SQLITE_EVENTS_DDL } from '@app/event-store';
import { checkpointName, readRegistry, PROJECTIONS, SqliteReadModelStore } from '@app/read-models';
import { resolveSecret, signToken } from '../apps/api/src/platform/auth/jwt';
import { describeMachine, fmtInt, marked, percentile, writeSection } from './util';
import { LoadResult, openLoop, RequestSpec, Work } from './load';
import type { Wakeups } from './sleeper';

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'dist');
const START = '<!-- bench/http.ts: start -->';
const END = '<!-- bench/http.ts: end -->';
const AB_START = '<!-- bench/http.ts --ab: start -->';
const AB_END = '<!-- bench/http.ts --ab: end -->';
const DISTRICTS = 10;
const UNITS_PER_DISTRICT = 20;
const UNITS = Array.from({ length: DISTRICTS * UNITS_PER_DISTRICT }, (_, i) => {
  const district = `bench-d${String(Math.floor(i / UNITS_PER_DISTRICT) + 1).padStart(2, '0')}`;
  return { id: `${district}-u${String((i % UNITS_PER_DISTRICT) + 1).padStart(2, '0')}`, district };
});
const FIGURE_INDICATORS = ['work_days', 'gift_packages', 'medical_visits', 'seedlings_given'];
const QUERIES: { name: string; path: string }[] = [
  { name: 'totals, unit + year', path: '/api/totals?unitId=bench-d03-u07&period=2022' },
  { name: 'breakdown, province by district', path: '/api/totals/breakdown?period=2022&indicator=houses_supported&by=area&areaCode=tinh-bench&level=district' },
  { name: 'year summary', path: '/api/summaries/2022' },
  { name: 'audit page of 50', path: '/api/audit?limit=50' },
];

/** Requests per second of each query beside the commands. */
const QUERY_RATE = 20;

function arg(name: string, fallback: string): string;
function arg(name: string): string | undefined;
function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const log = (message: string) => process.stderr.write(`[bench:http ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The server process: CPU from /proc, start, stop.

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** utime + stime of a process or one of its threads, in ms. */
function cpuMs(pid: number, tid?: number): number {
  const file = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

interface Cpu {
  process: number;
  main: number;
}
const cpuOf = (pid: number): Cpu => ({ process: cpuMs(pid), main: cpuMs(pid, pid) });

/** This shell's environment with `extra`, on the embedded stores whatever the shell exports. */
function embeddedEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.MONGODB_URI;
  delete env.EVENTSTORE_CONNECTION_STRING;
  return env;
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

interface Api {
  child: ChildProcess;
  base: string;
  pid: number;
}

/** Starts the API built under `dist` (this tree's by default; --ab names another build's). */
async function startApi(dir: string, thread: string, dist = DIST): Promise<Api> {
  const port = await freePort();
  const env = embeddedEnv({ DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', DEMO_DATA: 'false', PROJECTOR_THREAD: thread });
  const child = spawn(process.execPath, [join(dist, 'apps/api/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the API did not start');
    await sleep(200);
  }
  return { child, base, pid: child.pid! };
}

async function stopApi(api: Api): Promise<void> {
  const exited = new Promise<void>((r) => api.child.once('exit', () => r()));
  api.child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000)]);
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// Projection lag, read from the stores by this process.

class LagProbe {
  private readonly events: Database.Database;
  private readonly count;
  private readonly readModels: SqliteReadModelStore;

  constructor(dir: string) {
    this.events = new Database(join(dir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    this.count = this.events.prepare<[number], { n: number }>('SELECT count(*) AS n FROM events WHERE position > ?');
    this.readModels = new SqliteReadModelStore({ file: join(dir, 'read-models.sqlite') });
  }

  /** Events in the log past the lowest live checkpoint, and whether a build is in progress. */
  async lag(): Promise<{ lag: number; building: boolean }> {
    const registry = await readRegistry(this.readModels);
    let lowest: number | null = null;
    let building = false;
    for (const p of PROJECTIONS) {
      const doc = registry.get(p.name);
      if (doc?.building) building = true;
      const cp = doc?.live ? await this.readModels.getCheckpoint(checkpointName({ projection: p.name, build: doc.live.build })) : null;
      const at = cp === null ? 0 : parseInt(cp, 16);
      if (lowest === null || at < lowest) lowest = at;
    }
    return { lag: this.count.get(lowest ?? 0)!.n, building };
  }

  async close(): Promise<void> {
    this.events.close();
    await this.readModels.close();
  }
}

/**
 * Waits until the server has answered what a phase left in flight (the driver stops sending at the
 * end of a phase; the server still works off the requests it holds): until /health/live answers
 * within 50 ms twice in a row, at most 120 s. Without it a saturated phase eats into the next one.
 */
async function drain(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let quick = 0;
  while (quick < 2 && Date.now() < deadline) {
    const t0 = performance.now();
    await fetch(`${base}/health/live`).then((r) => r.arrayBuffer());
    quick = performance.now() - t0 < 50 ? quick + 1 : 0;
    if (quick < 2) await sleep(100);
  }
}

async function waitCaughtUp(probe: LagProbe, what: string): Promise<number> {
  const started = Date.now();
  let lastLog = 0;
  for (;;) {
    const { lag, building } = await probe.lag();
    if (lag === 0 && !building) return (Date.now() - started) / 1000;
    if (Date.now() - lastLog > 30_000) {
      log(`${what}: waiting for the projections (lag ${lag}${building ? ', a build in progress' : ''})`);
      lastLog = Date.now();
    }
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------
// Load.

interface Phase {
  name: string;
  offered: number;
  seconds: number;
  requests: number;
  ok: number;
  notOk: number;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  cpuProcessMs: number;
  cpuMainMs: number;
  /** The load driver's own CPU per request (the bench process), ms; NaN where not measured. */
  driverMs: number;
  /** How late a sleeping process's 1 ms wake-ups were meanwhile (bench/sleeper.ts); null where not measured. */
  wake: Wakeups | null;
  /** The answers not 2xx by status, and the requests that failed by error (LoadResult.notOkBy). */
  notOkBy: Record<string, number>;
}

/** The next unit of offered load (one request, or a flow's steps). */
type Next = () => Work;

/** An open-loop phase: `next()`'s work at `rate` per second for `seconds`. */
function drive(base: string, rate: number, seconds: number, next: Next, offsetMs = 0): Promise<LoadResult> {
  return openLoop({ base, rate, seconds, next, offsetMs });
}

/** autocannon's own pacing (`overallRate`: each second's requests as a burst over `connections`), for the one row that shows the difference. */
function cannon(base: string, rate: number, seconds: number, path: string, connections: number): Promise<autocannon.Result> {
  return new Promise((res, rej) => {
    const instance = autocannon({ url: base, overallRate: rate, duration: seconds, connections, requests: [{ method: 'GET', path }], timeout: 30 }, (error, result) =>
      error ? rej(error) : res(result),
    );
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false, outputStream: { write: () => true } as never });
  });
}

function phaseOf(name: string, offered: number, seconds: number, result: LoadResult, cpu: { process: number; main: number }, perRequestDivisor = 1): Phase {
  return {
    name,
    offered,
    seconds,
    requests: result.sent,
    ok: result.ok,
    notOk: result.notOk + result.errors,
    achieved: result.ok / perRequestDivisor / result.duration,
    p50: result.p50,
    p99: result.p99,
    max: result.max,
    cpuProcessMs: cpu.process / Math.max(1, result.sent),
    cpuMainMs: cpu.main / Math.max(1, result.sent),
    driverMs: result.driverCpuMs / Math.max(1, result.sent),
    wake: null,
    notOkBy: result.notOkBy,
  };
}

function phaseOfCannon(name: string, offered: number, seconds: number, result: autocannon.Result, cpu: { process: number; main: number }): Phase {
  const requests = result.requests.total;
  return {
    name,
    offered,
    seconds,
    requests,
    ok: result['2xx'],
    notOk: requests - result['2xx'] + result.errors + result.timeouts,
    achieved: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    cpuProcessMs: cpu.process / Math.max(1, requests),
    cpuMainMs: cpu.main / Math.max(1, requests),
    driverMs: NaN,
    wake: null,
    notOkBy: {},
  };
}

/**
 * The API process's CPU over `run`, and a sleeper process's wake-ups beside it for `seconds` (its
 * length): what a thread of any process waited for a core on this machine meanwhile.
 */
async function measured<T>(pid: number, seconds: number, run: () => Promise<T>): Promise<{ value: T; cpu: Cpu; wake: Wakeups }> {
  const before = cpuOf(pid);
  const [value, wake] = await Promise.all([run(), sleeper(seconds)]);
  const after = cpuOf(pid);
  return { value, cpu: { process: after.process - before.process, main: after.main - before.main }, wake };
}

/** Runs bench/sleeper.js for `seconds` (it starts as soon as Node has, ~50 ms); resolves with its wake-ups. */
function sleeper(seconds: number): Promise<Wakeups> {
  return new Promise((res, rej) => {
    execFile(process.execPath, [join(DIST, 'bench/sleeper.js'), String(seconds)], (error, stdout) =>
      error ? rej(error) : res(JSON.parse(stdout.trim().split('\n').pop()!) as Wakeups),
    );
  });
}

interface Tokens {
  admin: string;
  reporter: Map<string, string>;
  supervisor: Map<string, string>;
}

async function tokensFor(dir: string): Promise<Tokens> {
  const settings = { secret: resolveSecret(undefined, dir), issuer: 'danvan-ledger', audience: 'danvan-ledger' };
  const reporter = new Map<string, string>();
  const supervisor = new Map<string, string>();
  for (const u of UNITS) reporter.set(u.id, await signToken(settings, { sub: `bench-reporter-${u.id}`, roles: [`reporter:${u.id}`] }));
  for (const d of new Set(UNITS.map((u) => u.district))) supervisor.set(d, await signToken(settings, { sub: `bench-supervisor-${d}`, roles: [`supervisor:${d}`] }));
  return { admin: await signToken(settings, { sub: 'bench-admin', roles: ['admin', 'auditor'] }), reporter, supervisor };
}

const json = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });

/**
 * Periods of the draft reports that PUT figures writes to: the months after the store's last
 * report, in its year (the workload files a report per unit and month; a unit's periods may not
 * overlap), or the next year's when that one is full. So a figure lands in roll-ups that already
 * sum the year's earlier months over every unit, as in a running year in production. (Until
 * 2026-12-04 these were year reports in 2090-2099, whose roll-ups held nothing else: a figure
 * there cost the projection a fraction of what one in a populated year costs.)
 */
function draftPeriods(eventsFile: string): string[] {
  const db = new Database(eventsFile, { readonly: true });
  try {
    const last = db.prepare("SELECT json_extract(data, '$.period') FROM events WHERE type LIKE 'ReportCreated.%' ORDER BY position DESC LIMIT 1").pluck().get();
    const [year, month] = typeof last === 'string' && /^\d{4}-\d{2}$/.test(last) ? last.split('-').map(Number) : [2089, 12];
    const months = (y: number, from: number) => Array.from({ length: 13 - from }, (_, k) => `${y}-${String(from + k).padStart(2, '0')}`);
    return month < 12 ? months(year, month + 1) : months(year + 1, 1);
  } finally {
    db.close();
  }
}

/** Draft reports to set figures on: one per unit and period of draftPeriods. */
async function createReports(base: string, tokens: Tokens, dir: string): Promise<{ id: string; unitId: string }[]> {
  const made: { id: string; unitId: string }[] = [];
  const periods = draftPeriods(join(dir, 'events.sqlite'));
  // Period by period, so that the concurrent creations are of different units (a unit's creations claim its periods in one stream).
  const todo = periods.flatMap((period) => UNITS.map((u) => ({ unitId: u.id, id: `bh-${u.id}-${period}`, period })));
  const worker = async () => {
    for (let r = todo.pop(); r; r = todo.pop()) {
      const res = await fetch(`${base}/api/reports`, { method: 'POST', headers: json(tokens.reporter.get(r.unitId)!), body: JSON.stringify({ id: r.id, unitId: r.unitId, period: r.period }) });
      if (res.status !== 201) throw new Error(`creating ${r.id}: ${res.status} ${await res.text()}`);
      made.push({ id: r.id, unitId: r.unitId });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return made;
}

let valueSeq = 0;

/** PUT figures round-robin over distinct reports; `figures` values per command, each new (so each is an event). */
function putFigures(reports: { id: string; unitId: string }[], tokens: Tokens, figures: number): Next {
  let next = 0;
  return () => {
    const r = reports[next++ % reports.length];
    valueSeq += 1;
    const body = JSON.stringify({ figures: FIGURE_INDICATORS.slice(0, figures).map((indicator, i) => ({ indicator, value: valueSeq * 10 + i })) });
    return [{ method: 'PUT', path: `/api/reports/${r.id}/figures`, headers: json(tokens.reporter.get(r.unitId)!), body }];
  };
}

/** The whole flow, one report each: create, set figures, submit (the unit's reporter), approve (its district's supervisor). */
function flow(tokens: Tokens, firstYear: number): Next {
  let seq = 0;
  const byUnit = new Map<string, number>();
  return () => {
    const unit = UNITS[seq++ % UNITS.length];
    const k = byUnit.get(unit.id) ?? 0;
    byUnit.set(unit.id, k + 1);
    // Months of one year per unit (periods end at 2100): at most 12 flows per unit and run.
    if (k >= 12) throw new Error(`bench:http: more than 12 flows for unit ${unit.id}; lower --flows or --seconds`);
    const period = `${firstYear}-${String(k + 1).padStart(2, '0')}`;
    const id = `bf-${unit.id}-${period}`;
    const reporter = json(tokens.reporter.get(unit.id)!);
    return [
      { method: 'POST', path: '/api/reports', headers: reporter, body: JSON.stringify({ id, unitId: unit.id, period }) },
      { method: 'PUT', path: `/api/reports/${id}/figures`, headers: reporter, body: JSON.stringify({ figures: [{ indicator: 'work_days', value: 120 }, { indicator: 'gift_packages', value: 35 }] }) },
      { method: 'POST', path: `/api/reports/${id}/submit`, headers: reporter, body: '{}' },
      { method: 'POST', path: `/api/reports/${id}/approve`, headers: json(tokens.supervisor.get(unit.district)!), body: '{}' },
    ];
  };
}

const get = (path: string, token?: string): Next => {
  const spec: RequestSpec = { method: 'GET', path, headers: token ? { authorization: `Bearer ${token}` } : {} };
  return () => [spec];
};

// ---------------------------------------------------------------------------------------------
// The disk's floor.

function rawInsertFloor(dir: string, seconds: number): { commits: number; perSecond: number; p50: number; p99: number } {
  const db = new Database(join(dir, `floor-${randomUUID()}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_EVENTS_DDL);
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const one = db.transaction((n: number) => insert.run(randomUUID(), `floor-${n}`, 0, 'FigureRecorded.v1', JSON.stringify({ indicator: 'work_days', value: String(n) }), '{"actor":"bench"}', null));
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let n = 0; performance.now() < end; n++) {
    const t0 = performance.now();
    one.immediate(n);
    latencies.push(performance.now() - t0);
  }
  db.close();
  latencies.sort((a, b) => a - b);
  return { commits: latencies.length, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// ---------------------------------------------------------------------------------------------
// One run of every phase against one API process.

interface LagResult {
  offeredEvents: number;
  achievedEvents: number;
  commandsOk: number;
  notOk: number;
  p50: number;
  p99: number;
  lagMedian: number;
  lagP99: number;
  lagMax: number;
  backToZeroSeconds: number | null;
  cpuProcessMs: number;
  cpuMainMs: number;
  wake: Wakeups;
  notOkBy: Record<string, number>;
}

interface RunResult {
  thread: string;
  startupSeconds: number;
  catchUpSeconds: number;
  health: Phase[];
  puts: Phase[];
  flows: Phase;
  queries: { commands: Phase; queries: Phase[] };
  lag: LagResult;
}

async function runAll(dir: string, thread: string, o: { seconds: number; rates: number[]; flows: number }): Promise<RunResult> {
  const t0 = Date.now();
  const api = await startApi(dir, thread);
  const startupSeconds = (Date.now() - t0) / 1000;
  const probe = new LagProbe(dir);
  try {
    const catchUpSeconds = await waitCaughtUp(probe, 'start');
    log(`${thread}: API up in ${startupSeconds.toFixed(1)} s, projections caught up after ${catchUpSeconds.toFixed(1)} s more`);
    const tokens = await tokensFor(dir);
    const { base, pid } = api;
    // Reference data, the first command's catch-up of the log (ReferenceData), and warm-up: not measured.
    const reports = await createReports(base, tokens, dir);
    await drive(base, 50, 3, putFigures(reports, tokens, 1));
    for (const q of QUERIES) await drive(base, 10, 2, get(q.path, tokens.admin));
    await waitCaughtUp(probe, 'set-up');

    const phase = async (name: string, rate: number, next: Next, divisor = 1) => {
      await drain(base);
      const { value, cpu, wake } = await measured(pid, o.seconds, () => drive(base, rate / divisor, o.seconds, next));
      const p = { ...phaseOf(name, rate / divisor, o.seconds, value, cpu, divisor), wake };
      log(`${thread}: ${phaseLine(p)}`);
      return p;
    };

    const health: Phase[] = [];
    for (const rate of [100, 500]) health.push(await phase('GET /health', rate, get('/health')));
    for (const rate of [100, 500]) health.push(await phase('GET /health/live', rate, get('/health/live')));
    {
      // The same route and rate through autocannon's pacing: what the load generator alone changes.
      await drain(base);
      const { value, cpu, wake } = await measured(pid, o.seconds, () => cannon(base, 500, o.seconds, '/health/live', 100));
      const p = { ...phaseOfCannon('GET /health/live, autocannon overallRate (100 connections)', 500, o.seconds, value, cpu), wake };
      log(`${thread}: ${p.name} @ 500/s: ${p.achieved.toFixed(1)}/s, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms`);
      health.push(p);
    }
    await waitCaughtUp(probe, 'health');

    const puts: Phase[] = [];
    for (const rate of o.rates) {
      puts.push(await phase('PUT figures, distinct reports', rate, putFigures(reports, tokens, 1)));
      await waitCaughtUp(probe, 'puts');
    }

    const flows = await phase('create → figures → submit → approve (flows)', o.flows * 4, flow(tokens, 2100), 4);
    await waitCaughtUp(probe, 'flows');

    // Queries while 200 commands/s run. Each query is its own stream of 20 req/s, spread over the
    // 50 ms period (the k-th due (k + ½) quarters of it after the commands' first): streams of one
    // rate started together would send the four queries in one burst every 50 ms, each then
    // waiting for the others (BENCHMARKS.md, "Queries beside commands: four streams, not bursts of four").
    await drain(base);
    const queryPeriod = 1000 / QUERY_RATE;
    const {
      value: [commandsResult, ...queryResults],
      cpu: shared,
      wake,
    } = await measured(pid, o.seconds, () =>
      Promise.all([
        drive(base, 200, o.seconds, putFigures(reports, tokens, 1)),
        ...QUERIES.map((q, k) => drive(base, QUERY_RATE, o.seconds, get(q.path, tokens.admin), ((k + 0.5) * queryPeriod) / QUERIES.length)),
      ]),
    );
    const commands = { ...phaseOf('PUT figures beside the queries', 200, o.seconds, commandsResult, shared), wake };
    const queries = queryResults.map((r, i) => ({ ...phaseOf(QUERIES[i].name, QUERY_RATE, o.seconds, r, { process: NaN, main: NaN }), driverMs: NaN }));
    // CPU per request of the mixed phase: over all its requests.
    const total = commandsResult.sent + queryResults.reduce((s, r) => s + r.sent, 0);
    commands.cpuProcessMs = shared.process / total;
    commands.cpuMainMs = shared.main / total;
    // The drives ran at once in this process: each measured the whole process over about the same time.
    commands.driverMs = Math.max(commandsResult.driverCpuMs, ...queryResults.map((r) => r.driverCpuMs)) / total;
    for (const q of queries) log(`${thread}: ${q.name} beside 200 PUT/s: p50 ${q.p50.toFixed(1)} ms, p99 ${q.p99.toFixed(1)} ms, not 2xx ${q.notOk}`);
    await waitCaughtUp(probe, 'queries');

    // Steady 1,000 events/s: 250 commands/s of 4 figures each (each figure a new value: one event).
    await drain(base);
    const samples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push((await probe.lag()).lag);
        await sleep(100);
      }
    })();
    const lagRun = await measured(pid, o.seconds, () => drive(base, 250, o.seconds, putFigures(reports, tokens, 4)));
    sampling = false;
    await sampler;
    const stoppedAt = Date.now();
    let backToZeroSeconds: number | null = null;
    while (Date.now() - stoppedAt < 120_000) {
      if ((await probe.lag()).lag === 0) {
        backToZeroSeconds = (Date.now() - stoppedAt) / 1000;
        break;
      }
      await sleep(20);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const r = lagRun.value;
    const lag: LagResult = {
      offeredEvents: 1000,
      achievedEvents: (r.ok * 4) / r.duration,
      commandsOk: r.ok,
      notOk: r.notOk + r.errors,
      p50: r.p50,
      p99: r.p99,
      lagMedian: percentile(sorted, 50),
      lagP99: percentile(sorted, 99),
      lagMax: sorted.at(-1) ?? NaN,
      backToZeroSeconds,
      cpuProcessMs: lagRun.cpu.process / Math.max(1, r.sent),
      cpuMainMs: lagRun.cpu.main / Math.max(1, r.sent),
      wake: lagRun.wake,
      notOkBy: r.notOkBy,
    };
    log(`${thread}: 1,000 events/s offered: ${lag.achievedEvents.toFixed(0)} events/s, lag median ${lag.lagMedian}, p99 ${lag.lagP99}, max ${lag.lagMax}, back to 0 in ${lag.backToZeroSeconds ?? '> 120'} s`);
    return { thread, startupSeconds, catchUpSeconds, health, puts, flows, queries: { commands, queries }, lag };
  } finally {
    await probe.close();
    await stopApi(api);
  }
}

// ---------------------------------------------------------------------------------------------
// A/B: this build against another one, PUT figures only, alternating in pairs on one store copy.

interface AbRun {
  pair: number;
  build: string;
  order: number;
  health: Phase;
  puts: Phase[];
}

/**
 * `--ab OTHER`: OTHER is another checkout's root holding its build (dist/apps/api/src/main.js),
 * typically main's. Each pair starts one build's API, then the other's (the order alternates from
 * pair to pair), on the same copy of the store; each run measures GET /health/live at 500 req/s
 * (the HTTP stack's floor for that build) and PUT figures at each rate. The reports are created
 * once, by the first run; every later run sets new values on them. On a shared machine only
 * figures from the same pair compare well.
 */
async function runAb(dir: string, builds: { name: string; dist: string }[], o: { seconds: number; rates: number[]; pairs: number }): Promise<AbRun[]> {
  const runs: AbRun[] = [];
  const probe = new LagProbe(dir);
  let reports: { id: string; unitId: string }[] | null = null;
  try {
    for (let pair = 1; pair <= o.pairs; pair++) {
      const order = pair % 2 === 1 ? builds : [...builds].reverse();
      for (const [i, build] of order.entries()) {
        const api = await startApi(dir, 'worker', build.dist);
        try {
          await waitCaughtUp(probe, `${build.name} start`);
          const tokens = await tokensFor(dir);
          const { base, pid } = api;
          reports ??= await createReports(base, tokens, dir);
          // Warm-up (not measured): code paths, statement caches, the reference data's catch-up, the kept folds.
          await drive(base, 50, 3, putFigures(reports, tokens, 1));
          await waitCaughtUp(probe, `${build.name} warm-up`);
          const phase = async (name: string, rate: number, next: Next) => {
            await drain(base);
            const { value, cpu, wake } = await measured(pid, o.seconds, () => drive(base, rate, o.seconds, next));
            const p = { ...phaseOf(name, rate, o.seconds, value, cpu), wake };
            log(`pair ${pair}, ${build.name}: ${phaseLine(p)}`);
            return p;
          };
          const health = await phase('GET /health/live', 500, get('/health/live'));
          const puts: Phase[] = [];
          for (const rate of o.rates) {
            puts.push(await phase('PUT figures, distinct reports', rate, putFigures(reports, tokens, 1)));
            await waitCaughtUp(probe, `${build.name} puts`);
          }
          runs.push({ pair, build: build.name, order: i + 1, health, puts });
        } finally {
          await stopApi(api);
        }
      }
    }
  } finally {
    await probe.close();
  }
  return runs;
}

/** What a report section says about the run, whichever kind of run it was. */
interface RunSetting {
  machine: ReturnType<typeof describeMachine>;
  startedAt: Date;
  loadBefore: number[];
  loadAfter: number[];
  storeEvents: number;
  source: string;
  seconds: number;
  floors: ReturnType<typeof rawInsertFloor>[];
}

function renderAb(o: RunSetting & { builds: { name: string; dist: string }[]; runs: AbRun[] }): string {
  const m = o.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const row = (r: AbRun, p: Phase) =>
    `| ${r.pair} | ${r.build} | ${r.order} | ${p.name} | ${rate(p.offered)} | ${rate(p.achieved)} | ${ms(p.p50)} | ${ms(p.p99)} | ${fmtInt(p.notOk)} | ${ms(p.cpuProcessMs)} | ${ms(p.cpuMainMs)} | ${wakeCells(p.wake)} |`;
  const names = o.builds.map((b) => b.name);
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  const summary = o.runs[0].puts.map((_, k) => {
    const cells = names.map((name) => {
      const mine = o.runs.filter((r) => r.build === name).map((r) => r.puts[k]);
      return `${name}: ${rate(median(mine.map((p) => p.achieved)))} req/s, p99 ${ms(median(mine.map((p) => p.p99)))} ms, ${ms(median(mine.map((p) => p.cpuProcessMs)))} / ${ms(median(mine.map((p) => p.cpuMainMs)))} CPU-ms per request (process / main thread)`;
    });
    return `- PUT figures at ${rate(o.runs[0].puts[k].offered)} req/s offered, medians over ${o.runs.length / names.length} runs each: ${cells.join('; ')}.`;
  });
  return [
    '## HTTP A/B: PUT figures, this build against another (`npm run bench:http -- --ab`)',
    '',
    `Written by \`npm run bench:http -- --ab\` (bench/http.ts) at ${o.startedAt.toISOString()}, on one copy of ${o.source}: ${fmtInt(o.storeEvents)} events. Builds: ${o.builds.map((b) => `${b.name} (${b.dist.replace(ROOT, '.')})`).join(', ')}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, ${m.os}; Node ${m.node}, SQLite ${m.sqlite}, better-sqlite3 ${m.betterSqlite3}; files on ${m.tmpFilesystem}.`,
    `Load average before / after: ${load(o.loadBefore)} / ${load(o.loadAfter)}. The machine is shared: compare the builds within a pair (they ran one after the other, in alternating order), not across pairs or with other sections.`,
    `Open loop on 127.0.0.1 (bench/load.ts: evenly spaced requests at a fixed offered rate, latency from the moment each was due to its last byte), ${o.seconds} s per phase, projector on its worker thread; CPU per request from /proc (the whole API process, and its main thread alone).`,
    '',
    ...o.floors.map((f, i) => `Raw floor ${i === 0 ? 'before' : 'after'} (better-sqlite3, 1 INSERT + COMMIT with fsync, sequential): ${fmtInt(f.perSecond)} commits/s, p50 ${ms(f.p50)} ms, p99 ${ms(f.p99)} ms.`),
    '',
    '| pair | build | order | phase | offered, req/s | achieved, req/s | p50, ms | p99, ms | not 2xx | CPU ms/req, process | CPU ms/req, main thread | sleeper late p99 / max, ms | sleeper late > 5 ms |',
    '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...o.runs.flatMap((r) => [row(r, r.health), ...r.puts.map((p) => row(r, p))]),
    ...notOkLines(o.runs.flatMap((r) => [r.health, ...r.puts].map((p) => ({ label: `pair ${r.pair}, ${r.build}, ${p.name} at ${rate(p.offered)}/s`, p })))),
    '',
    WAKE_NOTE,
    '',
    ...summary,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const source = arg('store');
  const events = arg('events');
  const seconds = Number(arg('seconds', '10'));
  const rates = arg('rates', '100,250,500').split(',').map(Number);
  const flows = Number(arg('flows', '25'));
  const threads = arg('threads', 'worker').split(',');
  const output = arg('output', join(ROOT, 'BENCHMARKS.md'));
  const ab = arg('ab');
  const pairs = Number(arg('pairs', '3'));
  if ((!source && !events) || !(seconds > 0) || rates.some((r) => !(r > 0)) || !(flows > 0) || threads.some((t) => t !== 'worker' && t !== 'main') || !(pairs >= 1)) {
    console.error('usage: npm run bench:http -- --store DIR | --events N [--seconds S] [--rates 100,250,500] [--flows 25] [--threads worker,main] [--output FILE|-]');
    console.error('       npm run bench:http -- --store DIR | --events N --ab OTHER_CHECKOUT [--pairs 3] [--seconds S] [--rates 250,500] [--output FILE|-]');
    process.exit(2);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'danvan-bench-http-'));
  const startedAt = new Date();
  const loadBefore = loadavg();
  const machine = describeMachine(tmp);
  try {
    const template = join(tmp, 'template');
    if (source) {
      const from = resolve(source.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
      if (!existsSync(join(from, 'events.sqlite'))) throw new Error(`no events.sqlite in ${from}`);
      log(`copying ${from} (read only: the copy is what the API writes)`);
      cpSync(from, template, { recursive: true });
    } else {
      log(`generating ${events} events`);
      execFileSync(process.execPath, [join(DIST, 'bench/generate.js'), '--events', events!, '--data-dir', template], { stdio: ['ignore', 'ignore', 'inherit'] });
      // The read models in one bulk rebuild (the live projector would take far longer from zero).
      log('building the read models (npm run rebuild)');
      execFileSync(process.execPath, [join(DIST, 'scripts/rebuild.js')], { env: embeddedEnv({ DATA_DIR: template, LOG_LEVEL: 'error' }), stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const storeEvents = (() => {
      const db = new Database(join(template, 'events.sqlite'), { readonly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      db.close();
      return n;
    })();

    const floors: ReturnType<typeof rawInsertFloor>[] = [rawInsertFloor(tmp, 5)];
    log(`raw floor: ${floors[0].perSecond.toFixed(0)} commits/s, p99 ${floors[0].p99.toFixed(2)} ms`);
    if (ab) {
      const other = resolve(ab.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
      const builds = [{ name: 'this build', dist: DIST }, { name: 'other build', dist: join(other, 'dist') }];
      if (!existsSync(join(builds[1].dist, 'apps/api/src/main.js'))) throw new Error(`no build in ${other} (dist/apps/api/src/main.js): build it first`);
      const dir = join(tmp, 'run-ab');
      cpSync(template, dir, { recursive: true });
      const runs = await runAb(dir, builds, { seconds, rates, pairs });
      floors.push(rawInsertFloor(tmp, 5));
      const section = renderAb({ machine, startedAt, loadBefore, loadAfter: loadavg(), storeEvents, source: source ?? `generated (${events} events)`, seconds, builds, floors, runs });
      if (output === '-') process.stdout.write(section);
      else {
        writeSection(output, marked(AB_START, section, AB_END), AB_START, AB_END);
        log(`wrote ${output}`);
      }
      return;
    }
    const runs: RunResult[] = [];
    for (const thread of threads) {
      const dir = join(tmp, `run-${thread}`);
      cpSync(template, dir, { recursive: true });
      runs.push(await runAll(dir, thread, { seconds, rates, flows }));
      rmSync(dir, { recursive: true, force: true });
      floors.push(rawInsertFloor(tmp, 5));
      log(`raw floor: ${floors.at(-1)!.perSecond.toFixed(0)} commits/s, p99 ${floors.at(-1)!.p99.toFixed(2)} ms`);
    }
    const section = render({ machine, startedAt, loadBefore, loadAfter: loadavg(), storeEvents, source: source ?? `generated (${events} events)`, seconds, floors, runs });
    if (output === '-') process.stdout.write(section);
    else {
      writeSection(output, marked(START, section, END), START, END);
      log(`wrote ${output}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A measured phase in one log line. */
const phaseLine = (p: Phase) =>
  `${p.name} @ ${p.offered}/s: ${p.achieved.toFixed(1)}/s, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, not 2xx ${p.notOk}${p.notOk ? ` (${notOkText(p.notOkBy)})` : ''}, CPU ${p.cpuProcessMs.toFixed(2)} ms/req (main ${p.cpuMainMs.toFixed(2)})`;
/** "409 ×4, timeout after 30000 ms ×1": what a phase's requests that were not answered 2xx got. */
const notOkText = (by: Record<string, number>) => Object.entries(by).map(([what, n]) => `${what} ×${fmtInt(n)}`).join(', ');
/** A line naming what every phase's non-2xx answers were, or none when all were 2xx. */
const notOkLines = (phases: { label: string; p: Phase }[]) => {
  const named = phases.filter(({ p }) => Object.keys(p.notOkBy).length > 0).map(({ label, p }) => `${label}: ${notOkText(p.notOkBy)}`);
  return named.length ? ['', `Not 2xx, by status or error: ${named.join('; ')}.`] : [];
};
const ms = (n: number) => (Number.isFinite(n) ? (n >= 100 ? fmtInt(n) : n.toFixed(n >= 10 ? 1 : 2)) : '—');
/** A sleeper's wake-ups as two cells: p99 / max ms late, and how many were over 5 ms late. */
const wakeCells = (w: Wakeups | null) => (w ? `${ms(w.p99)} / ${ms(w.max)} | ${fmtInt(w.over5)}` : '— | —');
const WAKE_NOTE =
  'The two "sleeper" columns: a process that only sleeps 1 ms at a time ran beside the phase (bench/sleeper.ts, at the default priority), and shows how late its wake-ups were (p99 / max, and how many over 5 ms): what any thread waited for a core on this machine meanwhile, the API\'s threads and the load driver included. Where it is late, the latencies beside it carry the same waits.';
const rate = (n: number) => (n >= 100 ? fmtInt(n) : n.toFixed(1));

function render(o: RunSetting & { runs: RunResult[] }): string {
  const m = o.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const row = (p: Phase) =>
    `| ${p.name} | ${rate(p.offered)} | ${rate(p.achieved)} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} | ${fmtInt(p.notOk)} | ${ms(p.cpuProcessMs)} | ${ms(p.cpuMainMs)} | ${ms(p.driverMs)} | ${wakeCells(p.wake)} |`;
  const lines = [
    '## HTTP under load (`npm run bench:http`)',
    '',
    `Written by \`npm run bench:http\` (bench/http.ts) at ${o.startedAt.toISOString()}, on a copy of ${o.source}: ${fmtInt(o.storeEvents)} events.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, ${m.os}; Node ${m.node}, SQLite ${m.sqlite}, better-sqlite3 ${m.betterSqlite3}; files on ${m.tmpFilesystem}.`,
    `Load average before / after: ${load(o.loadBefore)} / ${load(o.loadAfter)}. The machine is shared by several engineers: read each figure against its floors from the same run.`,
    `Open loop on 127.0.0.1 (bench/load.ts: evenly spaced requests at a fixed offered rate), ${o.seconds} s per phase; latency per request from the moment it was due to its last byte, so a server that falls behind shows its queue; CPU per request from /proc (the whole API process, and its main thread alone: the event loop that answers requests). The row "autocannon overallRate" is the same route at the same rate through autocannon's pacing, which sends each second's requests as a burst: compare it with the open-loop row above it.`,
    '',
    '### Floors (same run)',
    '',
    '| floor | commits/s | p50, ms | p99, ms |',
    '|---|---:|---:|---:|',
    ...o.floors.map((f, i) => `| raw better-sqlite3: 1 INSERT + COMMIT (fsync), sequential, ${i === 0 ? 'before' : `after run ${i}`} | ${fmtInt(f.perSecond)} | ${ms(f.p50)} | ${ms(f.p99)} |`),
  ];
  for (const r of o.runs) {
    lines.push(
      '',
      `### Projector on the ${r.thread === 'worker' ? 'worker thread (the default)' : 'main thread (PROJECTOR_THREAD=main)'}`,
      '',
      `The API started in ${r.startupSeconds.toFixed(1)} s and its projections were at the head ${r.catchUpSeconds.toFixed(1)} s later.`,
      '',
      '| phase | offered, req/s | achieved, req/s | p50, ms | p99, ms | max, ms | not 2xx | CPU ms/req, process | CPU ms/req, main thread | CPU ms/req, load driver | sleeper late p99 / max, ms | sleeper late > 5 ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...r.health.map(row),
      ...r.puts.map(row),
      `${row(r.flows)}`,
      row(r.queries.commands),
      ...r.queries.queries.map((q) => row({ ...q, name: `${q.name}, beside 200 PUT/s` })),
      ...notOkLines([...r.health, ...r.puts, r.flows, r.queries.commands, ...r.queries.queries].map((p) => ({ label: `${p.name} at ${rate(p.offered)}/s`, p }))),
      '',
      `The flow row counts flows (4 requests each: create, figures, submit, approve); its latencies are per request. The rows beside 200 PUT/s ran at the same time as that PUT row (CPU per request over all of them, on its row), each query its own stream of ${QUERY_RATE} req/s, the four spread over their period (a quarter of it apart, none due with a command) rather than sent together. ${WAKE_NOTE}`,
      '',
      `Projection lag at 1,000 events/s offered (250 PUT/s of 4 new figures each), read from the store every 100 ms: achieved ${fmtInt(r.lag.achievedEvents)} events/s (${fmtInt(r.lag.commandsOk)} commands, ${fmtInt(r.lag.notOk)} not 2xx${r.lag.notOk ? ` (${notOkText(r.lag.notOkBy)})` : ''}, p50 ${ms(r.lag.p50)} ms, p99 ${ms(r.lag.p99)} ms, CPU ${ms(r.lag.cpuProcessMs)} ms/command, main thread ${ms(r.lag.cpuMainMs)}); lag median ${fmtInt(r.lag.lagMedian)} events, p99 ${fmtInt(r.lag.lagP99)}, max ${fmtInt(r.lag.lagMax)}; back to 0 ${r.lag.backToZeroSeconds === null ? 'not within 120 s' : `${r.lag.backToZeroSeconds.toFixed(2)} s`} after the load stopped; the sleeper's wake-ups meanwhile p99 ${ms(r.lag.wake.p99)} ms late, max ${ms(r.lag.wake.max)}.`,
    );
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
