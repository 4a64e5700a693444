/**
 * Append throughput and latency of the embedded event store, with and without group commit, and
 * in the same run the raw floor: better-sqlite3 inserting the same rows with one fsync per
 * transaction (synchronous=FULL, WAL), no adapter in between.
 *
 * Each of C concurrent clients appends one command (two events, like a figures command) to its own
 * stream, expecting the stream's last revision, then the next, for a fixed time. Latency is from
 * the append call to its acknowledgement (which comes only after the commit's fsync).
 *
 *   npm run bench:append
 *
 * It also times `npm run verify`'s walk (verifyEventChain) over a chained log of VERIFY_BENCH_EVENTS
 * events (default 1,000,000), written straight into the adapter's table with the adapter's hash.
 *
 * Environment: APPEND_BENCH_SECONDS (per scenario, default 5), APPEND_BENCH_CONCURRENCY (comma
 * list, default 1,8,32,128), VERIFY_BENCH_EVENTS, BENCH_OUTPUT (default BENCHMARKS.md at the repo root; "-" writes
 * nothing). Writes its own section of BENCHMARKS.md, between markers, and leaves the rest alone.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chainHash, EventData, SQLITE_EVENTS_DDL, SqliteEventStore, verifyEventChain } from '@app/event-store';
import { describeMachine, fmtInt, intEnv, percentile, writeSection } from './util';

const START = '<!-- bench/append.ts: start -->';
const END = '<!-- bench/append.ts: end -->';

interface Row {
  what: string;
  concurrency: number;
  appends: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  commits: number;
}

function command(streamId: string, n: number): EventData[] {
  const metadata = {
    actor: 'bench:reporter',
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    recordedAt: '2021-07-01T00:00:00.000Z',
    schemaVersion: 1,
  };
  return [0, 1].map((k) => ({
    id: randomUUID(),
    type: 'FigureRecorded.v1',
    data: { reportId: streamId, indicator: k === 0 ? 'work_days' : 'rural_road_km', value: k === 0 ? String(700 + n) : '12.5', areaCode: 'xa-ia-lop' },
    metadata,
  }));
}

function summarize(what: string, concurrency: number, latenciesMs: number[], seconds: number, commits: number): Row {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    what,
    concurrency,
    appends: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    commits,
  };
}

async function throughStore(dir: string, groupCommit: boolean, concurrency: number, seconds: number): Promise<Row> {
  const file = join(dir, `store-${groupCommit ? 'group' : 'single'}-${concurrency}.sqlite`);
  const store = new SqliteEventStore({ file, groupCommit });
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const client = async (c: number): Promise<void> => {
    const streamId = `report-${c}-${randomUUID()}`;
    for (let n = 0; process.hrtime.bigint() < deadline; n += 1) {
      const events = command(streamId, n);
      const t0 = process.hrtime.bigint();
      await store.append(streamId, events, n === 0 ? 'no_stream' : 2 * n - 1);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, c) => client(c)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const { commits } = store.groupCommitStats();
  await store.close();
  return summarize(groupCommit ? 'SqliteEventStore, group commit' : 'SqliteEventStore, one transaction per append', concurrency, latencies, elapsed, commits);
}

/** The disk's floor: the same two rows per transaction, straight through better-sqlite3, one fsync per commit. */
function rawFloor(dir: string, seconds: number): Row {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_EVENTS_DDL);
  const insert = db.prepare<[string, string, number, string, string, string]>(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const commit = db.transaction((rows: [string, string, number, string, string, string][]) => {
    for (const row of rows) insert.run(...row);
  });
  const latencies: number[] = [];
  const streamId = `raw-${randomUUID()}`;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  for (let n = 0; process.hrtime.bigint() < deadline; n += 1) {
    // Serialised outside the timing: this times SQLite and the disk only.
    const rows = command(streamId, n).map((e, k): [string, string, number, string, string, string] => [
      e.id, streamId, 2 * n + k, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata),
    ]);
    const t0 = process.hrtime.bigint();
    commit.immediate(rows);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return summarize('raw better-sqlite3: 2 INSERTs + COMMIT (fsync), sequential', 1, latencies, elapsed, latencies.length);
}

interface VerifyRow {
  events: number;
  writeSeconds: number;
  verifySeconds: number;
  fileMiB: number;
}

/** A chained log of `n` figure events (as the adapter writes them), then one timed verify walk. */
function verifyRate(dir: string, n: number): VerifyRow {
  const file = join(dir, 'verify.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SQLITE_EVENTS_DDL);
  const insert = db.prepare<[string, string, number, string, string, string, string]>(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let previous: string | null = null;
  const started = process.hrtime.bigint();
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const streamId = `report-${i >> 4}`;
      const [event] = command(streamId, i);
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      const revision = i & 15;
      const hash = chainHash(previous, { streamId, revision, eventId: event.id, type: event.type, data, metadata });
      insert.run(event.id, streamId, revision, event.type, data, metadata, hash);
      previous = hash;
    }
  });
  for (let i = 0; i < n; i += 20_000) chunk(i, Math.min(n, i + 20_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const writeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const t0 = process.hrtime.bigint();
  const result = verifyEventChain(file);
  const verifySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.verified !== n || result.firstBroken) throw new Error(`verify bench: expected ${n} verified, got ${JSON.stringify(result)}`);
  const fileMiB = readFileSync(file).length / 2 ** 20;
  rmSync(file, { force: true });
  return { events: n, writeSeconds, verifySeconds, fileMiB };
}

