/**
 * npm run bench: the read side on the bench workload, written to BENCHMARKS.md.
 *
 * For each size in BENCH_EVENTS (default 100000; e.g. `BENCH_EVENTS=100000,1000000`), in fresh
 * temporary data dirs and separate processes, as an operator would run them:
 *   1. `bench:generate` writes the deterministic workload into DIR/events.sqlite (untimed setup);
 *   2. the floor (bench/floor.ts): read and decode every event through the adapter, nothing else;
 *   3. `npm run rebuild` of every read model into an empty read-model store: events/s, peak RSS;
 *   4. the API on DIR (projector in-process, caught up): each query at a fixed rate
 *      (BENCH_RATE, default 100 req/s, for BENCH_SECONDS, default 10 s, open loop) over HTTP on
 *      127.0.0.1: p50, p99, max and errors.
 * With MONGODB_URI, the rebuild also runs into that MongoDB (FerretDB: bench/with-ferretdb.sh) for
 * BENCH_MONGO_EVENTS (default 100000) events, the same store as the embedded run of that size when
 * there was one, beside two raw driver floors (bench/mongo-floor.ts: read + decode + one insert, or
 * one by-id upsert, per event; the upsert floor stops after BENCH_MONGO_FLOOR_SECONDS, default
 * 600). BENCH_DIRS="1000000=/path" uses a store bench:generate wrote before.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REBUILD_BATCH_SIZE } from '@app/read-models';
import { describeMachine, fmtInt, marked, writeSection } from './util';
import { openLoop } from './load';

const ROOT = resolve(__dirname, '..', '..');
/** Events per batch for the floors and the rebuilds: the rebuild's own default unless REBUILD_BATCH_SIZE says otherwise. */
const BATCH = Number(process.env.REBUILD_BATCH_SIZE ?? REBUILD_BATCH_SIZE);
const DIST = join(ROOT, 'dist');
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

interface RunJson {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMb: number;
  /** Set by bench/mongo-floor.ts when its time bound ran out before the last event. */
  stopped?: boolean;
  /** The rebuild's own split (scripts/rebuild.ts): reading the log, and each read model's writer. */
  readSeconds?: number;
  projectionSeconds?: Record<string, number>;
}

