/**
 * bench/export-memory.ts: the API's memory while it streams a long audit export.
 *
 *   npm run build && node dist/bench/export-memory.js [--store ~/.cache/danvan-bench/n100000] [--output BENCHMARKS.md|-]
 *
 * Copies the store's event log (never writes the source), builds its read models (npm run rebuild),
 * starts the compiled API on it as its own process (embedded stores, the projector on its worker
 * thread), waits until every read model has caught up and sits idle, then downloads audit exports of growing length (CSV and XLSX) one after
 * another, reading each to the end as fast as this process can. While each streams, the server's
 * resident set (VmRSS from /proc) is sampled every 20 ms. Flat memory means the peak does not grow
 * with the rows exported: an export that loaded its rows would add their size (about 300 bytes of
 * CSV a row, several times that as objects) to the peak. The floor is the idle server's RSS just
 * before each export.
 *
 * Writes its own section of BENCHMARKS.md between markers and leaves the others alone.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveSecret, signToken } from '../apps/api/src/platform/auth/jwt';
import { describeMachine, fmtInt, writeSection } from './util';

const ROOT = resolve(__dirname, '../..');
const START = '<!-- bench/export-memory.ts: start -->';
const END = '<!-- bench/export-memory.ts: end -->';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const log = (message: string) => process.stderr.write(`[export-memory ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

/** Every projection at lag 0 with no build in progress, as /health says. */
function caughtUp(health: unknown): boolean {
  let ok = true;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.lag === 'number' && o.lag !== 0) ok = false;
      if (o.building !== undefined && o.building !== null) ok = false;
      Object.values(o).forEach(walk);
    }
  };
  walk(health);
  return ok;
}

interface Run {
  label: string;
  format: 'csv' | 'xlsx';
  rows: number | null;
  mb: number;
  seconds: number;
  floorMb: number;
  peakMb: number;
  samples: number;
}

async function exportOnce(base: string, pid: number, token: string, label: string, query: string, format: 'csv' | 'xlsx'): Promise<Run> {
  await sleep(3000); // let the previous export's garbage be collected and the idle RSS settle
  const floorMb = rssMb(pid);
  let peakMb = floorMb;
  let samples = 0;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
    samples++;
  }, 20);
  const started = process.hrtime.bigint();
  const response = await fetch(`${base}/api/audit?${query}${query ? '&' : ''}format=${format}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${label}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peakMb = Math.max(peakMb, rssMb(pid));
  const run: Run = { label, format, rows: format === 'csv' ? newlines - 1 : null, mb: bytes / 1024 / 1024, seconds, floorMb, peakMb, samples };
  log(`${label} ${format}: ${run.rows ?? '?'} rows, ${run.mb.toFixed(1)} MB in ${seconds.toFixed(1)} s; RSS ${floorMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB`);
  return run;
}

async function main(): Promise<void> {
  const store = arg('store', join(homedir(), '.cache/danvan-bench/n100000'));
  const output = arg('output', join(ROOT, 'BENCHMARKS.md'));
  if (!existsSync(join(store, 'events.sqlite'))) throw new Error(`no events.sqlite in ${store} (npm run bench:generate -- --events 100000 --data-dir ${store})`);
  const dir = mkdtempSync(join(tmpdir(), 'danvan-export-memory-'));
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  let child: ChildProcess | null = null;
  try {
    copyFileSync(join(store, 'events.sqlite'), join(dir, 'events.sqlite'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', DEMO_DATA: 'false' };
    delete env.MONGODB_URI;
    delete env.EVENTSTORE_CONNECTION_STRING;
    // The read models built in bulk first (npm run rebuild): the live projector would take far longer to catch up.
    log('building the read models (npm run rebuild)');
    execFileSync(process.execPath, [join(ROOT, 'dist/scripts/rebuild.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const pid = child.pid!;
    const base = `http://127.0.0.1:${port}`;
    log(`API pid ${pid} on ${base}, over ${store}'s log and its read models`);
    const projecting = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
      try {
        const health = await fetch(`${base}/health`);
        if (health.ok && caughtUp(await health.json())) break;
      } catch {
        // not listening yet
      }
      if (Date.now() - projecting > 3_600_000) throw new Error('the read models did not catch up within an hour');
      await sleep(2000);
    }
    log(`caught up in ${((Date.now() - projecting) / 1000).toFixed(0)} s`);
    const token = await signToken({ secret: resolveSecret(undefined, dir), issuer: 'danvan-ledger', audience: 'danvan-ledger' }, { sub: 'bench-auditor', roles: ['auditor'] });

    const runs: Run[] = [];
    // The bench log's figure changes run month by month from 2021-01: `to` picks a prefix of the trail.
    for (const [label, query] of [['one month', 'to=2021-01-31T23:59:59Z'], ['16 months', 'to=2022-04-30T23:59:59Z'], ['whole trail', '']] as const) {
      runs.push(await exportOnce(base, pid, token, label, query, 'csv'));
    }
    runs.push(await exportOnce(base, pid, token, '16 months', 'to=2022-04-30T23:59:59Z', 'xlsx'));
    const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');

    const machine = describeMachine(dir);
    const section = [
      START,
      '## Memory of a long audit export (`node dist/bench/export-memory.js`)',
      '',
      `Written by bench/export-memory.ts (${new Date().toISOString()}; the event log of \`${store.replace(homedir(), '~')}\`, its read models built by \`npm run rebuild\`).`,
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, ${machine.os}; Node ${machine.node}; temp files on ${machine.tmpFilesystem}.`,
      `Load average before / after: ${loadBefore} / ${loadAfter} (the machine is shared).`,
      '',
      'The compiled API in its own process (embedded stores, projector on its worker thread), idle once every read model caught up; each export read to the end by the bench',
      "as fast as it comes; the server's VmRSS sampled every 20 ms while it streams. Floor: the idle server's RSS just before the export.",
      '',
      '| export | format | rows | size, MB | seconds | RSS before, MB | peak RSS while streaming, MB | peak − before, MB | samples |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
      ...runs.map((r) => `| audit, ${r.label} | ${r.format.toUpperCase()} | ${r.rows === null ? 'same as CSV' : fmtInt(r.rows)} | ${r.mb.toFixed(1)} | ${r.seconds.toFixed(1)} | ${r.floorMb.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${(r.peakMb - r.floorMb).toFixed(0)} | ${fmtInt(r.samples)} |`),
      '',
      END,
    ].join('\n');
    if (output !== '-') {
      writeSection(output, section, START, END);
    }
    process.stdout.write(`${section}\n`);
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((r) => child!.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
