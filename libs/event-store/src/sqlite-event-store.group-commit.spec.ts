import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { eventually, metadataFor, newEvent, newStreamId } from './event-store.contract';
import { AppendResult, EventData, WrongExpectedRevisionError } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store.adapter';
import { buildDist } from '../../../test/support/build';

/** A deterministic lower-case UUID-shaped id (v5 layout) from a name; the child process below has the same function. */
function idFor(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/*
 * Each guarantee holds with the group transactions on this thread (`main`) and on the writer
 * thread (`worker`, the API's default), which runs the compiled worker script from dist/.
 */
describe.each(['main', 'worker'] as const)('SqliteEventStore group commit, writer on the %s thread', (writer) => {
  let dir: string;
  let store: SqliteEventStore;

  if (writer === 'worker') beforeAll(() => buildDist(), 300_000);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-group-commit-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), writer });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs on synchronous=FULL in WAL mode by default', async () => {
    const raw = new Database(join(dir, 'events.sqlite'), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    // The append connection's own setting is what counts (SQLite reports it per connection: 2 = FULL),
    // on the writer thread when there is one.
    // The writer thread leaves checkpoints to the checkpointer thread (its own is a fallback at 64 MiB of WAL).
    expect(await store.writerSettings()).toEqual({ synchronous: 2, journalMode: 'wal', autocheckpoint: writer === 'worker' ? 16384 : 1000 });
  });

  if (writer === 'worker') it('given the writer thread, then a checkpointer thread copies the WAL into the database file while the store is open', async () => {
    const file = join(dir, 'events.sqlite');
    const size = () => statSync(file).size;
    const empty = size();
    const big = 'x'.repeat(2000);
    for (let n = 0; n < 50; n += 1) await store.append(newStreamId(), Array.from({ length: 4 }, () => newEvent('Big', { big })), 'no_stream');
    // ~400 KiB of events, far under the writer's own 64 MiB: only the checkpointer moves them into the file.
    await eventually('the database file holds the appended events', () => size() >= empty + 200_000, 10_000);
  });

  if (writer === 'worker') it('given steady commits, then the WAL starts over after each checkpointer pass instead of growing to the writer\'s fallback', async () => {
    // The WAL header's checkpoint sequence (bytes 12-15) goes up each time SQLite starts the WAL over.
    const wal = join(dir, 'events.sqlite-wal');
    const sequence = () => {
      const fd = openSync(wal, 'r');
      try {
        const header = Buffer.alloc(16);
        readSync(fd, header, 0, 16, 0);
        return header.readUInt32BE(12);
      } finally {
        closeSync(fd);
      }
    };
    // One append at a time with a millisecond between them, like commands arriving steadily: a
    // commit lands while each checkpointer pass runs, so the pass never leaves the WAL fully
    // copied, and in these few seconds they write far fewer pages than the writer's own fallback
    // (16,384). Only the writer's follow-up checkpoint can let SQLite start the WAL over.
    await store.append(newStreamId(), [newEvent('Tick', { n: 0 })], 'no_stream');
    let stop = false;
    const appender = (async () => {
      for (let n = 1; !stop; n += 1) {
        await store.append(newStreamId(), [newEvent('Tick', { n })], 'no_stream');
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const passes = () => store.checkpointerPasses()!;
    const waitForPass = async (pass: number) => {
      while (passes() < pass) await new Promise((r) => setTimeout(r, 10));
    };
    let restarts: number;
    try {
      await waitForPass(passes() + 1);
      const [from, before] = [passes(), sequence()];
      await waitForPass(from + 4);
      restarts = sequence() - before;
    } finally {
      stop = true;
      await appender;
    }
    // About one per pass with the follow-up; at most one by chance without it (measured: 1 and 1).
    expect(restarts).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('given synchronous=NORMAL, then the append connection runs on it', async () => {
    const normal = new SqliteEventStore({ file: join(dir, 'normal.sqlite'), synchronous: 'NORMAL', writer });
    try {
      expect(await normal.writerSettings()).toEqual({ synchronous: 1, journalMode: 'wal', autocheckpoint: writer === 'worker' ? 16384 : 1000 });
    } finally {
      await normal.close();
    }
  });

  it('1,000 trials of 10 concurrent appends expecting the same revision, beside 5 appends to other streams: exactly one winner each, the others untouched', async () => {
    const before = store.groupCommitStats();
    let grouped = 0;
    for (let trial = 0; trial < 1000; trial += 1) {
      const streamId = `report-${trial}`;
      await store.append(streamId, [newEvent('ReportCreated.v1')], 'no_stream');
      const commitsBefore = store.groupCommitStats().commits;

      const racers = Array.from({ length: 10 }, (_, i) => store.append(streamId, [newEvent('FigureRecorded.v1', { i })], 0));
      const bystanders = Array.from({ length: 5 }, (_, i) => store.append(`other-${trial}-${i}`, [newEvent('A'), newEvent('B')], 'no_stream'));
      const [raced, others] = await Promise.all([Promise.allSettled(racers), Promise.allSettled(bystanders)]);

      const won = raced.filter((outcome): outcome is PromiseFulfilledResult<AppendResult> => outcome.status === 'fulfilled');
      const lost = raced.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(won[0].value.revision).toBe(1);
      expect(lost).toHaveLength(9);
      for (const error of lost) expect(error).toMatchObject({ constructor: WrongExpectedRevisionError, streamId, expected: 0, actual: 1 });
      expect(others.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      if (store.groupCommitStats().commits === commitsBefore + 1) grouped += 1;
    }
    // The 15 appends of a trial were made in one turn of the event loop: one transaction each.
    expect(grouped).toBe(1000);
    const after = store.groupCommitStats();
    expect(after.commits - before.commits).toBe(2000);
    expect(after.largestGroup).toBe(15);
    const raw = new Database(join(dir, 'events.sqlite'), { readonly: true });
    try {
      expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1000 * (1 + 1 + 5 * 2) });
    } finally {
      raw.close();
    }
  }, 600_000); // a hang guard, not a time limit: 1,000 fsynced trials take minutes on a loaded machine

  it('given one group, a conflict, a reused id and a bad batch fail only their own appends; the rest commit in order', async () => {
    const taken = newStreamId('taken');
    await store.append(taken, [newEvent('A')], 'no_stream');
    const reused = newEvent('Reused');
    await store.append(newStreamId('elsewhere'), [reused], 'no_stream');
    const commits = store.groupCommitStats().commits;

    const outcomes = await Promise.allSettled([
      store.append(newStreamId(), [newEvent('One')], 'no_stream'),
      store.append(taken, [newEvent('Conflict')], 'no_stream'),
      store.append(newStreamId(), [newEvent('Two'), newEvent('Three')], 'no_stream'),
      store.append(newStreamId(), [newEvent('Fresh'), reused], 'no_stream'),
      store.append(taken, [newEvent('Next')], 0),
    ]);

    expect(store.groupCommitStats().commits).toBe(commits + 1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(`event id ${reused.id} is already recorded`);
    const log = await store.readAll({ after: null, limit: 100 });
    expect(log.map((event) => event.type)).toEqual(['A', 'Reused', 'One', 'Two', 'Three', 'Next']);
    // The rolled-back append leaves no row and no gap: its savepoint undid its insert.
    expect(log.map((event) => Number.parseInt(event.position, 16))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.readStream(taken)).toHaveLength(2);
  });

  it('given a retry of a command in the same group as the command itself, then both answer the same and it is stored once', async () => {
    const streamId = newStreamId();
    const events = [newEvent('A'), newEvent('B')];

    const [first, retried] = await Promise.all([store.append(streamId, events, 'no_stream'), store.append(streamId, events, 'no_stream')]);

    expect(retried).toEqual(first);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('given appends pending when the store closes, then they are committed and answered first', async () => {
    const streamId = newStreamId();
    const appending = store.append(streamId, [newEvent('A')], 'no_stream');

    await store.close();

    await expect(appending).resolves.toMatchObject({ revision: 0 });
    const reopened = new SqliteEventStore({ file: join(dir, 'events.sqlite'), writer });
    try {
      expect(await reopened.readStream(streamId)).toHaveLength(1);
    } finally {
      await reopened.close();
    }
  });

  if (writer === 'worker') it('given a group waiting on the write lock in the writer thread, then this thread goes on and the appends made meanwhile form the next group', async () => {
    // Another connection holds the write lock: the writer thread's BEGIN IMMEDIATE waits for it
    // (busy_timeout), and so would this thread's if the transaction ran here.
    const other = new Database(join(dir, 'events.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const before = store.groupCommitStats();
    const first = store.append(newStreamId(), [newEvent('First')], 'no_stream');
    // The store sends its group from a setImmediate queued before this one.
    await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    const second = store.append(newStreamId(), [newEvent('Second')], 'no_stream');
    await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    const third = store.append(newStreamId(), [newEvent('Third')], 'no_stream');
    await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    // Nothing is answered while the first group waits for the lock.
    expect(store.groupCommitStats()).toEqual(before);
    other.exec('COMMIT');
    other.close();

    await Promise.all([first, second, third]);
    const after = store.groupCommitStats();
    expect(after.commits - before.commits).toBe(2);
    expect(after.appends - before.appends).toBe(3);
    expect(after.largestGroup).toBe(2);
    expect((await store.readAll({ after: null, limit: 10 })).map((event) => event.type)).toEqual(['First', 'Second', 'Third']);
  });

  if (writer === 'worker') it('given a writer thread that ends unasked, then its group fails naming it and the next group starts another', async () => {
    const crashing = join(dir, 'crashing-writer.js');
    writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', () => process.exit(7));");
    const broken = new SqliteEventStore({ file: join(dir, 'broken.sqlite'), writer, writerFile: crashing });
    try {
      await expect(broken.append(newStreamId(), [newEvent('A')], 'no_stream')).rejects.toThrow(/writer thread ended \(exit code 7\)/);
      await expect(broken.append(newStreamId(), [newEvent('B')], 'no_stream')).rejects.toThrow(/writer thread ended \(exit code 7\)/);
      expect(await broken.readAll({ after: null, limit: 10 })).toEqual([]);
    } finally {
      await broken.close();
    }
  });

  if (writer === 'main') it('without group commit, every append is its own transaction', async () => {
    const single = new SqliteEventStore({ file: join(dir, 'single.sqlite'), groupCommit: false });
    try {
      await Promise.all(Array.from({ length: 5 }, () => single.append(newStreamId(), [newEvent('A')], 'no_stream')));
      expect(single.groupCommitStats()).toEqual({ commits: 5, appends: 5, largestGroup: 1 });
    } finally {
      await single.close();
    }
  });

  describe('SIGKILL during a stream of appends', () => {
    let child: ChildProcess | null = null;

    afterEach(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    /*
     * A real process appends commands (one stream each, 32 in flight, ids derived from the command
     * number) and prints each acknowledgement; it is killed with SIGKILL mid-stream. Afterwards
     * every acknowledged command is in the store at the position it was acknowledged with, no
     * command is stored twice, and retrying every command the child started (as clients would)
     * appends only the missing ones, exactly once.
     */
    it('loses no acknowledged append and applies none twice', async () => {
      const file = join(dir, 'crash.sqlite');
      const adapter = resolve(__dirname, 'sqlite-event-store.adapter.ts');
      const script = `
        const ts = require('typescript');
        const fs = require('fs');
        require.extensions['.ts'] = (module, filename) => {
          const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
          });
          module._compile(outputText, filename);
        };
        const { SqliteEventStore } = require(${JSON.stringify(adapter)});
        const { createHash } = require('crypto');
        function idFor(name) {
          const hex = createHash('sha1').update(name).digest('hex');
          return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-5' + hex.slice(13, 16) + '-8' + hex.slice(17, 20) + '-' + hex.slice(20, 32);
        }
        const store = new SqliteEventStore({ file: ${JSON.stringify(file)}, writer: ${JSON.stringify(writer)} });
        let next = 0;
        const metadata = ${JSON.stringify(metadataFor())};
        function run() {
          const n = next++;
          process.stdout.write('start ' + n + '\\n');
          const events = [0, 1].map((k) => ({ id: idFor('cmd-' + n + '-' + k), type: 'Figure', data: { n, k }, metadata }));
          store.append('crash-' + n, events, 'no_stream').then(
            (result) => { process.stdout.write('ack ' + n + ' ' + result.position + '\\n'); run(); },
            (error) => { process.stdout.write('error ' + n + ' ' + error.message + '\\n'); process.exit(3); },
          );
        }
        for (let i = 0; i < 32; i += 1) run();
      `;
      child = spawn(process.execPath, ['-e', script], { cwd: resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
      const acked = new Map<number, string>();
      let started = 0;
      const killed = new Promise<void>((resolveKilled) => child!.once('exit', () => resolveKilled()));
      for await (const line of createInterface({ input: child.stdout! })) {
        const [kind, n, position] = line.split(' ');
        if (kind === 'start') started = Math.max(started, Number(n) + 1);
        if (kind === 'ack') acked.set(Number(n), position);
        if (kind === 'error') throw new Error(line);
        if (acked.size >= 1500 && child.signalCode === null) child.kill('SIGKILL');
      }
      await killed;
      expect(child.signalCode).toBe('SIGKILL');
      expect(acked.size).toBeGreaterThanOrEqual(1500);

      const after = new SqliteEventStore({ file });
      try {
        for (const [n, position] of acked) {
          const stream = await after.readStream(`crash-${n}`);
          expect(stream.map((event) => event.id)).toEqual([idFor(`cmd-${n}-0`), idFor(`cmd-${n}-1`)]);
          expect(stream[1].position).toBe(position);
        }
        const raw = new Database(file, { readonly: true });
        const rows = raw.prepare('SELECT stream_id, count(*) AS n FROM events GROUP BY stream_id').all() as { stream_id: string; n: number }[];
        raw.close();
        expect(rows.every((row) => row.n === 2)).toBe(true);
        // Unacknowledged commands may or may not have landed; retried, each lands exactly once.
        for (let n = 0; n < started; n += 1) {
          const events: EventData[] = [0, 1].map((k) => ({ id: idFor(`cmd-${n}-${k}`), type: 'Figure', data: { n, k }, metadata: metadataFor() }));
          const result = await after.append(`crash-${n}`, events, 'no_stream');
          if (acked.has(n)) expect(result.position).toBe(acked.get(n));
        }
        expect(await after.readAll({ after: null, limit: 1_000_000 })).toHaveLength(started * 2);
      } finally {
        await after.close();
      }
    }, 120_000);
  });
});