function render(rows: Row[], verify: VerifyRow, machine: ReturnType<typeof describeMachine>, load: { start: number[]; end: number[] }, seconds: number): string {
  const f = (n: number) => n.toFixed(2);
  const table = rows
    .map((r) => `| ${r.what} | ${r.concurrency} | ${fmtInt(r.appends)} | ${fmtInt(r.perSecond)} | ${f(r.p50)} | ${f(r.p99)} | ${fmtInt(r.commits)} | ${(r.appends / r.commits).toFixed(1)} |`)
    .join('\n');
  const floors = rows.filter((r) => r.what.startsWith('raw'));
  const pairs = [...new Set(rows.filter((r) => !r.what.startsWith('raw')).map((r) => r.concurrency))].map((c) => {
    const single = rows.find((r) => r.concurrency === c && r.what.includes('one transaction'))!;
    const group = rows.find((r) => r.concurrency === c && r.what.includes('group commit'))!;
    return `${c} client${c === 1 ? '' : 's'}: ${fmtInt(group.perSecond)} vs ${fmtInt(single.perSecond)} appends/s (×${(group.perSecond / single.perSecond).toFixed(1)}), p99 ${f(group.p99)} vs ${f(single.p99)} ms, ${(group.appends / group.commits).toFixed(1)} appends per fsync`;
  });
  return `${START}
## Appends: group commit (bench/append.ts)

Measured by \`npm run bench:append\` (\`bench/append.ts\`), ${seconds} s per row, on: ${machine.cpu}, ${machine.cores} cores,
${machine.os}, Node.js ${machine.node}, SQLite ${machine.sqlite} (better-sqlite3 ${machine.betterSqlite3}),
files on ${machine.tmpFilesystem}. Load average at start ${load.start.map((x) => x.toFixed(2)).join(' / ')},
at end ${load.end.map((x) => x.toFixed(2)).join(' / ')}: the machine was shared, and fsync latency
moved during the run, so the raw floor was measured before, between and after the store's rows.

C clients each append one command (two events) to their own stream with the expected revision,
back to back; an append is acknowledged only after its transaction committed with
\`synchronous=FULL\` (the WAL fsynced). "Appends per commit" is appends ÷ transactions. For each
client count the two store rows ran back to back.

| what | clients | appends | appends/s | p50 ms | p99 ms | commits | appends per commit |
|---|---:|---:|---:|---:|---:|---:|---:|
${table}

The floor (the disk's cost for one fsynced commit of the same two rows, same run): ${floors.map((r) => `${fmtInt(r.perSecond)} commits/s (p99 ${f(r.p99)} ms)`).join(', ')}.
Group commit against one transaction per append:

${pairs.map((line) => `- ${line}`).join('\n')}

At one client there is nothing to group (one append per commit either way), so those two rows differ
only by the run's noise: compare the spread of the floor's own rows.
Without group commit every append pays a whole fsync, so the rate stays near the floor's whatever the
number of clients, and waiting clients queue behind one another; with it, the appends that arrive
while a commit is syncing share the next one. Everything still runs on the one event loop
(better-sqlite3 is synchronous): a commit blocks it while it lasts, which is what the p99 at high
client counts shows.

### Verifying the chain (\`npm run verify\`)

| events | file | verify walk | rate |
|---:|---:|---:|---:|
| ${fmtInt(verify.events)} | ${fmtInt(verify.fileMiB)} MiB | ${verify.verifySeconds.toFixed(1)} s | ${fmtInt(verify.events / verify.verifySeconds)} events/s |

One streaming pass in position order, recomputing each SHA-256 over the stored bytes (the log was
written straight into the adapter's table with the adapter's hash, in ${verify.writeSeconds.toFixed(1)} s, outside the timing).
${END}`;
}

async function main(): Promise<void> {
  const seconds = intEnv('APPEND_BENCH_SECONDS', 5);
  const concurrencies = (process.env.APPEND_BENCH_CONCURRENCY ?? '1,8,32,128').split(',').map((c) => {
    if (!/^\d+$/.test(c) || Number(c) < 1) throw new Error(`APPEND_BENCH_CONCURRENCY must list positive integers, got ${c}`);
    return Number(c);
  });
  const output = process.env.BENCH_OUTPUT ?? resolve(__dirname, '..', '..', 'BENCHMARKS.md');
  const dir = mkdtempSync(join(tmpdir(), 'danvan-bench-append-'));
  const load = { start: loadavg(), end: [] as number[] };
  const rows: Row[] = [];
  try {
    const machine = describeMachine(dir);
    const log = (row: Row) =>
      console.log(`${row.what}, ${row.concurrency} clients: ${fmtInt(row.perSecond)} appends/s, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, ${(row.appends / row.commits).toFixed(1)} per commit`);
    const floor = () => {
      rows.push(rawFloor(dir, seconds));
      log(rows[rows.length - 1]);
    };
    floor();
    for (const [i, concurrency] of concurrencies.entries()) {
      for (const groupCommit of [false, true]) {
        rows.push(await throughStore(dir, groupCommit, concurrency, seconds));
        log(rows[rows.length - 1]);
      }
      if (i === Math.floor((concurrencies.length - 1) / 2)) floor();
    }
    floor();
    const verifyEvents = intEnv('VERIFY_BENCH_EVENTS', 1_000_000);
    const verify = verifyRate(dir, verifyEvents);
    console.log(`verify: ${fmtInt(verify.events)} events in ${verify.verifySeconds.toFixed(1)} s (${fmtInt(verify.events / verify.verifySeconds)} events/s)`);
    load.end = loadavg();
    const section = render(rows, verify, machine, load, seconds);
    if (output !== '-') {
      writeSection(output, section, START, END);
      console.log(`wrote ${output}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