interface QueryRow {
  name: string;
  path: string;
  sent: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

interface SizeResult {
  events: number;
  dir: string;
  /** 1-minute load average when the floor started and when the rebuild ended. */
  load: [number, number];
  generateSeconds: number;
  floor: RunJson;
  rebuild: RunJson;
  /** SQLite writing the rebuilt read models with nothing to compute (bench/write-floor.ts). */
  writeFloor: { seconds: number; eventsPerSecond: number; mb: number };
  readModelsMb: number;
  queries: QueryRow[];
  /** As-of queries at the middle of the log: the first answer (the state rebuilt), then at the rate. */
  asOf: { position: string; firstSeconds: number; queries: QueryRow[] } | null;
}

function node(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, [join(DIST, script), ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
}

const lastJson = <T>(out: string): T => JSON.parse(out.trim().split('\n').pop()!) as T;

/**
 * Like node(), but stopped with SIGTERM after `seconds` (a rebuild then stops between batches and
 * still prints its JSON line, with the events it got through): `stopped` says so.
 */
async function nodeWithin(script: string, args: string[], env: NodeJS.ProcessEnv, seconds: number): Promise<{ json: RunJson; stopped: boolean }> {
  const child = spawn(process.execPath, [join(DIST, script), ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    child.kill('SIGTERM');
  }, seconds * 1000);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  if (!out.trim()) throw new Error(`${script} exited ${code} without a result`);
  if (code !== 0 && !stopped) throw new Error(`${script} exited ${code}`);
  return { json: lastJson<RunJson>(out), stopped };
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

async function startApi(dir: string, extra: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', ...extra };
  delete env.MONGODB_URI;
  delete env.EVENTSTORE_CONNECTION_STRING;
  const child = spawn(process.execPath, [join(DIST, 'apps/api/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) {
        const body = (await res.json()) as { projection: { lag: number } };
        if (body.projection.lag === 0) break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the API did not become ready with its read models caught up');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base };
}

/**
 * One query at the rate, open loop (bench/load.ts: one request every 1000/rate ms whatever the
 * answers do; latency from the moment each was due to its body read), after two seconds of it
 * unrecorded (warm-up).
 */
async function driveQuery(base: string, token: string, name: string, path: string, rate: number, seconds: number): Promise<QueryRow> {
  const spec = { method: 'GET', path, headers: { authorization: `Bearer ${token}` } };
  await openLoop({ base, rate, seconds: 2, next: () => [spec] });
  const r = await openLoop({ base, rate, seconds, next: () => [spec] });
  const row = { name, path, sent: r.sent, errors: r.notOk + r.errors, p50: r.p50, p99: r.p99, max: r.max };
  log(`  ${name}: p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, errors ${row.errors}`);
  return row;
}

async function measureSize(n: number, tmp: string, rate: number, seconds: number, given?: string): Promise<SizeResult> {
  const dir = given ?? join(tmp, `n${n}`);
  let gen = { events: n, seconds: NaN };
  if (given) {
    // A store generated before (bench:generate, same N): its read models are removed, the rebuild starts empty.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `read-models.sqlite${suffix}`), { force: true });
    log(`${fmtInt(n)} events: the store generated in ${dir}`);
  } else {
    log(`${fmtInt(n)} events: generating into ${dir}`);
    gen = lastJson<{ events: number; seconds: number }>(node('bench/generate.js', ['--events', String(n), '--data-dir', dir]));
    log(`  generated in ${gen.seconds.toFixed(1)} s`);
  }
  const loadStart = loadavg()[0];
  const floor = lastJson<RunJson>(node('bench/floor.js', [dir, String(BATCH)]));
  if (floor.events !== n) throw new Error(`${dir} holds ${floor.events} events, not ${n}`);
  log(`  floor ${fmtInt(floor.eventsPerSecond)} events/s; rebuild of every read model`);
  const rebuild = lastJson<RunJson>(node('scripts/rebuild.js', [], { DATA_DIR: dir, MONGODB_URI: '', REBUILD_BATCH_SIZE: String(BATCH) }));
  log(`  rebuild ${fmtInt(rebuild.eventsPerSecond)} events/s, peak RSS ${rebuild.peakRssMb} MB`);
  const readModelsMb = statSync(join(dir, 'read-models.sqlite')).size / 1048576;
  const load: [number, number] = [loadStart, loadavg()[0]];
  const writeFloor = lastJson<SizeResult['writeFloor']>(node('bench/write-floor.js', [dir, String(n)]));
  log(`  write floor (VACUUM INTO of the result) ${writeFloor.seconds.toFixed(1)} s: ${fmtInt(writeFloor.eventsPerSecond)} events/s at most`);

  const { child, base } = await startApi(dir);
  const queries: QueryRow[] = [];
  let asOf: SizeResult['asOf'] = null;
  try {
    const token = node('scripts/token.js', ['--sub', 'bench', '--roles', 'admin,auditor'], { DATA_DIR: dir }).trim();
    const year = '2022';
    const targets: [string, string][] = [
      ['totals, unit + year', `/api/totals?unitId=bench-d03-u07&period=${year}`],
      ['breakdown, province by district, one year', `/api/totals/breakdown?period=${year}&indicator=houses_supported&by=area&areaCode=tinh-bench&level=district`],
      ['breakdown, steering committee by unit', `/api/totals/breakdown?period=${year}&indicator=support_value_vnd&by=unit&unitId=bench-bcd`],
      ['year summary', `/api/summaries/${year}`],
      ['audit page of 50', '/api/audit?limit=50'],
      ['totals, no filter (first page of 50)', '/api/totals'],
      ['GET /health (HTTP stack floor, counts lag)', '/health'],
    ];
    for (const [name, path] of targets) {
      const check = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!check.ok) throw new Error(`${path} answered ${check.status}: ${await check.text()}`);
      queries.push(await driveQuery(base, token, name, path, rate, seconds));
    }
    asOf = await measureAsOf(base, token, year, rate, seconds);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return { events: n, dir, load, generateSeconds: gen.seconds, floor, rebuild, writeFloor, readModelsMb, queries, asOf };
}

/** One GET with no client timeout (the first as-of answer may take minutes): status and seconds. */
function getOnce(url: string, token: string): Promise<{ status: number; seconds: number; body: string }> {
  const t0 = performance.now();
  return new Promise((resolveGet, reject) => {
    const req = httpGet(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, seconds: (performance.now() - t0) / 1000, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * As-of queries at the position in the middle of the log (positions of the embedded store are
 * its event numbers): the first request rebuilds the state of the summary's read models there (a
 * replay into a scratch store), the next ones read it, as an auditor's questions about one moment do.
 */
async function measureAsOf(base: string, token: string, year: string, rate: number, seconds: number): Promise<SizeResult['asOf']> {
  const health = (await (await fetch(`${base}/health`)).json()) as { projection: { head: string } };
  const position = (BigInt(`0x${health.projection.head}`) / 2n).toString(16);
  const summary = `/api/summaries/${year}?asOf=${position}`;
  log(`  as of ${position}: first answer (the state rebuilt)`);
  const first = await getOnce(`${base}${summary}`, token);
  if (first.status !== 200) throw new Error(`${summary} answered ${first.status}: ${first.body}`);
  log(`  first answer in ${first.seconds.toFixed(1)} s`);
  const queries: QueryRow[] = [];
  for (const [name, path] of [
    ['totals, unit + year, as of the middle of the log', `/api/totals?unitId=bench-d03-u07&period=${year}&asOf=${position}`],
    ['year summary, as of the middle of the log', summary],
  ] as const) {
    queries.push(await driveQuery(base, token, name, path, rate, seconds));
  }
  return { position, firstSeconds: first.seconds, queries };
}

async function main(): Promise<void> {
  // BENCH_EVENTS=none: only the MongoDB rows (their own store, BENCH_MONGO_DIR or generated).
  const sizes = process.env.BENCH_EVENTS === 'none' ? [] : (process.env.BENCH_EVENTS ?? '100000').split(',').map((s) => Number(s.trim()));
  const rate = Number(process.env.BENCH_RATE ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const output = process.env.BENCH_OUTPUT ?? join(ROOT, 'BENCHMARKS.md');
  const tmp = mkdtempSync(join(tmpdir(), 'danvan-bench-'));
  const machine = describeMachine(tmp);
  const loadBefore = loadavg();
  const startedAt = new Date();
  const results: SizeResult[] = [];
  let mongo: MongoResult | null = null;
  try {
    // BENCH_DIRS="1000000=/path": use a store bench:generate wrote earlier for that size.
    const given = new Map((process.env.BENCH_DIRS ?? '').split(',').filter(Boolean).map((kv) => [Number(kv.split('=')[0]), kv.split('=')[1]] as const));
    for (const n of sizes) results.push(await measureSize(n, tmp, rate, seconds, given.get(n)));
    if (process.env.MONGODB_URI) {
      const m = Number(process.env.BENCH_MONGO_EVENTS ?? 100_000);
      const measured = results.find((r) => r.events === m);
      const dir = measured?.dir ?? process.env.BENCH_MONGO_DIR ?? join(tmp, `mongo${m}`);
      if (!measured && !process.env.BENCH_MONGO_DIR) node('bench/generate.js', ['--events', String(m), '--data-dir', dir]);
      const loadStart = loadavg()[0];
      log(`MongoDB: raw driver floor over ${fmtInt(m)} events`);
      const floor = lastJson<RunJson>(node('bench/mongo-floor.js', [dir, String(BATCH), 'insert']));
      log(`  floor ${fmtInt(floor.eventsPerSecond)} events/s`);
      const floorSeconds = Number(process.env.BENCH_MONGO_FLOOR_SECONDS ?? 600);
      log(`MongoDB: raw driver floor of by-id upserts over ${fmtInt(m)} events (at most ${floorSeconds} s)`);
      const upsertFloor = lastJson<RunJson>(node('bench/mongo-floor.js', [dir, String(BATCH), 'upsert', String(floorSeconds)]));
      log(`  upsert floor ${fmtInt(upsertFloor.eventsPerSecond)} events/s${upsertFloor.stopped ? ` (stopped at ${fmtInt(upsertFloor.events)} events)` : ''}`);
      const within = Number(process.env.BENCH_MONGO_SECONDS ?? 2400);
      const db = `bench_${Date.now().toString(36)}`;
      log(`MongoDB: rebuild of ${fmtInt(m)} events into ${db}`);
      const { json: rebuild, stopped } = await nodeWithin('scripts/rebuild.js', [], { DATA_DIR: dir, MONGODB_DB: db, REBUILD_BATCH_SIZE: String(BATCH) }, within);
      log(`  rebuild ${fmtInt(rebuild.eventsPerSecond)} events/s${stopped ? ` (stopped after ${within} s at ${fmtInt(rebuild.events)} events)` : ''}`);
      await dropMongoDb(process.env.MONGODB_URI, db);
      const sqlite = measured?.rebuild ?? lastJson<RunJson>(node('scripts/rebuild.js', [], { DATA_DIR: dir, MONGODB_URI: '', REBUILD_BATCH_SIZE: String(BATCH) }));
      mongo = { events: m, floor, upsertFloor, rebuild, stopped: stopped ? within : null, sqlite, load: [loadStart, loadavg()[0]] };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeSection(output, marked(START, render({ machine, loadBefore, loadAfter: loadavg(), startedAt, rate, seconds, results, mongo }), END), START, END);
  log(`wrote ${output}`);
}

interface MongoResult {
  events: number;
  floor: RunJson;
  upsertFloor: RunJson;
  rebuild: RunJson;
  /** Seconds after which the rebuild was stopped (BENCH_MONGO_SECONDS), or null when it finished. */
  stopped: number | null;
  sqlite: RunJson;
  load: [number, number];
}

async function dropMongoDb(uri: string, name: string): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = await MongoClient.connect(uri);
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

const START = '<!-- bench/run.ts: start -->';
const END = '<!-- bench/run.ts: end -->';

/**
 * BENCHMARKS.md holds one section per bench script, each between its own markers: this one
 * replaces its section (and any text outside every section, what older runs of it wrote) and
 * keeps the others' sections as they are.
 */
function render(o: {
  machine: ReturnType<typeof describeMachine>;
  loadBefore: number[];
  loadAfter: number[];
  startedAt: Date;
  rate: number;
  seconds: number;
  results: SizeResult[];
  mongo: MongoResult | null;
}): string {
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  const lines: string[] = [];
  lines.push('## Read side: rebuild and queries (`npm run bench`)', '');
  lines.push(`Written by \`npm run bench\` (${o.startedAt.toISOString()}; \`BENCH_EVENTS=${o.results.map((r) => r.events).join(',')}\`).`);
  lines.push(`Machine: ${o.machine.cpu}, ${o.machine.cores} cores, ${o.machine.memory}, ${o.machine.os}; Node ${o.machine.node}, SQLite ${o.machine.sqlite}, better-sqlite3 ${o.machine.betterSqlite3}; temp files on ${o.machine.tmpFilesystem}.`);
  lines.push(`Load average before / after: ${o.loadBefore.map((x) => x.toFixed(2)).join(' ')} / ${o.loadAfter.map((x) => x.toFixed(2)).join(' ')} (the machine is shared: read ratios, not absolute times).`, '');
  lines.push('### Rebuild of every read model (embedded)', '');
  lines.push('| events | floor: read + decode, events/s | rebuild, events/s | rebuild / floor | rebuild seconds | peak RSS, MB | read-model file, MB | write floor: the file written with nothing to compute, seconds (events/s at most) | load (1 min) at start / end |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of o.results) {
    lines.push(`| ${fmtInt(r.events)} | ${fmtInt(r.floor.eventsPerSecond)} | ${fmtInt(r.rebuild.eventsPerSecond)} | ${((100 * r.rebuild.eventsPerSecond) / r.floor.eventsPerSecond).toFixed(1)}% | ${r.rebuild.seconds.toFixed(1)} | ${r.rebuild.peakRssMb} | ${r.readModelsMb.toFixed(0)} | ${r.writeFloor.seconds.toFixed(1)} (${fmtInt(r.writeFloor.eventsPerSecond)}) | ${r.load.map((x) => x.toFixed(1)).join(' / ')} |`);
  }
  lines.push('');
  const runs: [string, RunJson][] = o.results.map((r) => [`${fmtInt(r.events)}, SQLite`, r.rebuild]);
  if (o.mongo) runs.push([`${fmtInt(o.mongo.events)}, MongoDB`, o.mongo.rebuild]);
  lines.push(...splitTable(runs));
  lines.push(`### Queries at ${o.rate} req/s (${o.seconds} s each, open loop, HTTP on 127.0.0.1, admin token)`, '');
  lines.push('| events | query | requests | errors | p50, ms | p99, ms | max, ms |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|');
  for (const r of o.results) for (const q of [...r.queries, ...(r.asOf?.queries ?? [])]) lines.push(`| ${fmtInt(r.events)} | ${q.name} (\`${q.path}\`) | ${q.sent} | ${q.errors} | ${ms(q.p50)} | ${ms(q.p99)} | ${ms(q.max)} |`);
  lines.push('');
  const asOf = o.results.filter((r) => r.asOf);
  if (asOf.length) {
    lines.push('### As-of queries: the first answer at a new position (the state rebuilt by replay)', '');
    lines.push('| events | position | first answer (year summary), seconds |', '|---:|---|---:|');
    for (const r of asOf) lines.push(`| ${fmtInt(r.events)} | ${r.asOf!.position} | ${r.asOf!.firstSeconds.toFixed(1)} |`);
    lines.push('');
  }
  if (o.mongo) {
    const m = o.mongo;
    const server = process.env.BENCH_COMMAND?.startsWith('bench/with-ferretdb.sh') ? `${process.env.FERRETDB_BUILD ?? 'FerretDB'} on its SQLite backend, started by bench/with-ferretdb.sh` : 'the server at MONGODB_URI';
    const pct = (r: RunJson, floor: RunJson) => `${((100 * r.eventsPerSecond) / floor.eventsPerSecond).toFixed(1)}%`;
    const stoppedAt = (r: RunJson, after: number) => `, **stopped after ${after} s at ${fmtInt(r.events)} events** (rate over those)`;
    lines.push(`### MongoDB rebuild (${server}; load ${m.load.map((x) => x.toFixed(1)).join(' / ')})`, '');
    lines.push('| events | what | events/s | seconds | peak RSS, MB | rebuild / insert floor | rebuild / upsert floor |', '|---:|---|---:|---:|---:|---:|---:|');
    lines.push(`| ${fmtInt(m.events)} | raw driver floor: read + decode + one insert per event (insertMany of ${MONGO_CHUNK}) | ${fmtInt(m.floor.eventsPerSecond)} | ${m.floor.seconds.toFixed(1)} | ${m.floor.peakRssMb} | | |`);
    const u = m.upsertFloor;
    lines.push(`| ${fmtInt(m.events)} | raw driver floor: read + decode + one by-id upsert per event (bulkWrite of ${MONGO_CHUNK} replaceOne)${u.stopped ? stoppedAt(u, Math.round(u.seconds)) : ''} | ${fmtInt(u.eventsPerSecond)} | ${u.seconds.toFixed(1)} | ${u.peakRssMb} | | |`);
    const what = `rebuild of every read model into MongoDB${m.stopped === null ? '' : stoppedAt(m.rebuild, m.stopped)}`;
    lines.push(`| ${fmtInt(m.events)} | ${what} | ${fmtInt(m.rebuild.eventsPerSecond)} | ${m.rebuild.seconds.toFixed(1)} | ${m.rebuild.peakRssMb} | ${pct(m.rebuild, m.floor)} | ${pct(m.rebuild, u)} |`);
    lines.push(`| ${fmtInt(m.events)} | the same rebuild into SQLite (embedded) | ${fmtInt(m.sqlite.eventsPerSecond)} | ${m.sqlite.seconds.toFixed(1)} | ${m.sqlite.peakRssMb} | | |`, '');
  }
  lines.push(NOTES);
  return lines.join('\n') + '\n';
}

/** Where each rebuild's time went (scripts/rebuild.ts's own split), one row per run. */
function splitTable(runs: readonly (readonly [string, RunJson])[]): string[] {
  const withSplit = runs.filter(([, r]) => r.projectionSeconds);
  if (withSplit.length === 0) return [];
  const names = [...new Set(withSplit.flatMap(([, r]) => Object.keys(r.projectionSeconds!)))];
  const out = ['Where the rebuild\'s time goes (seconds; each read model\'s writer, its final pass included, and reading the log):', ''];
  out.push(`| events, store | read + decode | ${names.join(' | ')} |`, `|---|${'---:|'.repeat(names.length + 1)}`);
  for (const [label, r] of withSplit) out.push(`| ${label} | ${(r.readSeconds ?? NaN).toFixed(1)} | ${names.map((n) => (r.projectionSeconds![n] ?? NaN).toFixed(1)).join(' | ')} |`);
  out.push('');
  return out;
}

const MONGO_CHUNK = 50;

const NOTES = `### How it is measured

- \`npm run bench:generate -- --events N --data-dir DIR\` writes the deterministic workload
  (bench/workload.ts: 200 reporting units, a province with 10 districts and 120 communes, 24
  indicators; month by month every unit files a report of 6–20 figures, a third of them for a
  commune, one in five is corrected, then all are submitted and approved) into DIR/events.sqlite
  with the event store's own table. Generation is setup, not measured.
- The **floor** reads the same events through \`SqliteEventStore.readAll\` in the rebuild's batches
  (the SQL read and the JSON decode) and does nothing else, in its own process.
- The **rebuild** is \`npm run rebuild\` (every read model, batches of 4,000: its default) in its own process
  against an empty read-model store: it prints \`{"events","seconds","eventsPerSecond","peakRssMb"}\`
  (peak RSS is the kernel's high-water mark for the process) and its own split: \`readSeconds\`
  and \`projectionSeconds\` per read model (the split table above). A rebuild's builds are fed in
  bulk (read by nobody until they switch): document models get their secondary indexes at the end,
  unit totals compute their roll-ups at the end, in SQL (\`INSERT … SELECT … GROUP BY\`), a year at a time.
- The **write floor** (bench/write-floor.ts) copies the rebuilt read-model file with SQLite's
  \`VACUUM INTO\` (every table and index written in key order, nothing computed) and syncs it: no
  rebuild that writes these read models to this disk can take less time, so its events/s bound the
  rebuild's rate whatever the code does. A rebuild writes more than that: rows again as later
  batches change them, and every page twice (through the WAL).
- The **MongoDB rows** (with \`MONGODB_URI\`, e.g. \`bench/with-ferretdb.sh\`) rebuild the same store
  into MongoDB; their floors (bench/mongo-floor.ts) read and decode the same events and write one
  small document per event with the raw driver in the adapter's chunks of 50 (FerretDB v1.24.2
  deadlocks on large bulk writes, see the adapter), and nothing else: one inserts it, the other
  upserts it by \`_id\` as a rebuild must. FerretDB v1.24.2 as released scans its collection for
  every by-id lookup (its query's text differs from its \`_id\` index's; see
  .ci/start-ferretdb.sh), so rows from it stop early; \`FERRETDB_FIX_ID_LOOKUP=1
  bench/with-ferretdb.sh\` runs a build with that one line fixed, named in the heading.
- The machine is shared (two cores, several engineers' test runs): compare a rebuild with the floor
  of the same run, not with another run; the load average is in the table.
- **Queries** run against \`npm start\`'s process (the projector in it, caught up) with the same
  data dir; one request every 1/rate s regardless of answers (bench/load.ts); latency from the moment the
  request was due to its last byte, so a server that falls behind shows its queue.
- Unit totals are stored at base grain with roll-ups beside them (per unit: quarter, half, year;
  over all units: every grain), which a rebuild computes at the end; a phase adds up its years at
  query time. See README "Architecture" and "Base rows plus stored roll-ups" below.
- **As-of queries** run against the same API after the others, at the position in the middle of
  the log (the embedded store's positions are event numbers): the first request (the year summary)
  rebuilds the state of its read models by replay, its time is the "first answer"; the totals and
  the summary as of that position are then driven at the rate like the other queries, from the kept state.

### Base rows plus stored roll-ups (unit totals v5)

Base rows alone (v4) made every year-wide question an indexed GROUP BY over that year's rows
(~15,000 per-unit rows for a year summary on this workload), more than 10 ms of CPU per request
here, so the open loop's backlog grew for the whole run (v4 at 1M, same bench: totals p99 6.2 s,
breakdown 37 s, year summary 95 s). v5 keeps, beside the base rows, roll-ups per period at every
grain × unit × indicator × area × program, and over all units per period × indicator × program ×
area (with \`*\` rows over every program and area, and the distinct units). A live batch recomputes
from the base rows exactly the groups it touched (\`max\` and \`latest\` included, so a lowered or
removed figure is exact), in its own transaction; a rebuild writes base rows only and computes
every roll-up before it switches, in SQL, a year at a time. A year summary then reads one row per
indicator, a breakdown by area one row per member area, a unit's year one row per indicator and
area. bench/queries.ts (\`node dist/bench/queries.js DIR\`) prints each query's in-process time
and SQLite plan.

### Before (the issue's measurements of the previous design, same workload)

- rebuild of 1,000,000 events: 1,468 s (about 681 events/s), 54 GB written, 308 MiB peak RSS;
- \`GET /api/totals\` without filters: 134 s, a 154 MB body, 3.2 GiB RSS on the 1M store (now
  paged: the first page of 50 is in the query table above);
- a year summary parsed ~7.6 MB of JSON, 416 CPU-ms per request.
`;

void main();
